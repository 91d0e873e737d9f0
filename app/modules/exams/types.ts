import type { Area, Difficulty, QuestionType } from "../question-bank/question";
import type { AnswerOf, SlotState } from "../question-bank/types/models";

/**
 * The exam module's shared vocabulary. Pure types and constants only: every part of the exam
 * capability (definitions, the paper draw, the exam page, saving, grading, item analysis) speaks
 * in these terms. Points are integers in tenths of a point (`...Tenths`) so sums stay exact.
 */

export const EXAM_KINDS = ["certification", "annual"] as const;
export type ExamKind = (typeof EXAM_KINDS)[number];

export const LEVELS = ["junior", "intermediate", "senior"] as const;
export type Level = (typeof LEVELS)[number];

export const REVIEW_POLICIES = ["never", "after_release", "after_close"] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];

/** One section of a blueprint: `count` questions of one area and type, each worth `pointsTenths`. */
export interface BlueprintSection {
  area: Area;
  type: QuestionType;
  count: number;
  pointsTenths: number;
  difficultyMin: Difficulty;
  difficultyMax: Difficulty;
}

export interface Blueprint {
  sections: BlueprintSection[];
}

/**
 * The facts of one drawable question version in the bank snapshot a paper is drawn from (active
 * questions of the exam's banks, their current version).
 */
export interface BankEntry {
  questionId: number;
  versionId: number;
  type: QuestionType;
  area: Area;
  difficulty: Difficulty;
  /** the length of the version's `options` (choice questions), 0 for a type without options */
  optionCount: number;
}

/** A slot of a drawn paper, in the order the candidate sees it (slotNo from 1). */
export interface DrawnSlot {
  slotNo: number;
  section: number;
  questionVersionId: number;
  type: QuestionType;
  area: Area;
  /** the per-attempt state the type drew (choice types: the option order), decision 026 */
  state: SlotState;
  maxMarkTenths: number;
}

/**
 * A candidate's answer to one slot, always in ORIGINAL option indices (0-based, A = 0), so grading
 * never depends on the shuffle. `null` means unanswered (cleared).
 */
export type RawAnswer = AnswerOf<QuestionType>;

/** One stored save of a slot (exam_answer_steps). */
export interface AnswerStep {
  seq: number;
  answer: RawAnswer | null;
  flagged: boolean;
  at: Date;
}

/** Sub-score groups on the result: 理论 (theory + basics) and 实务 (practice + experience). */
export const AREA_GROUP: Readonly<Record<Area, "theory" | "practice">> = {
  theory: "theory",
  basics: "theory",
  practice: "practice",
  experience: "practice",
};

/** Save a request in flight at the deadline may still land this long after it (see deadline.ts). */
export const DEFAULT_SAVE_GRACE_SECONDS = 15;
/** How often the deadline sweeper runs in each app instance. */
export const SWEEP_INTERVAL_SECONDS = 15;
