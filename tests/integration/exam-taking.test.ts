/**
 * The candidate's side of exams: the exams open to a person and why they cannot start, the exam
 * page's paper (never a key), answer saves (seq rules, deadline + grace, two tabs, other people's
 * attempts), leave-page events, submitting and the result. The last test kills the real server
 * with SIGKILL in the middle of an attempt and checks that every acknowledged answer survived.
 */
import { isDeepStrictEqual } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, openDatabase } from "#db/client.server";
import { examAnswerSteps, examAttemptEvents, examAttempts, examSittings } from "#db/schema";
import type { Actor } from "~/modules/auth/access";
import type { ValidSession } from "~/modules/auth/session.server";
import { startAttempt } from "~/modules/exams/attempts.server";
import { getAttemptPage, getAttemptResult, listMyExams, personFacts } from "~/modules/exams/candidate.server";
import { finalizeAttempt } from "~/modules/exams/finalize.server";
import { answerExamEvent, answerExamSave } from "../../server/endpoints/exam-save";
import { recordAttemptEvent, saveAnswers } from "~/modules/exams/save.server";
import { saveWriterStats } from "~/modules/exams/save-writer.server";
import type { RawAnswer } from "~/modules/exams/types";
import * as attemptRoute from "~/routes/exams.attempts.$attemptId";
import * as resultRoute from "~/routes/exams.attempts.$attemptId_.result";
import { actorOf, createPlace, createTown, createUser, sessionCookieFor } from "../factories";
import {
  createBankWithQuestions,
  createExam,
  createReadyCandidate,
  createSitting,
  creditHours,
  OBJECTIVE_BLUEPRINT,
  SMALL_BLUEPRINT,
} from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";
import { createServerDatabase, ensureProductionBuild, freePort, signInDemoCandidate, startServer } from "../support/server";

type Place = Awaited<ReturnType<typeof createPlace>>;

/** The endpoint as the hot path calls it: the resolved session (or none) and the parsed body. */
async function post(endpoint: typeof answerExamSave | typeof answerExamEvent, actor: Actor | null, body: unknown) {
  const session = actor ? ({ actor, sessionId: "x", expiresAt: new Date(), renewed: false } satisfies ValidSession) : null;
  const answer = await endpoint(session, body);
  return { status: answer.status, body: answer.body as Record<string, unknown> };
}

async function stepsOf(attemptId: number, slotNo: number) {
  return db()
    .select({ seq: examAnswerSteps.seq, answer: examAnswerSteps.answer, flagged: examAnswerSteps.flagged })
    .from(examAnswerSteps)
    .where(and(eq(examAnswerSteps.attemptId, attemptId), eq(examAnswerSteps.slotNo, slotNo)))
    .orderBy(examAnswerSteps.seq);
}

async function callRoute(fn: unknown, userId: number, attemptId: number, body?: Record<string, string | string[]>) {
  const headers = new Headers({ Cookie: await sessionCookieFor(userId) });
  let init: RequestInit = { method: "GET", headers };
  if (body) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    init = { method: "POST", headers, body: form.toString() };
  }
  const request = new Request(`http://localhost/exams/attempts/${attemptId}`, init);
  try {
    return { value: await (fn as (a: unknown) => Promise<unknown>)({ request, params: { attemptId: String(attemptId) }, context: {} }) };
  } catch (thrown) {
    return { thrown };
  }
}

function statusOf(thrown: unknown): number | undefined {
  if (thrown instanceof Response) return thrown.status;
  return (thrown as { init?: { status?: number } } | null)?.init?.status;
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`taking an exam on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Place;
    let bankId: number;
    let objectiveBankId: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      ({ bankId } = await createBankWithQuestions({ countyId: place.county.id, blueprint: SMALL_BLUEPRINT }));
      ({ bankId: objectiveBankId } = await createBankWithQuestions({ countyId: place.county.id, blueprint: OBJECTIVE_BLUEPRINT }));
    }, 60_000);
    afterAll(() => drop());

    async function readyActor(name = "考生") {
      return actorOf((await createReadyCandidate(place.organization.id, { name })).id);
    }

    async function startedAttempt(options: { exam?: Partial<Parameters<typeof createExam>[1]>; now?: Date } = {}) {
      const exam = await createExam(place.county.id, { bankIds: [bankId], ...options.exam });
      const sitting = await createSitting(exam.id);
      const actor = await readyActor();
      const { attemptId } = await startAttempt(actor, sitting.id, options.now);
      const page = await getAttemptPage(actor, attemptId, options.now);
      if (page.kind !== "open") throw new Error("not open");
      return { exam, sitting, actor, attemptId, page };
    }

    it("lists the open exams with every reason a person cannot start, and only their county's and town's", async () => {
      const exam = await createExam(place.county.id, { bankIds: [bankId], title: "本县认证考试" });
      await createSitting(exam.id, { title: "全县场" });
      const otherTown = await createTown(place.county.id);
      await createSitting(exam.id, { title: "他镇场", townId: otherTown.id });
      await createSitting(exam.id, { title: "本镇场", townId: place.town.id });
      await createSitting(exam.id, {
        title: "已结束",
        opensAt: new Date(Date.now() - 7200_000),
        closesAt: new Date(Date.now() - 3600_000),
      });
      await createSitting(exam.id, { title: "草稿场", status: "draft" });
      const later = await createSitting(exam.id, {
        title: "明天场",
        opensAt: new Date(Date.now() + 86_400_000),
        closesAt: new Date(Date.now() + 2 * 86_400_000),
      });
      const other = await createPlace();
      const foreignExam = await createExam(other.county.id, { bankIds: [bankId], title: "外县考试" });
      await createSitting(foreignExam.id);

      const user = await createUser({ organizationId: place.organization.id, name: "未准备" });
      await creditHours(user.id, 12.5);
      const newcomer = await actorOf(user.id);
      // 学时 and minutes by the one rounding rule (one 学时 = 45 minutes by default): 12.5 学时 = 562 whole minutes of 1440
      expect(await personFacts(newcomer)).toMatchObject({
        applicationApproved: false,
        creditedHours: 12.5,
        requiredHours: 32,
        creditedMinutes: 562,
        requiredMinutes: 1440,
      });
      const { open } = await listMyExams(newcomer);
      const mine = open.filter((s) => s.examTitle === "本县认证考试");
      expect(mine.map((s) => s.sittingTitle).sort()).toEqual(["全县场", "明天场", "本镇场"].sort());
      expect(open.some((s) => s.examTitle === "外县考试")).toBe(false);
      const whole = mine.find((s) => s.sittingTitle === "全县场")!;
      expect(whole.blockers).toEqual([
        { code: "applicationNotApproved" },
        { code: "hoursShort", credited: 12.5, required: 32, creditedMinutes: 562, requiredMinutes: 1440 },
      ]);
      const tomorrow = mine.find((s) => s.sittingId === later.id)!;
      expect(tomorrow.blockers.map((b) => b.code)).toContain("notOpenYet");

      const ready = await readyActor();
      const ok = (await listMyExams(ready)).open.find((s) => s.sittingTitle === "全县场")!;
      expect(ok.blockers).toEqual([]);
      expect(ok.resumeAttemptId).toBeNull();
      const { attemptId } = await startAttempt(ready, ok.sittingId);
      const after = await listMyExams(ready);
      expect(after.open.find((s) => s.sittingTitle === "全县场")!.resumeAttemptId).toBe(attemptId);
      expect(after.history).toEqual([expect.objectContaining({ id: attemptId, state: "in_progress", markTenths: null })]);
    });

    it("resuming gives the same attempt, deadline, answers, flags and last seq per slot", async () => {
      const { actor, attemptId, sitting, page } = await startedAttempt();
      const single = page.slots.find((s) => s.type === "single")!;
      const fill = page.slots.find((s) => s.type === "fill")!;
      expect(fill.blankCount).toBe(2);
      const choice = single.options[2].index;
      await saveAnswers(actor, {
        attemptId,
        saves: [
          { slotNo: single.slotNo, seq: 1, answer: { type: "single", choice: single.options[0].index }, flagged: false },
          { slotNo: fill.slotNo, seq: 4, answer: { type: "fill", blanks: ["甲", "乙"] }, flagged: true },
        ],
      });
      await saveAnswers(actor, {
        attemptId,
        saves: [{ slotNo: single.slotNo, seq: 2, answer: { type: "single", choice }, flagged: true }],
      });
      const again = await startAttempt(actor, sitting.id);
      expect(again).toEqual({ attemptId, resumed: true });
      const resumed = await getAttemptPage(actor, attemptId);
      if (resumed.kind !== "open") throw new Error("closed");
      expect(resumed.attempt.deadlineAt).toBe(page.attempt.deadlineAt);
      expect(resumed.answers[single.slotNo]).toEqual({ answer: { type: "single", choice }, flagged: true });
      expect(resumed.answers[fill.slotNo]).toEqual({ answer: { type: "fill", blanks: ["甲", "乙"] }, flagged: true });
      expect(resumed.lastSeq).toEqual({ [single.slotNo]: 2, [fill.slotNo]: 4 });
      // Options come in the candidate's own order: every original option once.
      expect(single.options.map((o) => o.index).sort()).toEqual([0, 1, 2, 3]);
    });

    it("the exam page's loader data carries no correct answer, explanation, reference answer or marking point", async () => {
      const { actor, attemptId } = await startedAttempt();
      const loaded = await callRoute(attemptRoute.loader, actor.userId, attemptId);
      expect(loaded.thrown).toBeUndefined();
      const data = loaded.value as Awaited<ReturnType<typeof getAttemptPage>>;
      if (data.kind !== "open") throw new Error("closed");
      expect(data.slots).toHaveLength(11);
      const json = JSON.stringify(data);
      // The factory's drafts: explanation 解析N, fill answers 答案N甲 / 答N甲 / 答案N乙, reference 参考答案N, points 要点N一.
      for (const secret of [
        "解析",
        "参考答案",
        "要点",
        "答案",
        "explanation",
        "markingPoints",
        "knowledgePoint",
        "difficulty",
        "correct",
      ]) {
        expect(json, secret).not.toContain(secret);
      }
      for (const slot of data.slots) {
        // What the type's paper view adds to the common fields: options (choice), the blank count (fill).
        const extra = "options" in slot ? ["options"] : "blankCount" in slot ? ["blankCount"] : [];
        expect(Object.keys(slot).sort()).toEqual(["area", "maxMarkTenths", "slotNo", "stemHtml", "type", ...extra].sort());
        for (const option of "options" in slot ? slot.options : []) expect(Object.keys(option).sort()).toEqual(["html", "index"]);
      }
      expect(Object.keys(data).sort()).toEqual(["answers", "attempt", "exam", "kind", "lastSeq", "slots"]);
    });

    it("a stale or duplicated seq changes nothing and still answers 2xx with stored: false", async () => {
      const { actor, attemptId, page } = await startedAttempt();
      const slot = page.slots.find((s) => s.type === "truefalse")!;
      const save = (seq: number, value: boolean) =>
        post(answerExamSave, actor, {
          attemptId,
          saves: [{ slotNo: slot.slotNo, seq, answer: { type: "truefalse", value }, flagged: false }],
        });
      const first = await save(2, true);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        ok: true,
        results: [{ slotNo: slot.slotNo, seq: 2, stored: true, lastSeq: 0 }],
        deadlineAt: page.attempt.deadlineAt,
      });
      expect(typeof first.body.serverNow).toBe("string");
      const duplicate = await save(2, false);
      expect(duplicate).toMatchObject({ status: 200, body: { results: [{ seq: 2, stored: false, lastSeq: 2 }] } });
      const stale = await save(1, false);
      expect(stale).toMatchObject({ status: 200, body: { results: [{ seq: 1, stored: false, lastSeq: 2 }] } });
      expect(await stepsOf(attemptId, slot.slotNo)).toEqual([{ seq: 2, answer: { type: "truefalse", value: true }, flagged: false }]);
      // A ping (no saves) answers the deadline and the server time.
      expect(await post(answerExamSave, actor, { attemptId, saves: [] })).toMatchObject({ status: 200, body: { ok: true, results: [] } });
    });

    it("two tabs saving the same attempt with interleaved seqs end with the highest seq", async () => {
      const { actor, attemptId, page } = await startedAttempt();
      const slot = page.slots.find((s) => s.type === "short")!;
      const text = (seq: number) => ({ type: "short" as const, text: `第${seq}稿` });
      // Tab A numbers 1, 3, 5; tab B 2, 4, 6; the requests race.
      const tab = (seqs: number[]) =>
        Promise.all(
          seqs.map((seq) => saveAnswers(actor, { attemptId, saves: [{ slotNo: slot.slotNo, seq, answer: text(seq), flagged: false }] })),
        );
      const results = (await Promise.all([tab([1, 3, 5]), tab([2, 4, 6])])).flat();
      expect(results.every((r) => r.ok)).toBe(true);
      const stored = await stepsOf(attemptId, slot.slotNo);
      expect(stored.at(-1)).toEqual({ seq: 6, answer: text(6), flagged: false });
      const resumed = await getAttemptPage(actor, attemptId);
      if (resumed.kind !== "open") throw new Error("closed");
      expect(resumed.answers[slot.slotNo].answer).toEqual(text(6));
      expect(resumed.lastSeq[slot.slotNo]).toBe(6);
      // Seqs are unique per slot whatever raced.
      expect(new Set(stored.map((s) => s.seq)).size).toBe(stored.length);
    });

    it("saves arriving together are written by one statement (group commit), each answered with its own outcome", async () => {
      const attempts = await Promise.all([startedAttempt(), startedAttempt(), startedAttempt()]);
      // (a first ping each: the attempts' shapes are then cached, so the requests below reach the writer in call order)
      for (const { actor, attemptId } of attempts) await saveAnswers(actor, { attemptId, saves: [] });
      const before = saveWriterStats();
      const requests = attempts.flatMap(({ actor, attemptId, page }) => {
        const tf = page.slots.find((s) => s.type === "truefalse")!;
        return [
          saveAnswers(actor, {
            attemptId,
            saves: [{ slotNo: tf.slotNo, seq: 1, answer: { type: "truefalse", value: true }, flagged: false }],
          }),
          // the same attempt again in the same turn: it waits for the next statement
          saveAnswers(actor, {
            attemptId,
            saves: [{ slotNo: tf.slotNo, seq: 1, answer: { type: "truefalse", value: false }, flagged: false }],
          }),
          saveAnswers(actor, { attemptId, saves: [] }),
        ];
      });
      const outcomes = await Promise.all(requests);
      const after = saveWriterStats();
      expect(after.requests - before.requests).toBe(9);
      expect(after.statements - before.statements).toBeLessThan(9);
      for (let i = 0; i < attempts.length; i++) {
        const [first, second, ping] = outcomes.slice(i * 3, i * 3 + 3);
        expect(first).toMatchObject({ ok: true, results: [{ stored: true, lastSeq: 0 }] });
        expect(second).toMatchObject({ ok: true, results: [{ stored: false, lastSeq: 1 }] });
        expect(ping).toMatchObject({ ok: true, results: [], deadlineAt: attempts[i].page.attempt.deadlineAt });
        const tf = attempts[i].page.slots.find((s) => s.type === "truefalse")!;
        expect(await stepsOf(attempts[i].attemptId, tf.slotNo)).toEqual([
          { seq: 1, answer: { type: "truefalse", value: true }, flagged: false },
        ]);
      }
      // A (slot, seq) twice in one request is refused whole.
      const { actor, attemptId } = attempts[0];
      await expect(
        saveAnswers(actor, {
          attemptId,
          saves: [
            { slotNo: 1, seq: 5, answer: null, flagged: false },
            { slotNo: 1, seq: 5, answer: null, flagged: true },
          ],
        }),
      ).rejects.toMatchObject({ code: "badRequest" });
    });

    it("refuses saves after deadline + grace (and after submission) with 409 and a clear message", async () => {
      const start = new Date(Date.now() - 30 * 60_000);
      const { actor, attemptId, page } = await startedAttempt({ exam: { durationMinutes: 20 }, now: start });
      const deadline = Date.parse(page.attempt.deadlineAt);
      expect(deadline).toBe(start.getTime() + 20 * 60_000);
      const slot = page.slots.find((s) => s.type === "single")!;
      const save = (seq: number, at: number) =>
        saveAnswers(
          actor,
          {
            attemptId,
            saves: [
              {
                slotNo: slot.slotNo,
                seq,
                answer: { type: "single", choice: slot.options[0].index },
                flagged: false,
                changedAt: deadline - 1,
              },
            ],
          },
          new Date(at),
        );
      expect(await save(1, deadline)).toMatchObject({ ok: true, results: [{ stored: true }] });
      expect(await save(2, deadline + 15_000)).toMatchObject({ ok: true, results: [{ stored: true }] }); // the grace's last moment (changed before the deadline)
      expect(await save(3, deadline + 15_001)).toMatchObject({ ok: false, error: "closed" });
      expect((await stepsOf(attemptId, slot.slotNo)).map((s) => s.seq)).toEqual([1, 2]);
      // Through the endpoint (real clock: long past the deadline).
      const refused = await post(answerExamSave, actor, {
        attemptId,
        saves: [{ slotNo: slot.slotNo, seq: 9, answer: null, flagged: false }],
      });
      // a code, worded by the page (apiErrors.closed / examTake.save.closed), no words on the wire
      expect(refused).toMatchObject({ status: 409, body: { error: "closed" } });
      expect(refused.body).not.toHaveProperty("message");
      // The exam page closes it lazily and sends the candidate to the result.
      const loaded = await callRoute(attemptRoute.loader, actor.userId, attemptId);
      expect(statusOf(loaded.thrown)).toBe(302);
      const [row] = await db().select().from(examAttempts).where(eq(examAttempts.id, attemptId));
      expect(row.state).not.toBe("in_progress");
      expect(row.finishedBy).toBe("deadline");
      expect(row.finishedAt!.getTime()).toBe(deadline);

      // Submitted before the deadline: saves are refused at once.
      const submitted = await startedAttempt();
      await finalizeAttempt(submitted.attemptId, "candidate");
      const late = await post(answerExamSave, submitted.actor, {
        attemptId: submitted.attemptId,
        saves: [{ slotNo: 1, seq: 1, answer: null, flagged: false }],
      });
      expect(late.status).toBe(409);
    });

    it("someone else's attempt is not found everywhere, and a save that does not fit its slot stores nothing", async () => {
      const { actor, attemptId, page } = await startedAttempt();
      const intruder = await readyActor("他人");
      const save = { slotNo: 1, seq: 1, answer: null, flagged: false };
      expect(await post(answerExamSave, intruder, { attemptId, saves: [save] })).toMatchObject({ status: 404 });
      expect(await post(answerExamEvent, intruder, { attemptId, kind: "hidden" })).toMatchObject({ status: 404 });
      await expect(getAttemptPage(intruder, attemptId)).rejects.toMatchObject({ code: "notFound" });
      await expect(getAttemptResult(intruder, attemptId)).rejects.toMatchObject({ code: "notFound" });
      expect(statusOf((await callRoute(attemptRoute.loader, intruder.userId, attemptId)).thrown)).toBe(404);
      expect(statusOf((await callRoute(attemptRoute.action, intruder.userId, attemptId, { intent: "submit" })).thrown)).toBe(404);
      expect(statusOf((await callRoute(resultRoute.loader, intruder.userId, attemptId)).thrown)).toBe(404);
      expect(await post(answerExamSave, null, { attemptId, saves: [save] })).toMatchObject({ status: 401 });
      // Not the slot's type, an option that is not there, a slot that does not exist: 400, nothing stored.
      const single = page.slots.find((s) => s.type === "single")!;
      for (const bad of [
        [{ ...save, slotNo: single.slotNo, answer: { type: "truefalse", value: true } }],
        [{ ...save, slotNo: single.slotNo, answer: { type: "single", choice: 6 } }],
        [
          { ...save, slotNo: single.slotNo, answer: { type: "single", choice: 0 } },
          { ...save, slotNo: 99 },
        ],
      ]) {
        expect(await post(answerExamSave, actor, { attemptId, saves: bad })).toMatchObject({ status: 400 });
      }
      expect(await post(answerExamSave, actor, { attemptId, saves: "nonsense" })).toMatchObject({ status: 400 });
      expect(await stepsOf(attemptId, single.slotNo)).toEqual([]);
      const [row] = await db().select({ state: examAttempts.state }).from(examAttempts).where(eq(examAttempts.id, attemptId));
      expect(row.state).toBe("in_progress");
    });

    it("logs leave-page events for the owner while in progress, at most one per kind per second", async () => {
      const { actor, attemptId } = await startedAttempt();
      const t0 = new Date(Date.now() + 10_000);
      expect(await recordAttemptEvent(actor, { attemptId, kind: "hidden" }, t0)).toBe(true);
      expect(await recordAttemptEvent(actor, { attemptId, kind: "hidden" }, new Date(t0.getTime() + 300))).toBe(false);
      expect(await recordAttemptEvent(actor, { attemptId, kind: "visible" }, new Date(t0.getTime() + 300))).toBe(true);
      expect(await recordAttemptEvent(actor, { attemptId, kind: "hidden" }, new Date(t0.getTime() + 1500))).toBe(true);
      expect(await post(answerExamEvent, actor, { attemptId, kind: "blur" })).toMatchObject({
        status: 200,
        body: { ok: true, logged: true },
      });
      expect(await post(answerExamEvent, actor, { attemptId, kind: "cheat" })).toMatchObject({ status: 400 });
      await finalizeAttempt(attemptId, "candidate");
      expect(await recordAttemptEvent(actor, { attemptId, kind: "visible" }, new Date(t0.getTime() + 5000))).toBe(false);
      const events = await db()
        .select({ kind: examAttemptEvents.kind, actorId: examAttemptEvents.actorId })
        .from(examAttemptEvents)
        .where(eq(examAttemptEvents.attemptId, attemptId));
      expect(
        events
          .filter((e) => e.kind !== "submitted" && e.kind !== "resume")
          .map((e) => e.kind)
          .sort(),
      ).toEqual(["blur", "hidden", "hidden", "visible"]);
    });

    it("the no-JavaScript form saves one question; submitting finalises and goes to the result, with no marks before release", async () => {
      const { actor, attemptId, page } = await startedAttempt();
      const multiple = page.slots.find((s) => s.type === "multiple")!;
      const chosen = [multiple.options[3].index, multiple.options[1].index];
      const saved = await callRoute(attemptRoute.action, actor.userId, attemptId, {
        intent: "save",
        slotNo: String(multiple.slotNo),
        choices: chosen.map(String),
        flagged: "on",
      });
      expect(saved.thrown).toBeUndefined();
      const steps = await stepsOf(attemptId, multiple.slotNo);
      expect(steps).toEqual([{ seq: 1, answer: { type: "multiple", choices: [...chosen].sort((a, b) => a - b) }, flagged: true }]);
      const short = page.slots.find((s) => s.type === "short")!;
      await callRoute(attemptRoute.action, actor.userId, attemptId, {
        intent: "save",
        slotNo: String(short.slotNo),
        text: "按时召开支部党员大会。",
      });
      expect((await stepsOf(attemptId, short.slotNo)).map((s) => s.answer)).toEqual([{ type: "short", text: "按时召开支部党员大会。" }]);
      const bad = await callRoute(attemptRoute.action, actor.userId, attemptId, {
        intent: "save",
        slotNo: String(multiple.slotNo),
        choices: "7",
      });
      expect((bad.value as { init?: { status?: number } }).init?.status).toBe(400);

      const submitted = await callRoute(attemptRoute.action, actor.userId, attemptId, { intent: "submit" });
      const location =
        (submitted.value as Response | undefined)?.headers.get("Location") ??
        (submitted.thrown as Response | undefined)?.headers?.get("Location");
      expect(location).toBe(`/exams/attempts/${attemptId}/result`);
      // The short answer waits for a grader, so the result is not released yet.
      const result = await getAttemptResult(actor, attemptId);
      expect(result).toMatchObject({ kind: "result", attempt: { state: "submitted", finishedBy: "candidate" }, score: null, review: null });
      // A finished attempt's exam page sends the candidate to the result.
      expect(statusOf((await callRoute(attemptRoute.loader, actor.userId, attemptId)).thrown)).toBe(302);
      const resultJson = JSON.stringify((await callRoute(resultRoute.loader, actor.userId, attemptId)).value);
      for (const secret of ["解析", "参考答案", "要点", 'markTenths":']) expect(resultJson).not.toContain(secret);
    });

    it("a released result shows the total, pass or fail, sub-scores, and the answer review only as the policy allows", async () => {
      const run = async (reviewPolicy: "after_release" | "never" | "after_close") => {
        // One attempt: no retake can draw the questions the review answers (review.ts).
        const exam = await createExam(place.county.id, {
          bankIds: [objectiveBankId],
          blueprint: OBJECTIVE_BLUEPRINT,
          reviewPolicy,
          attemptsAllowed: 1,
        });
        const sitting = await createSitting(exam.id);
        const actor = await readyActor();
        const { attemptId } = await startAttempt(actor, sitting.id);
        const page = await getAttemptPage(actor, attemptId);
        if (page.kind !== "open") throw new Error("closed");
        const tf = page.slots.find((s) => s.type === "truefalse")!;
        await saveAnswers(actor, {
          attemptId,
          saves: [{ slotNo: tf.slotNo, seq: 1, answer: { type: "truefalse", value: true }, flagged: false }],
        });
        await finalizeAttempt(attemptId, "candidate");
        return { actor, attemptId, tf, result: await getAttemptResult(actor, attemptId) };
      };
      const released = await run("after_release");
      if (released.result.kind !== "result") throw new Error("in progress");
      expect(released.result.attempt.state).toBe("graded");
      expect(released.result.score).toMatchObject({ maxMarkTenths: 220, passed: false });
      expect(released.result.score!.subScores!.theory.maxMarkTenths + released.result.score!.subScores!.practice.maxMarkTenths).toBe(220);
      const review = released.result.review!;
      expect(review).toHaveLength(10);
      const tfReview = review.find((r) => r.slotNo === released.tf.slotNo)!;
      expect(tfReview.answer).toEqual({ type: "truefalse", value: true });
      expect(tfReview.type === "truefalse" && tfReview.correctValue ? 10 : 0).toBe(tfReview.markTenths);
      expect(tfReview.explanationHtml).toContain("解析");
      const single = review.find((r): r is Extract<typeof r, { type: "single" }> => r.type === "single")!;
      expect(single.options.filter((o) => o.correct)).toHaveLength(1);
      const fill = review.find((r): r is Extract<typeof r, { type: "fill" }> => r.type === "fill")!;
      expect(fill.acceptedAnswers).toHaveLength(2);

      const never = await run("never");
      expect(never.result).toMatchObject({ kind: "result", attempt: { state: "graded" }, review: null });
      expect(JSON.stringify(never.result)).not.toContain("解析");
      const afterClose = await run("after_close");
      expect(afterClose.result).toMatchObject({ kind: "result", review: null });
      // Once the sitting has closed, the after_close review opens.
      const later = await getAttemptResult(afterClose.actor, afterClose.attemptId, new Date(Date.now() + 40 * 86_400_000));
      expect(later.kind === "result" && later.review?.length).toBe(10);
    });
  });
}

/* ------------------------------------------------------------------ kill -9 */

const adminUrl = process.env.TEST_PG_ADMIN_URL;

describe.skipIf(!adminUrl)("kill -9 during an attempt (real server, PostgreSQL)", () => {
  let databaseUrl: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  let server: ReturnType<typeof startServer> | undefined;
  let closeDb: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ensureProductionBuild();
    ({ url: databaseUrl, drop: dropDatabase } = await createServerDatabase(adminUrl!, "kill"));
  }, 180_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    await closeDb?.();
    await dropDatabase?.();
  });

  it("every acknowledged answer is there after a restart, and the deadline is unchanged", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = startServer(port, databaseUrl);
    await server.ready;

    // Log in over HTTP as a ready demo candidate and start the demo exam.
    const cookie = await signInDemoCandidate(base);
    const database = await openDatabase({ url: databaseUrl, max: 2 });
    closeDb = database.close;
    const [sitting] = await database.db.select({ id: examSittings.id }).from(examSittings).where(eq(examSittings.title, "第一场（演示）"));
    const started = await fetch(`${base}/exams/sittings/${sitting.id}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, Cookie: cookie },
    });
    expect(started.status).toBe(302);
    const attemptId = Number(/\/exams\/attempts\/(\d+)$/.exec(started.headers.get("Location") ?? "")?.[1]);
    expect(attemptId).toBeGreaterThan(0);
    const [before] = await database.db
      .select({ deadlineAt: examAttempts.deadlineAt })
      .from(examAttempts)
      .where(eq(examAttempts.id, attemptId));
    const slots = await database.db.execute(
      sql`select slot_no, type, coalesce(jsonb_array_length(state -> 'optionOrder'), 0) as n from exam_attempt_slots where attempt_id = ${attemptId} order by slot_no`,
    );
    const slotRows = [...slots] as unknown as { slot_no: number; type: string; n: number }[];
    expect(slotRows).toHaveLength(29);
    const answerFor = (type: string, options: number, k: number): RawAnswer =>
      type === "single"
        ? { type: "single", choice: k % options }
        : type === "multiple"
          ? { type: "multiple", choices: [k % options] }
          : type === "truefalse"
            ? { type: "truefalse", value: k % 2 === 0 }
            : type === "fill"
              ? { type: "fill", blanks: [`第${k}次`] }
              : { type: "short", text: `第${k}次作答` };

    // Several tabs' worth of saves in flight; the process is killed in the middle of them.
    const acknowledged: { slotNo: number; seq: number; answer: RawAnswer }[] = [];
    let killed = false;
    const worker = async (w: number) => {
      for (let round = 1; !killed; round++) {
        const row = slotRows[(w * 7 + round) % slotRows.length];
        const seq = round * 10 + w;
        const answer = answerFor(row.type, Number(row.n), seq);
        try {
          const response = await fetch(`${base}/api/exam/save`, {
            method: "POST",
            headers: { Origin: base, Cookie: cookie, "Content-Type": "application/json" },
            body: JSON.stringify({ attemptId, saves: [{ slotNo: Number(row.slot_no), seq, answer, flagged: false }] }),
          });
          // far more saves a second than any page sends: the attempt's rate cap refuses some (not acknowledged)
          if (response.status === 429) {
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
          if (!response.ok) throw new Error(`save answered ${response.status}`);
          const body = (await response.json()) as { results: { stored: boolean }[] };
          if (body.results[0].stored) acknowledged.push({ slotNo: Number(row.slot_no), seq, answer });
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    // killed once enough saves were acknowledged (not after a fixed time: a loaded machine acknowledged
    // only 10 in 1.5 s once), with the six workers' next saves in flight
    for (let waited = 0; acknowledged.length < 25 && waited < 60_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    server.child.kill("SIGKILL");
    await Promise.all(workers);
    await server.exited;
    expect(acknowledged.length).toBeGreaterThan(20);

    server = startServer(port, databaseUrl);
    await server.ready;
    const stored = await database.db
      .select({ slotNo: examAnswerSteps.slotNo, seq: examAnswerSteps.seq, answer: examAnswerSteps.answer })
      .from(examAnswerSteps)
      .where(eq(examAnswerSteps.attemptId, attemptId));
    const byKey = new Map(stored.map((s) => [`${s.slotNo}:${s.seq}`, s.answer]));
    const missing = acknowledged.filter((a) => !isDeepStrictEqual(byKey.get(`${a.slotNo}:${a.seq}`), a.answer));
    expect(missing).toEqual([]);
    const [after] = await database.db
      .select({ deadlineAt: examAttempts.deadlineAt, state: examAttempts.state })
      .from(examAttempts)
      .where(eq(examAttempts.id, attemptId));
    expect(after).toEqual({ deadlineAt: before.deadlineAt, state: "in_progress" });
    // The restarted server resumes the attempt: same deadline, saves go on above the stored seqs.
    const ping = await fetch(`${base}/api/exam/save`, {
      method: "POST",
      headers: { Origin: base, Cookie: cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ attemptId, saves: [] }),
    });
    expect(ping.status).toBe(200);
    expect(((await ping.json()) as { deadlineAt: string }).deadlineAt).toBe(before.deadlineAt.toISOString());
    const resumed = await fetch(`${base}/exams/sittings/${sitting.id}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, Cookie: cookie },
    });
    expect(resumed.headers.get("Location")).toBe(`/exams/attempts/${attemptId}`);
    server.child.kill("SIGKILL");
    await server.exited;
  }, 300_000);
});
