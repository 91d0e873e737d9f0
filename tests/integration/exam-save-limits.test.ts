/**
 * Issue 8, items 7 and 9: what one attempt may store (steps per slot and per attempt, the rate of
 * saves), generous for honest candidates; and late saves count only when changed before the deadline.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { examAnswerSteps } from "#db/schema";
import type { Actor } from "~/modules/auth/access";
import { startAttempt } from "~/modules/exams/attempts.server";
import { getAttemptPage, type PaperSlot } from "~/modules/exams/candidate.server";
import { answerExamSave } from "../../server/endpoints/exam-save";
import { MAX_STEPS_PER_SLOT, maxStepsPerAttempt, SAVE_BURST } from "~/modules/exams/save-input";
import { saveAnswers } from "~/modules/exams/save.server";
import type { RawAnswer } from "~/modules/exams/types";
import { actorOf, createPlace } from "../factories";
import { createBankWithQuestions, createExam, createReadyCandidate, createSitting } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

const session = (actor: Actor) => ({ actor, sessionId: "x", expiresAt: new Date(), renewed: false });

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`answer storage caps and late saves on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let bankId: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      ({ bankId } = await createBankWithQuestions({ countyId: place.county.id }));
    }, 60_000);
    afterAll(() => drop());

    async function startedAttempt(start = new Date(), durationMinutes = 60) {
      const exam = await createExam(place.county.id, { bankIds: [bankId], durationMinutes });
      const sitting = await createSitting(exam.id, {
        opensAt: new Date(start.getTime() - 3600_000),
        closesAt: new Date(start.getTime() + 6 * 3600_000),
      });
      const actor = await actorOf((await createReadyCandidate(place.organization.id, { name: "考生" })).id);
      const { attemptId } = await startAttempt(actor, sitting.id, start);
      const page = await getAttemptPage(actor, attemptId, start);
      if (page.kind !== "open") throw new Error("not open");
      return { actor, attemptId, page, deadline: Date.parse(page.attempt.deadlineAt) };
    }

    /** An answer of the slot's type that differs with `n`. */
    function answerFor(slot: PaperSlot, n: number): RawAnswer {
      const options = "options" in slot ? slot.options : [];
      switch (slot.type) {
        case "single":
          return { type: "single", choice: options[n % options.length].index };
        case "multiple":
          return { type: "multiple", choices: [options[n % options.length].index] };
        case "truefalse":
          return { type: "truefalse", value: n % 2 === 0 };
        case "fill":
          return { type: "fill", blanks: [`第${n}稿`] };
        default:
          return { type: "short", text: `第 ${n} 稿：${"我的回答。".repeat(50)}` };
      }
    }

    const stepCount = async (attemptId: number) =>
      (await db().select({ id: examAnswerSteps.id }).from(examAnswerSteps).where(eq(examAnswerSteps.attemptId, attemptId))).length;

    it("an honest candidate who changes every answer 50 times still saves every change (and a 50-save replay after going offline)", async () => {
      const start = new Date(Date.now() - 50 * 60_000);
      const { actor, attemptId, page } = await startedAttempt(start);
      let t = start.getTime() + 1000;
      // back from offline: one save per slot at once
      const replay = await saveAnswers(
        actor,
        { attemptId, saves: page.slots.map((s) => ({ slotNo: s.slotNo, seq: 1, answer: answerFor(s, 0), flagged: false })) },
        new Date(t),
      );
      expect(replay).toMatchObject({ ok: true });
      for (let round = 2; round <= 50; round++) {
        for (const slot of page.slots) {
          t += 1000; // a change a second, for 45 minutes: faster than anyone answers
          const outcome = await saveAnswers(
            actor,
            {
              attemptId,
              saves: [{ slotNo: slot.slotNo, seq: round, answer: answerFor(slot, round), flagged: round % 7 === 0, changedAt: t - 300 }],
            },
            new Date(t),
          );
          expect(outcome, `round ${round}, slot ${slot.slotNo}`).toMatchObject({ ok: true, results: [{ stored: true }] });
        }
      }
      expect(await stepCount(attemptId)).toBe(50 * page.slots.length);
      expect(50).toBeLessThan(MAX_STEPS_PER_SLOT);
    }, 120_000);

    it("refuses saves faster than any page sends with 429 and a message; they go through after a pause", async () => {
      const start = new Date(Date.now() - 10 * 60_000);
      const { actor, attemptId, page } = await startedAttempt(start);
      const slot = page.slots.find((s) => s.type === "short")!;
      const t = start.getTime() + 1000;
      const burst = (from: number, on: PaperSlot = slot) =>
        Array.from({ length: 50 }, (_, i) => ({ slotNo: on.slotNo, seq: from + i, answer: answerFor(on, from + i), flagged: false }));
      let seq = 1;
      let refused = 0;
      for (let i = 0; i < Math.floor(SAVE_BURST / 50) + 1; i++) {
        const outcome = await saveAnswers(actor, { attemptId, saves: burst(seq) }, new Date(t));
        if (outcome.ok) seq += 50;
        else {
          expect(outcome).toMatchObject({ ok: false, error: "tooFast" });
          refused++;
        }
      }
      expect(refused).toBe(1);
      expect(await stepCount(attemptId)).toBe(seq - 1);
      // through the endpoint (real clock; the bucket is long full again): a burst beyond it → 429
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await answerExamSave(session(actor), { attemptId, saves: burst(1000, page.slots[i]) }));
      expect(answers.map((a) => a.status)).toContain(429);
      expect(answers.find((a) => a.status === 429)!.body).toEqual({ error: "tooFast", serverNow: expect.any(String) });
      // after a pause the page's retry is stored
      expect(
        await saveAnswers(actor, { attemptId, saves: burst(5000, page.slots[4]).slice(0, 10) }, new Date(Date.now() + 30_000)),
      ).toMatchObject({ ok: true });
    }, 60_000);

    it("caps the steps of a slot and of an attempt (422 with a message; nothing stored beyond)", async () => {
      const start = new Date(Date.now() - 50 * 60_000);
      const { actor, attemptId, page } = await startedAttempt(start);
      const slots = page.slots;
      let t = start.getTime();
      const seqs = new Map<number, number>();
      const next = (slotNo: number) => {
        const seq = (seqs.get(slotNo) ?? 0) + 1;
        seqs.set(slotNo, seq);
        return seq;
      };
      // one slot up to its cap
      const one = slots[0];
      for (let i = 0; i < MAX_STEPS_PER_SLOT / 50; i++) {
        t += 60_000;
        const saves = Array.from({ length: 50 }, () => ({
          slotNo: one.slotNo,
          seq: next(one.slotNo),
          answer: answerFor(one, i),
          flagged: false,
        }));
        expect(await saveAnswers(actor, { attemptId, saves }, new Date(t))).toMatchObject({ ok: true });
      }
      t += 60_000;
      expect(
        await saveAnswers(
          actor,
          { attemptId, saves: [{ slotNo: one.slotNo, seq: next(one.slotNo), answer: null, flagged: false }] },
          new Date(t),
        ),
      ).toMatchObject({ ok: false, error: "stepLimit" });
      const answer = await answerExamSave(session(actor), {
        attemptId,
        saves: [{ slotNo: one.slotNo, seq: 9999, answer: null, flagged: false }],
      });
      expect(answer).toEqual({ status: 422, body: { error: "stepLimit", serverNow: expect.any(String) } });
      // the others up to the attempt's cap
      const cap = maxStepsPerAttempt(slots.length);
      let stored = MAX_STEPS_PER_SLOT;
      let refusedAt = -1;
      for (let round = 0; refusedAt < 0 && round < 100; round++) {
        t += 60_000;
        const saves = slots
          .slice(1)
          .flatMap((s) =>
            Array.from({ length: 5 }, () => ({ slotNo: s.slotNo, seq: next(s.slotNo), answer: answerFor(s, round), flagged: false })),
          )
          .slice(0, 50);
        const outcome = await saveAnswers(actor, { attemptId, saves }, new Date(t));
        if (outcome.ok) stored += saves.length;
        else {
          expect(outcome).toMatchObject({ error: "stepLimit" });
          refusedAt = stored;
        }
      }
      expect(refusedAt).toBeGreaterThan(cap - 50);
      expect(refusedAt).toBeLessThanOrEqual(cap);
      expect(await stepCount(attemptId)).toBe(refusedAt);
    }, 120_000);

    it("a save received within the grace counts only if the change was made before the deadline (bounded by receipt time and grace)", async () => {
      const start = new Date(Date.now() - 30 * 60_000);
      const { actor, attemptId, page, deadline } = await startedAttempt(start, 20);
      const slot = page.slots.find((s) => s.type === "single")!;
      let seq = 0;
      const save = (at: number, changedAt?: number) =>
        saveAnswers(
          actor,
          {
            attemptId,
            saves: [
              {
                slotNo: slot.slotNo,
                seq: ++seq,
                answer: answerFor(slot, seq),
                flagged: false,
                ...(changedAt === undefined ? {} : { changedAt }),
              },
            ],
          },
          new Date(at),
        );
      const stored = async () =>
        db()
          .select({ seq: examAnswerSteps.seq, changedAt: examAnswerSteps.changedAt, at: examAnswerSteps.at })
          .from(examAnswerSteps)
          .where(and(eq(examAnswerSteps.attemptId, attemptId), eq(examAnswerSteps.slotNo, slot.slotNo)))
          .orderBy(examAnswerSteps.seq);
      // before the deadline: stored, with the time of the change
      expect(await save(deadline - 5000, deadline - 6000)).toMatchObject({ ok: true, results: [{ stored: true, late: false }] });
      // changed at +8.6 s, received at +8.6 s: the exam was over when the change was made
      expect(await save(deadline + 8600, deadline + 8600)).toMatchObject({ ok: true, results: [{ stored: false, late: true }] });
      // no recorded time (the no-JS form): the receipt time counts
      expect(await save(deadline + 3000)).toMatchObject({ ok: true, results: [{ stored: false, late: true }] });
      // a change claimed in the future is bounded by the receipt time
      expect(await save(deadline + 1000, deadline + 3_600_000)).toMatchObject({ ok: true, results: [{ stored: false, late: true }] });
      // changed 1 s before the deadline, arriving at +8.6 s (a slow network): stored
      expect(await save(deadline + 8600, deadline - 1000)).toMatchObject({ ok: true, results: [{ stored: true, late: false }] });
      // a change claimed long before is bounded by the grace (receipt − 15 s)
      expect(await save(deadline + 10_000, 0)).toMatchObject({ ok: true, results: [{ stored: true }] });
      const rows = await stored();
      expect(rows.map((r) => r.seq)).toEqual([1, 5, 6]);
      expect(rows.map((r) => r.changedAt?.getTime())).toEqual([deadline - 6000, deadline - 1000, deadline + 10_000 - 15_000]);
      // past the grace: closed, whatever the page says
      expect(await save(deadline + 15_001, deadline - 1000)).toMatchObject({ ok: false, error: "closed" });
    });
  });
}
