import { trainingYear } from "../hours/training-year";
import { LEVELS, type Level } from "../exams/types";

/**
 * Who may sit a certification exam of which level (DESIGN §3 "Upgrading needs the lower level held
 * for at least a year, the last annual assessment 良好 or better"). Pure; the county's settings
 * (settings.ts) supply the numbers.
 *
 * - 初级 junior: nothing here (the approved application and the year's 学时 are the start rule's,
 *   exams/eligibility.ts), except that a person already holding a level needs no junior exam.
 * - 中级 intermediate / 高级 senior: the level below held as a current certificate (valid; not on
 *   hold), for at least `minFullYearsHeld` full assessment years — whole training years (Asia/
 *   Shanghai calendar years) between the year of issue and this year, both left out: a junior
 *   certificate issued in 2025 has one full year (2026) in 2027 — and the last annual assessment
 *   (年度考核) at least `minAssessment`. No assessment yet (null) blocks: the person has not been
 *   assessed as a navigator.
 */

export const ASSESSMENT_GRADES = ["excellent", "good", "average", "poor"] as const;
export type AssessmentGrade = (typeof ASSESSMENT_GRADES)[number];

export interface LevelRules {
  minFullYearsHeld: number;
  minAssessment: AssessmentGrade;
}

export const DEFAULT_LEVEL_RULES: LevelRules = { minFullYearsHeld: 1, minAssessment: "good" };

export interface LevelFacts {
  /** the person's current certificate (valid or on hold), if any */
  current: { level: Level; status: "valid" | "on_hold"; issuedAt: Date } | null;
  /** the grade of the person's last annual assessment; null: not assessed yet */
  lastAssessment: AssessmentGrade | null;
  rules: LevelRules;
}

export type LevelBlocker =
  | { code: "levelHeld"; level: Level }
  | { code: "lowerLevelRequired"; required: Level }
  | { code: "lowerLevelOnHold"; required: Level }
  | { code: "lowerLevelTooRecent"; required: Level; years: number; eligibleYear: number }
  | { code: "notAssessed"; minimum: AssessmentGrade }
  | { code: "assessmentTooLow"; grade: AssessmentGrade; minimum: AssessmentGrade };

const rank = (level: Level) => LEVELS.indexOf(level);
/** lower is better: excellent 0 … poor 3 */
const gradeRank = (grade: AssessmentGrade) => ASSESSMENT_GRADES.indexOf(grade);

/** Full assessment years a certificate issued at `issuedAt` has been held by `now`. */
export function fullYearsHeld(issuedAt: Date, now: Date): number {
  return Math.max(0, trainingYear(now) - trainingYear(issuedAt) - 1);
}

export function levelBlockers(level: Level, facts: LevelFacts, now: Date): LevelBlocker[] {
  const { current } = facts;
  if (current && rank(current.level) >= rank(level)) return [{ code: "levelHeld", level: current.level }];
  if (level === "junior") return [];
  const required = LEVELS[rank(level) - 1];
  const blockers: LevelBlocker[] = [];
  if (!current || current.level !== required) {
    blockers.push({ code: "lowerLevelRequired", required });
  } else {
    if (current.status === "on_hold") blockers.push({ code: "lowerLevelOnHold", required });
    const years = fullYearsHeld(current.issuedAt, now);
    if (years < facts.rules.minFullYearsHeld) {
      blockers.push({
        code: "lowerLevelTooRecent",
        required,
        years: facts.rules.minFullYearsHeld,
        eligibleYear: trainingYear(current.issuedAt) + 1 + facts.rules.minFullYearsHeld,
      });
    }
  }
  if (facts.lastAssessment === null) blockers.push({ code: "notAssessed", minimum: facts.rules.minAssessment });
  else if (gradeRank(facts.lastAssessment) > gradeRank(facts.rules.minAssessment)) {
    blockers.push({ code: "assessmentTooLow", grade: facts.lastAssessment, minimum: facts.rules.minAssessment });
  }
  return blockers;
}
