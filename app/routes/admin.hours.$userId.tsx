import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { idParam } from "~/modules/forms";
import { getLearnerHours } from "~/modules/hours/dashboard.server";
import { hoursFilterSchema } from "~/modules/hours/schemas";
import { trainingYear } from "~/modules/hours/training-year";

export const access = requires("read:hours");
export const meta: MetaFunction = () => [{ title: "个人学时 · 红帆" }];

export const loader = guarded(access, async ({ request, params, actor }) => {
  const { year } = hoursFilterSchema(trainingYear(new Date())).parse(Object.fromEntries(new URL(request.url).searchParams));
  const detail = await getLearnerHours(actor, idParam(params, "userId"), year);
  return { year, person: detail.person, ...detail.hours, progress: detail.progress, beats: detail.beats };
});

export default function LearnerHours() {
  const { t, date } = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/admin/hours?year=${d.year}`}>← {t("dashboard.title")}</Link>
      </p>
      <PageTitle>{d.person.name}</PageTitle>
      <p className="text-stone-700">
        {d.person.organizationName} · {d.person.townName} · {t("hours.year", { year: d.year })}：{t("hours.online")} {d.online} ·{" "}
        {t("hours.offline")} {d.offline} · {t("hours.total")} <strong data-testid="person-total">{d.total}</strong>
      </p>
      <section className="card">
        <h2 className="mb-2 font-semibold">{t("dashboard.lessons")}</h2>
        <TableScroll>
          <table className="data-table min-w-[32rem]">
            <thead>
              <tr>
                <th>{t("dashboard.lesson")}</th>
                <th>{t("dashboard.progress")}</th>
                <th>{t("dashboard.lastStudied")}</th>
              </tr>
            </thead>
            <tbody>
              {d.progress.map((p) => (
                <tr key={`${p.courseTitle}-${p.lessonTitle}`}>
                  <td>
                    {p.lessonTitle}
                    <span className="block text-xs text-stone-600">{p.courseTitle}</span>
                  </td>
                  <td>{p.completedAt ? t("learn.completed") : `${p.percent}%`}</td>
                  <td className="whitespace-nowrap">{date(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card">
        <h2 className="mb-2 font-semibold">{t("dashboard.beats")}</h2>
        <TableScroll>
          <table className="data-table min-w-[36rem]" data-testid="beats">
            <thead>
              <tr>
                <th>{t("dashboard.time")}</th>
                <th>{t("dashboard.lesson")}</th>
                <th>{t("dashboard.outcome")}</th>
                <th>{t("dashboard.creditedSeconds")}</th>
              </tr>
            </thead>
            <tbody>
              {d.beats.map((b, i) => (
                <tr key={i}>
                  <td className="whitespace-nowrap">{date(b.at)}</td>
                  <td>{b.lessonTitle}</td>
                  <td>{t(`learn.status.${b.outcome}`)}</td>
                  <td>{b.creditedSeconds}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </div>
  );
}
