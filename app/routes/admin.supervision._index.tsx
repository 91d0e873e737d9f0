import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageTitle, SelectField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { trainingYear } from "~/modules/hours/training-year";
import { supervisionOverview } from "~/modules/supervision/records.server";

export const access = requires("record:supervision");
export const meta: MetaFunction = () => [{ title: "走访考察 · 红帆" }];

const filterSchema = (currentYear: number) =>
  z.object({
    townId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
    year: z.coerce.number().int().min(2000).max(currentYear).catch(currentYear),
  });

export const loader = guarded(access, async ({ request, actor }) => {
  const currentYear = trainingYear(new Date());
  const filter = filterSchema(currentYear).parse(Object.fromEntries(new URL(request.url).searchParams));
  const overview = await supervisionOverview(actor, filter);
  return { filter, currentYear, ...overview };
});

/** 走访考察: this year's visits per navigator in the actor's town or county; the not visited first and flagged. */
export default function SupervisionOverview() {
  const { t } = useT();
  const { filter, currentYear, rows, towns, notVisited } = useLoaderData<typeof loader>();
  const years = Array.from({ length: 5 }, (_, i) => currentYear - i);
  return (
    <div className="space-y-4">
      <PageTitle>{t("supervision.overviewTitle")}</PageTitle>
      <p className="text-stone-700">{t("supervision.overviewHint")}</p>
      <Form method="get" className="card grid gap-3 sm:grid-cols-3 sm:items-end">
        <SelectField
          name="townId"
          label={t("supervision.town")}
          defaultValue={filter.townId ?? ""}
          placeholder={t("supervision.all")}
          options={towns.map((tw) => ({ value: tw.id, label: tw.name }))}
        />
        <SelectField
          name="year"
          label={t("supervision.year")}
          defaultValue={filter.year}
          options={years.map((y) => ({ value: y, label: String(y) }))}
        />
        <button type="submit" className="btn-primary">
          {t("supervision.filter")}
        </button>
      </Form>
      {rows.length ? (
        <p role="status" className={notVisited ? "font-semibold text-red-800" : "text-green-800"} data-testid="not-visited-count">
          {notVisited ? t("supervision.notVisitedCount", { count: notVisited }) : t("supervision.allVisited")}
        </p>
      ) : (
        <p className="card text-stone-600">{t("supervision.none")}</p>
      )}
      <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="supervision-overview">
        {rows.map((r) => (
          <li key={r.userId} className={`card space-y-1 ${r.visits === 0 ? "border-l-4 border-l-red-700" : ""}`} data-testid="overview-row">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-lg font-semibold">{r.name}</h2>
              {r.visits === 0 ? (
                <span className="rounded bg-red-100 px-1.5 py-0.5 text-sm text-red-900" data-testid="not-visited">
                  {t("supervision.notVisited")}
                </span>
              ) : (
                <span className="rounded bg-green-100 px-1.5 py-0.5 text-sm text-green-900">
                  {t("supervision.visits")} {t("supervision.visitsCount", { count: r.visits })}
                </span>
              )}
            </div>
            <p className="text-sm text-stone-700">
              {t("supervision.navigatorFacts", {
                organization: r.organizationName,
                town: r.townName,
                level: t(`certificates.levels.${r.level}`),
              })}
            </p>
            <p className="text-sm">
              {r.lastVisitOn ? t("supervision.lastVisitLine", { date: r.lastVisitOn }) : t("supervision.neverVisited")}
            </p>
            {r.judgements.length ? (
              <p className="text-sm">
                {t("supervision.judgements")}：{r.judgements.map((j) => t(`supervision.judgementValues.${j.judgement}`)).join("、")}
              </p>
            ) : null}
            {r.warnings.length || r.praise.length ? (
              <p className="text-sm">
                {r.warnings.length ? (
                  <span className="mr-3 text-red-800">
                    {t("supervision.warnings")} {r.warnings.length}
                  </span>
                ) : null}
                {r.praise.length ? (
                  <span className="text-green-800">
                    {t("supervision.praise")} {r.praise.length}
                  </span>
                ) : null}
              </p>
            ) : null}
            <p className="pt-1">
              <Link to={`/admin/supervision/${r.userId}`} className="btn-secondary inline-block text-sm">
                {r.self ? t("supervision.open") : `${t("supervision.record")} / ${t("supervision.open")}`}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
