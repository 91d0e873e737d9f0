import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-locale";
import { clock } from "./lesson-form";

export interface MicroCardData {
  id: number;
  slug: string;
  title: string;
  summary: string;
  area: string;
  author: string;
  nominalSeconds: number;
  coverUrl: string | null;
  rating: number | null;
  ratings: number;
  creditedSeconds: number;
  completed: boolean;
}

/** A published micro lesson in the catalogue: cover, length, rating, the learner's own progress. */
export function MicroCard({ lesson }: { lesson: MicroCardData }) {
  const { t } = useT();
  const percent = Math.min(100, Math.round((lesson.creditedSeconds / lesson.nominalSeconds) * 100));
  return (
    <Link
      to={`/lessons/${lesson.slug}`}
      className="card flex h-full gap-3 text-stone-900 no-underline hover:border-brand-600 hover:no-underline"
      data-testid="micro-card"
    >
      {lesson.coverUrl ? (
        <img src={lesson.coverUrl} alt="" width={96} height={54} className="h-[54px] w-24 shrink-0 rounded object-cover" loading="lazy" />
      ) : null}
      <span className="min-w-0 flex-1">
        <span className="block font-semibold text-brand-700">{lesson.title}</span>
        <span className="mt-1 block text-xs text-stone-600">
          {t(`learn.areas.${lesson.area}`)} · {t("micro.byAuthor", { author: lesson.author })} ·{" "}
          {t("micro.duration", { duration: clock(lesson.nominalSeconds) })}
        </span>
        <span className="mt-1 block text-xs text-stone-600">
          {lesson.rating == null
            ? t("micro.noRating")
            : t("micro.ratingValue", { rating: lesson.rating.toFixed(1), count: lesson.ratings })}
        </span>
        <progress value={percent} max={100} className="progress-bar mt-2" aria-hidden="true" />
        <span className="block text-xs text-stone-600" data-testid="micro-progress">
          {lesson.completed
            ? t("micro.completed")
            : t("micro.progress", { credited: clock(lesson.creditedSeconds), total: clock(lesson.nominalSeconds) })}
        </span>
      </span>
    </Link>
  );
}
