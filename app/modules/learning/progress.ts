/**
 * A learner's progress through lessons and courses (pure). The catalogue and the course page both
 * use these functions on the same per-lesson numbers, so the two pages can never disagree.
 */

export interface LessonProgressFacts {
  /** nominal length of the lesson in minutes */
  minutes: number;
  /** seconds credited to this learner for the lesson; 0 (never null) when not started */
  creditedSeconds: number | null;
  /** when the lesson was completed, if it was */
  completedAt: Date | string | null;
}

export interface CourseProgress {
  lessons: number;
  completed: number;
  nominalSeconds: number;
  /** credited seconds, each lesson capped at its nominal length */
  creditedSeconds: number;
  /** whole minutes credited (rounded down) and nominal minutes */
  creditedMinutes: number;
  nominalMinutes: number;
  /** 0–100, rounded down */
  percent: number;
}

/** Seconds credited to one lesson, capped at its nominal time; a lesson never started counts 0. */
export function lessonCreditedSeconds(lesson: LessonProgressFacts): number {
  const credited = Math.max(0, lesson.creditedSeconds ?? 0);
  return Math.min(credited, lesson.minutes * 60);
}

/** Percent of one lesson studied, 0–100, rounded down. */
export function lessonPercent(lesson: LessonProgressFacts): number {
  const nominal = lesson.minutes * 60;
  return nominal > 0 ? Math.min(100, Math.floor((lessonCreditedSeconds(lesson) / nominal) * 100)) : 0;
}

/** A course's progress from its lessons' progress. */
export function courseProgress(lessons: readonly LessonProgressFacts[]): CourseProgress {
  let nominalSeconds = 0;
  let creditedSeconds = 0;
  let completed = 0;
  for (const lesson of lessons) {
    nominalSeconds += lesson.minutes * 60;
    creditedSeconds += lessonCreditedSeconds(lesson);
    if (lesson.completedAt) completed++;
  }
  return {
    lessons: lessons.length,
    completed,
    nominalSeconds,
    creditedSeconds,
    creditedMinutes: Math.floor(creditedSeconds / 60),
    nominalMinutes: Math.round(nominalSeconds / 60),
    percent: nominalSeconds > 0 ? Math.min(100, Math.floor((creditedSeconds / nominalSeconds) * 100)) : 0,
  };
}
