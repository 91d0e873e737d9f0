/**
 * The integrity of exam results (issues 8 and 9): no one grades their own attempt or an exam they
 * may still sit; the grading page of a question answers only for a question of that exam; the
 * answer review waits while a retake is possible; a passed certification exam is not offered again;
 * every mark and every release or change of a result is audited.
 */
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { auditLog, examAttempts, examAttemptSlots, examSittings, questionVersions } from "#db/schema";
import { i18nFor } from "~/i18n/i18n.server";
import type { Actor } from "~/modules/auth/access";
import { startAttempt, StartBlockedError } from "~/modules/exams/attempts.server";
import { getAttemptResult, listMyExams } from "~/modules/exams/candidate.server";
import type { StartBlocker } from "~/modules/exams/eligibility";
import { finalizeAttempt } from "~/modules/exams/finalize.server";
import { getSlotForGrading, listGradingQueue, listQuestionSheets, saveManualMark } from "~/modules/exams/grading-queue.server";
import type { Blueprint } from "~/modules/exams/types";
import type { QuestionDraft } from "~/modules/question-bank/question";
import * as questionRoute from "~/routes/grading.exams.$examId.questions.$versionId";
import * as slotRoute from "~/routes/grading.attempts.$attemptId.slots.$slotNo";
import { actorOf, createPlace, createUser, sessionCookieFor } from "../factories";
import {
  addAnswerStep,
  approveApplication,
  correctAnswer,
  createBankWithQuestions,
  createExam,
  createReadyCandidate,
  createSitting,
  creditHours,
  OBJECTIVE_BLUEPRINT,
  wrongAnswer,
} from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

const meta = { ip: "127.0.0.1" };

/** Two single-choice questions and one short answer: 20 + 20 + 100 tenths. */
const GRADED_BLUEPRINT: Blueprint = {
  sections: [
    { area: "theory", type: "single", count: 2, pointsTenths: 20, difficultyMin: 1, difficultyMax: 5 },
    { area: "practice", type: "short", count: 1, pointsTenths: 100, difficultyMin: 1, difficultyMax: 5 },
  ],
};

async function slotsOf(attemptId: number) {
  return db()
    .select({
      slotNo: examAttemptSlots.slotNo,
      type: examAttemptSlots.type,
      versionId: examAttemptSlots.questionVersionId,
      body: questionVersions.body,
    })
    .from(examAttemptSlots)
    .innerJoin(questionVersions, eq(questionVersions.id, examAttemptSlots.questionVersionId))
    .where(eq(examAttemptSlots.attemptId, attemptId))
    .orderBy(asc(examAttemptSlots.slotNo));
}

/** Starts, answers every slot (right, or wrong when `wrong`) and submits an attempt. */
async function sit(actor: Actor, sittingId: number, options: { wrong?: boolean } = {}): Promise<number> {
  const { attemptId } = await startAttempt(actor, sittingId);
  for (const slot of await slotsOf(attemptId)) {
    const draft = slot.body as QuestionDraft;
    const answer =
      draft.type === "short" ? { type: "short" as const, text: "坚持三会一课" } : options.wrong ? wrongAnswer(draft) : correctAnswer(draft);
    await addAnswerStep({ attemptId, slotNo: slot.slotNo, seq: 1, answer, actorId: actor.userId, at: new Date(Date.now() - 1000) });
  }
  await finalizeAttempt(attemptId, "candidate");
  return attemptId;
}

async function blockersOf(promise: Promise<unknown>): Promise<StartBlocker[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StartBlockedError) return error.blockers;
    throw error;
  }
  return [];
}

/** Calls a route loader or action as the signed-in user; the status of what it threw, or 200. */
async function routeStatus(
  fn: unknown,
  userId: number,
  url: string,
  params: Record<string, string>,
  body?: Record<string, string>,
): Promise<number> {
  const headers = new Headers({ Cookie: await sessionCookieFor(userId) });
  const init: RequestInit = body ? { method: "POST", headers, body: new URLSearchParams(body).toString() } : { method: "GET", headers };
  if (body) headers.set("Content-Type", "application/x-www-form-urlencoded");
  try {
    const value = await (fn as (a: unknown) => Promise<unknown>)({
      request: new Request(`http://localhost${url}`, init),
      params,
      context: {},
    });
    return (value as { init?: { status?: number } } | null)?.init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    return (thrown as { init?: { status?: number } } | null)?.init?.status ?? 500;
  }
}

const shortSlot = async (attemptId: number) => (await slotsOf(attemptId)).find((s) => s.type === "short")!;

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`exam integrity on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let gradedBankId: number;
    let objectiveBankId: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      ({ bankId: gradedBankId } = await createBankWithQuestions({
        countyId: place.county.id,
        groups: [
          { area: "theory", type: "single", difficulty: 2, count: 4 },
          { area: "practice", type: "short", difficulty: 2, count: 1 },
        ],
      }));
      ({ bankId: objectiveBankId } = await createBankWithQuestions({
        countyId: place.county.id,
        groups: [
          { area: "theory", type: "single", difficulty: 2, count: 6 },
          { area: "basics", type: "multiple", difficulty: 2, count: 3 },
          { area: "practice", type: "truefalse", difficulty: 2, count: 5 },
          { area: "experience", type: "fill", difficulty: 2, count: 2 },
        ],
      }));
    });
    afterAll(() => drop());

    it("a lecturer who is also a candidate never grades or sees the grading view of his own attempt, nor of an exam he may still sit", async () => {
      const exam = await createExam(place.county.id, { bankIds: [gradedBankId], blueprint: GRADED_BLUEPRINT, attemptsAllowed: 2 });
      const sitting = await createSitting(exam.id);
      const other = await actorOf((await createReadyCandidate(place.organization.id)).id);
      const otherAttempt = await sit(other, sitting.id);
      // 讲师 and 学员 at once: approved application, 32 学时
      const dual = await createUser({
        organizationId: place.organization.id,
        roles: [{ role: "candidate" }, { role: "lecturer", countyId: place.county.id }],
      });
      await approveApplication(dual.id, place.organization.id);
      await creditHours(dual.id, 32);
      const lecturerCandidate = await actorOf(dual.id);
      const ownAttempt = await sit(lecturerCandidate, sitting.id);
      const grader = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "lecturer", countyId: place.county.id }] })).id,
      );

      // An independent grader sees both sheets.
      const queue = await listGradingQueue(grader);
      expect(queue.pending.filter((g) => g.examId === exam.id).reduce((n, g) => n + g.pending, 0)).toBe(2);

      // The lecturer-candidate: one attempt left and the sitting open — the exam is not his to grade.
      expect((await listGradingQueue(lecturerCandidate)).pending.filter((g) => g.examId === exam.id)).toEqual([]);
      const own = await shortSlot(ownAttempt);
      const others = await shortSlot(otherAttempt);
      for (const [attemptId, slotNo] of [
        [ownAttempt, own.slotNo],
        [otherAttempt, others.slotNo],
      ]) {
        await expect(getSlotForGrading(lecturerCandidate, attemptId, slotNo)).rejects.toMatchObject({ code: "forbidden" });
        await expect(
          saveManualMark(lecturerCandidate, { attemptId, slotNo, mark: 100, comment: "", reason: "", expectedMarkId: null }, meta),
        ).rejects.toMatchObject({ code: "forbidden" });
        // the page and its .data alike
        const params = { attemptId: String(attemptId), slotNo: String(slotNo) };
        expect(await routeStatus(slotRoute.loader, dual.id, `/grading/attempts/${attemptId}/slots/${slotNo}`, params)).toBe(403);
        expect(
          await routeStatus(slotRoute.action, dual.id, `/grading/attempts/${attemptId}/slots/${slotNo}`, params, {
            mark: "10",
            comment: "",
            expectedMarkId: "",
          }),
        ).toBe(403);
      }
      await expect(listQuestionSheets(lecturerCandidate, exam.id, own.versionId)).rejects.toMatchObject({ code: "forbidden" });
      expect(
        await routeStatus(questionRoute.loader, dual.id, `/grading/exams/${exam.id}/questions/${own.versionId}`, {
          examId: String(exam.id),
          versionId: String(own.versionId),
        }),
      ).toBe(403);

      // Once the sitting has closed he may grade the others' sheets — never his own.
      await db()
        .update(examSittings)
        .set({ opensAt: new Date(Date.now() - 7200_000), closesAt: new Date(Date.now() - 60_000) })
        .where(eq(examSittings.id, sitting.id));
      const after = (await listGradingQueue(lecturerCandidate)).pending.filter((g) => g.examId === exam.id);
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ pending: 1, first: { attemptId: otherAttempt } });
      const sheets = await listQuestionSheets(lecturerCandidate, exam.id, own.versionId);
      expect(sheets.sheets.map((s) => s.attemptId)).toEqual([otherAttempt]);
      await expect(getSlotForGrading(lecturerCandidate, ownAttempt, own.slotNo)).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        saveManualMark(
          lecturerCandidate,
          { attemptId: ownAttempt, slotNo: own.slotNo, mark: 100, comment: "", reason: "", expectedMarkId: null },
          meta,
        ),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
      // grading the other sheet: "next" never leads to his own
      expect(
        await saveManualMark(
          lecturerCandidate,
          { attemptId: otherAttempt, slotNo: others.slotNo, mark: 60, comment: "", reason: "", expectedMarkId: null },
          meta,
        ),
      ).toEqual({
        ok: true,
        released: true,
        next: null,
      });
      const [mine] = await db().select().from(examAttempts).where(eq(examAttempts.id, ownAttempt));
      expect(mine).toMatchObject({ state: "submitted", markTenths: null });
    });

    it("the grading page of a question answers only for a short answer shown in that exam", async () => {
      const exam = await createExam(place.county.id, { bankIds: [gradedBankId], blueprint: GRADED_BLUEPRINT });
      const sitting = await createSitting(exam.id);
      const attemptId = await sit(await actorOf((await createReadyCandidate(place.organization.id)).id), sitting.id);
      const grader = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "lecturer", countyId: place.county.id }] })).id,
      );
      const short = await shortSlot(attemptId);
      expect((await listQuestionSheets(grader, exam.id, short.versionId)).sheets).toHaveLength(1);

      // a version of another county's bank, of a draft question, of another exam: not this exam's
      const foreign = await createPlace();
      const { questionIds } = await createBankWithQuestions({
        countyId: foreign.county.id,
        groups: [{ area: "practice", type: "short", difficulty: 2, count: 1 }],
      });
      const [foreignVersion] = await db()
        .select({ id: questionVersions.id })
        .from(questionVersions)
        .where(eq(questionVersions.questionId, questionIds[0]));
      await expect(listQuestionSheets(grader, exam.id, foreignVersion.id)).rejects.toMatchObject({ code: "notFound" });
      const params = { examId: String(exam.id), versionId: String(foreignVersion.id) };
      expect(
        await routeStatus(questionRoute.loader, grader.userId, `/grading/exams/${exam.id}/questions/${foreignVersion.id}`, params),
      ).toBe(404);
      // an objective question of the paper is not graded by people
      const single = (await slotsOf(attemptId)).find((s) => s.type === "single")!;
      await expect(listQuestionSheets(grader, exam.id, single.versionId)).rejects.toMatchObject({ code: "notFound" });
      // this exam's question under another exam of the county
      const otherExam = await createExam(place.county.id, { bankIds: [gradedBankId], blueprint: GRADED_BLUEPRINT });
      await expect(listQuestionSheets(grader, otherExam.id, short.versionId)).rejects.toMatchObject({ code: "notFound" });
      // and a grader of another county still gets 403 for this exam
      const outsider = await actorOf(
        (await createUser({ organizationId: foreign.organization.id, roles: [{ role: "lecturer", countyId: foreign.county.id }] })).id,
      );
      await expect(listQuestionSheets(outsider, exam.id, short.versionId)).rejects.toMatchObject({ code: "forbidden" });
    });

    it("the answer review waits while the candidate may sit the exam again, and says when it opens", async () => {
      const exam = await createExam(place.county.id, {
        bankIds: [objectiveBankId],
        blueprint: OBJECTIVE_BLUEPRINT,
        attemptsAllowed: 2,
        reviewPolicy: "after_release",
      });
      const sitting = await createSitting(exam.id);
      const later = await createSitting(exam.id, {
        opensAt: new Date(Date.now() + 86_400_000),
        closesAt: new Date(Date.now() + 40 * 86_400_000),
      });
      const actor = await actorOf((await createReadyCandidate(place.organization.id)).id);
      const first = await sit(actor, sitting.id, { wrong: true });
      const result = await getAttemptResult(actor, first);
      if (result.kind !== "result") throw new Error("in progress");
      expect(result.score).toMatchObject({ passed: false });
      expect(result.review).toBeNull();
      // opens at the latest when the last sitting he may still sit closes
      expect(result.reviewState).toEqual({ open: false, reason: "retakePossible", at: later.closesAt });
      for (const secret of ["解析", 'acceptedAnswers":[[', '"correct":true']) expect(JSON.stringify(result)).not.toContain(secret);
      const zh = i18nFor("zh-CN");
      expect(zh.t("examTake.reviewAfterRetakes", { at: "6月1日 14:00" })).toContain("用完考试机会");

      // once every sitting he could use has closed, the review opens
      const closed = await getAttemptResult(actor, first, new Date(later.closesAt.getTime() + 1000));
      expect(closed.kind === "result" && closed.review?.length).toBe(10);

      // or once no attempt is left
      await sit(actor, sitting.id, { wrong: true });
      const used = await getAttemptResult(actor, first);
      expect(used.kind === "result" && used.reviewState).toEqual({ open: true });
      expect(used.kind === "result" && used.review?.[0].explanationHtml).toContain("解析");
    });

    it("a candidate who passed a certification exam is not offered it again, nor one of the same or a lower level", async () => {
      const junior = await createExam(place.county.id, {
        bankIds: [objectiveBankId],
        blueprint: OBJECTIVE_BLUEPRINT,
        attemptsAllowed: 2,
        level: "junior",
      });
      const sitting = await createSitting(junior.id);
      const actor = await actorOf((await createReadyCandidate(place.organization.id)).id);
      await sit(actor, sitting.id);
      const [row] = await db()
        .select()
        .from(examAttempts)
        .where(and(eq(examAttempts.userId, actor.userId), eq(examAttempts.examId, junior.id)));
      expect(row).toMatchObject({ state: "graded", passed: true });

      const mine = await listMyExams(actor);
      const offered = mine.open.find((s) => s.sittingId === sitting.id)!;
      expect(offered).toMatchObject({ attemptsUsed: 1, attemptsAllowed: 2 });
      expect(offered.blockers).toEqual([{ code: "alreadyPassed", level: "junior" }]);
      expect(await blockersOf(startAttempt(actor, sitting.id))).toEqual([{ code: "alreadyPassed", level: "junior" }]);
      expect(await db().select().from(examAttempts).where(eq(examAttempts.userId, actor.userId))).toHaveLength(1);

      // another junior exam makes no sense either; an intermediate one is the next step, with the
      // level rule's own conditions (a junior certificate held, an assessment), not the retake rule
      const otherJunior = await createExam(place.county.id, {
        bankIds: [objectiveBankId],
        blueprint: OBJECTIVE_BLUEPRINT,
        level: "junior",
      });
      const intermediate = await createExam(place.county.id, {
        bankIds: [objectiveBankId],
        blueprint: OBJECTIVE_BLUEPRINT,
        level: "intermediate",
      });
      const juniorSitting = await createSitting(otherJunior.id);
      const intermediateSitting = await createSitting(intermediate.id);
      const list = await listMyExams(actor);
      expect(list.open.find((s) => s.sittingId === juniorSitting.id)!.blockers).toEqual([{ code: "alreadyPassed", level: "junior" }]);
      expect(list.open.find((s) => s.sittingId === intermediateSitting.id)!.blockers).toEqual([
        { code: "lowerLevelRequired", required: "junior" },
        { code: "notAssessed", minimum: "good" },
      ]);

      const zh = i18nFor("zh-CN");
      expect(zh.t("examTake.blockers.alreadyPassed", { level: zh.t("examTake.levels.junior") })).toBe(
        "您已通过初级资格认证考试，不能再参加本级或更低级别的认证考试",
      );
      expect(i18nFor("en").t("examTake.blockers.alreadyPassedExam")).toMatch(/passed this exam/);
    });

    it("every mark saved, and every release or change of a result by a person, is audited in the same transaction", async () => {
      const exam = await createExam(place.county.id, {
        bankIds: [gradedBankId],
        blueprint: GRADED_BLUEPRINT,
        attemptsAllowed: 1,
        passMarkTenths: 84,
      });
      const sitting = await createSitting(exam.id);
      const attemptId = await sit(await actorOf((await createReadyCandidate(place.organization.id)).id), sitting.id);
      const grader = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "lecturer", countyId: place.county.id }] })).id,
      );
      const admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      const slot = await shortSlot(attemptId);
      const entries = async (action: string) => db().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));

      expect(
        await saveManualMark(
          grader,
          { attemptId, slotNo: slot.slotNo, mark: 50, comment: "要点不全", reason: "", expectedMarkId: null },
          meta,
        ),
      ).toMatchObject({ ok: true, released: true });
      const saved = (await entries("exam.mark.save")).filter((e) => e.entityId === `${attemptId}:${slot.slotNo}`);
      expect(saved).toHaveLength(1);
      expect(saved[0]).toMatchObject({
        actorId: grader.userId,
        countyId: place.county.id,
        after: { markTenths: 50, comment: "要点不全" },
        ip: "127.0.0.1",
      });
      const released = (await entries("exam.result.release")).filter((e) => e.entityId === String(attemptId));
      expect(released).toHaveLength(1);
      expect(released[0]).toMatchObject({
        actorId: grader.userId,
        countyId: place.county.id,
        after: { markTenths: 90, maxMarkTenths: 140, passed: true },
      });

      const view = await getSlotForGrading(admin, attemptId, slot.slotNo);
      if (!view.submitted) throw new Error("submitted");
      await saveManualMark(
        admin,
        { attemptId, slotNo: slot.slotNo, mark: 20, comment: "", reason: "复核：答非所问", expectedMarkId: view.latestMarkId },
        meta,
      );
      const changed = (await entries("exam.result.change")).filter((e) => e.entityId === String(attemptId));
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatchObject({
        actorId: admin.userId,
        before: { markTenths: 90, passed: true },
        after: { markTenths: 60, passed: false, reason: "复核：答非所问" },
      });
      // a refused mark writes nothing
      const before = (await db().select().from(auditLog)).length;
      expect(
        await saveManualMark(grader, { attemptId, slotNo: slot.slotNo, mark: 70, comment: "", reason: "", expectedMarkId: null }, meta),
      ).toEqual({ ok: false, problem: "alreadyGraded" });
      expect((await db().select().from(auditLog)).length).toBe(before);
      expect(i18nFor("zh-CN").t("audit.actions.exam.result.release")).not.toBe("audit.actions.exam.result.release");
    });
  });
}
