/**
 * The candidate's two form actions as use cases, called directly: 交卷 (submitAttempt) and the
 * no-JavaScript answer form (saveFormAnswer). Each checks that the actor is the attempt's
 * candidate itself: another person is refused and nothing is written.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { examAnswerSteps, examAttempts } from "#db/schema";
import { startAttempt } from "~/modules/exams/attempts.server";
import { getAttemptPage } from "~/modules/exams/candidate.server";
import { submitAttempt } from "~/modules/exams/finalize.server";
import { saveFormAnswer } from "~/modules/exams/save-form.server";
import { actorOf, createPlace, createUser } from "../factories";
import { createBankWithQuestions, createExam, createReadyCandidate, createSitting, SMALL_BLUEPRINT } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) f.append(k, value);
  return f;
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`the candidate's submit and no-JavaScript save use cases on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let bankId: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      ({ bankId } = await createBankWithQuestions({ countyId: place.county.id, blueprint: SMALL_BLUEPRINT }));
    }, 60_000);
    afterAll(() => drop());

    async function startedAttempt() {
      const exam = await createExam(place.county.id, { bankIds: [bankId] });
      const sitting = await createSitting(exam.id);
      const owner = await actorOf((await createReadyCandidate(place.organization.id, { name: "本人" })).id);
      const { attemptId } = await startAttempt(owner, sitting.id);
      const page = await getAttemptPage(owner, attemptId);
      if (page.kind !== "open") throw new Error("not open");
      const other = await actorOf((await createReadyCandidate(place.organization.id, { name: "他人" })).id);
      return { owner, other, attemptId, page };
    }

    const steps = (attemptId: number) => db().select().from(examAnswerSteps).where(eq(examAnswerSteps.attemptId, attemptId));
    const stateOf = async (attemptId: number) =>
      (await db().select({ state: examAttempts.state }).from(examAttempts).where(eq(examAttempts.id, attemptId)))[0].state;

    it("saveFormAnswer: another candidate, an officer and a missing attempt are refused and nothing is written; the owner's answer is stored", async () => {
      const { owner, other, attemptId, page } = await startedAttempt();
      const slot = page.slots.find((s) => s.type === "truefalse")!;
      const fields = { intent: "save", slotNo: String(slot.slotNo), value: "true", flagged: "on" };
      await expect(saveFormAnswer(other, attemptId, form(fields))).rejects.toMatchObject({ code: "notFound" });
      const officer = await actorOf(
        (
          await createUser({
            organizationId: place.organization.id,
            roles: [{ role: "town_officer", countyId: place.county.id, townId: place.town.id }],
          })
        ).id,
      );
      await expect(saveFormAnswer(officer, attemptId, form(fields))).rejects.toMatchObject({ code: "forbidden" });
      await expect(saveFormAnswer(owner, attemptId + 100_000, form(fields))).rejects.toMatchObject({ code: "notFound" });
      expect(await steps(attemptId)).toEqual([]);

      expect(await saveFormAnswer(owner, attemptId, form(fields))).toEqual({ status: "saved", slotNo: slot.slotNo });
      expect(await saveFormAnswer(owner, attemptId, form({ ...fields, value: "false", flagged: [] }))).toEqual({
        status: "saved",
        slotNo: slot.slotNo,
      });
      const stored = (
        await db()
          .select()
          .from(examAnswerSteps)
          .where(and(eq(examAnswerSteps.attemptId, attemptId), eq(examAnswerSteps.slotNo, slot.slotNo)))
      ).sort((a, b) => a.seq - b.seq);
      expect(stored.map((s) => [s.seq, s.answer, s.flagged, s.actorId])).toEqual([
        [1, { type: "truefalse", value: true }, true, owner.userId],
        [2, { type: "truefalse", value: false }, false, owner.userId],
      ]);
    });

    it("saveFormAnswer: a form that does not fit the slot is refused (nothing written); after 交卷 the attempt is closed", async () => {
      const { owner, attemptId, page } = await startedAttempt();
      const single = page.slots.find((s) => s.type === "single")!;
      expect(await saveFormAnswer(owner, attemptId, form({ slotNo: String(single.slotNo), choice: "99" }))).toEqual({
        status: "refused",
        slotNo: single.slotNo,
        problem: "badRequest",
      });
      expect(await saveFormAnswer(owner, attemptId, form({ slotNo: "9999", choice: "0" }))).toMatchObject({
        status: "refused",
        problem: "badRequest",
      });
      expect(await steps(attemptId)).toEqual([]);
      expect(await submitAttempt(owner, attemptId)).toBe("finalized");
      expect(
        await saveFormAnswer(owner, attemptId, form({ slotNo: String(single.slotNo), choice: String(single.options[0].index) })),
      ).toEqual({ status: "closed" });
      expect(await steps(attemptId)).toEqual([]);
    });

    it("submitAttempt: another candidate or an officer cannot end someone's attempt; the owner can, once", async () => {
      const { owner, other, attemptId } = await startedAttempt();
      await expect(submitAttempt(other, attemptId)).rejects.toMatchObject({ code: "notFound" });
      const officer = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      await expect(submitAttempt(officer, attemptId)).rejects.toMatchObject({ code: "forbidden" });
      await expect(submitAttempt(owner, attemptId + 100_000)).rejects.toMatchObject({ code: "notFound" });
      expect(await stateOf(attemptId)).toBe("in_progress");
      expect(await submitAttempt(owner, attemptId)).toBe("finalized");
      expect(await stateOf(attemptId)).not.toBe("in_progress");
      expect(await submitAttempt(owner, attemptId)).toBe("already");
    });
  });
}
