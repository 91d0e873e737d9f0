import { redirect, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { getCourse } from "~/modules/learning/catalogue.server";
import { renderMarkdown } from "~/modules/markdown";
import { MICRO_COURSE_SLUG } from "~/modules/micro-lessons/micro-lessons.server";

export const access = requires("study:lesson");
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? "课程"} · 红帆` }];

export const loader = guarded(access, async ({ params, actor }) => {
  // the 微党课 course holds every published micro lesson: its page is the paged library
  if (params.courseSlug === MICRO_COURSE_SLUG) throw redirect("/micro-lessons");
  const { course, lessons, progress } = await getCourse(actor, params.courseSlug ?? "");
  return {
    course: { slug: course.slug, title: course.title, area: course.area, introHtml: renderMarkdown(course.intro) },
    lessons,
    progress,
  };
});

export default function Course() {
  const { t } = useT();
  const { course, lessons, progress } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p>
        <Link to="/learn">← {t("learn.title")}</Link>
      </p>
      <PageTitle>{course.title}</PageTitle>
      <div className="card lesson-body" dangerouslySetInnerHTML={{ __html: course.introHtml }} />
      <div>
        <progress value={progress.percent} max={100} className="progress-bar" aria-hidden="true" />
        <p className="mt-1 text-sm text-stone-600" data-testid="course-progress">
          {t("learn.courseProgress", {
            credited: progress.creditedMinutes,
            nominal: progress.nominalMinutes,
            completed: progress.completed,
            lessons: progress.lessons,
          })}
        </p>
      </div>
      <ol className="space-y-2">
        {lessons.map((l, i) => {
          return (
            <li key={l.id}>
              <Link
                to={`/lessons/${l.slug}`}
                className="card flex items-center justify-between gap-3 text-stone-900 no-underline hover:border-brand-600 hover:no-underline"
              >
                <span>
                  <span className="mr-2 text-stone-500">{i + 1}.</span>
                  <span className="font-medium text-brand-700">{l.title}</span>
                  <span className="block text-xs text-stone-600">
                    {t("learn.lessonMinutes", { minutes: l.minutes })}
                    {l.video ? ` · ${t("learn.video")}` : ""}
                  </span>
                </span>
                <span className="shrink-0 text-sm" data-testid="lesson-progress">
                  {l.completedAt ? t("learn.completed") : l.creditedSeconds ? `${l.percent}%` : t("learn.notStarted")}
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
