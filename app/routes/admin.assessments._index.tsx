import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, SelectField, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { listRounds, navigatorOverview, openRound, roundProgress } from "~/modules/assessment/assessment.server";
import { openRoundSchema } from "~/modules/assessment/schemas";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { forbidden } from "~/modules/errors";
import { LEVELS } from "~/modules/exams/types";
import { fieldErrorsOf, formValues } from "~/modules/forms";
import { trainingYear } from "~/modules/hours/training-year";

export const access = requires("propose:assessment", "decide:assessment");
export const meta: MetaFunction = () => [{ title: "年度考核 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => {
  const { rounds, openableCountyIds } = await listRounds(actor);
  const [overview, progress] = await Promise.all([
    navigatorOverview(actor),
    Promise.all(rounds.filter((r) => r.state === "open").map(async (r) => ({ roundId: r.id, ...(await roundProgress(actor, r.id)) }))),
  ]);
  const year = trainingYear(new Date());
  // only the years the county has no round for yet (opening one again would only be refused)
  const years = [year, year - 1].filter((y) => !rounds.some((r) => r.year === y && openableCountyIds.includes(r.countyId)));
  return { rounds, canOpen: openableCountyIds.length > 0 && years.length > 0, years, overview, progress };
});

export const action = guarded(access, async ({ request, actor, meta }) => {
  const parsed = openRoundSchema.safeParse(formValues(await request.formData()));
  if (!parsed.success) return data({ error: fieldErrorsOf(parsed.error).year ?? "form.invalid" }, { status: 400 });
  const [countyId] = (await listRounds(actor)).openableCountyIds;
  if (!countyId) throw forbidden();
  const result = await openRound(actor, countyId, parsed.data.year, meta);
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  return redirect(`/admin/assessments/${result.roundId}`);
});

export default function Assessments() {
  const { t, date } = useT();
  const { rounds, canOpen, years, overview, progress } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const progressOf = new Map(progress.map((p) => [p.roundId, p]));
  return (
    <div className="space-y-4">
      <PageTitle>{t("assessment.title")}</PageTitle>
      <p className="text-sm text-stone-700">{t("assessment.intro")}</p>
      {result?.error ? <Alert>{t(result.error)}</Alert> : null}

      <section className="card space-y-3" aria-labelledby="rounds-title">
        <h2 id="rounds-title" className="text-lg font-semibold">
          {t("assessment.roundsTitle")}
        </h2>
        {rounds.length === 0 ? (
          <p className="text-stone-600">{t("assessment.roundsNone")}</p>
        ) : (
          <ul className="divide-y divide-stone-200" data-testid="rounds">
            {rounds.map((r) => {
              const p = progressOf.get(r.id);
              return (
                <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <div>
                    <p className="font-medium">
                      {r.countyName} · {t("assessment.yearLabel", { year: r.year })}
                      <span
                        className={`ml-2 rounded px-2 py-0.5 text-xs ${r.state === "open" ? "bg-amber-100 text-amber-900" : "bg-stone-100 text-stone-700"}`}
                      >
                        {t(`assessment.states.${r.state}`)}
                      </span>
                    </p>
                    <p className="text-xs text-stone-600">
                      {t("assessment.openedAt")} {date(r.openedAt)}
                      {r.appliedAt ? ` · ${t("assessment.appliedAt")} ${date(r.appliedAt)}` : ""}
                    </p>
                    {p ? (
                      <p className="text-sm text-stone-700">
                        {t("assessment.proposedOf", { proposed: p.proposed, total: p.total, missing: p.missing })}
                      </p>
                    ) : null}
                  </div>
                  <Link to={`/admin/assessments/${r.id}`} className="btn-secondary">
                    {t("assessment.view")}
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
        {canOpen ? (
          <Form method="post" className="flex flex-wrap items-end gap-3 border-t border-stone-200 pt-3">
            <SelectField
              name="year"
              label={t("assessment.year")}
              defaultValue={years[0]}
              options={years.map((y) => ({ value: y, label: t("assessment.yearLabel", { year: y }) }))}
            />
            <button type="submit" className="btn-primary">
              {t("assessment.open")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card space-y-3" aria-labelledby="overview-title">
        <h2 id="overview-title" className="text-lg font-semibold">
          {t("assessment.dashboardTitle")}
        </h2>
        <p className="text-sm text-stone-700">{t("assessment.overviewHint")}</p>
        <TableScroll>
          <table className="data-table min-w-[36rem]" data-testid="overview">
            <thead>
              <tr>
                <th>{t("assessment.town")}</th>
                {LEVELS.map((l) => (
                  <th key={l}>{t(`certificates.levels.${l}`)}</th>
                ))}
                <th>{t("certificates.statuses.on_hold")}</th>
                <th>{t("certificates.statuses.downgraded")}</th>
                <th>{t("certificates.statuses.revoked")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.map((town) => (
                <tr key={town.townId}>
                  <td>{town.townName}</td>
                  {LEVELS.map((l) => (
                    <td key={l}>{town.levels[l]}</td>
                  ))}
                  <td>{town.statuses.on_hold}</td>
                  <td>{town.statuses.downgraded}</td>
                  <td>{town.statuses.revoked}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </div>
  );
}
