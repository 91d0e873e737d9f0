import { ASSESSMENT_GRADES, type AssessmentGrade } from "../certificates/level-rule";
import { LEVELS, type Level } from "../exams/types";

/**
 * 年度考核 (annual assessment), the pure part: what a grade does to a navigator's level, which
 * grades a town may propose, and the round's states. DESIGN §3: once a year every navigator is
 * assessed 优秀 / 良好 / 一般 / 较差; 一般 or worse moves a senior or intermediate navigator down one
 * level and takes a junior navigator's level away.
 */

export { ASSESSMENT_GRADES, type AssessmentGrade };

/** 一般 and 较差 lower the level. */
export function lowersLevel(grade: AssessmentGrade): boolean {
  return grade === "average" || grade === "poor";
}

export type LevelChange =
  { kind: "unchanged"; level: Level } | { kind: "downgraded"; from: Level; to: Level } | { kind: "revoked"; from: Level };

/** The level after an assessment grade: senior → intermediate, intermediate → junior, junior → revoked. */
export function levelChange(grade: AssessmentGrade, level: Level): LevelChange {
  if (!lowersLevel(grade)) return { kind: "unchanged", level };
  const rank = LEVELS.indexOf(level);
  if (rank === 0) return { kind: "revoked", from: level };
  return { kind: "downgraded", from: level, to: LEVELS[rank - 1] };
}

/** Most a town may propose for someone who missed the year's 学时 without a written reason. */
export const BEST_WITHOUT_HOURS: AssessmentGrade = "average";

export const BASIS_MAX = 500;
export const REASON_MAX = 500;

export type ProposalProblem = "basisRequired" | "basisTooLong" | "hoursReasonRequired" | "reasonTooLong";

/**
 * What is wrong with a proposal (empty: none). Someone who missed the 32 学时 cannot be proposed
 * above 一般 without a written reason.
 */
export function proposalProblems(input: {
  grade: AssessmentGrade;
  basis: string;
  reason: string | null;
  metHours: boolean;
}): ProposalProblem[] {
  const problems: ProposalProblem[] = [];
  const basis = input.basis.trim();
  if (!basis) problems.push("basisRequired");
  else if ([...basis].length > BASIS_MAX) problems.push("basisTooLong");
  const reason = input.reason?.trim() ?? "";
  if ([...reason].length > REASON_MAX) problems.push("reasonTooLong");
  const aboveCap = ASSESSMENT_GRADES.indexOf(input.grade) < ASSESSMENT_GRADES.indexOf(BEST_WITHOUT_HOURS);
  if (!input.metHours && aboveCap && !reason) problems.push("hoursReasonRequired");
  return problems;
}

/* ------------------------------------------------------------------ the round */

export type RoundState = "open" | "applied";
export type RoundAction = "propose" | "change" | "apply" | "correct";

/** Whether an action is allowed in a round's state: proposals and changes while open; apply once; corrections after. */
export function roundAllows(state: RoundState, action: RoundAction): boolean {
  if (state === "open") return action === "propose" || action === "change" || action === "apply";
  return action === "correct";
}

export interface RoundMember {
  userId: number;
  townId: number;
  level: Level;
}

export type PlannedOutcome =
  | { userId: number; townId: number; grade: AssessmentGrade; change: LevelChange }
  | { userId: number; townId: number; grade: null; change: { kind: "unassessed"; level: Level } };

export interface ApplyPlan {
  outcomes: PlannedOutcome[];
  /** members without a proposal */
  missing: RoundMember[];
  /** grades for people who are no longer members (their certificate went away since): ignored */
  ignored: number[];
  counts: { unchanged: number; downgraded: number; revoked: number; unassessed: number };
  /** may it be applied as chosen: with missing proposals only when the admin leaves them unassessed */
  blocked: boolean;
}

/**
 * What applying a round does to each member (the preview, and the transaction follows it): the
 * latest grade of each member; members without one are listed as missing and, if the admin chose
 * so, left unassessed (their level unchanged, no grade recorded).
 */
export function planApply(
  members: readonly RoundMember[],
  grades: ReadonlyMap<number, AssessmentGrade>,
  leaveMissingUnassessed: boolean,
): ApplyPlan {
  const outcomes: PlannedOutcome[] = [];
  const missing: RoundMember[] = [];
  const counts = { unchanged: 0, downgraded: 0, revoked: 0, unassessed: 0 };
  const memberIds = new Set<number>();
  for (const m of [...members].sort((a, b) => a.townId - b.townId || a.userId - b.userId)) {
    memberIds.add(m.userId);
    const grade = grades.get(m.userId);
    if (!grade) {
      missing.push(m);
      outcomes.push({ userId: m.userId, townId: m.townId, grade: null, change: { kind: "unassessed", level: m.level } });
      counts.unassessed++;
      continue;
    }
    const change = levelChange(grade, m.level);
    outcomes.push({ userId: m.userId, townId: m.townId, grade, change });
    counts[change.kind]++;
  }
  const ignored = [...grades.keys()].filter((id) => !memberIds.has(id));
  return { outcomes, missing, ignored, counts, blocked: missing.length > 0 && !leaveMissingUnassessed };
}

/**
 * The plan in one canonical line (members in user id order: who, which grade, what happens), so
 * that the apply can check it is applying the plan the admin previewed and not one a late proposal
 * changed since. The server hashes it.
 */
export function planKey(plan: Pick<ApplyPlan, "outcomes">): string {
  return [...plan.outcomes]
    .sort((a, b) => a.userId - b.userId)
    .map((o) => {
      const c = o.change;
      const levels = c.kind === "downgraded" ? `${c.from}>${c.to}` : c.kind === "revoked" ? `${c.from}>x` : c.level;
      return `${o.userId}:${o.grade ?? "-"}:${c.kind}:${levels}`;
    })
    .join(";");
}

/** Counts per grade (and missing) for the review page: by town and in all. */
export function gradeCounts(
  members: readonly RoundMember[],
  grades: ReadonlyMap<number, AssessmentGrade>,
): Map<number | "all", Record<AssessmentGrade | "missing", number>> {
  const out = new Map<number | "all", Record<AssessmentGrade | "missing", number>>();
  const empty = () => ({ excellent: 0, good: 0, average: 0, poor: 0, missing: 0 });
  out.set("all", empty());
  for (const m of members) {
    if (!out.has(m.townId)) out.set(m.townId, empty());
    const key = grades.get(m.userId) ?? "missing";
    out.get(m.townId)![key]++;
    out.get("all")![key]++;
  }
  return out;
}

/**
 * A correction after the round was applied: the level the person should hold given the corrected
 * grade and the level they held before the round (restoring it when the corrected grade does not
 * lower it), against the level they hold now (null: no current certificate).
 */
export function correctionChange(input: {
  levelBefore: Level;
  levelNow: Level | null;
  grade: AssessmentGrade;
}): { kind: "none" } | { kind: "issue"; level: Level; replaces: Level | null } | { kind: "revoke"; level: Level } {
  const target = levelChange(input.grade, input.levelBefore);
  const targetLevel = target.kind === "unchanged" ? target.level : target.kind === "downgraded" ? target.to : null;
  if (targetLevel === input.levelNow) return { kind: "none" };
  if (targetLevel === null) return input.levelNow === null ? { kind: "none" } : { kind: "revoke", level: input.levelNow };
  return { kind: "issue", level: targetLevel, replaces: input.levelNow };
}
