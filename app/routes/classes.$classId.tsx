import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { myClass } from "~/modules/classes/classes.server";
import { idParam } from "~/modules/forms";

export const access = requires("study:lesson");
export const meta: MetaFunction = () => [{ title: "我的班级 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => myClass(actor, idParam(params, "classId")));

/** A member's class: the content with their progress (lessons without a course are 微党课) and the closing test. */
export default function MyClass() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageTitle>{d.klass.title}</PageTitle>
      <p className="text-stone-700">
        {d.klass.year} · <span className="badge">{t(`classes.states.${d.klass.state}`)}</span>
      </p>
      {d.klass.description ? <p className="whitespace-pre-line">{d.klass.description}</p> : null}
      {d.mine ? (
        <section className="card space-y-2" aria-labelledby="my-progress">
          <h2 id="my-progress" className="text-lg font-semibold" data-testid="my-class-progress">
            {t("classes.mine.myProgress", { hours: d.mine.hours, percent: d.mine.percent })}
          </h2>
          <div className="h-3 w-full overflow-hidden rounded bg-stone-200" aria-hidden="true">
            <div className="h-3 bg-brand-600" style={{ width: `${d.mine.percent}%` }} />
          </div>
          <p className={d.mine.studyDone ? "text-green-800" : "text-stone-700"}>
            {d.mine.studyDone
              ? t("classes.mine.studyDone", { required: d.required })
              : t("classes.mine.studyNotDone", { required: d.required })}
          </p>
          {d.klass.state === "closed" ? (
            <p className="font-medium">{t("classes.mine.closedOutcome", { outcome: t(`classes.outcomes.${d.mine.outcome}`) })}</p>
          ) : null}
        </section>
      ) : null}
      <section className="card space-y-3" aria-labelledby="class-test">
        <h2 id="class-test" className="text-lg font-semibold">
          {d.test ? t("classes.mine.testTitle", { title: d.test.title }) : t("classes.test")}
        </h2>
        {d.test && d.mine ? (
          <>
            <p data-testid="my-class-test">
              {t("classes.mine.testState", { state: t(`classes.testStates.${d.mine.test.state}`) })}
              {d.mine.test.markTenths != null ? ` · ${t("classes.mine.testScore", { score: d.mine.test.markTenths / 10 })}` : null}
            </p>
            <Link to="/exams" className="btn-secondary inline-block">
              {t("classes.mine.toExams")}
            </Link>
          </>
        ) : (
          <p className="text-stone-600">{t("classes.mine.noTestYet")}</p>
        )}
      </section>
      <section className="card space-y-3" aria-labelledby="class-content">
        <h2 id="class-content" className="text-lg font-semibold">
          {t("classes.mine.contentTitle", { hours: d.content.hours, lessons: d.content.lessons })}
        </h2>
        {d.groups.map((g) => (
          <div key={g.title ?? "micro"} className="space-y-1">
            <h3 className="font-semibold text-brand-700">{g.title ?? t("classes.microLessons")}</h3>
            <ul className="divide-y divide-stone-200">
              {g.lessons.map((l) => (
                <li key={l.slug} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link to={`/lessons/${l.slug}`}>{l.title}</Link>
                  <span className={`text-sm ${l.percent >= 90 ? "text-green-800" : "text-stone-600"}`}>
                    {t("classes.mine.lessonProgress", { credited: l.creditedMinutes, minutes: l.minutes })}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </div>
  );
}
