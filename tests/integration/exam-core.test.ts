import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { violatesCheck } from "#db/pg-errors";
import { int, json, rowsOf, runScript, text } from "#db/sql-text.server";
import {
  archiveEvents,
  auditLog,
  examAttemptEvents,
  examAttempts,
  examAttemptSlots,
  examMarks,
  examSittings,
  notifications,
  questionBanks,
  questions,
  questionVersions,
} from "#db/schema";
import { startAttempt, reproducePaper, StartBlockedError } from "~/modules/exams/attempts.server";
import { clearBankSnapshotCache, loadBankSnapshot, SNAPSHOT_TTL_MS } from "~/modules/exams/bank-snapshot.server";
import { checkBlueprint } from "~/modules/exams/blueprint";
import {
  finalizeAttempt,
  finalizeIfExpired,
  recomputeReleased,
  regradeQuestionVersion,
  releaseIfComplete,
  sweepExpiredAttempts,
} from "~/modules/exams/finalize.server";
import type { StartBlocker } from "~/modules/exams/eligibility";
import type { QuestionDraft } from "~/modules/question-bank/question";
import { actorOf, createPlace, createUser } from "../factories";
import {
  addAnswerStep,
  correctAnswer,
  createBankWithQuestions,
  createExam,
  createReadyCandidate,
  createSitting,
  makeDraft,
  OBJECTIVE_BLUEPRINT,
  SMALL_BLUEPRINT,
  wrongAnswer,
} from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";
import { verifyArchive } from "~/modules/archive/verify.server";
import { insertQuestionsBulk } from "~/modules/question-bank/questions.server";
import type { Blueprint } from "~/modules/exams/types";

const MINUTE = 60_000;
/** one objective question per section: a bank of exactly these is drawn whole by every paper */
const ONE_EACH: Blueprint = { sections: OBJECTIVE_BLUEPRINT.sections.map((s) => ({ ...s, count: 1 })) };

async function slotsOf(attemptId: number) {
  return db()
    .select({ slot: examAttemptSlots, body: questionVersions.body })
    .from(examAttemptSlots)
    .innerJoin(questionVersions, eq(questionVersions.id, examAttemptSlots.questionVersionId))
    .where(eq(examAttemptSlots.attemptId, attemptId))
    .orderBy(asc(examAttemptSlots.slotNo));
}

async function attemptRow(attemptId: number) {
  const [row] = await db().select().from(examAttempts).where(eq(examAttempts.id, attemptId));
  return row;
}

async function marksOf(attemptId: number) {
  return db().select().from(examMarks).where(eq(examMarks.attemptId, attemptId)).orderBy(asc(examMarks.id));
}

/** Answers every slot (correctly unless `wrong` says otherwise) as the page would, seq 1, at `at`. */
async function answerAll(attemptId: number, userId: number, at: Date, wrong: (slotNo: number) => boolean = () => false) {
  for (const { slot, body } of await slotsOf(attemptId)) {
    const draft = body as QuestionDraft;
    await addAnswerStep({
      attemptId,
      slotNo: slot.slotNo,
      seq: 1,
      answer: wrong(slot.slotNo) ? wrongAnswer(draft) : correctAnswer(draft),
      actorId: userId,
      at,
    });
  }
}

async function blockersOf(promise: Promise<unknown>): Promise<StartBlocker["code"][]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StartBlockedError) return error.blockers.map((b) => b.code);
    throw error;
  }
  throw new Error("expected the start to be blocked");
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`exam core on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let bankId: number;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      ({ bankId } = await createBankWithQuestions({ countyId: place.county.id, perSection: 12 }));
    });
    afterAll(async () => {
      // every archive writer exercised by these tests left unbroken chains (decision 019)
      const { broken } = await verifyArchive(db());
      await drop();
      expect(broken).toEqual([]);
    });

    it("the bank snapshot holds the active questions at their current version, and fills the blueprint", async () => {
      const snapshot = await loadBankSnapshot([bankId]);
      expect(snapshot).toHaveLength(60);
      expect(checkBlueprint(SMALL_BLUEPRINT, snapshot)).toEqual([]);
      expect(snapshot.filter((e) => e.type === "single" || e.type === "multiple").every((e) => e.optionCount === 4)).toBe(true);
      expect(snapshot.filter((e) => e.type !== "single" && e.type !== "multiple").every((e) => e.optionCount === 0)).toBe(true);
      const drafts = await createBankWithQuestions({
        countyId: place.county.id,
        status: "draft",
        groups: [{ area: "theory", type: "single", difficulty: 1, count: 3 }],
      });
      expect(await loadBankSnapshot([drafts.bankId])).toEqual([]);
      expect(await loadBankSnapshot([])).toEqual([]);
    });

    it("a start draws the candidate's paper from the blueprint; a second start resumes it", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId] });
      const sitting = await createSitting(exam.id);
      const user = await createReadyCandidate(place.organization.id);
      const actor = await actorOf(user.id);
      const now = new Date();
      const first = await startAttempt(actor, sitting.id, now);
      expect(first.resumed).toBe(false);
      const attempt = await attemptRow(first.attemptId);
      expect(attempt).toMatchObject({
        examId: exam.id,
        sittingId: sitting.id,
        userId: user.id,
        attemptNo: 1,
        state: "in_progress",
        maxMarkTenths: 290,
      });
      expect(attempt.deadlineAt.getTime()).toBe(now.getTime() + 60 * MINUTE);
      expect(attempt.seed.length).toBeGreaterThanOrEqual(16);
      const slots = await slotsOf(first.attemptId);
      expect(slots.map((s) => [s.slot.section, s.slot.type, s.slot.area, s.slot.maxMarkTenths])).toEqual(
        SMALL_BLUEPRINT.sections.flatMap((sec, i) => Array.from({ length: sec.count }, () => [i, sec.type, sec.area, sec.pointsTenths])),
      );
      expect(new Set(slots.map((s) => s.slot.questionVersionId)).size).toBe(11);
      for (const { slot, body } of slots) {
        const draft = body as QuestionDraft;
        expect(draft.type).toBe(slot.type);
        if (draft.type === "single" || draft.type === "multiple")
          expect([...(slot.state as { optionOrder: number[] }).optionOrder].sort()).toEqual([0, 1, 2, 3]);
        else expect(slot.state).toEqual({});
      }

      const again = await startAttempt(actor, sitting.id, new Date(now.getTime() + MINUTE));
      expect(again).toEqual({ attemptId: first.attemptId, resumed: true });
      const events = await db().select().from(examAttemptEvents).where(eq(examAttemptEvents.attemptId, first.attemptId));
      expect(events.map((e) => e.kind)).toEqual(["resume"]);

      // The stored seed reproduces the paper from the same snapshot.
      expect((await reproducePaper(first.attemptId)).identical).toBe(true);
      // Another candidate gets another paper.
      const other = await startAttempt(await actorOf((await createReadyCandidate(place.organization.id)).id), sitting.id, now);
      const otherSlots = await slotsOf(other.attemptId);
      expect(otherSlots.map((s) => [s.slot.questionVersionId, s.slot.state])).not.toEqual(
        slots.map((s) => [s.slot.questionVersionId, s.slot.state]),
      );
    });

    it("tells every reason a start is refused, and hides sittings of other counties and towns", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId], attemptsAllowed: 1 });
      const sitting = await createSitting(exam.id, { opensAt: new Date(Date.now() + 3600_000), closesAt: new Date(Date.now() + 7200_000) });
      const novice = await createReadyCandidate(place.organization.id, { approved: false, hours: 20 });
      expect(await blockersOf(startAttempt(await actorOf(novice.id), sitting.id))).toEqual([
        "applicationNotApproved",
        "hoursShort",
        "notOpenYet",
      ]);

      const foreign = await createPlace();
      const outsider = await createReadyCandidate(foreign.organization.id);
      await expect(startAttempt(await actorOf(outsider.id), sitting.id)).rejects.toMatchObject({ code: "notFound" });
      const townSitting = await createSitting(exam.id, { townId: foreign.town.id });
      await expect(startAttempt(await actorOf(novice.id), townSitting.id)).rejects.toMatchObject({ code: "notFound" });
      await expect(startAttempt(await actorOf(novice.id), 987654)).rejects.toMatchObject({ code: "notFound" });

      const admin = await createUser({
        organizationId: place.organization.id,
        roles: [{ role: "county_admin", countyId: place.county.id }],
      });
      await expect(startAttempt(await actorOf(admin.id), sitting.id)).rejects.toMatchObject({ code: "forbidden" });

      // One attempt allowed: after it is finished, no more.
      const open = await createSitting(exam.id);
      const ready = await actorOf((await createReadyCandidate(place.organization.id)).id);
      const { attemptId } = await startAttempt(ready, open.id);
      expect(await finalizeAttempt(attemptId, "candidate")).toBe("finalized");
      expect(await blockersOf(startAttempt(ready, open.id))).toEqual(["noAttemptsLeft"]);
    });

    it("capacity holds when many start at once", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId] });
      const sitting = await createSitting(exam.id, { capacity: 5 });
      const actors = await Promise.all(
        Array.from({ length: 16 }, async () => actorOf((await createReadyCandidate(place.organization.id)).id)),
      );
      const outcomes = await Promise.allSettled(actors.map((a) => startAttempt(a, sitting.id)));
      const started = outcomes.filter((o) => o.status === "fulfilled");
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(started).toHaveLength(5);
      expect(refused.map((o) => (o.reason as StartBlockedError).blockers)).toEqual(Array(11).fill([{ code: "full", capacity: 5 }]));
      expect(await db().select({ id: examAttempts.id }).from(examAttempts).where(eq(examAttempts.sittingId, sitting.id))).toHaveLength(5);
      // 已开始 is the sitting's counter, kept by the database (migration 0029)
      const [row] = await db().select({ seatsTaken: examSittings.seatsTaken }).from(examSittings).where(eq(examSittings.id, sitting.id));
      expect(row.seatsTaken).toBe(5);
    });

    it("the database itself refuses an attempt beyond the capacity, undoing everything written with it", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId] });
      const sitting = await createSitting(exam.id, { capacity: 1 });
      const first = await actorOf((await createReadyCandidate(place.organization.id)).id);
      await startAttempt(first, sitting.id);
      const second = await createReadyCandidate(place.organization.id);
      // written past the rules, as a bug would: the seat is taken at commit and the check refuses it
      const write = db().transaction(async (tx) => {
        const [attempt] = await tx
          .insert(examAttempts)
          .values({
            examId: exam.id,
            sittingId: sitting.id,
            userId: second.id,
            attemptNo: 1,
            seed: "past-the-rules",
            state: "in_progress",
            startedAt: new Date(),
            deadlineAt: new Date(Date.now() + 3_600_000),
            maxMarkTenths: 10,
          })
          .returning({ id: examAttempts.id });
        return attempt.id;
      });
      const error = await write.then(
        () => null,
        (e: unknown) => e,
      );
      expect(violatesCheck(error, "exam_sittings_seats")).toBe(true);
      expect(await db().select({ id: examAttempts.id }).from(examAttempts).where(eq(examAttempts.sittingId, sitting.id))).toHaveLength(1);
      const [row] = await db().select({ seatsTaken: examSittings.seatsTaken }).from(examSittings).where(eq(examSittings.id, sitting.id));
      expect(row.seatsTaken).toBe(1);
    });

    it("two tabs starting at once end with one attempt, which both get", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId] });
      const sittingA = await createSitting(exam.id);
      const sittingB = await createSitting(exam.id);
      const actor = await actorOf((await createReadyCandidate(place.organization.id)).id);
      const [a, b] = await Promise.all([startAttempt(actor, sittingA.id), startAttempt(actor, sittingA.id)]);
      expect(a.attemptId).toBe(b.attemptId);
      expect([a.resumed, b.resumed].sort()).toEqual([false, true]);
      // through two sittings of the same exam at once: still one attempt
      const other = await actorOf((await createReadyCandidate(place.organization.id)).id);
      const [c, d] = await Promise.all([startAttempt(other, sittingA.id), startAttempt(other, sittingB.id)]);
      expect(c.attemptId).toBe(d.attemptId);
      const rows = await db()
        .select()
        .from(examAttempts)
        .where(and(eq(examAttempts.examId, exam.id), inArray(examAttempts.userId, [actor.userId, other.userId])));
      expect(rows).toHaveLength(2);
    });

    it("grading ignores answers stored after deadline + grace; finished_at never passes the deadline", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId], blueprint: OBJECTIVE_BLUEPRINT, durationMinutes: 10 });
      const sitting = await createSitting(exam.id);
      const user = await createReadyCandidate(place.organization.id);
      const startedAt = new Date(Date.now() - 40 * MINUTE);
      const { attemptId } = await startAttempt(await actorOf(user.id), sitting.id, startedAt);
      const { deadlineAt } = await attemptRow(attemptId);
      expect(deadlineAt.getTime()).toBe(startedAt.getTime() + 10 * MINUTE);
      await answerAll(attemptId, user.id, new Date(startedAt.getTime() + 5 * MINUTE));
      // A save that landed in the grace period counts; one after it does not.
      const slots = await slotsOf(attemptId);
      const [inGrace, late] = slots;
      await addAnswerStep({
        attemptId,
        slotNo: inGrace.slot.slotNo,
        seq: 2,
        answer: wrongAnswer(inGrace.body as QuestionDraft),
        actorId: user.id,
        at: new Date(deadlineAt.getTime() + 10_000),
      });
      await addAnswerStep({
        attemptId,
        slotNo: late.slot.slotNo,
        seq: 2,
        answer: wrongAnswer(late.body as QuestionDraft),
        actorId: user.id,
        at: new Date(deadlineAt.getTime() + 16_000),
      });

      expect(await finalizeIfExpired(attemptId, new Date(deadlineAt.getTime() + 15_000))).toBe(false);
      expect(await finalizeIfExpired(attemptId, new Date(deadlineAt.getTime() + 3600_000))).toBe(true);
      expect(await finalizeIfExpired(attemptId, new Date(deadlineAt.getTime() + 3600_000))).toBe(false);
      const attempt = await attemptRow(attemptId);
      expect(attempt).toMatchObject({
        state: "graded",
        finishedBy: "deadline",
        markTenths: 220 - inGrace.slot.maxMarkTenths,
        maxMarkTenths: 220,
      });
      expect(attempt.finishedAt).toEqual(deadlineAt);
      const marks = await marksOf(attemptId);
      expect(marks.find((m) => m.slotNo === inGrace.slot.slotNo)?.markTenths).toBe(0);
      expect(marks.find((m) => m.slotNo === late.slot.slotNo)?.markTenths).toBe(late.slot.maxMarkTenths);
    });

    it("two sweepers racing finalise each abandoned attempt exactly once", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId], durationMinutes: 10 });
      const sitting = await createSitting(exam.id);
      const startedAt = new Date(Date.now() - 45 * MINUTE);
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        const user = await createReadyCandidate(place.organization.id);
        const { attemptId } = await startAttempt(await actorOf(user.id), sitting.id, startedAt);
        await answerAll(attemptId, user.id, new Date(startedAt.getTime() + MINUTE), (slotNo) => slotNo % 2 === 0);
        ids.push(attemptId);
      }
      // One still running: not swept.
      const running = await startAttempt(await actorOf((await createReadyCandidate(place.organization.id)).id), sitting.id, new Date());
      const now = new Date();
      const [a, b] = await Promise.all([sweepExpiredAttempts(now), sweepExpiredAttempts(now)]);
      expect(a + b).toBe(5);
      expect(await sweepExpiredAttempts(now)).toBe(0);
      for (const id of ids) {
        const attempt = await attemptRow(id);
        expect(attempt.state).toBe("submitted"); // the short answer waits for a grader
        expect(attempt.finishedBy).toBe("sweeper");
        expect(attempt.finishedAt!.getTime()).toBeLessThanOrEqual(attempt.deadlineAt.getTime());
        const events = await db()
          .select()
          .from(examAttemptEvents)
          .where(and(eq(examAttemptEvents.attemptId, id), eq(examAttemptEvents.kind, "submitted")));
        expect(events.map((e) => e.detail)).toEqual([{ by: "sweeper" }]);
        const marks = await marksOf(id);
        expect(marks).toHaveLength(10);
        expect(new Set(marks.map((m) => m.slotNo)).size).toBe(10);
      }
      expect((await attemptRow(running.attemptId)).state).toBe("in_progress");
    });

    it("a fully objective paper is graded and released at submission, with an archive event", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId], blueprint: OBJECTIVE_BLUEPRINT, passMarkTenths: 150 });
      const sitting = await createSitting(exam.id);
      const user = await createReadyCandidate(place.organization.id);
      const started = new Date(Date.now() - 5 * MINUTE);
      const { attemptId } = await startAttempt(await actorOf(user.id), sitting.id, started);
      const slots = await slotsOf(attemptId);
      // Wrong on the first single-choice question (2 points), right on the rest.
      const wrongSlot = slots.find((s) => s.slot.type === "single")!.slot.slotNo;
      await answerAll(attemptId, user.id, new Date(started.getTime() + MINUTE), (slotNo) => slotNo === wrongSlot);
      const submitAt = new Date();
      expect(await finalizeAttempt(attemptId, "candidate", submitAt)).toBe("finalized");
      expect(await finalizeAttempt(attemptId, "candidate", submitAt)).toBe("already");
      const attempt = await attemptRow(attemptId);
      expect(attempt).toMatchObject({ state: "graded", finishedBy: "candidate", markTenths: 200, maxMarkTenths: 220, passed: true });
      expect(attempt.finishedAt).toEqual(submitAt);
      expect(attempt.releasedAt).toEqual(submitAt);
      expect(attempt.subScores).toEqual({
        theory: { markTenths: 140, maxMarkTenths: 160 },
        practice: { markTenths: 60, maxMarkTenths: 60 },
        byArea: {
          theory: { markTenths: 60, maxMarkTenths: 80 },
          basics: { markTenths: 80, maxMarkTenths: 80 },
          practice: { markTenths: 30, maxMarkTenths: 30 },
          experience: { markTenths: 30, maxMarkTenths: 30 },
        },
      });
      expect((await marksOf(attemptId)).map((m) => m.source)).toEqual(Array(10).fill("auto"));
      const events = await db()
        .select()
        .from(archiveEvents)
        .where(and(eq(archiveEvents.userId, user.id), eq(archiveEvents.type, "examGraded")));
      expect(events).toHaveLength(1);
      expect(events[0].data).toEqual({
        examId: exam.id,
        examTitle: exam.title,
        kind: "certification",
        level: "junior",
        attemptId,
        attemptNo: 1,
        markTenths: 200,
        maxMarkTenths: 220,
        passed: true,
        subScores: attempt.subScores,
      });
      // Released at submission: the candidate is told on their home page, once.
      const notices = await db().select().from(notifications).where(eq(notifications.userId, user.id));
      expect(notices).toEqual([
        expect.objectContaining({ kind: "resultReleased", params: { attemptId, examTitle: exam.title, passed: true }, readAt: null }),
      ]);
    });

    it("a paper with a short answer stays submitted until its manual mark is in", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId], passMarkTenths: 200 });
      const sitting = await createSitting(exam.id);
      const user = await createReadyCandidate(place.organization.id);
      const { attemptId } = await startAttempt(await actorOf(user.id), sitting.id);
      await answerAll(attemptId, user.id, new Date());
      expect(await finalizeAttempt(attemptId, "candidate")).toBe("finalized");
      expect(await attemptRow(attemptId)).toMatchObject({ state: "submitted", markTenths: null, passed: null, releasedAt: null });
      const shortSlot = (await slotsOf(attemptId)).find((s) => s.slot.type === "short")!.slot;
      expect((await marksOf(attemptId)).some((m) => m.slotNo === shortSlot.slotNo)).toBe(false);
      expect(await db().transaction((tx) => releaseIfComplete(tx, attemptId))).toBe(false);

      const grader = await createUser({ organizationId: place.organization.id, roles: [{ role: "lecturer", countyId: place.county.id }] });
      const released = await db().transaction(async (tx) => {
        await tx.insert(examMarks).values({ attemptId, slotNo: shortSlot.slotNo, markTenths: 50, source: "manual", graderId: grader.id });
        return releaseIfComplete(tx, attemptId);
      });
      expect(released).toBe(true);
      expect(await attemptRow(attemptId)).toMatchObject({ state: "graded", markTenths: 270, maxMarkTenths: 290, passed: true });
      expect(await db().transaction((tx) => releaseIfComplete(tx, attemptId))).toBe(false);
      expect(
        await db()
          .select()
          .from(archiveEvents)
          .where(and(eq(archiveEvents.userId, user.id), eq(archiveEvents.type, "examGraded"))),
      ).toHaveLength(1);
      // Recomputing a released result whose marks did not change changes nothing (and logs nothing).
      expect(await db().transaction((tx) => recomputeReleased(tx, attemptId))).toBe(false);
      // A grader's correction of the short answer: the result follows, the archive records the change.
      const changed = await db().transaction(async (tx) => {
        await tx
          .insert(examMarks)
          .values({ attemptId, slotNo: shortSlot.slotNo, markTenths: 0, source: "manual", graderId: grader.id, comment: "复核" });
        return recomputeReleased(tx, attemptId, { actorId: grader.id, reason: "复核" });
      });
      expect(changed).toBe(true);
      expect(await attemptRow(attemptId)).toMatchObject({ state: "graded", markTenths: 220, passed: true });
      const regraded = await db()
        .select()
        .from(archiveEvents)
        .where(and(eq(archiveEvents.userId, user.id), eq(archiveEvents.type, "examRegraded")));
      expect(
        regraded.map((e) => [
          e.reason,
          (e.data as { markTenths: number; previousMarkTenths: number }).markTenths,
          (e.data as { previousMarkTenths: number }).previousMarkTenths,
        ]),
      ).toEqual([["复核", 220, 270]]);
    });

    it("a start after the deadline of an attempt left open closes it and starts the next attempt", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId], blueprint: OBJECTIVE_BLUEPRINT, durationMinutes: 5 });
      const sitting = await createSitting(exam.id);
      const actor = await actorOf((await createReadyCandidate(place.organization.id)).id);
      const first = await startAttempt(actor, sitting.id, new Date(Date.now() - 30 * MINUTE));
      const second = await startAttempt(actor, sitting.id);
      expect(second.resumed).toBe(false);
      expect(second.attemptId).not.toBe(first.attemptId);
      expect(await attemptRow(first.attemptId)).toMatchObject({ state: "graded", finishedBy: "deadline", markTenths: 0 });
      expect(await attemptRow(second.attemptId)).toMatchObject({ attemptNo: 2, state: "in_progress" });
    });

    it("regrading with a corrected key appends new marks and keeps the old ones", async () => {
      // A bank of its own: no other test's attempt shows these versions.
      const own = await createBankWithQuestions({ countyId: place.county.id, blueprint: OBJECTIVE_BLUEPRINT });
      const exam = await createExam(place.county.id, { bankIds: [own.bankId], blueprint: OBJECTIVE_BLUEPRINT, passMarkTenths: 220 });
      const sitting = await createSitting(exam.id);
      const user = await createReadyCandidate(place.organization.id);
      const { attemptId } = await startAttempt(await actorOf(user.id), sitting.id);
      await answerAll(attemptId, user.id, new Date());
      await finalizeAttempt(attemptId, "candidate");
      expect(await attemptRow(attemptId)).toMatchObject({ state: "graded", markTenths: 220, passed: true });

      const target = (await slotsOf(attemptId)).find((s) => s.slot.type === "single")!;
      const old = target.body as Extract<QuestionDraft, { type: "single" }>;
      const fixedKey = String.fromCharCode(((old.answer.charCodeAt(0) - 65 + 1) % 4) + 65);
      const admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      const result = await regradeQuestionVersion(target.slot.questionVersionId, { ...old, answer: fixedKey }, admin, { ip: "127.0.0.1" });
      expect(result).toEqual({ slots: 1, changedSlots: 1, changedResults: 1 });
      const marks = (await marksOf(attemptId)).filter((m) => m.slotNo === target.slot.slotNo);
      expect(marks.map((m) => [m.source, m.markTenths])).toEqual([
        ["auto", 20],
        ["regrade", 0],
      ]);
      expect(await attemptRow(attemptId)).toMatchObject({ state: "graded", markTenths: 200, passed: false });
      const regraded = await db()
        .select()
        .from(archiveEvents)
        .where(and(eq(archiveEvents.userId, user.id), eq(archiveEvents.type, "examRegraded")));
      expect(regraded.map((e) => e.data)).toEqual([
        expect.objectContaining({ markTenths: 200, passed: false, previousMarkTenths: 220, previousPassed: true }),
      ]);
      expect(await db().select().from(auditLog).where(eq(auditLog.action, "exam.regrade"))).toHaveLength(1);
      const notices = await db().select().from(notifications).where(eq(notifications.userId, user.id)).orderBy(asc(notifications.id));
      expect(notices.map((n) => [n.kind, (n.params as { passed: boolean }).passed])).toEqual([
        ["resultReleased", true],
        ["resultChanged", false],
      ]);

      // The same key again changes nothing; a changed type is refused; other counties' admins see nothing to regrade.
      expect(await regradeQuestionVersion(target.slot.questionVersionId, { ...old, answer: fixedKey }, admin)).toEqual({
        slots: 1,
        changedSlots: 0,
        changedResults: 0,
      });
      await expect(
        regradeQuestionVersion(target.slot.questionVersionId, { ...old, type: "multiple", answer: "AB" }, admin),
      ).rejects.toMatchObject({ code: "badRequest" });
      const foreign = await createPlace();
      const foreignAdmin = await actorOf(
        (await createUser({ organizationId: foreign.organization.id, roles: [{ role: "county_admin", countyId: foreign.county.id }] })).id,
      );
      expect(await regradeQuestionVersion(target.slot.questionVersionId, { ...old, answer: old.answer }, foreignAdmin)).toEqual({
        slots: 0,
        changedSlots: 0,
        changedResults: 0,
      });
      await expect(regradeQuestionVersion(target.slot.questionVersionId, old, await actorOf(user.id))).rejects.toMatchObject({
        code: "forbidden",
      });
    });

    it("inlined SQL literals round-trip any text, and a script runs as one transaction", async () => {
      const tricky = ["it's", "back\\slash \\' quote", "\\x41 \\n", "中文（全角）'’", "$$ dollar $$", "-- comment", "a\nb"];
      for (const value of tricky) {
        const [row] = rowsOf<{ v: string; j: { v: string } }>(
          await db().execute(sql.raw(`select ${text(value)} as v, ${json({ v: value })} as j`)),
        );
        expect(row.v).toBe(value);
        expect(row.j).toEqual({ v: value });
      }
      expect(() => text("nul\0")).toThrow();
      expect(() => int(1.5)).toThrow();
      expect(await runScript<{ n: number }>("select 1 as n; select 2 as n")).toEqual([{ n: 2 }]);
      expect(await runScript<{ n: number }>("select 3 as n")).toEqual([{ n: 3 }]);
      await expect(runScript("create temporary table h1_t (x int); insert into h1_t values (1); select 1/0")).rejects.toThrow();
    });

    it("a start after a question edit committed never draws the questions as they were: the snapshot is keyed by the banks' revisions", async () => {
      // exactly as many questions as the blueprint draws: every active question is in every paper
      const exact = await createBankWithQuestions({ countyId: place.county.id, perSection: 1, blueprint: ONE_EACH });
      const exam = await createExam(place.county.id, { bankIds: [exact.bankId], blueprint: ONE_EACH });
      const sitting = await createSitting(exam.id);
      const drawnBy = async (attemptId: number) =>
        (
          await db()
            .select({ v: examAttemptSlots.questionVersionId })
            .from(examAttemptSlots)
            .where(eq(examAttemptSlots.attemptId, attemptId))
        )
          .map((r) => r.v)
          .sort((a, b) => a - b);
      const first = await startAttempt(await actorOf((await createReadyCandidate(place.organization.id)).id), sitting.id);
      const before = await drawnBy(first.attemptId);
      expect(before).toHaveLength(ONE_EACH.sections.length);
      // within the snapshot's lifetime: one question retired and a replacement added, committed
      const retired = exact.questionIds[0];
      const [{ revision: r0 }] = await db()
        .select({ revision: questionBanks.revision })
        .from(questionBanks)
        .where(eq(questionBanks.id, exact.bankId));
      await db().update(questions).set({ status: "retired" }).where(eq(questions.id, retired));
      const [section] = ONE_EACH.sections;
      await db().transaction((tx) =>
        insertQuestionsBulk(tx, {
          bankId: exact.bankId,
          status: "active",
          authorId: null,
          drafts: [makeDraft(section.type, section.area, section.difficultyMin, 987_654)],
        }),
      );
      const [{ revision: r1 }] = await db()
        .select({ revision: questionBanks.revision })
        .from(questionBanks)
        .where(eq(questionBanks.id, exact.bankId));
      expect(r1).toBeGreaterThanOrEqual(r0 + 2); // the retirement, and the insert (its version pointer is a second statement)
      const second = await startAttempt(await actorOf((await createReadyCandidate(place.organization.id)).id), sitting.id);
      const after = await drawnBy(second.attemptId);
      const current = await db()
        .select({ v: questions.currentVersionId })
        .from(questions)
        .where(and(eq(questions.bankId, exact.bankId), eq(questions.status, "active")));
      expect(after).toEqual(current.map((r) => r.v!).sort((a, b) => a - b));
      const [{ v: retiredVersion }] = await db().select({ v: questions.currentVersionId }).from(questions).where(eq(questions.id, retired));
      expect(before).toContain(retiredVersion);
      expect(after).not.toContain(retiredVersion);
    });

    it("the snapshot is cached for seconds: a retired question leaves new papers once it expires", async () => {
      const small = await createBankWithQuestions({
        countyId: place.county.id,
        groups: [{ area: "theory", type: "single", difficulty: 2, count: 3 }],
      });
      const before = await loadBankSnapshot([small.bankId]);
      expect(before).toHaveLength(3);
      expect(await loadBankSnapshot([small.bankId, small.bankId])).toBe(before); // one read for the same bank set
      await db().update(questions).set({ status: "retired" }).where(eq(questions.id, small.questionIds[0]));
      expect(await loadBankSnapshot([small.bankId])).toHaveLength(3);
      expect(await loadBankSnapshot([small.bankId], null, Date.now() + SNAPSHOT_TTL_MS + 1)).toHaveLength(2);
      clearBankSnapshotCache();
      expect((await loadBankSnapshot([small.bankId])).map((e) => e.questionId)).toEqual(small.questionIds.slice(1));
    });
  });
}
