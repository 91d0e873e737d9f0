import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { formatTenths } from "~/modules/exams/grading-form";
import { listQuestionSheets } from "~/modules/exams/grading-queue.server";
import { idParam } from "~/modules/forms";
import { renderMarkdown } from "~/modules/markdown";

export const access = requires("grade:exam");
export const meta: MetaFunction = () => [{ title: "按题阅卷 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const result = await listQuestionSheets(actor, idParam(params, "examId"), idParam(params, "versionId"));
  return { ...result, stemHtml: renderMarkdown(result.stem) };
});

export default function QuestionSheets() {
  const { t, date } = useT();
  const { exam, stemHtml, sheets, pending, graded } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const saved = search.get("saved");
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p>
        <Link to="/grading">← {t("examGrading.backToQueue")}</Link>
      </p>
      <PageTitle>{t("examGrading.groupTitle")}</PageTitle>
      {saved && /^\d+$/.test(saved) ? (
        <div className="space-y-2">
          <Alert tone="success">{t("examGrading.savedLast", { id: saved })}</Alert>
          {search.get("released") ? <Alert tone="success">{t("examGrading.released", { id: saved })}</Alert> : null}
        </div>
      ) : null}
      <section className="card space-y-2">
        <p className="text-sm text-stone-600">{exam.title}</p>
        <div className="leading-relaxed" dangerouslySetInnerHTML={{ __html: stemHtml }} />
        <p className="text-sm text-stone-700">{t("examGrading.groupPending", { pending, graded })}</p>
      </section>
      <section className="card">
        {sheets.length === 0 ? (
          <p className="text-stone-600">{t("examGrading.noAnswers")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[20rem]">
              <thead>
                <tr>
                  <th>{t("examGrading.sheetColumn")}</th>
                  <th>{t("examGrading.status")}</th>
                  <th>{t("examGrading.finishedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {sheets.map((s) => (
                  <tr key={`${s.attemptId}-${s.slotNo}`}>
                    <td>
                      <Link to={`/grading/attempts/${s.attemptId}/slots/${s.slotNo}`}>{t("examGrading.sheet", { id: s.attemptId })}</Link>
                    </td>
                    <td>
                      {s.markTenths === null
                        ? t("examGrading.notGraded")
                        : `${formatTenths(s.markTenths)} / ${formatTenths(s.maxMarkTenths)}`}
                    </td>
                    <td>{date(s.finishedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
