import ExcelJS from "exceljs";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { auditLog, examAttemptEvents, examAttempts, examAttemptSlots, examMarks, exams, examSittings, questions } from "#db/schema";
import * as newExamRoute from "~/routes/admin.exams.new";
import * as examRoute from "~/routes/admin.exams.$examId._index";
import * as proctorRoute from "~/routes/admin.exams.$examId.sittings.$sittingId.proctor";
import * as exportRoute from "~/routes/admin.exams.$examId.export";
import { parseSitting } from "~/modules/exams/admin-schemas";
import {
  checkAgainstBanks,
  createExamDefinition,
  createSitting,
  examAdminPage,
  publishExam,
  setSittingStatus,
} from "~/modules/exams/admin.server";
import { clearBankSnapshotCache } from "~/modules/exams/bank-snapshot.server";
import { grantExtraTime, proctorSitting } from "~/modules/exams/proctor.server";
import { examResults, itemAnalysis, resultsWorkbook } from "~/modules/exams/results.server";
import { startAttempt } from "~/modules/exams/attempts.server";
import type { Blueprint } from "~/modules/exams/types";
import { actorOf, createPlace, createUser, sessionCookieFor } from "../factories";
import {
  addAnswerStep,
  createBankWithQuestions,
  createExam,
  createReadyCandidate,
  createSitting as createSittingRow,
  OBJECTIVE_BLUEPRINT,
} from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

const meta = { ip: "127.0.0.1" };
type Place = Awaited<ReturnType<typeof createPlace>>;

async function call(fn: unknown, userId: number, url: string, params: Record<string, string>, body?: Record<string, string | string[]>) {
  const headers = new Headers({ Cookie: await sessionCookieFor(userId) });
  let init: RequestInit = { method: "GET", headers };
  if (body) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    init = { method: "POST", headers, body: form.toString() };
  }
  try {
    return {
      value: await (fn as (a: unknown) => Promise<unknown>)({ request: new Request(`http://localhost${url}`, init), params, context: {} }),
    };
  } catch (thrown) {
    return { thrown };
  }
}

function statusOf(outcome: { value?: unknown; thrown?: unknown }): number | undefined {
  const x = outcome.thrown ?? outcome.value;
  if (x instanceof Response) return x.status;
  return (x as { init?: { status?: number } } | null)?.init?.status;
}

function dataOf<T>(outcome: { value?: unknown }): T {
  return (outcome.value as { data: T }).data;
}

const form = (bankId: number, extra: Record<string, string> = {}) => ({
  title: "嘉祥县测试认证考试",
  kind: "certification",
  level: "junior",
  durationMinutes: "60",
  passMark: "6",
  attemptsAllowed: "2",
  reviewPolicy: "after_release",
  instructions: "",
  bankId: String(bankId),
  "s0.area": "theory",
  "s0.type": "single",
  "s0.count": "3",
  "s0.points": "2",
  "s0.dmin": "1",
  "s0.dmax": "5",
  ...extra,
});

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`exam administration on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Place;
    let other: Place;
    let adminId: number;
    let bankId: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      other = await createPlace();
      adminId = (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] }))
        .id;
      // 4 theory single questions of difficulty 1, nothing else
      ({ bankId } = await createBankWithQuestions({
        countyId: place.county.id,
        groups: [{ area: "theory", type: "single", difficulty: 1, count: 4 }],
      }));
    });
    afterAll(() => drop());

    it("a create with bad input answers every error and writes nothing", async () => {
      const before = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(exams);
      const bad = await call(
        newExamRoute.action,
        adminId,
        "/admin/exams/new",
        {},
        form(bankId, { title: "", durationMinutes: "0", "s0.count": "0", "s1.count": "2", "s1.points": "x" }),
      );
      expect(statusOf(bad)).toBe(400);
      expect(dataOf<{ errors: Record<string, string> }>(bad).errors).toMatchObject({
        title: "examAdmin.errors.title",
        durationMinutes: "examAdmin.errors.duration",
        "s0.count": "examAdmin.errors.count",
        "s1.points": "examAdmin.errors.points",
        "s1.area": "examAdmin.errors.area",
      });
      const after = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(exams);
      expect(after).toEqual(before);
      expect(await db().select().from(auditLog).where(eq(auditLog.action, "exam.create"))).toEqual([]);
      // "添加一节" without JS: one more row, nothing written
      const added = await call(
        newExamRoute.action,
        adminId,
        "/admin/exams/new",
        {},
        { ...form(bankId), intent: "addSection", sectionRows: "3" },
      );
      expect(dataOf<{ values: Record<string, string> }>(added).values.sectionRows).toBe("4");
      expect(
        await db()
          .select({ n: sql<number>`count(*)::int` })
          .from(exams),
      ).toEqual(before);
    });

    it("reports the section the banks cannot fill and refuses to publish until it is fixed", async () => {
      clearBankSnapshotCache();
      const created = await call(
        newExamRoute.action,
        adminId,
        "/admin/exams/new",
        {},
        form(bankId, { "s1.area": "practice", "s1.type": "truefalse", "s1.count": "2", "s1.points": "2", "s1.dmin": "1", "s1.dmax": "5" }),
      );
      expect(statusOf(created)).toBe(302);
      const examId = Number(((created.thrown ?? created.value) as Response).headers.get("Location")!.split("/").pop());
      const admin = await actorOf(adminId);
      const page = await examAdminPage(admin, examId);
      expect(page.totals).toEqual({ questions: 5, maxMarkTenths: 100 });
      expect(page.check.ok).toBe(false);
      expect(page.check.sections.map((s) => [s.matching, s.shortfall])).toEqual([
        [4, null],
        [0, { section: 1, needed: 2, available: 0 }],
      ]);
      const refused = await call(examRoute.action, adminId, `/admin/exams/${examId}`, { examId: String(examId) }, { intent: "publish" });
      expect(statusOf(refused)).toBe(409);
      expect(dataOf<{ shortSections: number[] }>(refused).shortSections).toEqual([1]);
      expect((await db().select().from(exams).where(eq(exams.id, examId)))[0].status).toBe("draft");
      // fix: section 2 asks for theory/single too — but 3 + 2 > 4 questions, the check sees the competition
      const competing: Blueprint = { sections: [page.blueprint.sections[0], { ...page.blueprint.sections[0], count: 2 }] };
      expect((await checkAgainstBanks(competing, [bankId])).ok).toBe(false);
      const fixed = await call(
        examRoute.action,
        adminId,
        `/admin/exams/${examId}`,
        { examId: String(examId) },
        form(bankId, { intent: "save" }),
      );
      expect(statusOf(fixed)).toBeUndefined();
      const published = await call(examRoute.action, adminId, `/admin/exams/${examId}`, { examId: String(examId) }, { intent: "publish" });
      expect(dataOf<{ message: string }>(published).message).toBe("examAdmin.actions.published");
      expect((await db().select().from(exams).where(eq(exams.id, examId)))[0].status).toBe("published");
      expect(
        (
          await db()
            .select()
            .from(auditLog)
            .where(eq(auditLog.entityId, String(examId)))
        ).map((a) => a.action),
      ).toEqual(["exam.create", "exam.update", "exam.publish"]);
      // published: the blueprint cannot change any more (only title, instructions, review policy)
      const retitled = await call(
        examRoute.action,
        adminId,
        `/admin/exams/${examId}`,
        { examId: String(examId) },
        form(bankId, { intent: "save", title: "新名称", "s0.count": "1" }),
      );
      expect(statusOf(retitled)).toBeUndefined();
      const [row] = await db().select().from(exams).where(eq(exams.id, examId));
      expect(row.title).toBe("新名称");
      expect((row.blueprint as Blueprint).sections[0].count).toBe(3);
      // a sitting: bad input writes nothing, a good one is created and published
      const badSitting = await call(
        examRoute.action,
        adminId,
        `/admin/exams/${examId}`,
        { examId: String(examId) },
        {
          intent: "createSitting",
          title: "第一场",
          opensAt: "2030-05-01T09:00",
          closesAt: "2030-05-01T08:00",
          capacity: "0",
          townId: String(other.town.id),
        },
      );
      expect(dataOf<{ errors: Record<string, string> }>(badSitting).errors).toEqual({
        closesAt: "examAdmin.errors.closeAfterOpen",
        capacity: "examAdmin.errors.capacity",
        townId: "examAdmin.errors.town",
      });
      expect(await db().select().from(examSittings).where(eq(examSittings.examId, examId))).toEqual([]);
      const parsed = parseSitting(
        {
          title: "第一场",
          opensAt: "2030-05-01T09:00",
          closesAt: "2030-05-01T11:00",
          capacity: "30",
          townId: String(place.town.id),
          location: "党校",
        },
        [place.town.id],
      );
      if (!parsed.ok) throw new Error("bad sitting");
      const sittingId = await createSitting(admin, examId, parsed.data, meta);
      await setSittingStatus(admin, examId, sittingId, "published", meta);
      const [sitting] = await db().select().from(examSittings).where(eq(examSittings.id, sittingId));
      expect(sitting).toMatchObject({
        status: "published",
        opensAt: new Date("2030-05-01T01:00:00Z"),
        townId: place.town.id,
        capacity: 30,
      });
    });

    it("an admin of another county gets 403 for this county's exam, also by typed URL", async () => {
      const admin = await actorOf(adminId);
      const examId = await createExamDefinition(
        admin,
        {
          title: "本县考试",
          instructions: "",
          reviewPolicy: "never",
          kind: "annual",
          level: null,
          bankIds: [bankId],
          blueprint: { sections: [{ area: "theory", type: "single", count: 1, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 }] },
          durationMinutes: 30,
          passMarkTenths: 6,
          attemptsAllowed: 1,
          partialCredit: false,
        },
        meta,
      );
      const sitting = await createSittingRow(examId);
      const foreignId = (
        await createUser({ organizationId: other.organization.id, roles: [{ role: "county_admin", countyId: other.county.id }] })
      ).id;
      const p = { examId: String(examId), sittingId: String(sitting.id) };
      expect(statusOf(await call(examRoute.loader, foreignId, `/admin/exams/${examId}`, p))).toBe(403);
      expect(statusOf(await call(examRoute.action, foreignId, `/admin/exams/${examId}`, p, { intent: "publish" }))).toBe(403);
      expect(statusOf(await call(proctorRoute.loader, foreignId, `/x`, p))).toBe(403);
      expect(statusOf(await call(exportRoute.loader, foreignId, `/x`, p))).toBe(403);
      await expect(publishExam(await actorOf(foreignId), examId, meta)).rejects.toMatchObject({ code: "forbidden" });
      expect((await db().select().from(exams).where(eq(exams.id, examId)))[0].status).toBe("draft");
    });

    it("extra time moves the deadline of an attempt in progress, with an event and an audit entry", async () => {
      const { bankId: objectiveBank } = await createBankWithQuestions({ countyId: place.county.id, blueprint: OBJECTIVE_BLUEPRINT });
      const exam = await createExam(place.county.id, { bankIds: [objectiveBank], blueprint: OBJECTIVE_BLUEPRINT });
      const sitting = await createSittingRow(exam.id, { closesAt: new Date(Date.now() + 30 * 60_000) });
      const candidate = await createReadyCandidate(place.organization.id, { name: "周考生" });
      const waiting = await createReadyCandidate(place.organization.id, { name: "吴未考" });
      const short = await createReadyCandidate(place.organization.id, { name: "郑学时", hours: 0 });
      const started = await startAttempt(await actorOf(candidate.id), sitting.id);
      const attemptId = (started as { attemptId: number }).attemptId;
      const [attempt] = await db().select().from(examAttempts).where(eq(examAttempts.id, attemptId));
      await addAnswerStep({ attemptId, slotNo: 1, seq: 1, answer: { type: "single", choice: 0 }, actorId: candidate.id });
      // Another tab for 10 s (counted), another window over the page (counted), a reload (not counted).
      const ago = (s: number) => new Date(Date.now() - s * 1000);
      await db()
        .insert(examAttemptEvents)
        .values([
          { attemptId, kind: "blur", at: ago(40) },
          { attemptId, kind: "hidden", at: ago(39.99) },
          { attemptId, kind: "visible", at: ago(30) },
          { attemptId, kind: "blur", at: ago(20) },
          { attemptId, kind: "visible", at: ago(19) },
          { attemptId, kind: "hidden", at: ago(10) },
          { attemptId, kind: "visible", at: ago(9.4) },
        ]);
      const admin = await actorOf(adminId);
      const view = await proctorSitting(admin, exam.id, sitting.id);
      const mine = view.rows.find((r) => r.userId === candidate.id)!;
      expect(mine).toMatchObject({ state: "in_progress", answered: 1, leaves: 2, attemptId });
      expect(mine.awayMs).toBeGreaterThan(9_000);
      expect(view.rows.find((r) => r.userId === waiting.id)).toMatchObject({ state: "not_started", attemptId: null, blockers: [] });
      // 0 学时: not counted as 未开始 but apart, with the reason.
      expect(view.rows.find((r) => r.userId === short.id)).toMatchObject({
        state: "not_allowed",
        attemptId: null,
        blockers: [{ code: "hoursShort", credited: 0, required: 32 }],
      });
      expect(view.counts).toMatchObject({ not_started: 1, not_allowed: 1, in_progress: 1 });
      // bad input: nothing changes
      const bad = await call(
        proctorRoute.action,
        adminId,
        "/x",
        { examId: String(exam.id), sittingId: String(sitting.id) },
        { attemptId: String(attemptId), minutes: "10", reason: "" },
      );
      expect(dataOf<{ errors: Record<string, string> }>(bad).errors).toEqual({ reason: "examAdmin.errors.reason" });
      const ok = await call(
        proctorRoute.action,
        adminId,
        "/x",
        { examId: String(exam.id), sittingId: String(sitting.id) },
        { attemptId: String(attemptId), minutes: "10", reason: "网络中断" },
      );
      expect(dataOf<{ message: string }>(ok).message).toBe("examAdmin.proctor.granted");
      const [after] = await db().select().from(examAttempts).where(eq(examAttempts.id, attemptId));
      expect(after.deadlineAt.getTime() - attempt.deadlineAt.getTime()).toBe(10 * 60_000);
      // past the sitting's close: allowed
      expect(after.deadlineAt.getTime()).toBeGreaterThan(sitting.closesAt.getTime());
      const events = await db()
        .select()
        .from(examAttemptEvents)
        .where(and(eq(examAttemptEvents.attemptId, attemptId), eq(examAttemptEvents.kind, "extra_time")));
      expect(events.map((e) => [e.detail, e.actorId])).toEqual([[{ minutes: 10, reason: "网络中断" }, adminId]]);
      const audits = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "exam_attempt.extra_time"), eq(auditLog.entityId, String(attemptId))));
      expect(audits).toHaveLength(1);
      expect(audits[0].after).toMatchObject({ minutes: 10, reason: "网络中断" });
      // not in progress any more: refused, nothing written
      await db().update(examAttempts).set({ state: "submitted", finishedAt: new Date() }).where(eq(examAttempts.id, attemptId));
      expect(await grantExtraTime(admin, exam.id, sitting.id, { attemptId, minutes: 5, reason: "再延长" }, meta)).toEqual({
        ok: false,
        reason: "notInProgress",
      });
      const [still] = await db().select().from(examAttempts).where(eq(examAttempts.id, attemptId));
      expect(still.deadlineAt).toEqual(after.deadlineAt);
    });

    it("exports every attempt and analyses items of graded attempts from one read", async () => {
      const { bankId: itemBank, questionIds } = await createBankWithQuestions({
        countyId: place.county.id,
        groups: [
          { area: "theory", type: "single", difficulty: 1, count: 2 },
          { area: "practice", type: "truefalse", difficulty: 1, count: 1 },
        ],
      });
      const versions = await db()
        .select({ id: questions.currentVersionId })
        .from(questions)
        .where(sql`${questions.id} in (${sql.raw(questionIds.join(","))})`)
        .orderBy(questions.id);
      const [vA, vC, vB] = versions.map((v) => v.id!);
      const exam = await createExam(place.county.id, {
        bankIds: [itemBank],
        blueprint: {
          sections: [
            { area: "theory", type: "single", count: 2, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
            { area: "practice", type: "truefalse", count: 1, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
          ],
        },
      });
      const sitting = await createSittingRow(exam.id);
      const A = [10, 10, 10, 10, 0, 0];
      const B = [10, 10, 10, 0, 0, 0];
      const C = [0, 0, 10, 0, 10, 10];
      const choiceA = [0, 0, 0, 0, 2, 3];
      const choiceC = [1, 1, 0, 1, 0, 0];
      const start = new Date(Date.now() - 3600_000);
      for (let i = 0; i < 6; i++) {
        const person = await createReadyCandidate(place.organization.id, { name: `考生${i}` });
        const total = A[i] + B[i] + C[i];
        const [attempt] = await db()
          .insert(examAttempts)
          .values({
            examId: exam.id,
            sittingId: sitting.id,
            userId: person.id,
            attemptNo: 1,
            seed: `s${i}`,
            state: "graded",
            startedAt: start,
            deadlineAt: new Date(start.getTime() + 3600_000),
            finishedAt: new Date(start.getTime() + 1800_000),
            finishedBy: "candidate",
            maxMarkTenths: 30,
            markTenths: total,
            passed: total >= 18,
            subScores: { theory: { mark: A[i] + C[i], max: 20 }, practice: { mark: B[i], max: 10 } },
          })
          .returning({ id: examAttempts.id });
        await db()
          .insert(examAttemptSlots)
          .values([
            {
              attemptId: attempt.id,
              slotNo: 1,
              questionVersionId: vA,
              section: 0,
              type: "single",
              area: "theory",
              state: { optionOrder: [0, 1, 2, 3] },
              maxMarkTenths: 10,
            },
            {
              attemptId: attempt.id,
              slotNo: 2,
              questionVersionId: vC,
              section: 0,
              type: "single",
              area: "theory",
              state: { optionOrder: [3, 2, 1, 0] },
              maxMarkTenths: 10,
            },
            {
              attemptId: attempt.id,
              slotNo: 3,
              questionVersionId: vB,
              section: 1,
              type: "truefalse",
              area: "practice",
              state: {},
              maxMarkTenths: 10,
            },
          ]);
        await addAnswerStep({ attemptId: attempt.id, slotNo: 1, seq: 1, answer: { type: "single", choice: 3 }, actorId: person.id });
        await addAnswerStep({
          attemptId: attempt.id,
          slotNo: 1,
          seq: 2,
          answer: { type: "single", choice: choiceA[i] },
          actorId: person.id,
        });
        await addAnswerStep({
          attemptId: attempt.id,
          slotNo: 2,
          seq: 1,
          answer: { type: "single", choice: choiceC[i] },
          actorId: person.id,
        });
        await addAnswerStep({
          attemptId: attempt.id,
          slotNo: 3,
          seq: 1,
          answer: { type: "truefalse", value: B[i] > 0 },
          actorId: person.id,
        });
        // slot 1 was regraded once: the latest mark counts
        await db()
          .insert(examMarks)
          .values([
            { attemptId: attempt.id, slotNo: 1, markTenths: 10 - A[i], source: "auto" },
            { attemptId: attempt.id, slotNo: 1, markTenths: A[i], source: "regrade" },
            { attemptId: attempt.id, slotNo: 2, markTenths: C[i], source: "auto" },
            { attemptId: attempt.id, slotNo: 3, markTenths: B[i], source: "auto" },
          ]);
        if (i === 0)
          await db()
            .insert(examAttemptEvents)
            .values([{ attemptId: attempt.id, kind: "hidden" }]);
      }
      const admin = await actorOf(adminId);
      const analysis = await itemAnalysis(admin, exam.id);
      expect(analysis.attempts).toBe(6);
      expect(analysis.items.map((i) => i.versionId)).toEqual([vA, vC, vB]); // weak first
      const [a, c, b] = analysis.items;
      expect(a).toMatchObject({
        n: 6,
        weak: true,
        reasons: ["lowDiscrimination"],
        optionCounts: [4, 0, 1, 1],
        optionLetters: ["A", "B", "C", "D"],
      });
      expect(a.facility).toBeCloseTo(2 / 3, 6);
      expect(a.discrimination).toBeCloseTo(0, 6);
      expect(c).toMatchObject({ n: 6, weak: true, reasons: ["negativeDiscrimination"], optionCounts: [3, 3, 0, 0] });
      expect(c.facility).toBeCloseTo(0.5, 6);
      expect(c.discrimination).toBeCloseTo(-0.5570860145, 6);
      expect(b).toMatchObject({ n: 6, weak: false, reasons: [], optionCounts: [] });
      expect(b.discrimination).toBeCloseTo(0.4472135955, 6);

      const results = await examResults(admin, exam.id);
      expect(results.rows).toHaveLength(6);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await resultsWorkbook(results.title, results.rows)).buffer as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.rowCount).toBe(7);
      expect(sheet.getRow(1).getCell(1).value).toBe("姓名");
      const first = sheet.getRow(2).values as unknown[];
      expect(first.slice(1)).toEqual([
        "考生0",
        expect.stringMatching(/^\d{3}\*{4}\d{4}$/),
        place.town.name,
        place.organization.name,
        sitting.title,
        1,
        expect.any(String),
        expect.any(String),
        30,
        "已评分",
        2,
        3,
        "合格",
        1,
        1,
        1,
      ]);
      const response = await call(exportRoute.loader, adminId, "/x", { examId: String(exam.id) });
      expect((response.value as Response).headers.get("Content-Type")).toContain("spreadsheetml");
    });
  });
}
