import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle } from "~/components/form";
import { StudyTracker } from "~/components/study-tracker";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { getLesson } from "~/modules/learning/catalogue.server";
import { studySettings } from "~/modules/learning/config.server";
import { renderMarkdown } from "~/modules/markdown";
import { microLessonForLearner } from "~/modules/micro-lessons/micro-lessons.server";

export const access = requires("study:lesson");
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.title ?? "课时"} · 红帆` }];

export const loader = guarded(access, async ({ params, actor }) => {
  const { lesson, course, progress, previous, next } = await getLesson(actor, params.lessonSlug ?? "");
  const { policy } = await studySettings();
  // a published 微党课 (decision 023): same page and crediting; its media, author and rating besides
  const micro = lesson.kind === "micro" ? await microLessonForLearner(actor, lesson.id) : null;
  return {
    lesson: {
      id: lesson.id,
      slug: lesson.slug,
      title: lesson.title,
      minutes: lesson.minutes,
      nominalSeconds: lesson.nominalSeconds ?? lesson.minutes * 60,
      videoSrc: micro?.mediaUrl ?? (lesson.video ? `/media/videos/${lesson.video}` : null),
      html: renderMarkdown(lesson.body),
    },
    micro,
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
  const { lesson, micro, course, progress, previous, next, heartbeatSeconds, idleSeconds } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const rate = search.get("rate");
  return (
    <article className="space-y-4">
      <p>
        <Link to={micro ? "/micro-lessons" : `/learn/${course.slug}`}>← {course.title}</Link>
      </p>
      <PageTitle>{lesson.title}</PageTitle>
      <div className="sticky top-0 z-10 bg-stone-50 py-1">
        <StudyTracker
          key={lesson.id}
          lessonId={lesson.id}
          heartbeatSeconds={heartbeatSeconds}
          idleSeconds={idleSeconds}
          initialCreditedSeconds={progress.creditedSeconds}
          nominalSeconds={lesson.nominalSeconds}
          initialFurthest={progress.furthestPosition}
          videoSrc={lesson.videoSrc}
          videoTitle={lesson.title}
        />
      </div>
      {micro ? (
        <p className="text-sm text-stone-700" data-testid="micro-facts">
          {t("micro.byAuthor", { author: micro.author })} · {t(`learn.areas.${micro.area}`)} ·{" "}
          {micro.rating == null ? t("micro.noRating") : t("micro.ratingValue", { rating: micro.rating.toFixed(1), count: micro.ratings })}
        </p>
      ) : null}
      <div className="card lesson-body" dangerouslySetInnerHTML={{ __html: lesson.html }} />
      {micro ? (
        <section className="card space-y-2" aria-labelledby="rate-title">
          <h2 id="rate-title" className="font-semibold">
            {t("micro.rateTitle")}
          </h2>
          {rate === "saved" ? <Alert tone="success">{t("micro.rated")}</Alert> : null}
          {rate === "invalid" ? <Alert>{t("micro.rate.invalid")}</Alert> : null}
          {micro.myStars ? <p data-testid="my-rating">{t("micro.yourRating", { stars: micro.myStars })}</p> : null}
          {micro.mayRate ? (
            <Form method="post" action={`/micro-lessons/${micro.id}/rate`} className="space-y-2">
              <fieldset className="flex flex-wrap gap-3">
                <legend className="mb-1 text-sm text-stone-700">{t("micro.rateHint")}</legend>
                {[1, 2, 3, 4, 5].map((n) => (
                  <label key={n} className="flex items-center gap-1">
                    <input type="radio" name="stars" value={n} defaultChecked={micro.myStars === n} />
                    {t("micro.stars", { stars: n })}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="btn-secondary">
                {t("micro.rateButton")}
              </button>
            </Form>
          ) : (
            <p className="text-sm text-stone-600">{micro.rateRefusal === "ownLesson" ? t("micro.rateOwn") : t("micro.rateNotStudied")}</p>
          )}
        </section>
      ) : null}
      <nav className="flex flex-wrap justify-between gap-2" aria-label={t("learn.backToCourse")}>
        {previous && !micro ? (
          <Link to={`/lessons/${previous.slug}`} className="btn-secondary">
            ← {t("learn.previous")}
          </Link>
        ) : (
          <span />
        )}
        {next && !micro ? (
          <Link to={`/lessons/${next.slug}`} className="btn-secondary">
            {t("learn.next")} →
          </Link>
        ) : null}
      </nav>
    </article>
  );
}
