import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { archiveSummaryWorkbook } from "~/modules/archive/export.server";
import { trainingYear } from "~/modules/hours/training-year";
import { studySettings } from "~/modules/learning/config.server";

export const access = requires("read:roster");

/** /admin/navigators/archive.xlsx: the archive summary of every navigator in the actor's scope. */
export const loader = guarded(access, async ({ actor }) => {
  const { minutesPerCreditHour, requiredCreditHours } = await studySettings();
  const body = await archiveSummaryWorkbook(actor, minutesPerCreditHour, requiredCreditHours);
  const year = trainingYear(new Date());
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="navigator-archives-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(`红帆领航员专项档案汇总-${year}.xlsx`)}`,
      "Cache-Control": "no-store",
    },
  });
});
