import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { listExams } from "~/modules/exams/admin.server";

export const access = requires("manage:exam");
export const meta: MetaFunction = () => [{ title: "考试管理 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => ({ exams: await listExams(actor) }));

export default function ExamList() {
  const { t } = useT();
  const { exams } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <Link to="/admin/exams/new" className="btn-primary">
            {t("examAdmin.newExam")}
          </Link>
        }
      >
        {t("examAdmin.title")}
      </PageTitle>
      <section className="card">
        {exams.length === 0 ? (
          <p className="text-stone-600">{t("examAdmin.none")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[36rem]">
              <thead>
                <tr>
                  <th>{t("examAdmin.columns.title")}</th>
                  <th>{t("examAdmin.columns.kind")}</th>
                  <th>{t("examAdmin.columns.status")}</th>
                  <th>{t("examAdmin.columns.sittings")}</th>
                  <th>{t("examAdmin.columns.attempts")}</th>
                </tr>
              </thead>
              <tbody>
                {exams.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link to={`/admin/exams/${e.id}`}>{e.title}</Link>
                      <span className="block text-xs text-stone-600">{t("examAdmin.minutes", { n: e.durationMinutes })}</span>
                    </td>
                    <td className="whitespace-nowrap">
                      {t(`examAdmin.kinds.${e.kind}`)}
                      {e.level ? ` · ${t(`examAdmin.levels.${e.level}`)}` : ""}
                    </td>
                    <td className="whitespace-nowrap">{t(`examAdmin.statuses.${e.status}`)}</td>
                    <td>{e.sittings}</td>
                    <td>{e.attempts}</td>
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
