import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { getMyHoursPage } from "~/modules/learning/catalogue.server";

export const access = requires("study:lesson");
export const meta: MetaFunction = () => [{ title: "我的学时 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => getMyHoursPage(actor));

export default function MyHours() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageTitle>{t("hours.title")}</PageTitle>
      <section className="card space-y-2">
        <h2 className="font-semibold">{t("hours.year", { year: d.year })}</h2>
        <p className="text-2xl font-bold text-brand-700" data-testid="year-hours">
          {t("hours.progress", { hours: d.progress.done.hours, required: d.progress.required.hours })}
        </p>
        <p className="text-stone-700" data-testid="year-minutes">
          {t("hours.progressMinutes", { minutes: d.progress.done.minutes, required: d.progress.required.minutes })}
        </p>
        <progress
          value={d.progress.percent}
          max={100}
          className="progress-bar"
          aria-label={t("hours.progress", { hours: d.progress.done.hours, required: d.progress.required.hours })}
        />
        <p className={d.progress.met ? "text-green-800" : "text-stone-700"} data-testid="year-remaining">
          {d.progress.met
            ? t("hours.met")
            : t("hours.remaining", { hours: d.progress.remaining.hours, minutes: d.progress.remaining.minutes })}
        </p>
        <p className="text-sm text-stone-600">
          {t("hours.online")} {t("hours.amount", d.online)} · {t("hours.offline")} {t("hours.amount", d.offline)}
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
                    <td>{t("hours.amount", c)}</td>
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
                {o.heldOn} · {o.title} · {o.location} · {t("hours.amount", o)}
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
                    <td>{t("hours.amount", y.online)}</td>
                    <td>{t("hours.amount", y.offline)}</td>
                    <td>{t("hours.amount", y.total)}</td>
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
