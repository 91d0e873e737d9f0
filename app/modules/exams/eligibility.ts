import { levelBlockers, type LevelBlocker, type LevelFacts } from "../certificates/level-rule";
import { LEVELS, type ExamKind, type Level } from "./types";

/**
 * Whether a candidate may start an exam in a sitting now, and if not, every reason why (the page
 * lists them all, e.g. "学时 20.5/32" and "场次尚未开始" together). Pure.
 *
 * Rules:
 * - Scope: the candidate belongs to the exam's county and, for a town sitting, to that town.
 * - Exam and sitting are published; the sitting is open (opensAt ≤ now < closesAt) and not full.
 * - Attempts used < attempts allowed.
 * - Prerequisites by kind (PREREQUISITES): a certification exam (认证考试) needs an approved
 *   navigator application (DESIGN §3: the application is verified "before the person may sit a
 *   certification exam") and the year's 学时 minimum. The annual test (年度测试) needs an approved
 *   application too (it is the yearly test of navigators and applicants), and — DESIGN §3: "A
 *   candidate may start a certification exam or the annual test only with at least 32 学时
 *   credited in the current year" — the 学时 minimum as well.
 * - A certification exam is not sat again once passed: a released, passed attempt at this exam,
 *   or at any certification exam of the same or a higher level, refuses further attempts
 *   (`alreadyPassed`, naming the level passed). An exam without a level is compared with itself
 *   only. The annual test follows its own rule (a yearly test: attempts allowed per test).
 * - An attempt already in progress is never blocked except by scope: the candidate resumes it
 *   (its deadline stands), even if the sitting has since closed for new starts or filled up.
 * - Level (certificates/level-rule.ts) for a certification exam with a level, when the person's
 *   level facts are known (`person.levelFacts`): a level already held; for 中级/高级 the level below
 *   held as a valid certificate for the county's full assessment years and the last annual
 *   assessment good enough (every reason listed).
 * - Training classes (网上班级, app/modules/classes): an annual test that is the closing test of a
 *   training class is for the class's members only (`classTest`: absent or null when no class links
 *   the exam; `member` when the person belongs to an open class linking it) — `notClassMember`.
 */

export const PREREQUISITES: Readonly<Record<ExamKind, { approvedApplication: boolean; hours: boolean }>> = {
  certification: { approvedApplication: true, hours: true },
  annual: { approvedApplication: true, hours: true },
};

export type StartBlocker =
  | { code: "notInScope" }
  | { code: "examNotPublished" }
  | { code: "sittingNotPublished" }
  | { code: "applicationNotApproved" }
  | { code: "hoursShort"; credited: number; required: number; creditedMinutes?: number; requiredMinutes?: number }
  | { code: "noAttemptsLeft"; allowed: number }
  | { code: "alreadyPassed"; level: Level | null }
  | { code: "notOpenYet"; opensAt: Date }
  | { code: "closed"; closesAt: Date }
  | { code: "full"; capacity: number }
  | { code: "notClassMember" }
  | LevelBlocker;

export type StartBlockerCode = StartBlocker["code"];

export interface StartInput {
  exam: { id: number; kind: ExamKind; level: Level | null; status: "draft" | "published" | "archived"; attemptsAllowed: number };
  sitting: {
    status: "draft" | "published" | "cancelled";
    opensAt: Date;
    closesAt: Date;
    capacity: number;
    /** attempts started in this sitting so far (any state) */
    startedCount: number;
    /** null: the whole county */
    townId: number | null;
    /** the exam's county */
    countyId: number;
  };
  person: {
    countyId: number;
    townId: number;
    applicationApproved: boolean;
    /** 学时 credited this training year (decimals allowed) */
    creditedHours: number;
    requiredHours: number;
    /** the same study in whole minutes (rounded down) and the minimum in minutes, for the learner's own view */
    creditedMinutes?: number;
    requiredMinutes?: number;
    /** the certification exams the person has passed (released results) */
    passedCertifications: readonly PassedExam[];
    /** current certificate, last annual assessment and the county's level rules; absent: not checked here */
    levelFacts?: LevelFacts;
  };
  attemptsUsed: number;
  hasAttemptInProgress: boolean;
  now: Date;
  /**
   * The exam is the closing test of one or more training classes: only members of such a class
   * (open) may sit it. Absent or null: no class links the exam (or the caller does not check).
   */
  classTest?: { member: boolean } | null;
}

export interface PassedExam {
  examId: number;
  level: Level | null;
}

const rank = (level: Level) => LEVELS.indexOf(level);

/**
 * The pass that settles a certification exam, or null: a pass of this exam itself, or of a
 * certification exam of the same or a higher level (the highest such level is named).
 */
export function passSettling(exam: { id: number; kind: ExamKind; level: Level | null }, passed: readonly PassedExam[]): PassedExam | null {
  if (exam.kind !== "certification") return null;
  let best: PassedExam | null = null;
  for (const p of passed) {
    const settles = p.examId === exam.id || (exam.level !== null && p.level !== null && rank(p.level) >= rank(exam.level));
    if (!settles) continue;
    if (!best || (p.level !== null && (best.level === null || rank(p.level) > rank(best.level)))) best = p;
  }
  return best;
}

export function startBlockers(input: StartInput): StartBlocker[] {
  const { exam, sitting, person, now } = input;
  const blockers: StartBlocker[] = [];
  if (person.countyId !== sitting.countyId || (sitting.townId != null && sitting.townId !== person.townId)) {
    blockers.push({ code: "notInScope" });
  }
  if (input.hasAttemptInProgress) return blockers;

  if (exam.status !== "published") blockers.push({ code: "examNotPublished" });
  if (sitting.status !== "published") blockers.push({ code: "sittingNotPublished" });
  const needs = PREREQUISITES[exam.kind];
  if (exam.kind === "annual" && input.classTest && !input.classTest.member) blockers.push({ code: "notClassMember" });
  if (needs.approvedApplication && !person.applicationApproved) blockers.push({ code: "applicationNotApproved" });
  if (needs.hours && person.creditedHours < person.requiredHours) {
    blockers.push({
      code: "hoursShort",
      credited: person.creditedHours,
      required: person.requiredHours,
      ...(person.creditedMinutes != null && person.requiredMinutes != null
        ? { creditedMinutes: person.creditedMinutes, requiredMinutes: person.requiredMinutes }
        : {}),
    });
  }
  if (exam.kind === "certification" && exam.level && person.levelFacts) blockers.push(...levelBlockers(exam.level, person.levelFacts, now));
  const settled = passSettling(exam, person.passedCertifications);
  if (settled) blockers.push({ code: "alreadyPassed", level: settled.level });
  else if (input.attemptsUsed >= exam.attemptsAllowed) blockers.push({ code: "noAttemptsLeft", allowed: exam.attemptsAllowed });
  if (now.getTime() < sitting.opensAt.getTime()) blockers.push({ code: "notOpenYet", opensAt: sitting.opensAt });
  if (now.getTime() >= sitting.closesAt.getTime()) blockers.push({ code: "closed", closesAt: sitting.closesAt });
  if (sitting.startedCount >= sitting.capacity) blockers.push({ code: "full", capacity: sitting.capacity });
  return blockers;
}

/** Blockers that can lift while a sitting is still open: its opening, a seat, 学时 still being studied. */
const BLOCKERS_THAT_LIFT: ReadonlySet<StartBlockerCode> = new Set(["notOpenYet", "full", "hoursShort"]);

/**
 * Whether the person may sit the exam through this sitting now or later while it stays open (the
 * conflict of interest of grading, issue 8): an attempt in progress, or nothing in the way but the
 * sitting's opening, a full sitting or 学时 still to study — or an application still being
 * reviewed (`applicationPending`). A person without any application is not a candidate.
 */
export function maySitWhileOpen(input: StartInput, applicationPending: boolean): boolean {
  return startBlockers(input).every((b) => BLOCKERS_THAT_LIFT.has(b.code) || (b.code === "applicationNotApproved" && applicationPending));
}
