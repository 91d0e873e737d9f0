import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { classProgress, remindBehind } from "~/modules/classes/classes.server";
import { idParam } from "~/modules/forms";

export const access = requires("manage:class");
export const meta: MetaFunction = () => [{ title: "班级学习进度 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => classProgress(actor, idParam(params, "classId")));

/** 一键提醒: an in-app notice to every member behind (study or test), audited. */
export const action = guarded(access, async ({ params, actor, meta }) => {
  const reminded = await remindBehind(actor, idParam(params, "classId"), meta);
  return data({ reminded });
});

export default function ClassProgress() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const score = (tenths: number | null) => (tenths == null ? "—" : String(tenths / 10));
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/admin/classes/${d.klass.id}`}>{d.klass.title}</Link>
      </p>
      <PageTitle
        actions={
          <a className="btn-secondary" href={`/admin/classes/${d.klass.id}/export`} download>
            {t("classes.export")}
          </a>
        }
      >
        {t("classes.progressTitle", { title: d.klass.title })}
      </PageTitle>
      <p className="text-stone-700">
        {d.klass.year} · {d.klass.townName ?? t("classes.wholeCounty")} ·{" "}
        <span className="badge">{t(`classes.states.${d.klass.state}`)}</span> ·{" "}
        {t("classes.total", { hours: d.content.total.hours, required: d.required })} · {t("classes.test")}：
        {d.test?.title ?? t("classes.noTest")}
      </p>
      <p className="font-medium" data-testid="progress-summary">
        {t("classes.summary", d.summary)}
      </p>
      {result ? (
        <Alert tone="success">{result.reminded ? t("classes.reminded", { count: result.reminded }) : t("classes.remindNone")}</Alert>
      ) : null}
      {d.klass.state === "open" && d.summary.behind > 0 ? (
        <Form method="post">
          <button type="submit" className="btn-primary">
            {t("classes.remind")}
          </button>
        </Form>
      ) : null}
      <section className="card">
        <TableScroll>
          <table className="data-table min-w-[44rem]" data-testid="progress-table">
            <thead>
              <tr>
                <th>{t("classes.name")}</th>
                <th>{t("classes.organization")}</th>
                <th>{t("classes.hours")}</th>
                <th>{t("classes.share")}</th>
                <th>{t("classes.testResult")}</th>
                <th>{t("classes.score")}</th>
                <th>{t("classes.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.userId} data-testid="progress-row">
                  <td className="whitespace-nowrap">{r.name}</td>
                  <td>
                    {r.organizationName}
                    <span className="block text-xs text-stone-600">{r.townName}</span>
                  </td>
                  <td className={r.studyDone ? "text-green-800" : ""}>{r.hours}</td>
                  <td>
                    <span className="block">{r.percent}%</span>
                    <span className="mt-1 block h-2 w-24 overflow-hidden rounded bg-stone-200" aria-hidden="true">
                      <span className="block h-2 bg-brand-600" style={{ width: `${r.percent}%` }} />
                    </span>
                  </td>
                  <td>{t(`classes.testStates.${r.test.state}`)}</td>
                  <td>{score(r.test.markTenths)}</td>
                  <td className={r.behind ? "text-red-800" : "text-green-800"}>{t(`classes.outcomes.${r.outcome}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </div>
  );
}
