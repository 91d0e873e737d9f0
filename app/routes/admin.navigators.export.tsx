import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { rosterFilterSchema, rosterWorkbook } from "~/modules/certificates/roster.server";
import { trainingYear } from "~/modules/hours/training-year";

export const access = requires("read:roster");

/** The roster (same filter, same scope, every page) as an Excel file. */
export const loader = guarded(access, async ({ request, actor }) => {
  const filter = rosterFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const body = await rosterWorkbook(actor, filter);
  const year = trainingYear(new Date());
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="navigators-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`红帆领航员名册-${year}.xlsx`)}`,
      "Cache-Control": "no-store",
    },
  });
});
