import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { examAnswerSteps, examAttempts, examMarks, exams, examSittings, navigatorApplications } from "#db/schema";
import { scopeOf, type Actor } from "../auth/access";
import { forbidden, notFound } from "../errors";
import { creditedSecondsInYear } from "../hours/credited.server";
import { creditHours, requiredMinutes, studyAmount } from "../hours/study-hours";
import { trainingYear } from "../hours/training-year";
import { studySettings } from "../learning/config.server";
import { renderMarkdown } from "../markdown";
import { levelFactsOf } from "../certificates/read.server";
import type { LevelFacts } from "../certificates/level-rule";
import { hasApprovedApplication } from "../navigators/status.server";
import type { Area, QuestionType } from "../question-bank/question";
import type { PaperViewOf, ReviewViewOf } from "../question-bank/types/models";
import { blueprintTotals } from "./blueprint";
import { isExpired } from "./deadline";
import { classTestFacts } from "../classes/membership.server";
import { maySitWhileOpen, startBlockers, type PassedExam, type StartBlocker, type StartInput } from "./eligibility";
import { finalizeIfExpired } from "./finalize.server";
import { paperRender, slotsWithQuestions } from "./paper-versions.server";
import type { SubScores } from "./grading";
import { reviewDecision, type ReviewDecision } from "./review";
import type { Blueprint, ExamKind, Level, RawAnswer, ReviewPolicy } from "./types";

/**
 * The candidate's side of exams (read models for the pages): the exams open to a person and why
 * they may not start one, the instructions of a sitting, the exam page's paper (never a key), and
 * the result. Every function serves the actor's own attempts only: someone else's attempt is
 * notFound, whatever id is typed.
 */

function requireCandidate(actor: Actor): void {
  if (!scopeOf(actor, "take:exam").own) throw forbidden();
}

/* ------------------------------------------------------------------ person facts */

export interface PersonFacts {
  countyId: number;
  townId: number;
  applicationApproved: boolean;
  /** 学时 credited this training year, rounded DOWN to a tenth (31.99 is 31.9, never 32.0) */
  creditedHours: number;
  requiredHours: number;
  /** the same study in whole minutes, and the minimum in minutes (what the learner sees beside 学时) */
  creditedMinutes: number;
  requiredMinutes: number;
  /** certification exams passed (released, passed attempts): no further attempt at them */
  passedCertifications: PassedExam[];
  /** current certificate, last annual assessment, the county's level rules (the level rule) */
  levelFacts: LevelFacts;
}

/** The certification exams a person has passed (released results), with their levels. */
export async function passedCertifications(userId: number, tx: DbOrTx = db()): Promise<PassedExam[]> {
  return tx
    .selectDistinct({ examId: examAttempts.examId, level: exams.level })
    .from(examAttempts)
    .innerJoin(exams, eq(exams.id, examAttempts.examId))
    .where(
      and(
        eq(examAttempts.userId, userId),
        eq(examAttempts.state, "graded"),
        eq(examAttempts.passed, true),
        eq(exams.kind, "certification"),
      ),
    );
}

/**
 * What the start rule needs to know about a person: the approved navigator application, the 学时
 * credited in the current training year (online + offline), and the yearly minimum from the study
 * settings.
 */
export async function personFacts(actor: Pick<Actor, "userId" | "countyId" | "townId">, now = new Date()): Promise<PersonFacts> {
  const [approved, seconds, settings, passed, levelFacts] = await Promise.all([
    hasApprovedApplication(actor.userId),
    creditedSecondsInYear(actor.userId, trainingYear(now)),
    studySettings(),
    passedCertifications(actor.userId),
    levelFactsOf(actor.userId, actor.countyId),
  ]);
  return {
    countyId: actor.countyId,
    townId: actor.townId,
    applicationApproved: approved,
    // The one rounding rule (rounded down to tenths), so the minimum is never reached early.
    creditedHours: creditHours(seconds, settings.minutesPerCreditHour),
    requiredHours: settings.requiredCreditHours,
    creditedMinutes: studyAmount(seconds, settings.minutesPerCreditHour).minutes,
    requiredMinutes: requiredMinutes(settings),
    passedCertifications: passed,
    levelFacts,
  };
}

/**
 * The exams a person may still sit while a sitting of them is open, each with the latest close of
 * such a sitting: an attempt of theirs in progress, or a published sitting in their county and town,
 * not closed, that nothing but time, a seat, 学时 or an application under review keeps them from
 * (`maySitWhileOpen`). What keeps a grader from grading an exam (conflict of interest) and the
 * answer review of an earlier attempt closed (review.ts).
 */
export async function examsPersonMaySit(actor: Actor, tx: DbOrTx = db(), now = new Date()): Promise<Map<number, Date>> {
  const conflicted = new Map<number, Date>();
  if (!scopeOf(actor, "take:exam").own) return conflicted;
  const later = (examId: number, at: Date) => {
    const known = conflicted.get(examId);
    if (!known || known.getTime() < at.getTime()) conflicted.set(examId, at);
  };
  const [sittings, attempts, applications, passed] = await Promise.all([
    tx
      .select({
        examId: exams.id,
        kind: exams.kind,
        level: exams.level,
        examStatus: exams.status,
        attemptsAllowed: exams.attemptsAllowed,
        countyId: exams.countyId,
        status: examSittings.status,
        opensAt: examSittings.opensAt,
        closesAt: examSittings.closesAt,
        capacity: examSittings.capacity,
        townId: examSittings.townId,
      })
      .from(examSittings)
      .innerJoin(exams, eq(exams.id, examSittings.examId))
      .where(
        and(
          eq(exams.countyId, actor.countyId),
          eq(examSittings.status, "published"),
          gt(examSittings.closesAt, now),
          or(isNull(examSittings.townId), eq(examSittings.townId, actor.townId)),
        ),
      ),
    tx
      .select({ examId: examAttempts.examId, state: examAttempts.state, deadlineAt: examAttempts.deadlineAt })
      .from(examAttempts)
      .where(eq(examAttempts.userId, actor.userId)),
    tx.select({ status: navigatorApplications.status }).from(navigatorApplications).where(eq(navigatorApplications.userId, actor.userId)),
    passedCertifications(actor.userId, tx),
  ]);
  for (const a of attempts) if (a.state === "in_progress") later(a.examId, a.deadlineAt);
  const classTests = await classTestFacts(
    sittings.filter((s) => s.kind === "annual").map((s) => s.examId),
    actor.userId,
    tx,
  );
  const approved = applications.some((a) => a.status === "approved");
  const pending = applications.some((a) => a.status === "pending");
  for (const s of sittings) {
    const ofExam = attempts.filter((a) => a.examId === s.examId);
    const may = maySitWhileOpen(
      {
        exam: { id: s.examId, kind: s.kind, level: s.level, status: s.examStatus, attemptsAllowed: s.attemptsAllowed },
        // the capacity and 学时 can change while the sitting is open: they never settle the question
        sitting: {
          status: s.status,
          opensAt: s.opensAt,
          closesAt: s.closesAt,
          capacity: s.capacity,
          startedCount: 0,
          townId: s.townId,
          countyId: s.countyId,
        },
        person: {
          countyId: actor.countyId,
          townId: actor.townId,
          applicationApproved: approved,
          creditedHours: 0,
          requiredHours: 0,
          passedCertifications: passed,
        },
        attemptsUsed: ofExam.length,
        hasAttemptInProgress: ofExam.some((a) => a.state === "in_progress"),
        now,
        classTest: classTests.get(s.examId) ?? null,
      },
      pending,
    );
    if (may) later(s.examId, s.closesAt);
  }
  return conflicted;
}

/* ------------------------------------------------------------------ /exams */

const sittingColumns = {
  sittingId: examSittings.id,
  sittingTitle: examSittings.title,
  opensAt: examSittings.opensAt,
  closesAt: examSittings.closesAt,
  capacity: examSittings.capacity,
  townId: examSittings.townId,
  location: examSittings.location,
  sittingStatus: examSittings.status,
  examId: exams.id,
  examTitle: exams.title,
  kind: exams.kind,
  level: exams.level,
  countyId: exams.countyId,
  examStatus: exams.status,
  durationMinutes: exams.durationMinutes,
  attemptsAllowed: exams.attemptsAllowed,
  passMarkTenths: exams.passMarkTenths,
  blueprint: exams.blueprint,
  instructions: exams.instructions,
  reviewPolicy: exams.reviewPolicy,
};
interface SittingRow {
  examId: number;
  kind: ExamKind;
  level: Level | null;
  examStatus: StartInput["exam"]["status"];
  attemptsAllowed: number;
  sittingStatus: StartInput["sitting"]["status"];
  opensAt: Date;
  closesAt: Date;
  capacity: number;
  townId: number | null;
  countyId: number;
}

type MyAttempt = Awaited<ReturnType<typeof myAttempts>>[number];

async function myAttempts(userId: number) {
  return db()
    .select({
      id: examAttempts.id,
      examId: examAttempts.examId,
      sittingId: examAttempts.sittingId,
      attemptNo: examAttempts.attemptNo,
      state: examAttempts.state,
      startedAt: examAttempts.startedAt,
      deadlineAt: examAttempts.deadlineAt,
      finishedAt: examAttempts.finishedAt,
      markTenths: examAttempts.markTenths,
      maxMarkTenths: examAttempts.maxMarkTenths,
      passed: examAttempts.passed,
      examTitle: exams.title,
      kind: exams.kind,
      level: exams.level,
      sittingTitle: examSittings.title,
    })
    .from(examAttempts)
    .innerJoin(exams, eq(exams.id, examAttempts.examId))
    .innerJoin(examSittings, eq(examSittings.id, examAttempts.sittingId))
    .where(eq(examAttempts.userId, userId))
    .orderBy(desc(examAttempts.startedAt));
}

/** Closes the actor's attempts whose time ran out (lazily, on access); true when one was closed. */
async function closeExpired(attempts: readonly MyAttempt[], now: Date): Promise<boolean> {
  const expired = attempts.filter((a) => a.state === "in_progress" && isExpired(a.deadlineAt, now));
  for (const a of expired) await finalizeIfExpired(a.id, now);
  return expired.length > 0;
}

async function startedCounts(sittingIds: number[]): Promise<Map<number, number>> {
  if (!sittingIds.length) return new Map();
  const rows = await db()
    .select({ sittingId: examAttempts.sittingId, count: sql<number>`count(*)::int` })
    .from(examAttempts)
    .where(inArray(examAttempts.sittingId, sittingIds))
    .groupBy(examAttempts.sittingId);
  return new Map(rows.map((r) => [r.sittingId, Number(r.count)]));
}

function startInput(
  row: SittingRow,
  person: PersonFacts,
  attempts: readonly MyAttempt[],
  startedCount: number,
  now: Date,
  classTests: ReadonlyMap<number, { member: boolean }> = new Map(),
): StartInput {
  const ofExam = attempts.filter((a) => a.examId === row.examId);
  return {
    exam: { id: row.examId, kind: row.kind, level: row.level, status: row.examStatus, attemptsAllowed: row.attemptsAllowed },
    sitting: {
      status: row.sittingStatus,
      opensAt: row.opensAt,
      closesAt: row.closesAt,
      capacity: row.capacity,
      startedCount,
      townId: row.townId,
      countyId: row.countyId,
    },
    person,
    attemptsUsed: ofExam.length,
    hasAttemptInProgress: ofExam.some((a) => a.state === "in_progress"),
    now,
    classTest: classTests.get(row.examId) ?? null,
  };
}

export interface OpenSitting {
  sittingId: number;
  sittingTitle: string;
  examTitle: string;
  kind: ExamKind;
  level: Level | null;
  opensAt: Date;
  closesAt: Date;
  location: string;
  durationMinutes: number;
  attemptsAllowed: number;
  attemptsUsed: number;
  /** the attempt to resume, when one of this exam is in progress */
  resumeAttemptId: number | null;
  blockers: StartBlocker[];
}

/**
 * 我的考试: the published sittings of published exams of the person's county, in their town scope,
 * not yet closed (or with an attempt of theirs to resume), each with what stops them from starting;
 * and every attempt of theirs with its result once released.
 */
export async function listMyExams(actor: Actor, now = new Date()) {
  requireCandidate(actor);
  let attempts = await myAttempts(actor.userId);
  if (await closeExpired(attempts, now)) attempts = await myAttempts(actor.userId);
  const inProgress = attempts.filter((a) => a.state === "in_progress");
  const rows = await db()
    .select(sittingColumns)
    .from(examSittings)
    .innerJoin(exams, eq(exams.id, examSittings.examId))
    .where(
      and(
        eq(exams.countyId, actor.countyId),
        eq(exams.status, "published"),
        eq(examSittings.status, "published"),
        or(isNull(examSittings.townId), eq(examSittings.townId, actor.townId)),
        inProgress.length
          ? or(
              gt(examSittings.closesAt, now),
              inArray(
                examSittings.id,
                inProgress.map((a) => a.sittingId),
              ),
            )
          : gt(examSittings.closesAt, now),
      ),
    )
    .orderBy(asc(examSittings.opensAt), asc(examSittings.id));
  const [person, counts, classTests] = await Promise.all([
    personFacts(actor, now),
    startedCounts(rows.map((r) => r.sittingId)),
    classTestFacts(
      rows.filter((r) => r.kind === "annual").map((r) => r.examId),
      actor.userId,
    ),
  ]);
  const open: OpenSitting[] = rows.map((row) => {
    const resume = inProgress.find((a) => a.examId === row.examId) ?? null;
    return {
      sittingId: row.sittingId,
      sittingTitle: row.sittingTitle,
      examTitle: row.examTitle,
      kind: row.kind,
      level: row.level,
      opensAt: row.opensAt,
      closesAt: row.closesAt,
      location: row.location,
      durationMinutes: row.durationMinutes,
      attemptsAllowed: row.attemptsAllowed,
      attemptsUsed: attempts.filter((a) => a.examId === row.examId).length,
      resumeAttemptId: resume?.id ?? null,
      blockers: startBlockers(startInput(row, person, attempts, counts.get(row.sittingId) ?? 0, now, classTests)),
    };
  });
  const history = attempts.map((a) => ({
    id: a.id,
    examTitle: a.examTitle,
    sittingTitle: a.sittingTitle,
    kind: a.kind,
    level: a.level,
    attemptNo: a.attemptNo,
    state: a.state,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
    // Marks only once the result is released.
    ...(a.state === "graded"
      ? { markTenths: a.markTenths, maxMarkTenths: a.maxMarkTenths, passed: a.passed }
      : { markTenths: null, maxMarkTenths: null, passed: null }),
  }));
  return { open, history, person };
}

/* ------------------------------------------------------------------ /exams/sittings/$sittingId */

/**
 * A sitting's instructions page: the exam's facts, the sitting window, the instructions (Markdown,
 * rendered here), and whether the person may start (or resume). A sitting outside the person's
 * scope, or not published, is notFound.
 */
export async function getSittingForCandidate(actor: Actor, sittingId: number, now = new Date()) {
  requireCandidate(actor);
  const [row] = await db()
    .select(sittingColumns)
    .from(examSittings)
    .innerJoin(exams, eq(exams.id, examSittings.examId))
    .where(eq(examSittings.id, sittingId));
  if (!row) throw notFound();
  if (row.countyId !== actor.countyId || (row.townId != null && row.townId !== actor.townId)) throw notFound();
  if (row.examStatus === "draft" || row.sittingStatus === "draft") throw notFound();
  let attempts = await myAttempts(actor.userId);
  if (await closeExpired(attempts, now)) attempts = await myAttempts(actor.userId);
  const [person, counts, classTests] = await Promise.all([
    personFacts(actor, now),
    startedCounts([row.sittingId]),
    row.kind === "annual" ? classTestFacts([row.examId], actor.userId) : Promise.resolve(new Map<number, { member: boolean }>()),
  ]);
  const totals = blueprintTotals(row.blueprint as Blueprint);
  const resume = attempts.find((a) => a.examId === row.examId && a.state === "in_progress") ?? null;
  return {
    sitting: { id: row.sittingId, title: row.sittingTitle, opensAt: row.opensAt, closesAt: row.closesAt, location: row.location },
    exam: {
      title: row.examTitle,
      kind: row.kind,
      level: row.level,
      durationMinutes: row.durationMinutes,
      questions: totals.questions,
      maxMarkTenths: totals.maxMarkTenths,
      passMarkTenths: row.passMarkTenths,
      attemptsAllowed: row.attemptsAllowed,
      reviewPolicy: row.reviewPolicy,
      instructionsHtml: row.instructions.trim() ? renderMarkdown(row.instructions) : "",
    },
    attemptsUsed: attempts.filter((a) => a.examId === row.examId).length,
    resumeAttemptId: resume?.id ?? null,
    blockers: startBlockers(startInput(row, person, attempts, counts.get(row.sittingId) ?? 0, now, classTests)),
  };
}

/* ------------------------------------------------------------------ /exams/attempts/$attemptId */

async function ownAttempt(actor: Actor, attemptId: number) {
  const [attempt] = await db()
    .select({
      id: examAttempts.id,
      userId: examAttempts.userId,
      examId: examAttempts.examId,
      sittingId: examAttempts.sittingId,
      attemptNo: examAttempts.attemptNo,
      state: examAttempts.state,
      startedAt: examAttempts.startedAt,
      deadlineAt: examAttempts.deadlineAt,
      finishedAt: examAttempts.finishedAt,
      finishedBy: examAttempts.finishedBy,
      maxMarkTenths: examAttempts.maxMarkTenths,
      markTenths: examAttempts.markTenths,
      passed: examAttempts.passed,
      subScores: examAttempts.subScores,
      releasedAt: examAttempts.releasedAt,
    })
    .from(examAttempts)
    .where(eq(examAttempts.id, attemptId));
  if (!attempt || attempt.userId !== actor.userId) throw notFound();
  return attempt;
}

/** The answer that counts per slot (the highest seq) with its seq and flag. */
async function currentAnswers(attemptId: number): Promise<Map<number, { seq: number; answer: RawAnswer | null; flagged: boolean }>> {
  const rows = await db()
    .selectDistinctOn([examAnswerSteps.slotNo], {
      slotNo: examAnswerSteps.slotNo,
      seq: examAnswerSteps.seq,
      answer: examAnswerSteps.answer,
      flagged: examAnswerSteps.flagged,
    })
    .from(examAnswerSteps)
    .where(eq(examAnswerSteps.attemptId, attemptId))
    .orderBy(examAnswerSteps.slotNo, desc(examAnswerSteps.seq));
  return new Map(rows.map((r) => [r.slotNo, { seq: r.seq, answer: (r.answer ?? null) as RawAnswer | null, flagged: r.flagged }]));
}

const render = paperRender;

/**
 * What the exam page shows of a slot: the question as the candidate sees it, nothing of its key.
 * `type`, `stemHtml` and the rest are the type's paper view (its definition's `paperView`: choice
 * types give the options in the candidate's shown order, each with its ORIGINAL index).
 */
export type PaperSlot = { slotNo: number; area: Area; maxMarkTenths: number } & PaperViewOf<QuestionType>;

export type AttemptPage =
  | { kind: "finished"; attemptId: number }
  | {
      kind: "open";
      attempt: { id: number; attemptNo: number; startedAt: Date; deadlineAt: string; serverNow: string };
      exam: { title: string; durationMinutes: number };
      slots: PaperSlot[];
      answers: Record<number, { answer: RawAnswer | null; flagged: boolean }>;
      lastSeq: Record<number, number>;
    };

/**
 * The exam page of the actor's own attempt. An attempt whose time ran out is closed here first
 * (lazily, whatever the sweeper has done); a finished attempt answers { kind: "finished" } (the page
 * goes to the result). The paper carries stems and options in the candidate's shown order, the
 * current answers and flags and the last seq per slot: no correct answer, explanation, reference
 * answer or marking point.
 */
export async function getAttemptPage(actor: Actor, attemptId: number, now = new Date()): Promise<AttemptPage> {
  requireCandidate(actor);
  let attempt = await ownAttempt(actor, attemptId);
  if (attempt.state === "in_progress" && isExpired(attempt.deadlineAt, now)) {
    await finalizeIfExpired(attemptId, now);
    attempt = await ownAttempt(actor, attemptId);
  }
  if (attempt.state !== "in_progress") return { kind: "finished", attemptId };
  const [[exam], slots, current] = await Promise.all([
    db().select({ title: exams.title, durationMinutes: exams.durationMinutes }).from(exams).where(eq(exams.id, attempt.examId)),
    slotsWithQuestions(attemptId),
    currentAnswers(attemptId),
  ]);
  const paper: PaperSlot[] = slots.map((s) => ({
    slotNo: s.slotNo,
    area: s.area,
    maxMarkTenths: s.maxMarkTenths,
    // The slot's type says what the candidate sees (its draft is the slot's version, of that type).
    ...s.definition.paperView(s.draft, s.state, render),
  }));
  const answers: Record<number, { answer: RawAnswer | null; flagged: boolean }> = {};
  const lastSeq: Record<number, number> = {};
  for (const [slotNo, step] of current) {
    answers[slotNo] = { answer: step.answer, flagged: step.flagged };
    lastSeq[slotNo] = step.seq;
  }
  return {
    kind: "open",
    attempt: {
      id: attempt.id,
      attemptNo: attempt.attemptNo,
      startedAt: attempt.startedAt,
      deadlineAt: attempt.deadlineAt.toISOString(),
      serverNow: now.toISOString(),
    },
    exam: exam ?? { title: "", durationMinutes: 0 },
    slots: paper,
    answers,
    lastSeq,
  };
}

/* ------------------------------------------------------------------ /exams/attempts/$attemptId/result */

/** One question of the answer review: the mark, the answer, and the type's review view (its key). */
export type ReviewSlot = {
  slotNo: number;
  area: Area;
  maxMarkTenths: number;
  markTenths: number | null;
  comment: string;
  answer: RawAnswer | null;
  explanationHtml: string;
} & ReviewViewOf<QuestionType>;

export type AttemptResult =
  | { kind: "inProgress"; attemptId: number }
  | {
      kind: "result";
      attempt: {
        id: number;
        attemptNo: number;
        state: "submitted" | "graded";
        startedAt: Date;
        deadlineAt: Date;
        finishedAt: Date | null;
        finishedBy: "candidate" | "deadline" | "sweeper" | null;
      };
      exam: { title: string; kind: ExamKind; level: Level | null; passMarkTenths: number; reviewPolicy: ReviewPolicy };
      sitting: { title: string; closesAt: Date };
      /** only once released */
      score: { markTenths: number; maxMarkTenths: number; passed: boolean; subScores: SubScores | null } | null;
      /** only when the review policy allows it now */
      review: ReviewSlot[] | null;
      /** why there is no review yet, and when it opens (review.ts) */
      reviewState: ReviewDecision;
    };

/**
 * The result page of the actor's own attempt: before release only that it is submitted and being
 * graded (no marks); once released the total, pass or fail and the sub-scores; the answer review
 * (answers, keys, explanations) only when the exam's review policy allows it now and the candidate
 * can no longer sit the exam again (review.ts: attempts used up, passed, or the last sitting closed).
 */
export async function getAttemptResult(actor: Actor, attemptId: number, now = new Date()): Promise<AttemptResult> {
  requireCandidate(actor);
  let attempt = await ownAttempt(actor, attemptId);
  if (attempt.state === "in_progress") {
    if (!isExpired(attempt.deadlineAt, now)) return { kind: "inProgress", attemptId };
    await finalizeIfExpired(attemptId, now);
    attempt = await ownAttempt(actor, attemptId);
    if (attempt.state === "in_progress") return { kind: "inProgress", attemptId };
  }
  const [row] = await db()
    .select({
      title: exams.title,
      kind: exams.kind,
      level: exams.level,
      passMarkTenths: exams.passMarkTenths,
      reviewPolicy: exams.reviewPolicy,
      sittingTitle: examSittings.title,
      closesAt: examSittings.closesAt,
    })
    .from(exams)
    .innerJoin(examSittings, eq(examSittings.id, attempt.sittingId))
    .where(eq(exams.id, attempt.examId));
  if (!row) throw notFound();
  const released = attempt.state === "graded";
  const score =
    released && attempt.markTenths != null
      ? {
          markTenths: attempt.markTenths,
          maxMarkTenths: attempt.maxMarkTenths,
          passed: Boolean(attempt.passed),
          subScores: (attempt.subScores ?? null) as SubScores | null,
        }
      : null;
  // No answers while the candidate may still sit this exam again (a retake may draw the same questions).
  const retakeUntil =
    released && row.reviewPolicy !== "never" ? ((await examsPersonMaySit(actor, db(), now)).get(attempt.examId) ?? null) : null;
  const reviewState = reviewDecision({ policy: row.reviewPolicy, released, sittingClosesAt: row.closesAt, retakeUntil, now });
  const review = reviewState.open ? await reviewOf(attemptId) : null;
  return {
    kind: "result",
    attempt: {
      id: attempt.id,
      attemptNo: attempt.attemptNo,
      state: attempt.state as "submitted" | "graded",
      startedAt: attempt.startedAt,
      deadlineAt: attempt.deadlineAt,
      finishedAt: attempt.finishedAt,
      finishedBy: attempt.finishedBy,
    },
    exam: { title: row.title, kind: row.kind, level: row.level, passMarkTenths: row.passMarkTenths, reviewPolicy: row.reviewPolicy },
    sitting: { title: row.sittingTitle, closesAt: row.closesAt },
    score,
    review,
    reviewState,
  };
}

async function reviewOf(attemptId: number): Promise<ReviewSlot[]> {
  const [slots, current, marks] = await Promise.all([
    slotsWithQuestions(attemptId),
    currentAnswers(attemptId),
    db()
      .selectDistinctOn([examMarks.slotNo], { slotNo: examMarks.slotNo, markTenths: examMarks.markTenths, comment: examMarks.comment })
      .from(examMarks)
      .where(eq(examMarks.attemptId, attemptId))
      .orderBy(examMarks.slotNo, desc(examMarks.id)),
  ]);
  const markOf = new Map(marks.map((m) => [m.slotNo, m]));
  return slots.map((s) => {
    const draft = s.draft;
    const stored = current.get(s.slotNo)?.answer ?? null;
    // An answer of another type than the slot's (a mixed-up save) is shown as none.
    const answer = stored && stored.type === s.type ? stored : null;
    const mark = markOf.get(s.slotNo);
    return {
      slotNo: s.slotNo,
      area: s.area,
      maxMarkTenths: s.maxMarkTenths,
      markTenths: mark?.markTenths ?? null,
      comment: mark?.comment ?? "",
      answer,
      ...s.definition.reviewView(draft, s.state, answer, render),
      explanationHtml: draft.explanation.trim() ? renderMarkdown(draft.explanation) : "",
    };
  });
}
