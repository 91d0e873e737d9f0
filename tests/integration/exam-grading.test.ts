import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { archiveEvents, auditLog, examAttempts, examAttemptSlots, examMarks, notifications, questionVersions } from "#db/schema";
import { i18nFor } from "~/i18n/i18n.server";
import { startAttempt } from "~/modules/exams/attempts.server";
import { finalizeAttempt } from "~/modules/exams/finalize.server";
import { getSlotForGrading, listGradingQueue, listQuestionSheets, saveManualMark } from "~/modules/exams/grading-queue.server";
import type { Blueprint } from "~/modules/exams/types";
import type { QuestionDraft } from "~/modules/question-bank/question";
import { action as gradeAction } from "~/routes/grading.attempts.$attemptId.slots.$slotNo";
import { actorOf, createPlace, createUser, sessionCookieFor } from "../factories";
import { addAnswerStep, correctAnswer, createBankWithQuestions, createExam, createReadyCandidate, createSitting } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";
import { verifyArchive } from "~/modules/archive/verify.server";

const meta = { ip: "127.0.0.1" };

/** Two objective sections and one short answer in each sub-score group: 40 + 20 + 100 + 100 = 260 tenths. */
const BLUEPRINT: Blueprint = {
  sections: [
    { area: "theory", type: "single", count: 2, pointsTenths: 20, difficultyMin: 1, difficultyMax: 5 },
    { area: "practice", type: "truefalse", count: 2, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
    { area: "theory", type: "short", count: 1, pointsTenths: 100, difficultyMin: 1, difficultyMax: 5 },
    { area: "practice", type: "short", count: 1, pointsTenths: 100, difficultyMin: 1, difficultyMax: 5 },
  ],
};

async function slotsOf(attemptId: number) {
  return db()
    .select({
      slotNo: examAttemptSlots.slotNo,
      type: examAttemptSlots.type,
      area: examAttemptSlots.area,
      versionId: examAttemptSlots.questionVersionId,
      body: questionVersions.body,
    })
    .from(examAttemptSlots)
    .innerJoin(questionVersions, eq(questionVersions.id, examAttemptSlots.questionVersionId))
    .where(eq(examAttemptSlots.attemptId, attemptId))
    .orderBy(asc(examAttemptSlots.slotNo));
}

async function markCount(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(examMarks).where(eq(examMarks.source, "manual"));
  return Number(row.n);
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`exam grading on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let examId: number;
    let people: { name: string; phone: string; idNumber: string; id: number }[];
    let attempts: number[];
    let inProgress: number;
    let admin: Awaited<ReturnType<typeof actorOf>>;
    let lecturer: Awaited<ReturnType<typeof actorOf>>;
    let foreignAdmin: Awaited<ReturnType<typeof actorOf>>;
    let foreignLecturer: Awaited<ReturnType<typeof actorOf>>;
    let townOfficer: Awaited<ReturnType<typeof actorOf>>;
    /** the two short-answer slots of an attempt: [theory, practice] */
    const shortSlots = async (attemptId: number) => {
      const rows = (await slotsOf(attemptId)).filter((s) => s.type === "short");
      return [rows.find((s) => s.area === "theory")!, rows.find((s) => s.area === "practice")!];
    };

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      const other = await createPlace();
      // One question per short-answer section: every candidate gets the same two short answers.
      const { bankId } = await createBankWithQuestions({
        countyId: place.county.id,
        groups: [
          { area: "theory", type: "single", difficulty: 2, count: 4 },
          { area: "practice", type: "truefalse", difficulty: 2, count: 4 },
          { area: "theory", type: "short", difficulty: 2, count: 1 },
          { area: "practice", type: "short", difficulty: 2, count: 1 },
        ],
      });
      const exam = await createExam(place.county.id, { bankIds: [bankId], blueprint: BLUEPRINT, passMarkTenths: 156 });
      examId = exam.id;
      const sitting = await createSitting(exam.id);
      admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      lecturer = await actorOf(
        (
          await createUser({
            organizationId: place.organization.id,
            name: "阅卷讲师",
            roles: [{ role: "lecturer", countyId: place.county.id }],
          })
        ).id,
      );
      foreignAdmin = await actorOf(
        (await createUser({ organizationId: other.organization.id, roles: [{ role: "county_admin", countyId: other.county.id }] })).id,
      );
      foreignLecturer = await actorOf(
        (await createUser({ organizationId: other.organization.id, roles: [{ role: "lecturer", countyId: other.county.id }] })).id,
      );
      townOfficer = await actorOf(
        (
          await createUser({
            organizationId: place.organization.id,
            roles: [{ role: "town_officer", countyId: place.county.id, townId: place.town.id }],
          })
        ).id,
      );

      people = [];
      attempts = [];
      const names = ["欧阳明远", "司马红梅", "诸葛立新"];
      for (const [i, name] of names.entries()) {
        const user = await createReadyCandidate(place.organization.id, { name });
        people.push({ name, phone: user.phone, idNumber: user.idNumber, id: user.id });
        const { attemptId } = await startAttempt(await actorOf(user.id), sitting.id);
        if (i === 2) {
          inProgress = attemptId; // still answering: not in the queue
          await addAnswerStep({
            attemptId,
            slotNo: (await shortSlots(attemptId))[0].slotNo,
            seq: 1,
            answer: { type: "short", text: "还在作答" },
            actorId: user.id,
          });
          continue;
        }
        const at = new Date(Date.now() - (10 - i) * 60_000);
        for (const slot of await slotsOf(attemptId)) {
          const draft = slot.body as QuestionDraft;
          const answer =
            draft.type === "short"
              ? { type: "short" as const, text: `${slot.area === "theory" ? "理论" : "实务"}作答：坚持三会一课（考生${i + 1}）` }
              : correctAnswer(draft);
          await addAnswerStep({ attemptId, slotNo: slot.slotNo, seq: 1, answer, actorId: user.id, at });
        }
        attempts.push(attemptId);
        await finalizeAttempt(attemptId, "candidate", new Date(Date.now() - (9 - i) * 60_000));
      }
      // A step stored after deadline + grace (as a clock-skewed or forged write would be) never counts.
      const [late] = await db().select({ deadlineAt: examAttempts.deadlineAt }).from(examAttempts).where(eq(examAttempts.id, attempts[1]));
      await addAnswerStep({
        attemptId: attempts[1],
        slotNo: (await shortSlots(attempts[1]))[0].slotNo,
        seq: 2,
        answer: { type: "short", text: "迟到的作答" },
        actorId: people[1].id,
        at: new Date(late.deadlineAt.getTime() + 3600_000),
      });
    });
    afterAll(async () => {
      // every archive writer exercised by these tests left unbroken chains (decision 019)
      const { broken } = await verifyArchive(db());
      await drop();
      expect(broken).toEqual([]);
    });

    it("queues the short answers of submitted attempts by exam and question, oldest first, with no personal data", async () => {
      const queue = await listGradingQueue(lecturer);
      expect(queue.pendingTotal).toBe(4);
      expect(queue.pending).toHaveLength(2);
      for (const group of queue.pending) {
        expect(group).toMatchObject({ examId, pending: 2, graded: 0, maxMarkTenths: 100 });
        // grading starts with the oldest submission
        expect(group.first?.attemptId).toBe(attempts[0]);
      }
      expect(queue.pending.map((g) => g.stem).sort()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^简答题/), expect.stringMatching(/^简答题/)]),
      );
      const [theory] = await shortSlots(attempts[0]);
      const sheets = await listQuestionSheets(lecturer, examId, theory.versionId);
      expect(sheets.sheets.map((s) => s.attemptId)).toEqual(attempts); // the in-progress attempt is not there
      const slot = await getSlotForGrading(lecturer, attempts[0], theory.slotNo);
      const everything = JSON.stringify([queue, sheets, slot]);
      for (const p of people) {
        expect(everything).not.toContain(p.name);
        expect(everything).not.toContain(p.phone);
        expect(everything).not.toContain(p.idNumber);
      }
      expect(everything).not.toContain(place.organization.name);
      expect(everything).not.toMatch(/"userId"/);
      // the grader sees the key and the counted answer
      expect(slot).toMatchObject({
        submitted: true,
        released: false,
        answer: { text: "理论作答：坚持三会一课（考生1）" },
        marks: [],
        latestMarkId: null,
      });
      if (!slot.submitted) return;
      expect(slot.question.referenceAnswer).toMatch(/^参考答案/);
      expect(slot.question.markingPoints).toHaveLength(2);
    });

    it("shows the answer the finalisation counted, not a step stored after deadline + grace", async () => {
      const [theory] = await shortSlots(attempts[1]);
      const slot = await getSlotForGrading(admin, attempts[1], theory.slotNo);
      expect(slot).toMatchObject({ answer: { text: "理论作答：坚持三会一课（考生2）" } });
    });

    it("keeps graders to their counties and attempts that are submitted", async () => {
      const [theory] = await shortSlots(attempts[0]);
      for (const actor of [foreignAdmin, foreignLecturer]) {
        expect((await listGradingQueue(actor)).pending).toEqual([]);
        await expect(getSlotForGrading(actor, attempts[0], theory.slotNo)).rejects.toMatchObject({ code: "forbidden" });
        await expect(listQuestionSheets(actor, examId, theory.versionId)).rejects.toMatchObject({ code: "forbidden" });
        await expect(
          saveManualMark(
            actor,
            { attemptId: attempts[0], slotNo: theory.slotNo, mark: 50, comment: "", reason: "", expectedMarkId: null },
            meta,
          ),
        ).rejects.toMatchObject({ code: "forbidden" });
      }
      await expect(listGradingQueue(townOfficer)).rejects.toMatchObject({ code: "forbidden" });
      // an objective slot is not graded by people
      const objective = (await slotsOf(attempts[0])).find((s) => s.type !== "short")!;
      await expect(getSlotForGrading(lecturer, attempts[0], objective.slotNo)).rejects.toMatchObject({ code: "notFound" });
      // an attempt still in progress shows nothing of its answers and takes no mark
      const [open] = await shortSlots(inProgress);
      expect(await getSlotForGrading(lecturer, inProgress, open.slotNo)).not.toHaveProperty("answer");
      expect(
        await saveManualMark(
          lecturer,
          { attemptId: inProgress, slotNo: open.slotNo, mark: 50, comment: "", reason: "", expectedMarkId: null },
          meta,
        ),
      ).toEqual({
        ok: false,
        problem: "notSubmitted",
      });
      expect(await markCount()).toBe(0);
    });

    it("refuses bad marks with Chinese messages and writes nothing", async () => {
      const [theory] = await shortSlots(attempts[0]);
      const cookie = await sessionCookieFor(lecturer.userId);
      const post = (body: string) =>
        gradeAction({
          request: new Request(`http://localhost/grading/attempts/${attempts[0]}/slots/${theory.slotNo}`, {
            method: "POST",
            headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body,
          }),
          params: { attemptId: String(attempts[0]), slotNo: String(theory.slotNo) },
          context: {},
        }) as Promise<{ data: { fieldErrors: Record<string, string> }; init: { status: number } }>;
      const zh = i18nFor("zh-CN");
      for (const [mark, key, words] of [
        ["", "examGrading.form.markRequired", "请填写得分。"],
        ["abc", "examGrading.form.markInvalid", "得分须为数字，例如 8 或 7.5。"],
        ["7.25", "examGrading.form.markOneDecimal", "得分最多保留一位小数。"],
        ["10.5", "examGrading.form.markRange", "得分须在 0 到 10 分之间。"],
        ["-1", "examGrading.form.markRange", "得分须在 0 到 10 分之间。"],
      ] as const) {
        const result = await post(new URLSearchParams({ mark, comment: "", expectedMarkId: "" }).toString());
        expect(result.init.status).toBe(400);
        expect(result.data.fieldErrors.mark).toBe(key);
        expect(zh.t(key, { max: "10" })).toBe(words);
      }
      const tooLong = await post(new URLSearchParams({ mark: "5", comment: "评".repeat(501), expectedMarkId: "" }).toString());
      expect(tooLong.data.fieldErrors).toEqual({ comment: "examGrading.form.commentTooLong" });
      // the service refuses a mark above the slot's maximum even if the form were bypassed
      await expect(
        saveManualMark(
          lecturer,
          { attemptId: attempts[0], slotNo: theory.slotNo, mark: 101, comment: "", reason: "", expectedMarkId: null },
          meta,
        ),
      ).rejects.toMatchObject({ code: "badRequest" });
      expect(await markCount()).toBe(0);
      expect((await listGradingQueue(lecturer)).pendingTotal).toBe(4);
    });

    it("the last manual mark releases the result with sub-scores and an examGraded archive event", async () => {
      const [theory, practice] = await shortSlots(attempts[0]);
      const first = await saveManualMark(
        lecturer,
        { attemptId: attempts[0], slotNo: theory.slotNo, mark: 85, comment: "要点基本齐全", reason: "", expectedMarkId: null },
        meta,
      );
      // next: the same question of the next candidate
      expect(first).toEqual({
        ok: true,
        released: false,
        next: { attemptId: attempts[1], slotNo: (await shortSlots(attempts[1]))[0].slotNo },
      });
      let [row] = await db().select().from(examAttempts).where(eq(examAttempts.id, attempts[0]));
      expect(row).toMatchObject({ state: "submitted", releasedAt: null, markTenths: null });

      const last = await saveManualMark(
        lecturer,
        { attemptId: attempts[0], slotNo: practice.slotNo, mark: 60, comment: "", reason: "", expectedMarkId: null },
        meta,
      );
      expect(last).toMatchObject({ ok: true, released: true });
      [row] = await db().select().from(examAttempts).where(eq(examAttempts.id, attempts[0]));
      // objective: 2 × 2 + 2 × 1 points, all correct = 60 tenths; + 85 + 60
      expect(row).toMatchObject({ state: "graded", markTenths: 205, maxMarkTenths: 260, passed: true });
      expect(row.releasedAt).toBeInstanceOf(Date);
      expect(row.subScores).toMatchObject({
        theory: { markTenths: 40 + 85, maxMarkTenths: 140 },
        practice: { markTenths: 20 + 60, maxMarkTenths: 120 },
      });
      const events = await db()
        .select()
        .from(archiveEvents)
        .where(and(eq(archiveEvents.userId, people[0].id), eq(archiveEvents.type, "examGraded")));
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ examId, attemptId: attempts[0], markTenths: 205, passed: true });
      // the candidate is told on their home page: one notice, with the link's attempt
      const notices = await db().select().from(notifications).where(eq(notifications.userId, people[0].id));
      expect(notices).toEqual([
        expect.objectContaining({
          kind: "resultReleased",
          params: expect.objectContaining({ attemptId: attempts[0], passed: true }),
          readAt: null,
        }),
      ]);
      const manual = await db()
        .select()
        .from(examMarks)
        .where(and(eq(examMarks.attemptId, attempts[0]), eq(examMarks.source, "manual")));
      expect(manual.map((m) => [m.slotNo, m.markTenths, m.graderId])).toEqual(
        expect.arrayContaining([
          [theory.slotNo, 85, lecturer.userId],
          [practice.slotNo, 60, lecturer.userId],
        ]),
      );
      const queue = await listGradingQueue(lecturer);
      expect(queue.pendingTotal).toBe(2);
      expect(queue.pending.every((g) => g.first?.attemptId === attempts[1])).toBe(true);
    });

    it("never re-grades silently: a change is for county admins, with a reason, appended, audited and recomputed", async () => {
      const [theory] = await shortSlots(attempts[0]);
      const input = { attemptId: attempts[0], slotNo: theory.slotNo, mark: 95, comment: "", reason: "", expectedMarkId: null };
      expect(await saveManualMark(lecturer, input, meta)).toEqual({ ok: false, problem: "alreadyGraded" });
      const slot = await getSlotForGrading(lecturer, attempts[0], theory.slotNo);
      if (!slot.submitted) throw new Error("submitted");
      expect(slot.mayChange).toBe(false);
      const latestMarkId = slot.latestMarkId;
      expect(await saveManualMark(lecturer, { ...input, expectedMarkId: latestMarkId, reason: "复核" }, meta)).toEqual({
        ok: false,
        problem: "notAllowedToChange",
      });
      expect(await saveManualMark(admin, { ...input, expectedMarkId: latestMarkId }, meta)).toEqual({
        ok: false,
        problem: "reasonRequired",
      });
      expect(await saveManualMark(admin, { ...input, expectedMarkId: latestMarkId, reason: "复核", mark: 85 }, meta)).toEqual({
        ok: false,
        problem: "unchanged",
      });
      expect(await saveManualMark(admin, { ...input, expectedMarkId: latestMarkId! - 1, reason: "复核" }, meta)).toEqual({
        ok: false,
        problem: "changedMeanwhile",
      });
      expect(await markCount()).toBe(2);

      const changed = await saveManualMark(
        admin,
        { ...input, expectedMarkId: latestMarkId, reason: "复核后补给要点分", comment: "复核" },
        meta,
      );
      expect(changed).toMatchObject({ ok: true });
      const marks = await db()
        .select()
        .from(examMarks)
        .where(and(eq(examMarks.attemptId, attempts[0]), eq(examMarks.slotNo, theory.slotNo)))
        .orderBy(asc(examMarks.id));
      expect(marks.map((m) => m.markTenths)).toEqual([85, 95]);
      const [row] = await db().select().from(examAttempts).where(eq(examAttempts.id, attempts[0]));
      expect(row).toMatchObject({ state: "graded", markTenths: 215 });
      expect(row.subScores).toMatchObject({ theory: { markTenths: 40 + 95 } });
      const audit = await db().select().from(auditLog).where(eq(auditLog.action, "exam.mark.change"));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: admin.userId,
        countyId: place.county.id,
        entityId: `${attempts[0]}:${theory.slotNo}`,
        before: { markTenths: 85 },
      });
      expect(audit[0].after).toMatchObject({ markTenths: 95, reason: "复核后补给要点分" });
      const regraded = await db()
        .select()
        .from(archiveEvents)
        .where(and(eq(archiveEvents.userId, people[0].id), eq(archiveEvents.type, "examRegraded")));
      expect(regraded).toHaveLength(1);
      const after = await getSlotForGrading(admin, attempts[0], theory.slotNo);
      expect(after).toMatchObject({ released: true, mayChange: true });
      if (after.submitted)
        expect(after.marks.map((m) => [m.markTenths, m.graderName])).toEqual([
          [95, expect.any(String)],
          [85, "阅卷讲师"],
        ]);
    });
  });
}
