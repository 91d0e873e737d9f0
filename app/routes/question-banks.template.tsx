import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { buildTemplateWorkbook } from "~/modules/question-bank/excel.server";

export const access = requires("manage:question");

/** The Excel import template: a 说明 sheet and one 示例 row per question type. */
export const loader = guarded(access, async () => {
  const body = await buildTemplateWorkbook();
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent("红帆题库导入模板.xlsx")}`,
      "Cache-Control": "no-store",
    },
  });
});
