import { and, eq, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { examAnswerSteps, exams, examSittings, navigatorApplications, questions, studyYearTotals } from "#db/schema";
import { secondsPerCreditHour } from "~/modules/hours/study-hours";
import { trainingYear } from "~/modules/hours/training-year";
import { insertQuestionsBulk } from "~/modules/question-bank/questions.server";
import { optionLetter, type Area, type Difficulty, type QuestionDraft, type QuestionType } from "~/modules/question-bank/question";
import type { Blueprint, BlueprintSection, RawAnswer } from "~/modules/exams/types";
import { matchingKey } from "~/modules/question-bank/types/matching/rules";
import { createApplication, createUser } from "./index";

/**
 * Exam factories, shared by the exam tests (core, admin, candidate page, grading). Add functions;
 * do not change what others rely on.
 */

type ExamRow = typeof exams.$inferSelect;
type SittingRow = typeof examSittings.$inferSelect;

/** A small blueprint touching every question type: 4 + 2 + 3 + 1 + 1 questions = 11, 30 points. */
export const SMALL_BLUEPRINT: Blueprint = {
  sections: [
    { area: "theory", type: "single", count: 4, pointsTenths: 20, difficultyMin: 1, difficultyMax: 5 },
    { area: "basics", type: "multiple", count: 2, pointsTenths: 40, difficultyMin: 1, difficultyMax: 5 },
    { area: "practice", type: "truefalse", count: 3, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
    { area: "experience", type: "fill", count: 1, pointsTenths: 30, difficultyMin: 1, difficultyMax: 5 },
    { area: "practice", type: "short", count: 1, pointsTenths: 70, difficultyMin: 1, difficultyMax: 5 },
  ],
};

/** SMALL_BLUEPRINT without its short-answer section: graded completely at submission. */
export const OBJECTIVE_BLUEPRINT: Blueprint = { sections: SMALL_BLUEPRINT.sections.filter((s) => s.type !== "short") };

/**
 * A valid question draft of a type (deterministic from `n`): single choice with 4 options,
 * multiple with 4 options and 2 correct, true/false, fill with 2 blanks, short answer.
 */
export function makeDraft(type: QuestionType, area: Area, difficulty: Difficulty, n: number): QuestionDraft {
  const common = { area, difficulty, knowledgePoint: `知识点${n % 7}`, explanation: `解析${n}` };
  switch (type) {
    case "single":
      return {
        ...common,
        type,
        stem: `单选题${n}`,
        options: ["选项甲", "选项乙", "选项丙", "选项丁"].map((o) => `${o}${n}`),
        answer: optionLetter(n % 4),
      };
    case "multiple": {
      const first = n % 3;
      return {
        ...common,
        type,
        stem: `多选题${n}`,
        options: ["甲", "乙", "丙", "丁"].map((o) => `${o}${n}`),
        answer: `${optionLetter(first)}${optionLetter(first + 1 + (n % (3 - first)))}`,
      };
    }
    case "truefalse":
      return { ...common, type, stem: `判断题${n}`, answer: n % 2 === 0 };
    case "fill":
      return { ...common, type, stem: `填空题${n}：第一空____，第二空____。`, answer: [[`答案${n}甲`, `答${n}甲`], [`答案${n}乙`]] };
    case "short":
      return { ...common, type, stem: `简答题${n}`, answer: `参考答案${n}`, markingPoints: [`要点${n}一`, `要点${n}二`] };
    case "matching":
      return {
        ...common,
        type,
        stem: `连线题${n}`,
        pairs: [1, 2, 3].map((k) => ({ premise: `前项${n}-${k}`, response: `后项${n}-${k}` })),
        distractors: [`干扰项${n}`],
      };
    case "numeric":
      return {
        ...common,
        type,
        stem: `数值题${n}`,
        answer: [{ kind: "tolerance", value: n, tolerance: 0.5, percent: 100 }],
        units: ["人"],
      };
  }
}

/** The answer that earns full marks, in ORIGINAL option indices (what the page saves). */
export function correctAnswer(draft: QuestionDraft): RawAnswer {
  switch (draft.type) {
    case "single":
      return { type: "single", choice: draft.answer.charCodeAt(0) - 65 };
    case "multiple":
      return { type: "multiple", choices: [...draft.answer].map((l) => l.charCodeAt(0) - 65) };
    case "truefalse":
      return { type: "truefalse", value: draft.answer };
    case "fill":
      return { type: "fill", blanks: draft.answer.map((accepted) => accepted[0]) };
    case "short":
      return { type: "short", text: `我的回答：${draft.answer}` };
    case "matching":
      return { type: "matching", matches: matchingKey(draft) };
    case "numeric": {
      const [first] = draft.answer;
      return { type: "numeric", text: `${first.kind === "range" ? first.min : first.value}${draft.units[0] ?? ""}` };
    }
  }
}

/** An answer that earns nothing (a short answer has no wrong answer: it gets an empty text). */
export function wrongAnswer(draft: QuestionDraft): RawAnswer {
  switch (draft.type) {
    case "single":
      return { type: "single", choice: (draft.answer.charCodeAt(0) - 65 + 1) % draft.options.length };
    case "multiple": {
      const correct = new Set([...draft.answer].map((l) => l.charCodeAt(0) - 65));
      return { type: "multiple", choices: draft.options.map((_, i) => i).filter((i) => !correct.has(i)) };
    }
    case "truefalse":
      return { type: "truefalse", value: !draft.answer };
    case "fill":
      return { type: "fill", blanks: draft.answer.map(() => "错误答案") };
    case "short":
      return { type: "short", text: "" };
    case "matching": {
      // Every premise given the next premise's response: none right.
      const key = matchingKey(draft);
      return { type: "matching", matches: key.map((_, i) => key[(i + 1) % key.length]) };
    }
    case "numeric":
      return { type: "numeric", text: "不是数字" };
  }
}

let bankCounter = 0;

/**
 * A question bank (the county's own, or official with countyId null) with active questions:
 * `perSection` questions for every class a blueprint's sections match, or explicit `groups`.
 */
export async function createBankWithQuestions(options: {
  countyId: number | null;
  blueprint?: Blueprint;
  /** questions per blueprint section (default: count × 2) */
  perSection?: number;
  groups?: { area: Area; type: QuestionType; difficulty: Difficulty; count: number }[];
  status?: "draft" | "active";
  authorId?: number | null;
}): Promise<{ bankId: number; questionIds: number[] }> {
  const n = ++bankCounter;
  // by name, not through the schema: migration tests build banks on the schema of earlier migrations
  const title = `测试题库${n}-${Math.floor(Math.random() * 1e6)}`;
  const [bank] = rowsOf<{ id: number }>(
    await db().execute(sql`insert into question_banks (title, county_id) values (${title}, ${options.countyId}) returning id`),
  );
  const groups =
    options.groups ??
    (options.blueprint ?? SMALL_BLUEPRINT).sections.map((s: BlueprintSection) => ({
      area: s.area,
      type: s.type,
      difficulty: s.difficultyMin,
      count: options.perSection ?? s.count * 2,
    }));
  const drafts: QuestionDraft[] = [];
  let k = n * 100_000;
  for (const g of groups) for (let i = 0; i < g.count; i++) drafts.push(makeDraft(g.type, g.area, g.difficulty, k++));
  await db().transaction((tx) =>
    insertQuestionsBulk(tx, { bankId: bank.id, status: options.status ?? "active", authorId: options.authorId ?? null, drafts }),
  );
  const rows = await db().select({ id: questions.id }).from(questions).where(eq(questions.bankId, bank.id)).orderBy(questions.id);
  return { bankId: bank.id, questionIds: rows.map((r) => r.id) };
}

/** An exam of a county (published certification exam, junior, 60 minutes, 2 attempts, by default). */
export async function createExam(
  countyId: number,
  overrides: Partial<typeof exams.$inferInsert> & { bankIds: number[] },
): Promise<ExamRow> {
  const blueprint = (overrides.blueprint as Blueprint | undefined) ?? SMALL_BLUEPRINT;
  const max = blueprint.sections.reduce((sum, s) => sum + s.count * s.pointsTenths, 0);
  const kind = overrides.kind ?? "certification";
  const [row] = await db()
    .insert(exams)
    .values({
      title: `测试考试${++bankCounter}`,
      kind,
      level: kind === "certification" ? "junior" : null,
      durationMinutes: 60,
      passMarkTenths: Math.round(max * 0.6),
      attemptsAllowed: 2,
      status: "published",
      partialCredit: false,
      reviewPolicy: "after_release",
      ...overrides,
      countyId,
      blueprint,
    })
    .returning();
  return row;
}

/** A published sitting of an exam, open since an hour ago for 30 days, capacity 100, whole county. */
export async function createSitting(examId: number, overrides: Partial<typeof examSittings.$inferInsert> = {}): Promise<SittingRow> {
  const now = Date.now();
  const [row] = await db()
    .insert(examSittings)
    .values({
      title: `测试场次${++bankCounter}`,
      opensAt: new Date(now - 3600_000),
      closesAt: new Date(now + 30 * 86_400_000),
      capacity: 100,
      status: "published",
      ...overrides,
      examId,
    })
    .returning();
  return row;
}

/** Approves the person's navigator application (creating one if needed). */
export async function approveApplication(userId: number, organizationId: number): Promise<void> {
  const [open] = await db()
    .select({ id: navigatorApplications.id })
    .from(navigatorApplications)
    .where(and(eq(navigatorApplications.userId, userId), sql`${navigatorApplications.status} in ('pending', 'approved')`));
  const id = open?.id ?? (await createApplication(userId, organizationId)).id;
  await db().update(navigatorApplications).set({ status: "approved", decidedAt: new Date() }).where(eq(navigatorApplications.id, id));
}

/** Credits study time in a training year (offline seconds in the yearly rollup). */
export async function creditHours(
  userId: number,
  creditHours: number,
  options: { at?: Date; minutesPerCreditHour?: number } = {},
): Promise<void> {
  const seconds = Math.round(creditHours * secondsPerCreditHour(options.minutesPerCreditHour ?? 45));
  await db()
    .insert(studyYearTotals)
    .values({ userId, year: trainingYear(options.at ?? new Date()), offlineSeconds: seconds })
    .onConflictDoUpdate({
      target: [studyYearTotals.userId, studyYearTotals.year],
      set: { offlineSeconds: sql`${studyYearTotals.offlineSeconds} + ${seconds}` },
    });
}

/** A candidate ready to sit a certification exam: approved application and 32 学时 this year. */
export async function createReadyCandidate(organizationId: number, options: { hours?: number; approved?: boolean; name?: string } = {}) {
  const user = await createUser({ organizationId, name: options.name });
  if (options.approved ?? true) await approveApplication(user.id, organizationId);
  if ((options.hours ?? 32) > 0) await creditHours(user.id, options.hours ?? 32);
  return user;
}

/** Stores an answer step directly (as an accepted save would), at a chosen server time. */
export async function addAnswerStep(input: {
  attemptId: number;
  slotNo: number;
  seq: number;
  answer: RawAnswer | null;
  actorId: number;
  at?: Date;
  flagged?: boolean;
}) {
  await db()
    .insert(examAnswerSteps)
    .values({
      attemptId: input.attemptId,
      slotNo: input.slotNo,
      seq: input.seq,
      // a cleared answer is the JSON null (the column is NOT NULL)
      answer: input.answer ?? sql`'null'::jsonb`,
      flagged: input.flagged ?? false,
      actorId: input.actorId,
      at: input.at ?? new Date(),
    });
}
