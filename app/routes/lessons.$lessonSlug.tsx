import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { StudyTracker } from "~/components/study-tracker";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { getLesson } from "~/modules/learning/catalogue.server";
import { studySettings } from "~/modules/learning/config.server";
import { renderMarkdown } from "~/modules/markdown";

export const access = requires("study:lesson");
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.title ?? "课时"} · 红帆` }];

export const loader = guarded(access, async ({ params, actor }) => {
  const { lesson, course, progress, previous, next } = await getLesson(actor, params.lessonSlug ?? "");
  const { policy } = await studySettings();
  return {
    lesson: { id: lesson.id, slug: lesson.slug, title: lesson.title, minutes: lesson.minutes, video: lesson.video, html: renderMarkdown(lesson.body) },
    course,
    progress,
    previous,
    next,
    heartbeatSeconds: policy.heartbeatSeconds,
    idleSeconds: policy.idleLimitSeconds,
  };
});

export default function Lesson() {
  const { t } = useT();
  const { lesson, course, progress, previous, next, heartbeatSeconds, idleSeconds } = useLoaderData<typeof loader>();
  return (
    <article className="space-y-4">
      <p>
        <Link to={`/learn/${course.slug}`}>← {course.title}</Link>
      </p>
      <PageTitle>{lesson.title}</PageTitle>
      <div className="sticky top-0 z-10 bg-stone-50 py-1">
        <StudyTracker
          key={lesson.id}
          lessonId={lesson.id}
          heartbeatSeconds={heartbeatSeconds}
          idleSeconds={idleSeconds}
          initialCreditedSeconds={progress.creditedSeconds}
          nominalSeconds={lesson.minutes * 60}
          initialFurthest={progress.furthestPosition}
          videoSrc={lesson.video ? `/media/videos/${lesson.video}` : null}
          videoTitle={lesson.title}
        />
      </div>
      <div className="card lesson-body" dangerouslySetInnerHTML={{ __html: lesson.html }} />
      <nav className="flex flex-wrap justify-between gap-2" aria-label={t("learn.backToCourse")}>
        {previous ? (
          <Link to={`/lessons/${previous.slug}`} className="btn-secondary">
            ← {t("learn.previous")}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link to={`/lessons/${next.slug}`} className="btn-secondary">
            {t("learn.next")} →
          </Link>
        ) : null}
      </nav>
    </article>
  );
}
