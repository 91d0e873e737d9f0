import { creditHourTenths, requiredTenths as requiredTenthsOf } from "../hours/study-hours";

/**
 * 网上班级 (training classes), the pure rules: what a class's content is worth in 学时, when a class
 * may open, a member's progress and outcome, who may manage a class and whom they may add.
 * No I/O, no clock.
 */

export const CLASS_STATES = ["draft", "open", "closed"] as const;
export type ClassState = (typeof CLASS_STATES)[number];

/** A lesson as the content total needs it: course_id null for a lesson outside any course (微党课). */
export interface ContentLesson {
  id: number;
  courseId: number | null;
  minutes: number;
}

export type ContentItem = { courseId: number; lessonId?: undefined } | { lessonId: number; courseId?: undefined };

/**
 * The lessons a class's content amounts to: every lesson of each course item, and each lesson item,
 * each lesson once (a lesson listed alone and within a listed course counts once).
 */
export function contentLessons(items: readonly ContentItem[], lessons: readonly ContentLesson[]): ContentLesson[] {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const seen = new Set<number>();
  const out: ContentLesson[] = [];
  const add = (l: ContentLesson | undefined) => {
    if (!l || seen.has(l.id)) return;
    seen.add(l.id);
    out.push(l);
  };
  for (const item of items) {
    if (item.courseId != null) for (const l of lessons) if (l.courseId === item.courseId) add(l);
    if (item.lessonId != null) add(byId.get(item.lessonId));
  }
  return out;
}

/**
 * The class content's total: its lessons' nominal minutes, as seconds and as whole tenths of a 学时
 * rounded down by the project's one rule (study-hours.ts `creditHourTenths`).
 */
export function contentTotal(
  items: readonly ContentItem[],
  lessons: readonly ContentLesson[],
  minutesPerCreditHour: number,
): { lessons: number; seconds: number; tenths: number } {
  const list = contentLessons(items, lessons);
  const seconds = list.reduce((sum, l) => sum + l.minutes * 60, 0);
  return { lessons: list.length, seconds, tenths: creditHourTenths(seconds, minutesPerCreditHour) };
}

export type OpenBlocker =
  | { code: "notDraft"; state: ClassState }
  | { code: "contentShort"; tenths: number; requiredTenths: number }
  | { code: "noTest" }
  | { code: "testNotAnnual" }
  | { code: "testOtherCounty" }
  | { code: "noMembers" };

export interface OpenFacts {
  state: ClassState;
  countyId: number;
  /** the content's total in tenths of a 学时 (contentTotal) */
  contentTenths: number;
  /** the yearly minimum (学时, the setting: 32 by default) */
  requiredCreditHours: number;
  test: { kind: "certification" | "annual"; countyId: number } | null;
  members: number;
}

/**
 * Whether a class may open, and every reason why not: only a draft opens; its content must reach
 * the yearly minimum (32 学时 by default); it needs a closing test that is an annual test of the
 * same county; and at least one member.
 */
export function openBlockers(f: OpenFacts): OpenBlocker[] {
  const out: OpenBlocker[] = [];
  if (f.state !== "draft") out.push({ code: "notDraft", state: f.state });
  const requiredTenths = requiredTenthsOf(f.requiredCreditHours);
  if (f.contentTenths < requiredTenths) out.push({ code: "contentShort", tenths: f.contentTenths, requiredTenths });
  if (!f.test) out.push({ code: "noTest" });
  else {
    if (f.test.kind !== "annual") out.push({ code: "testNotAnnual" });
    if (f.test.countyId !== f.countyId) out.push({ code: "testOtherCounty" });
  }
  if (f.members < 1) out.push({ code: "noMembers" });
  return out;
}

/** What may change in each state: content and test in a draft; members until closed; nothing after. */
export function mayEdit(state: ClassState, what: "details" | "content" | "test" | "members"): boolean {
  if (state === "closed") return false;
  if (state === "open") return what === "members" || what === "details";
  return true;
}

export type TestState = "passed" | "failed" | "pending" | "inProgress" | "notTaken";

export interface TestAttempt {
  state: "in_progress" | "submitted" | "graded";
  markTenths: number | null;
  maxMarkTenths: number;
  passed: boolean | null;
}

/**
 * A member's result in the closing test from their attempts of it: passed when a released attempt
 * passed (its score the best released score); failed when released attempts exist and none passed;
 * pending when an attempt was submitted and is not yet released; inProgress while answering.
 */
export function testResult(attempts: readonly TestAttempt[]): {
  state: TestState;
  markTenths: number | null;
  maxMarkTenths: number | null;
} {
  const released = attempts.filter((a) => a.state === "graded" && a.markTenths != null);
  if (released.length) {
    const best = released.reduce((b, a) =>
      Number(a.passed) > Number(b.passed) || (a.passed === b.passed && a.markTenths! > b.markTenths!) ? a : b,
    );
    return { state: released.some((a) => a.passed) ? "passed" : "failed", markTenths: best.markTenths, maxMarkTenths: best.maxMarkTenths };
  }
  if (attempts.some((a) => a.state === "submitted")) return { state: "pending", markTenths: null, maxMarkTenths: null };
  if (attempts.some((a) => a.state === "in_progress")) return { state: "inProgress", markTenths: null, maxMarkTenths: null };
  return { state: "notTaken", markTenths: null, maxMarkTenths: null };
}

export interface MemberProgress {
  /** credited seconds in the class's lessons this year, each lesson at most its nominal length */
  seconds: number;
  tenths: number;
  /** share of the class content done, 0–100, rounded down */
  percent: number;
  /** studied at least the yearly minimum in the class's content */
  studyDone: boolean;
  test: ReturnType<typeof testResult>;
  /** behind: the class's study or its test is not done yet */
  behind: boolean;
  /** the outcome when the class closes: completed = study done and test passed */
  outcome: "completed" | "incomplete";
}

/**
 * A member's progress: the time credited this training year in the class's lessons (the same
 * study rows as 我的学时), each lesson capped at its nominal length, as 学时 (rounded down), the
 * share of the content, and the closing test's result.
 */
export function memberProgress(input: {
  classLessons: readonly { id: number; minutes: number }[];
  /** credited seconds this year per lesson id */
  creditedByLesson: ReadonlyMap<number, number>;
  minutesPerCreditHour: number;
  requiredCreditHours: number;
  attempts: readonly TestAttempt[];
}): MemberProgress {
  let seconds = 0;
  let total = 0;
  for (const l of input.classLessons) {
    total += l.minutes * 60;
    seconds += Math.min(l.minutes * 60, Math.max(0, input.creditedByLesson.get(l.id) ?? 0));
  }
  const tenths = creditHourTenths(seconds, input.minutesPerCreditHour);
  const totalTenths = creditHourTenths(total, input.minutesPerCreditHour);
  const percent = totalTenths > 0 ? Math.min(100, Math.floor((tenths * 100) / totalTenths)) : 0;
  const studyDone = tenths >= requiredTenthsOf(input.requiredCreditHours);
  const test = testResult(input.attempts);
  const completed = studyDone && test.state === "passed";
  return { seconds, tenths, percent, studyDone, test, behind: !completed, outcome: completed ? "completed" : "incomplete" };
}

/** A place in the scope tree. */
export interface Place {
  countyId: number;
  townId: number | null;
}

/** Whether a person (at their town) may be a member of a class: same county and, for a town's class, same town. */
export function memberFits(klass: Place, person: { countyId: number; townId: number }): boolean {
  return klass.countyId === person.countyId && (klass.townId == null || klass.townId === person.townId);
}
