import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { exportHoursWorkbook } from "~/modules/hours/export.server";
import { hoursFilterSchema } from "~/modules/hours/schemas";
import { trainingYear } from "~/modules/hours/training-year";

export const access = requires("read:hours");

/** The dashboard's learners (same filter, same scope) as an Excel file. */
export const loader = guarded(access, async ({ request, actor }) => {
  const filter = hoursFilterSchema(trainingYear(new Date())).parse(Object.fromEntries(new URL(request.url).searchParams));
  const body = await exportHoursWorkbook(actor, filter);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="hours-${filter.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${filter.year}年度学时统计.xlsx`)}`,
      "Cache-Control": "no-store",
    },
  });
});
