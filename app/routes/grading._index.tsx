import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { formatTenths } from "~/modules/exams/grading-form";
import { listGradingQueue } from "~/modules/exams/grading-queue.server";

export const access = requires("grade:exam");
export const meta: MetaFunction = () => [{ title: "阅卷 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => listGradingQueue(actor));

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

export default function GradingQueue() {
  const { t, date } = useT();
  const { pending, done, pendingTotal } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <PageTitle>{t("examGrading.title")}</PageTitle>
      <p className="mb-4 text-stone-700">{t("examGrading.intro")}</p>
      {pending.length === 0 ? (
        <p className="card text-stone-600">{t("examGrading.empty")}</p>
      ) : (
        <>
          <p className="mb-3 font-medium" data-testid="pending-total">
            {t("examGrading.pendingTotal", { count: pendingTotal })}
          </p>
          <ul className="space-y-3" aria-label={t("examGrading.pending")}>
            {pending.map((g) => (
              <li key={`${g.examId}-${g.questionVersionId}`} className="card space-y-2" data-testid="queue-group">
                <p className="text-sm text-stone-600">{g.examTitle}</p>
                <h2 className="font-semibold text-stone-900">{excerpt(g.stem)}</h2>
                <p className="text-sm text-stone-700">
                  <span className="badge bg-amber-100 text-amber-900">
                    {t("examGrading.pending")} {g.pending}
                  </span>{" "}
                  <span className="badge bg-stone-100 text-stone-800">
                    {t("examGrading.graded")} {g.graded}
                  </span>{" "}
                  {t("examGrading.maxMark", { max: formatTenths(g.maxMarkTenths) })}
                  {g.oldestFinishedAt ? (
                    <span className="block">
                      {t("examGrading.oldest")}：{date(g.oldestFinishedAt)}
                    </span>
                  ) : null}
                </p>
                <div className="flex flex-wrap gap-2">
                  {g.first ? (
                    <Link className="btn-primary" to={`/grading/attempts/${g.first.attemptId}/slots/${g.first.slotNo}`}>
                      {t("examGrading.start")}
                    </Link>
                  ) : null}
                  <Link className="btn-secondary" to={`/grading/exams/${g.examId}/questions/${g.questionVersionId}`}>
                    {t("examGrading.viewAll")}
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {done.length > 0 ? (
        <section className="mt-6">
          <h2 className="mb-2 text-lg font-semibold">{t("examGrading.graded")}</h2>
          <ul className="space-y-2">
            {done.map((g) => (
              <li key={`${g.examId}-${g.questionVersionId}`} className="card">
                <p className="text-sm text-stone-600">{g.examTitle}</p>
                <Link to={`/grading/exams/${g.examId}/questions/${g.questionVersionId}`}>{excerpt(g.stem)}</Link>
                <p className="text-sm text-stone-700">{t("examGrading.groupPending", { pending: g.pending, graded: g.graded })}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
