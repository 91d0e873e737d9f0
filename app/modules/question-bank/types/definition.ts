import type { z } from "zod";
import type { BankEntry } from "../../exams/types";
import type { QuestionForm } from "../authoring";
import type { ProblemCode } from "../problem-messages";
import type { Area, Difficulty, QuestionType } from "../question";
import type { LooseDraft, Problem } from "../validate";
import type { AnswerOf, DraftOf, PaperViewOf, ReviewViewOf, StateOf } from "./models";

/**
 * A question type as a plug-in (Moodle's question types: one class per type). Everything the
 * platform does with a question that depends on its type goes through ONE object per type
 * implementing this interface, registered in `registry.ts` (`QUESTION_TYPE_REGISTRY`, a
 * `Record<QuestionType, …>`: a missing type or a missing piece is a type error).
 *
 * The part the exam page runs in the browser is `AnswerKit` (in each type's `model.ts`, registered
 * in `answer-kits.ts`): no zod, no server code, so the exam page stays within its JavaScript budget
 * (docs/decisions/012). Everything here is pure: no I/O, no clock. Decision 026.
 */

/** Who gives the mark: `auto` (grade() gives it at submission) or `people` (阅卷: grade() answers "manual"). */
export type Marking = "auto" | "people";

export type SlotOutcome = "correct" | "partial" | "wrong" | "unanswered" | "manual";
export interface SlotGrade {
  /** null only for an answer waiting for a grader */
  markTenths: number | null;
  outcome: SlotOutcome;
}

/** Adds one problem (column: the Chinese column header it is about; code: a catalog key under qb.problems). */
export type AddProblem = (column: string, code: ProblemCode, params?: Problem["params"]) => void;

/** The common fields of a draft, as decoded by a file format or the authoring form. */
export interface DraftCommon {
  stem: string;
  area: Area;
  knowledgePoint: string;
  difficulty: Difficulty;
  explanation: string;
}

/** One row of the Excel/CSV format as a type sees it: the 选项A–H cells (trailing empties kept) and 答案. */
export interface TableCellsOfType {
  common: DraftCommon;
  /** the eight option cells A–H, trimmed */
  optionCells: string[];
  /** the 答案 cell, trimmed */
  answerCell: string;
  /** reports a problem of the 答案 cell (the generic answer checks then skip it) */
  reportAnswer(code: ProblemCode, value: string): void;
  /** reports a problem of option cell `index` (0 = 选项A) */
  reportOption(index: number, code: ProblemCode, params: Record<string, string | number>): void;
}

/** What the type writes into a row: the option columns (A, B, …) and the 答案 cell. */
export interface TableCellsOut {
  items: readonly string[];
  answer: string;
}

/** The `// hongfan:` metadata line our GIFT export writes before a question (what GIFT cannot hold). */
export interface GiftMetadata {
  difficulty?: Difficulty;
  knowledgePoint?: string;
  area?: string;
  /** the blank marker of a one-blank fill-in question when it is not ____ */
  blank?: string;
  /** fill: the accepted answers of every blank; short: the reference answer */
  answer?: string[][] | string;
  markingPoints?: string[];
  /** numeric: the accepted units */
  units?: string[];
}

/** What a GIFT import may change in a question it still imports (a notice, listed with the problems). */
export type GiftNoticeCode = "giftNegativeWeights" | "giftEssayNoReference" | "giftNumericWrongAnswers";

/** The GIFT writer's helpers, passed in (so type files do not import the GIFT module). */
export interface GiftWriteKit {
  /** a text escaped for GIFT (with a [plain] prefix when it would read as a format or comment) */
  text(text: string): string;
  /** a text escaped for GIFT, no prefix (text after an answer block) */
  escape(text: string): string;
  /** an answer line: `=` or `~`, with an optional weight in percent */
  answer(mark: "=" | "~", text: string, weight?: string): string;
  weight(n: number): string;
  /** the explanation as general feedback (`####…`), "" when none */
  feedback: string;
  /** the stem, escaped */
  stem: string;
  meta: GiftMetadata;
}

/** The kinds of GIFT answer block (Moodle's GIFT question kinds). */
export type GiftKind = "essay" | "numerical" | "multichoice" | "matching" | "truefalse" | "shortanswer" | "blanks";

/** One GIFT answer of a block: `=` right, `~` wrong, an optional weight in percent. */
export interface GiftAnswer {
  /** "" for an answer without a mark (a short-answer or numerical block's text) */
  mark: "=" | "~" | "";
  weight?: number;
  text: string;
}

/** What a type reads a GIFT question from (the reader has found the blocks and their kind). */
export interface GiftReadKit {
  kind: GiftKind;
  common: Omit<DraftCommon, "stem" | "explanation">;
  explanation: string;
  meta: GiftMetadata;
  /** the raw answer text of each block (several only for kind "blanks") */
  answerTexts: string[];
  /** the stem with the answer block(s) replaced: `blank` for a fill-in gap, "（ ）" for a choice */
  stemWith(blank: "fill" | "choice" | "none"): string;
  /** a block's answers, split */
  answers(answerText: string): GiftAnswer[];
  /** a GIFT text converted to plain text (HTML removed and noted) */
  toText(text: string): string;
  /** the accepted answers of a short-answer block (refuses partial weights) */
  acceptedAnswers(answerText: string): string[];
  notice(code: GiftNoticeCode, params: Record<string, string>): void;
  /** a weight as GIFT writes it (50, 33.33333) */
  weight(n: number): string;
  /** refuse the question: a GIFT problem code with its parameters */
  refuse(code: "giftSyntax", params?: Record<string, string>): never;
}

/** The authoring form (app/components/question-editor.tsx) ↔ a draft. */
export interface AuthoringCodec<T extends QuestionType> {
  /** the form fields of this type's answer filled from a draft */
  toForm(draft: DraftOf<T>): Partial<QuestionForm>;
  /** the draft from the form, or the problems that kept it from being read (the validator runs after) */
  fromForm(form: QuestionForm, common: DraftCommon): DraftOf<T> | { problems: Problem[] };
  /** the id of the form field the error summary links an answer problem to */
  answerField: string;
  /** the id of the field a problem of the option columns (选项A–H) is about, when not the options A–H */
  optionsField?: string;
}

/** Markdown rendering, passed in by the server (so views stay pure and testable). */
export interface Render {
  markdown(text: string): string;
  inline(text: string): string;
}

/** What the server checks a saved answer against (never the key): counts the answer may not exceed. */
export interface SlotShape {
  type: QuestionType;
  /** choices shown (single / multiple), 0 otherwise */
  optionCount: number;
  /** blanks in the stem (fill), 0 otherwise */
  blankCount: number;
}

/** Random draws for the per-attempt state (the paper's seeded generator). */
export interface StateRandom {
  /** a random permutation of 0..n-1 */
  permutation(n: number): number[];
}

/**
 * The part of a type the exam page runs in the browser (and the server too): pure, no zod.
 * Lives in the type's `model.ts`; `answer-kits.ts` registers them.
 */
export interface AnswerKit<T extends QuestionType> {
  /** nothing given: no choice, every blank empty, no text (the page's 未答 and grading's "unanswered") */
  isUnanswered(answer: AnswerOf<T>): boolean;
}

export interface QuestionTypeDefinition<T extends QuestionType> {
  type: T;
  marking: Marking;

  /* ---------------------------------------------------------------- the bank */
  /** the shape of the draft (content files, JSON columns on read): a z.object with `type: z.literal(T)` */
  draftSchema: z.ZodType<DraftOf<T>>;
  /**
   * This type's problems of a draft (the common fields are checked by validate.ts). `checkAnswer`
   * is false when a decoder already reported the answer's problem. Messages: qb.problems.<code>.
   */
  validate(draft: LooseDraft, context: { add: AddProblem; checkAnswer: boolean; stem: string }): void;
  /** the Excel/CSV row codec: `names[0]` is written in 题型, every name (and the code) is read */
  table: {
    names: readonly string[];
    /** the template's 说明 sheet (Chinese, part of the file format): what this type puts in the 选项 columns ("" for none) and in 答案 */
    help: { options: string; answer: string };
    /** the 示例 row of the Excel template: a question of the content bank (content/questions, by slug) */
    example: { slug: string; draft: DraftOf<T> };
    decode(cells: TableCellsOfType): DraftOf<T>;
    encode(draft: DraftOf<T>): TableCellsOut;
  };
  /** the GIFT codec (Moodle's import/export format) */
  gift: {
    /** the GIFT kinds this type reads; for a kind several types claim, the first in the registry that answers wins */
    reads: readonly GiftKind[];
    /** the draft, or null to let the next type claiming the kind have it */
    read(kit: GiftReadKit): DraftOf<T> | null;
    /** the question text (without the metadata line); may add to `kit.meta` */
    write(draft: DraftOf<T>, kit: GiftWriteKit): string;
  };
  authoring: AuthoringCodec<T>;

  /* ---------------------------------------------------------------- the exam */
  /** the browser-safe part (the exam page) */
  answer: AnswerKit<T>;
  /** what /api/exam/save and the no-JS form accept for this type: a z.object with `type: z.literal(T)` */
  answerSchema: z.ZodType<AnswerOf<T>>;
  /**
   * The hand check of the hot path (the same as answerSchema.safeParse, cheaper): the answer
   * rebuilt, or undefined when not certainly valid (zod then has the last word).
   */
  quickParse(value: Record<string, unknown>): AnswerOf<T> | undefined;
  /** the no-JavaScript form of one question → an answer candidate (checked by answerSchema after), or null for none */
  fromForm(form: { one(name: string): string | null; all(name: string): string[] }): unknown;
  /** the counts a saved answer is checked against, from the stem and the slot's state */
  shape(slot: { stem: string; state: StateOf<T> }): Omit<SlotShape, "type">;
  /** whether an answer of this type fits the slot (within its options, blanks, …) */
  fits(answer: AnswerOf<T>, shape: SlotShape): boolean;
  /**
   * The mark of an answer (never null for `auto`). Answers are in ORIGINAL indices: the
   * per-attempt state never enters grading. `partialCredit` is the exam's switch.
   */
  grade(draft: DraftOf<T>, answer: AnswerOf<T>, maxMarkTenths: number, options: { partialCredit: boolean }): SlotGrade;
  /**
   * The per-attempt state drawn at start (shuffles), stored in exam_attempt_slots.state, never
   * changed afterwards. Must draw nothing for a type without state (the paper draw stays the same).
   */
  drawState(entry: BankEntry, random: StateRandom): StateOf<T>;
  /** reads the stored state (jsonb) */
  stateSchema: z.ZodType<StateOf<T>>;
  /** what the candidate's exam page gets of the question: never a key */
  paperView(draft: DraftOf<T>, state: StateOf<T>, render: Render): PaperViewOf<T>;
  /** the answer review on the result page: the answer, the key */
  reviewView(draft: DraftOf<T>, state: StateOf<T>, answer: AnswerOf<T> | null, render: Render): ReviewViewOf<T>;
  /** whether a corrected key may replace the original in a regrade (same shape; never for `people`) */
  regradable(original: DraftOf<T>, corrected: DraftOf<T>): boolean;
  /**
   * item analysis: the options of the question and the original indices an answer chose ([] / null
   * without options); `labels` names the counted items when they are not options A, B, …
   */
  analysis: {
    options(draft: DraftOf<T>): readonly string[];
    chosen(answer: AnswerOf<T>, draft: DraftOf<T>): number[] | null;
    labels?(draft: DraftOf<T>): string[];
  };
  /** for `people` marking: what the grader sees */
  manual?: { answerText(answer: AnswerOf<T>): string; key(draft: DraftOf<T>): { referenceAnswer: string; markingPoints: string[] } };
}
