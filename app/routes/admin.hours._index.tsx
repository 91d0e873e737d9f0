import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle, Pager, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { CHART_SIZES, renderDistributionSvg } from "~/modules/hours/chart.server";
import { bandLimits, sharePercent } from "~/modules/hours/dashboard";
import { getHoursDashboard, remindLearnersBelowTarget } from "~/modules/hours/dashboard.server";
import { hoursFilterSchema } from "~/modules/hours/schemas";
import { formatCreditHours } from "~/modules/hours/study-hours";
import { trainingYear } from "~/modules/hours/training-year";
import { localeFromCookie } from "~/i18n/i18n";
import { i18nFor } from "~/i18n/i18n.server";

export const access = requires("read:hours");
export const meta: MetaFunction = () => [{ title: "学时统计 · 红帆" }];

export const loader = guarded(access, async ({ request, actor }) => {
  const currentYear = trainingYear(new Date());
  const filter = hoursFilterSchema(currentYear).parse(Object.fromEntries(new URL(request.url).searchParams));
  const dashboard = await getHoursDashboard(actor, filter);
  const s = dashboard.settings;
  const t = i18nFor(localeFromCookie(request.headers.get("Cookie"))).t;
  const limits = bandLimits(s.requiredCreditHours);
  const labels = limits.map((low, i) => (i === limits.length - 1 ? `≥${low}` : `${low}–${limits[i + 1]}`));
  const chartTitle = t("dashboard.chartTitle");
  const svg = renderDistributionSvg({ labels, values: dashboard.distribution, title: chartTitle });
  const phoneSvg = renderDistributionSvg({ labels, values: dashboard.distribution, title: chartTitle, variant: "phone" });
  const fmt = (seconds: number) => formatCreditHours(seconds, s.minutesPerCreditHour);
  return {
    filter,
    currentYear,
    required: s.requiredCreditHours,
    summary: { ...dashboard.summary, share: sharePercent(dashboard.summary.met, dashboard.summary.learners) },
    chart: {
      src: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
      phoneSrc: `data:image/svg+xml;base64,${Buffer.from(phoneSvg).toString("base64")}`,
      sizes: CHART_SIZES,
      alt: `${chartTitle}：${labels.map((l, i) => `${l} ${t("dashboard.hoursUnit")}: ${dashboard.distribution[i]}`).join("；")}`,
    },
    byTown: dashboard.byTown.map((r) => ({ ...r, share: sharePercent(r.met, r.learners), avg: fmt(r.avgSeconds) })),
    byOrganization: dashboard.byOrganization.map((r) => ({ ...r, share: sharePercent(r.met, r.learners), avg: fmt(r.avgSeconds) })),
    people: dashboard.people.map((p) => ({
      ...p,
      total: fmt(p.totalSeconds),
      online: fmt(p.onlineSeconds),
      offline: fmt(p.offlineSeconds),
      met: p.met,
    })),
    hasMore: dashboard.hasMore,
    towns: dashboard.towns,
  };
});

export const action = guarded(access, async ({ request, actor, meta }) => {
  const currentYear = trainingYear(new Date());
  const filter = hoursFilterSchema(currentYear).parse(Object.fromEntries(await request.formData()));
  if (filter.year !== currentYear)
    return data({ reminded: null as number | null, error: "dashboard.remindCurrentYearOnly" }, { status: 400 });
  const reminded = await remindLearnersBelowTarget(actor, { filter, currentYear }, meta);
  return { reminded, error: null as string | null };
});

export default function HoursDashboard() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const query = new URLSearchParams([...params.entries()].filter(([k]) => k !== "page"));
  const pagerParams = Object.fromEntries(query);
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <a className="btn-secondary" href={`/admin/hours/export?${query}`} download>
            {t("dashboard.export")}
          </a>
        }
      >
        {t("dashboard.title")}
      </PageTitle>

      <Form method="get" className="card grid gap-3 sm:grid-cols-4" role="search">
        <div>
          <label htmlFor="year" className="field-label">
            {t("dashboard.year")}
          </label>
          <select id="year" name="year" defaultValue={d.filter.year} className="field-input">
            {[d.currentYear, d.currentYear - 1, d.currentYear - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="townId" className="field-label">
            {t("dashboard.town")}
          </label>
          <select id="townId" name="townId" defaultValue={d.filter.townId ?? ""} className="field-input">
            <option value="">{t("common.all")}</option>
            {d.towns.map((tw) => (
              <option key={tw.id} value={tw.id}>
                {tw.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="met" className="field-label">
            {t("dashboard.metFilter")}
          </label>
          <select id="met" name="met" defaultValue={d.filter.met ?? ""} className="field-input">
            <option value="">{t("common.all")}</option>
            <option value="met">{t("dashboard.met")}</option>
            <option value="notMet">{t("dashboard.notMet")}</option>
          </select>
        </div>
        {d.filter.organizationId ? <input type="hidden" name="organizationId" value={d.filter.organizationId} /> : null}
        <div className="flex items-end">
          <button type="submit" className="btn-primary w-full">
            {t("common.search")}
          </button>
        </div>
      </Form>

      <section className="grid gap-3 sm:grid-cols-3">
        <div className="card">
          <p className="text-sm text-stone-600">{t("dashboard.learners")}</p>
          <p className="text-2xl font-bold" data-testid="learner-count">
            {d.summary.learners}
          </p>
        </div>
        <div className="card">
          <p className="text-sm text-stone-600">{t("dashboard.metShare", { required: d.required })}</p>
          <p className="text-2xl font-bold text-green-800" data-testid="met-share">
            {d.summary.share}%
          </p>
          <p className="text-sm text-stone-600">{t("dashboard.metCount", { met: d.summary.met, learners: d.summary.learners })}</p>
        </div>
        <Form method="post" className="card space-y-2">
          {Object.entries({ year: d.filter.year, townId: d.filter.townId, organizationId: d.filter.organizationId }).map(([k, v]) =>
            v ? <input key={k} type="hidden" name={k} value={v} /> : null,
          )}
          <p className="text-sm text-stone-600">{t("dashboard.remindHint")}</p>
          <button type="submit" className="btn-primary w-full" disabled={d.filter.year !== d.currentYear}>
            {t("dashboard.remind")}
          </button>
          {result?.reminded != null ? <Alert tone="success">{t("dashboard.reminded", { count: result.reminded })}</Alert> : null}
          {result?.error ? <Alert>{t(result.error)}</Alert> : null}
        </Form>
      </section>

      <section className="card">
        <h2 className="mb-2 font-semibold">{t("dashboard.chartTitle")}</h2>
        {/* A chart drawn for the phone's width below 640 px (the wide one, scaled down, had 5 px labels). */}
        <picture>
          <source media="(min-width: 640px)" srcSet={d.chart.src} width={d.chart.sizes.wide.width} height={d.chart.sizes.wide.height} />
          <img
            src={d.chart.phoneSrc}
            alt={d.chart.alt}
            width={d.chart.sizes.phone.width}
            height={d.chart.sizes.phone.height}
            className="h-auto max-w-full sm:w-full sm:max-w-2xl"
            data-testid="hours-chart"
          />
        </picture>
      </section>

      <section className="card">
        <h2 className="mb-2 font-semibold">{t("dashboard.byTown")}</h2>
        <TableScroll>
          <table className="data-table" data-testid="by-town">
            <thead>
              <tr>
                <th>{t("dashboard.town")}</th>
                <th>{t("dashboard.learners")}</th>
                <th>{t("dashboard.met")}</th>
                <th>{t("dashboard.average")}</th>
              </tr>
            </thead>
            <tbody>
              {d.byTown.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`?year=${d.filter.year}&townId=${r.id}`}>{r.name}</Link>
                  </td>
                  <td>{r.learners}</td>
                  <td>
                    {r.met}（{r.share}%）
                  </td>
                  <td>{r.avg}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section className="card">
        <h2 className="mb-2 font-semibold">{t("dashboard.byOrganization")}</h2>
        <TableScroll>
          <table className="data-table min-w-[36rem]">
            <thead>
              <tr>
                <th>{t("dashboard.organization")}</th>
                <th>{t("dashboard.town")}</th>
                <th>{t("dashboard.learners")}</th>
                <th>{t("dashboard.met")}</th>
                <th>{t("dashboard.average")}</th>
              </tr>
            </thead>
            <tbody>
              {d.byOrganization.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`?year=${d.filter.year}&organizationId=${r.id}`}>{r.name}</Link>
                  </td>
                  <td>{r.townName}</td>
                  <td>{r.learners}</td>
                  <td>
                    {r.met}（{r.share}%）
                  </td>
                  <td>{r.avg}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section className="card">
        <h2 className="mb-2 font-semibold">{t("dashboard.people")}</h2>
        <TableScroll>
          <table className="data-table min-w-[40rem]" data-testid="learners">
            <thead>
              <tr>
                <th>{t("common.name")}</th>
                <th>{t("dashboard.organization")}</th>
                <th>{t("hours.online")}</th>
                <th>{t("hours.offline")}</th>
                <th>{t("hours.total")}</th>
              </tr>
            </thead>
            <tbody>
              {d.people.map((p) => (
                <tr key={p.userId}>
                  <td>
                    <Link to={`/admin/hours/${p.userId}?year=${d.filter.year}`}>{p.name}</Link>
                    <span className="block text-xs text-stone-600">{p.phone}</span>
                  </td>
                  <td>
                    {p.organizationName}
                    <span className="block text-xs text-stone-600">{p.townName}</span>
                  </td>
                  <td>{p.online}</td>
                  <td>{p.offline}</td>
                  <td className={p.met ? "font-semibold text-green-800" : ""}>{p.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <Pager page={d.filter.page} hasMore={d.hasMore} params={pagerParams} />
      </section>
    </div>
  );
}
