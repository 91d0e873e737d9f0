import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { itemAnalysis } from "~/modules/exams/results.server";
import { idParam } from "~/modules/forms";

export const access = requires("manage:exam");
export const meta: MetaFunction = () => [{ title: "题目分析 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const examId = idParam(params, "examId");
  return { examId, ...(await itemAnalysis(actor, examId)) };
});

const pct = (v: number | null) => (v == null ? "—" : `${Math.round(v * 100)}%`);
const r2 = (v: number | null) => (v == null ? "—" : v.toFixed(2));

export default function ItemAnalysisPage() {
  const { t } = useT();
  const { examId, title, attempts, items } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/admin/exams/${examId}`}>{title}</Link>
      </p>
      <PageTitle>{t("examAdmin.analysis.title", { exam: title })}</PageTitle>
      <p className="text-stone-700">{t("examAdmin.analysis.explain")}</p>
      <section className="card">
        {items.length === 0 ? (
          <p className="text-stone-600">{t("examAdmin.analysis.none")}</p>
        ) : (
          <>
            <p className="mb-2">{t("examAdmin.analysis.attempts", { n: attempts })}</p>
            <TableScroll>
              <table className="data-table min-w-[48rem]">
                <thead>
                  <tr>
                    <th>{t("examAdmin.analysis.stem")}</th>
                    <th>{t("examAdmin.analysis.type")}</th>
                    <th>{t("examAdmin.analysis.n")}</th>
                    <th>{t("examAdmin.analysis.facility")}</th>
                    <th>{t("examAdmin.analysis.discrimination")}</th>
                    <th>{t("examAdmin.analysis.options")}</th>
                    <th>{t("examAdmin.analysis.flags")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.versionId} data-version={item.versionId} className={item.weak ? "bg-amber-50" : undefined}>
                      <td>
                        <Link to={`/questions/${item.questionId}`}>{item.stem}</Link>
                        <span className="block text-xs text-stone-600">v{item.versionNo}</span>
                      </td>
                      <td className="whitespace-nowrap">{t(`qb.types.${item.type}`)}</td>
                      <td>{item.n}</td>
                      <td>{pct(item.facility)}</td>
                      <td>{r2(item.discrimination)}</td>
                      <td className="whitespace-nowrap">
                        {item.optionLetters.map((letter, i) => `${letter} ${item.optionCounts[i] ?? 0}`).join(" · ") || "—"}
                      </td>
                      <td>
                        {item.weak ? <strong className="block text-amber-900">{t("examAdmin.analysis.weak")}</strong> : null}
                        {item.reasons.map((reason) => (
                          <span key={reason} className="block text-sm">
                            {t(`examAdmin.analysis.reasons.${reason}`)}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </section>
    </div>
  );
}
