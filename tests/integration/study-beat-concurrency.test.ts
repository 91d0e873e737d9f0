import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { attentionChecks, courses, lessonProgress, lessons, studyBeats, studyStreams, studyYearTotals } from "#db/schema";
import { importCourseContent } from "~/modules/learning/import-content.server";
import { DEFAULT_POLICY, type BeatInput } from "~/modules/hours/crediting";
import { beatWriterStats } from "~/modules/hours/beat-writer.server";
import { recordBeat } from "~/modules/hours/record-beat.server";
import { actorOf, createPlace, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

/**
 * The heartbeat writes without a held lock: one statement conditional on the stream row being as
 * read (or as this instance remembers it). These tests drive the cases the integration tests of
 * the rules do not: requests of one person racing each other, and state changed behind this
 * instance's back (another instance), in both directions.
 */
const at = (iso: string, seconds = 0) => new Date(new Date(iso).getTime() + seconds * 1000);
const beat = (lessonId: number, streamId: string, extra: Partial<BeatInput> = {}): BeatInput => ({
  kind: "beat",
  streamId,
  lessonId,
  visible: true,
  idleSeconds: 3,
  ...extra,
});

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`heartbeat writes under concurrency on ${driver}`, () => {
    let drop: () => Promise<void>;
    let lesson: { id: number; minutes: number };
    let place: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      await importCourseContent(db());
      const rows = await db()
        .select({ id: lessons.id, minutes: lessons.minutes, video: lessons.video })
        .from(lessons)
        .innerJoin(courses, eq(courses.id, lessons.courseId))
        .where(eq(courses.attentionCheck, false))
        .orderBy(lessons.id);
      lesson = rows.find((l) => !l.video)!;
      place = await createPlace();
    });
    afterAll(() => drop());

    const learner = async () => actorOf((await createUser({ organizationId: place.organization.id })).id);
    const totalOf = async (userId: number) =>
      (await db().select().from(studyYearTotals).where(eq(studyYearTotals.userId, userId))).reduce((s, t) => s + t.onlineSeconds, 0);

    it("twenty simultaneous beats of one stream credit the elapsed time once; every one is recorded, in order", async () => {
      const me = await learner();
      const t0 = "2026-07-01T02:00:00Z";
      await recordBeat(me, { ...beat(lesson.id, "race"), kind: "start" }, DEFAULT_POLICY, at(t0));
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => recordBeat(me, beat(lesson.id, "race"), DEFAULT_POLICY, at(t0, 30))),
      );
      expect(answers.filter((a) => a.outcome === "credited")).toHaveLength(1);
      expect(answers.filter((a) => a.outcome === "replay")).toHaveLength(19);
      expect(answers.reduce((s, a) => s + a.creditSeconds, 0)).toBe(30);
      expect(await totalOf(me.userId)).toBe(30);
      const beats = await db().select().from(studyBeats).where(eq(studyBeats.userId, me.userId));
      expect(beats).toHaveLength(21);
      const [progress] = await db().select().from(lessonProgress).where(eq(lessonProgress.userId, me.userId));
      expect(progress.creditedSeconds).toBe(30);
    });

    it("two tabs starting and beating at the same time never credit more than one stream's time", async () => {
      const me = await learner();
      const t0 = "2026-07-02T02:00:00Z";
      await Promise.all([
        recordBeat(me, { ...beat(lesson.id, "tabA"), kind: "start" }, DEFAULT_POLICY, at(t0)),
        recordBeat(me, { ...beat(lesson.id, "tabB"), kind: "start" }, DEFAULT_POLICY, at(t0)),
      ]);
      let credited = 0;
      for (let s = 30; s <= 300; s += 30) {
        const both = await Promise.all(["tabA", "tabB"].map((tab) => recordBeat(me, beat(lesson.id, tab), DEFAULT_POLICY, at(t0, s))));
        credited += both.reduce((n, a) => n + a.creditSeconds, 0);
      }
      expect(credited).toBe(300);
      expect(await totalOf(me.userId)).toBe(300);
    });

    it("beats of many people arriving together are written by shared statements, each answered after its commit", async () => {
      const people = await Promise.all(Array.from({ length: 30 }, () => learner()));
      const t0 = "2026-07-07T02:00:00Z";
      await Promise.all(people.map((me, i) => recordBeat(me, { ...beat(lesson.id, `crowd${i}`), kind: "start" }, DEFAULT_POLICY, at(t0))));
      // one of them was taken over by another instance meanwhile: its row in the batch fails alone
      const [odd] = people;
      await db()
        .update(studyStreams)
        .set({ streamId: "crowd-elsewhere", lastBeatAt: at(t0, 5) })
        .where(eq(studyStreams.userId, odd.userId));
      const before = beatWriterStats();
      const answers = await Promise.all(people.map((me, i) => recordBeat(me, beat(lesson.id, `crowd${i}`), DEFAULT_POLICY, at(t0, 30))));
      const after = beatWriterStats();
      expect(answers[0]).toMatchObject({ outcome: "otherStream", creditSeconds: 0 });
      expect(answers.slice(1).every((a) => a.outcome === "credited" && a.creditSeconds === 30)).toBe(true);
      // 30 judged requests + the re-judged one, in far fewer statements than requests
      expect(after.rows - before.rows).toBe(31);
      expect(after.statements - before.statements).toBeLessThan(10);
      for (const [i, me] of people.entries()) {
        expect(await totalOf(me.userId)).toBe(i === 0 ? 0 : 30);
        expect(await db().select().from(studyBeats).where(eq(studyBeats.userId, me.userId))).toHaveLength(2);
      }
    });

    it("a stream taken over elsewhere (another instance) is noticed: the old tab credits nothing", async () => {
      const me = await learner();
      const t0 = "2026-07-03T02:00:00Z";
      await recordBeat(me, { ...beat(lesson.id, "here"), kind: "start" }, DEFAULT_POLICY, at(t0));
      expect((await recordBeat(me, beat(lesson.id, "here"), DEFAULT_POLICY, at(t0, 30))).creditSeconds).toBe(30);
      // another instance handled a start of another device: this instance still remembers "here"
      await db()
        .update(studyStreams)
        .set({ streamId: "elsewhere", lastBeatAt: at(t0, 40) })
        .where(eq(studyStreams.userId, me.userId));
      expect(await recordBeat(me, beat(lesson.id, "here"), DEFAULT_POLICY, at(t0, 60))).toMatchObject({
        outcome: "otherStream",
        creditSeconds: 0,
      });
      expect(await recordBeat(me, beat(lesson.id, "elsewhere"), DEFAULT_POLICY, at(t0, 70))).toMatchObject({
        outcome: "credited",
        creditSeconds: 30,
      });
      expect(await totalOf(me.userId)).toBe(60);
    });

    it("a stream taken back elsewhere is noticed too: the tab that owns it again is credited", async () => {
      const me = await learner();
      const t0 = "2026-07-04T02:00:00Z";
      await recordBeat(me, { ...beat(lesson.id, "phone"), kind: "start" }, DEFAULT_POLICY, at(t0));
      await recordBeat(me, { ...beat(lesson.id, "laptop"), kind: "start" }, DEFAULT_POLICY, at(t0, 5));
      // this instance remembers "laptop"; another one gave the stream back to "phone"
      await db()
        .update(studyStreams)
        .set({ streamId: "phone", lastBeatAt: at(t0, 10) })
        .where(eq(studyStreams.userId, me.userId));
      expect(await recordBeat(me, beat(lesson.id, "phone"), DEFAULT_POLICY, at(t0, 40))).toMatchObject({
        outcome: "credited",
        creditSeconds: 30,
      });
      expect(await recordBeat(me, beat(lesson.id, "laptop"), DEFAULT_POLICY, at(t0, 45))).toMatchObject({ outcome: "otherStream" });
      expect(await totalOf(me.userId)).toBe(30);
    });

    it("progress credited elsewhere is not overwritten by a stale remembered value", async () => {
      const me = await learner();
      const t0 = "2026-07-05T02:00:00Z";
      await recordBeat(me, { ...beat(lesson.id, "s1"), kind: "start" }, DEFAULT_POLICY, at(t0));
      await recordBeat(me, beat(lesson.id, "s1"), DEFAULT_POLICY, at(t0, 30));
      // another instance credited 40 s on the same stream
      await db().execute(sql`update lesson_progress set credited_seconds = 70 where user_id = ${me.userId} and lesson_id = ${lesson.id}`);
      await db()
        .update(studyStreams)
        .set({ lastBeatAt: at(t0, 70) })
        .where(eq(studyStreams.userId, me.userId));
      expect(await recordBeat(me, beat(lesson.id, "s1"), DEFAULT_POLICY, at(t0, 100))).toMatchObject({
        outcome: "credited",
        creditSeconds: 30,
        lessonCreditedSeconds: 100,
      });
    });

    it("随机验证: a check answered elsewhere (another instance) is noticed, crediting goes on", async () => {
      process.env.STUDY_ATTENTION_MIN_SECONDS = "10";
      process.env.STUDY_ATTENTION_MAX_SECONDS = "10";
      try {
        const [course] = await db().select().from(courses).where(eq(courses.attentionCheck, true));
        const attentive = (await db().select().from(lessons).where(eq(lessons.courseId, course.id)).orderBy(lessons.id)).find(
          (l) => !l.video,
        )!;
        const me = await learner();
        const t0 = "2026-07-06T02:00:00Z";
        await recordBeat(me, { ...beat(attentive.id, "att"), kind: "start" }, DEFAULT_POLICY, at(t0));
        const shown = await recordBeat(me, beat(attentive.id, "att"), DEFAULT_POLICY, at(t0, 30));
        expect(shown).toMatchObject({ outcome: "credited", attention: { id: expect.any(Number) } });
        // answered through another instance: this one still remembers the check as open
        await db()
          .update(attentionChecks)
          .set({ answeredAt: at(t0, 40) })
          .where(eq(attentionChecks.id, shown.attention!.id));
        expect(await recordBeat(me, beat(attentive.id, "att"), DEFAULT_POLICY, at(t0, 75))).toMatchObject({
          outcome: "credited",
          creditSeconds: 40,
        });
        // and the next check was scheduled once (after the answer), not twice
        const checks = await db().select().from(attentionChecks).where(eq(attentionChecks.userId, me.userId));
        expect(checks).toHaveLength(2);
        expect(checks.filter((c) => !c.answeredAt)).toHaveLength(1);
        // a remembered open check that is still open: overdue a minute after it was issued
        expect(await recordBeat(me, beat(attentive.id, "att"), DEFAULT_POLICY, at(t0, 150))).toMatchObject({
          outcome: "attentionOverdue",
          creditSeconds: 0,
        });
      } finally {
        delete process.env.STUDY_ATTENTION_MIN_SECONDS;
        delete process.env.STUDY_ATTENTION_MAX_SECONDS;
      }
    });
  });
}
