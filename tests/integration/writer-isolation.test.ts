/**
 * Group commit must never let one request fail another (issue 8, item 1): when a batch's statement
 * fails, the writers split it until only the request that fails on its own is answered with the
 * error. The offenders here bypass the schemas (which refuse such text since) to reach the
 * writers: U+0000 and lone surrogates, which PostgreSQL cannot store in jsonb / text.
 */
import fc from "fast-check";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { courses, examAnswerSteps, lessons, studyBeats } from "#db/schema";
import { startAttempt } from "~/modules/exams/attempts.server";
import { getAttemptPage } from "~/modules/exams/candidate.server";
import { saveAnswers } from "~/modules/exams/save.server";
import { saveWriterStats, writeSaves } from "~/modules/exams/save-writer.server";
import { beatWriterStats, writeBeat, type BeatWrite } from "~/modules/hours/beat-writer.server";
import { DEFAULT_POLICY } from "~/modules/hours/crediting";
import { recordBeat } from "~/modules/hours/record-beat.server";
import { importCourseContent } from "~/modules/learning/import-content.server";
import { isStorableText } from "~/modules/text";
import { actorOf, createPlace, createUser } from "../factories";
import { createBankWithQuestions, createExam, createReadyCandidate, createSitting, SMALL_BLUEPRINT } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

const POISON = ["\u0000", "\ud800", "a\udc00b", "尾\u0000"];

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`a failed batch fails only its offender on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let bankId: number;
    let lessonId: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      ({ bankId } = await createBankWithQuestions({ countyId: place.county.id, blueprint: SMALL_BLUEPRINT }));
      await importCourseContent(db());
      const rows = await db()
        .select({ id: lessons.id, video: lessons.video })
        .from(lessons)
        .innerJoin(courses, eq(courses.id, lessons.courseId))
        .where(eq(courses.attentionCheck, false))
        .orderBy(lessons.id);
      lessonId = rows.find((l) => !l.video)!.id;
    }, 60_000);
    afterAll(() => drop());

    async function startedAttempt() {
      const exam = await createExam(place.county.id, { bankIds: [bankId] });
      const sitting = await createSitting(exam.id);
      const actor = await actorOf((await createReadyCandidate(place.organization.id, { name: "考生" })).id);
      const { attemptId } = await startAttempt(actor, sitting.id);
      const page = await getAttemptPage(actor, attemptId);
      if (page.kind !== "open") throw new Error("not open");
      const short = page.slots.find((s) => s.type === "short")!;
      // a first ping: the attempt's shape is cached, so the saves below reach the writer in the same turn
      await saveAnswers(actor, { attemptId, saves: [] });
      return { actor, attemptId, shortSlot: short.slotNo };
    }

    it("answer saves: innocents sharing a statement with NUL / lone-surrogate saves are stored; only the offenders fail", async () => {
      const people = await Promise.all(Array.from({ length: 8 }, () => startedAttempt()));
      const before = saveWriterStats();
      const outcomes = await Promise.allSettled(
        people.map(({ actor, attemptId, shortSlot }, i) =>
          writeSaves({
            attemptId,
            userId: actor.userId,
            saves: [
              {
                slotNo: shortSlot,
                seq: 1,
                answer: { type: "short", text: i % 4 === 1 ? `坏${POISON[i % POISON.length]}` : `答案${i}` },
                flagged: false,
                changedAt: Date.now(),
              },
            ],
            now: new Date(),
            graceSeconds: 15,
          }),
        ),
      );
      const after = saveWriterStats();
      for (const [i, outcome] of outcomes.entries()) {
        const { attemptId, shortSlot } = people[i];
        const steps = await db()
          .select()
          .from(examAnswerSteps)
          .where(and(eq(examAnswerSteps.attemptId, attemptId), eq(examAnswerSteps.slotNo, shortSlot)));
        if (i % 4 === 1) {
          expect(outcome.status).toBe("rejected");
          expect(steps).toHaveLength(0);
        } else {
          expect(outcome).toMatchObject({ status: "fulfilled", value: { found: true, open: true, results: [{ stored: true }] } });
          expect(steps.map((s) => s.answer)).toEqual([{ type: "short", text: `答案${i}` }]);
        }
      }
      expect(after.splits - before.splits).toBeGreaterThan(0);
    });

    it("answer saves (property): any mix of texts, innocents always succeed, and a request fails only if its own text is not storable", async () => {
      const people = await Promise.all(Array.from({ length: 4 }, () => startedAttempt()));
      let seq = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.string({ unit: "binary", maxLength: 12 }), { minLength: 4, maxLength: 4 }), async (texts) => {
          seq++;
          const outcomes = await Promise.allSettled(
            people.map(({ actor, attemptId, shortSlot }, i) =>
              writeSaves({
                attemptId,
                userId: actor.userId,
                saves: [{ slotNo: shortSlot, seq, answer: { type: "short", text: texts[i] }, flagged: false, changedAt: Date.now() }],
                now: new Date(),
                graceSeconds: 15,
              }),
            ),
          );
          outcomes.forEach((outcome, i) => {
            if (isStorableText(texts[i])) expect(outcome).toMatchObject({ status: "fulfilled", value: { results: [{ stored: true }] } });
            else expect(outcome.status).toBe("rejected");
          });
        }),
        { numRuns: 25 },
      );
    });

    it("study beats: innocents sharing a statement with an unstorable row are credited; only the offender fails", async () => {
      const people = await Promise.all(
        Array.from({ length: 8 }, async () => actorOf((await createUser({ organizationId: place.organization.id })).id)),
      );
      const t0 = new Date("2026-08-01T02:00:00Z");
      const innocent = (userId: number, i: number): BeatWrite => ({
        userId,
        lessonId,
        now: t0,
        beatStreamId: `stream${i}`,
        outcome: "started",
        creditSeconds: 0,
        expected: null,
        next: { streamId: `stream${i}`, lessonId, lastBeatAt: t0 },
        checkKey: null,
        progress: null,
        years: [],
        schedule: null,
      });
      const before = beatWriterStats();
      const outcomes = await Promise.allSettled(
        people.map((me, i) =>
          writeBeat(i % 4 === 1 ? { ...innocent(me.userId, i), beatStreamId: `bad${POISON[i % POISON.length]}` } : innocent(me.userId, i)),
        ),
      );
      const after = beatWriterStats();
      for (const [i, outcome] of outcomes.entries()) {
        const beats = await db().select().from(studyBeats).where(eq(studyBeats.userId, people[i].userId));
        if (i % 4 === 1) {
          expect(outcome.status).toBe("rejected");
          expect(beats).toHaveLength(0);
        } else {
          expect(outcome).toMatchObject({ status: "fulfilled", value: { checkId: null } });
          expect(beats).toHaveLength(1);
          // and the innocents go on beating normally
          expect(
            await recordBeat(
              people[i],
              { kind: "beat", streamId: `stream${i}`, lessonId, visible: true, idleSeconds: 1 },
              DEFAULT_POLICY,
              new Date(t0.getTime() + 30_000),
            ),
          ).toMatchObject({
            outcome: "credited",
          });
        }
      }
      expect(after.splits - before.splits).toBeGreaterThan(0);
    });
  });
}
