import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { getLearnPage } from "~/modules/learning/catalogue.server";
import { MicroCard } from "~/components/micro/micro-card";

export const access = requires("study:lesson");
export const meta: MetaFunction = () => [{ title: "课程学习 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => getLearnPage(actor));

export default function Catalogue() {
  const { t } = useT();
  const { courses, micro, required, minutesPerCreditHour } = useLoaderData<typeof loader>();
  const areas = [...new Set(courses.map((c) => c.area))];
  return (
    <div className="space-y-6">
      <PageTitle>{t("learn.title")}</PageTitle>
      <p className="text-stone-700">{t("learn.intro", { required, minutes: minutesPerCreditHour })}</p>
      {areas.map((area) => (
        <section key={area} aria-labelledby={`area-${area}`}>
          <h2 id={`area-${area}`} className="mb-2 text-lg font-semibold">
            {t(`learn.areas.${area}`)}
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {courses
              .filter((c) => c.area === area)
              .map((c) => {
                return (
                  <li key={c.id}>
                    <Link
                      to={`/learn/${c.slug}`}
                      className="card block h-full text-stone-900 no-underline hover:border-brand-600 hover:no-underline"
                    >
                      <span className="block font-semibold text-brand-700">{c.title}</span>
                      <span className="mt-1 block text-sm text-stone-600">{c.summary}</span>
                      <progress value={c.percent} max={100} className="progress-bar mt-3" aria-hidden="true" />
                      <span className="mt-1 block text-xs text-stone-600" data-testid="course-progress">
                        {t("learn.courseProgress", {
                          credited: c.creditedMinutes,
                          nominal: c.nominalMinutes,
                          completed: c.completed,
                          lessons: c.lessons,
                        })}
                      </span>
                    </Link>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
      <section aria-labelledby="micro-lessons" data-testid="micro-section">
        <h2 id="micro-lessons" className="mb-2 text-lg font-semibold">
          {t("micro.libraryTitle")}
        </h2>
        {micro.items.length === 0 ? (
          <p className="text-stone-600">{t("micro.libraryNone")}</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {micro.items.map((l) => (
              <li key={l.id}>
                <MicroCard lesson={l} />
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2">
          <Link to="/micro-lessons">{t("micro.libraryAll")} →</Link>
        </p>
      </section>
    </div>
  );
}
