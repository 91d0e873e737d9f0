import { z } from "zod";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { idParam } from "~/modules/forms";
import { writeQuestionCsv } from "~/modules/question-bank/csv.server";
import { writeQuestionWorkbook } from "~/modules/question-bank/excel.server";
import { writeGift } from "~/modules/question-bank/gift";
import { exportDrafts } from "~/modules/question-bank/questions.server";

export const access = requires("manage:question");

const formatSchema = z.enum(["xlsx", "csv", "gift"]).catch("xlsx");

const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  gift: "text/plain; charset=utf-8",
} as const;

/** Downloads a bank (every question that is not retired) as Excel, CSV or GIFT. */
export const loader = guarded(access, async ({ request, params, actor }) => {
  const format = formatSchema.parse(new URL(request.url).searchParams.get("format"));
  const { title, drafts } = await exportDrafts(actor, idParam(params, "bankId"));
  const body =
    format === "xlsx"
      ? await writeQuestionWorkbook(drafts)
      : format === "csv"
        ? writeQuestionCsv(drafts)
        : Buffer.from(writeGift(drafts), "utf8");
  const name = `${title}.${format === "gift" ? "gift" : format}`;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="export.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "no-store",
    },
  });
});
