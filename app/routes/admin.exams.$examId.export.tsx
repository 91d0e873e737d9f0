import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { idParam } from "~/modules/forms";
import { examResults, resultsWorkbook } from "~/modules/exams/results.server";

export const access = requires("manage:exam");

/** Every attempt of the exam as an Excel file (the admin's county only). */
export const loader = guarded(access, async ({ params, actor }) => {
  const examId = idParam(params, "examId");
  const { title, rows } = await examResults(actor, examId);
  const body = await resultsWorkbook(title, rows);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="exam-${examId}-results.xlsx"; filename*=UTF-8''${encodeURIComponent(`${title}成绩.xlsx`)}`,
      "Cache-Control": "no-store",
    },
  });
});
