import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { getMyHours } from "~/modules/learning/catalogue.server";
import { studySettings } from "~/modules/learning/config.server";
import { formatCreditHours, toCreditHours } from "~/modules/hours/training-year";

export const access = requires("study:lesson");
export const meta: MetaFunction = () => [{ title: "我的学时 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => {
  const { minutesPerCreditHour, requiredCreditHours } = await studySettings();
  const hours = await getMyHours(actor);
  const fmt = (seconds: number) => formatCreditHours(seconds, minutesPerCreditHour);
  const total = hours.current.onlineSeconds + hours.current.offlineSeconds;
  const earned = toCreditHours(total, minutesPerCreditHour);
  return {
    year: hours.year,
    required: requiredCreditHours,
    total: fmt(total),
    online: fmt(hours.current.onlineSeconds),
    offline: fmt(hours.current.offlineSeconds),
    percent: Math.min(100, Math.floor((earned / requiredCreditHours) * 100)),
    met: earned >= requiredCreditHours,
    missing: formatCreditHours(Math.max(0, requiredCreditHours * minutesPerCreditHour * 60 - total), minutesPerCreditHour),
    perCourse: hours.perCourse.map((c) => ({ ...c, hours: fmt(c.seconds) })),
    offlineClasses: hours.offline.map((o) => ({ ...o, hours: fmt(o.seconds) })),
    earlier: hours.earlier.map((y) => ({ year: y.year, online: fmt(y.onlineSeconds), offline: fmt(y.offlineSeconds), total: fmt(y.onlineSeconds + y.offlineSeconds) })),
  };
});

export default function MyHours() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageTitle>{t("hours.title")}</PageTitle>
      <section className="card space-y-2">
        <h2 className="font-semibold">{t("hours.year", { year: d.year })}</h2>
        <p className="text-2xl font-bold text-brand-700" data-testid="year-hours">
          {t("hours.progress", { hours: d.total, required: d.required })}
        </p>
        <progress value={d.percent} max={100} className="progress-bar" aria-label={t("hours.progress", { hours: d.total, required: d.required })} />
        <p className={d.met ? "text-green-800" : "text-stone-700"}>{d.met ? t("hours.met") : t("hours.notMet", { hours: d.missing })}</p>
        <p className="text-sm text-stone-600">
          {t("hours.online")} {d.online} · {t("hours.offline")} {d.offline}
        </p>
      </section>
      <section className="card">
        <h2 className="mb-2 font-semibold">{t("hours.perCourse")}</h2>
        {d.perCourse.length === 0 ? (
          <p className="text-stone-600">
            {t("hours.none")} <Link to="/learn">{t("hours.startLearning")}</Link>
          </p>
        ) : (
          <TableScroll>
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("hours.course")}</th>
                  <th>{t("hours.creditHours")}</th>
                </tr>
              </thead>
              <tbody>
                {d.perCourse.map((c) => (
                  <tr key={c.slug}>
                    <td>
                      <Link to={`/learn/${c.slug}`}>{c.title}</Link>
                    </td>
                    <td>{c.hours}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {d.offlineClasses.length ? (
        <section className="card">
          <h2 className="mb-2 font-semibold">{t("hours.offlineClasses")}</h2>
          <ul className="space-y-1 text-sm" data-testid="offline-classes">
            {d.offlineClasses.map((o, i) => (
              <li key={i}>
                {o.heldOn} · {o.title} · {o.location} · {o.hours} {t("hours.creditHours")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.earlier.length ? (
        <section className="card">
          <h2 className="mb-2 font-semibold">{t("hours.earlier")}</h2>
          <TableScroll>
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t("hours.year", { year: "" }).trim()}</th>
                  <th>{t("hours.online")}</th>
                  <th>{t("hours.offline")}</th>
                  <th>{t("hours.total")}</th>
                </tr>
              </thead>
              <tbody>
                {d.earlier.map((y) => (
                  <tr key={y.year}>
                    <td>{y.year}</td>
                    <td>{y.online}</td>
                    <td>{y.offline}</td>
                    <td>{y.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
    </div>
  );
}
