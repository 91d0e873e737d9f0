import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { lessonProgress, lessons, studyBeats, studyYearTotals } from "#db/schema";
import { getCourse, getMyHours, listCatalogue } from "~/modules/learning/catalogue.server";
import { importCourseContent } from "~/modules/learning/import-content.server";
import { DEFAULT_POLICY, type BeatInput } from "~/modules/hours/crediting";
import { answerAttentionCheck, attentionDigit, recordBeat } from "~/modules/hours/record-beat.server";
import { courses } from "#db/schema";
import { actorOf, createPlace, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

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
  describe.skipIf(!available)(`server-credited study time on ${driver}`, () => {
    let drop: () => Promise<void>;
    let textLesson: { id: number; minutes: number };
    let otherLesson: { id: number };
    let videoLesson: { id: number };
    let place: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      const report = await importCourseContent(db());
      expect(report.lessons).toBeGreaterThanOrEqual(24);
      const again = await importCourseContent(db());
      expect(again.lessons).toBe(report.lessons);
      const all = await db().select().from(lessons).orderBy(lessons.id);
      expect(all).toHaveLength(report.lessons);
      // Lessons of courses without 随机验证: a check scheduled at a random moment must not change these tests.
      const checked = new Set(
        (await db().select({ id: courses.id }).from(courses).where(eq(courses.attentionCheck, true))).map((c) => c.id),
      );
      const texts = all.filter((l) => !l.video && !checked.has(l.courseId));
      textLesson = texts[0];
      otherLesson = texts[1];
      videoLesson = all.find((l) => l.video && !checked.has(l.courseId))!;
      expect(videoLesson, "the curriculum has video lessons").toBeDefined();
      place = await createPlace();
    });
    afterAll(() => drop());

    const learner = async () => actorOf((await createUser({ organizationId: place.organization.id })).id);

    it("credits real elapsed time of the active stream, capped per beat, and keeps totals", async () => {
      const me = await learner();
      const t0 = "2026-06-01T02:00:00Z";
      expect((await recordBeat(me, { ...beat(textLesson.id, "streamA"), kind: "start" }, DEFAULT_POLICY, at(t0))).outcome).toBe("started");
      expect(await recordBeat(me, beat(textLesson.id, "streamA"), DEFAULT_POLICY, at(t0, 30))).toMatchObject({
        outcome: "credited",
        creditSeconds: 30,
      });
      // replayed (same instant) and forged (claims ten minutes passed): nothing / capped
      expect(await recordBeat(me, beat(textLesson.id, "streamA"), DEFAULT_POLICY, at(t0, 30))).toMatchObject({
        outcome: "replay",
        creditSeconds: 0,
      });
      expect(await recordBeat(me, beat(textLesson.id, "streamA"), DEFAULT_POLICY, at(t0, 630))).toMatchObject({
        outcome: "credited",
        creditSeconds: 40,
      });
      const [total] = await db().select().from(studyYearTotals).where(eq(studyYearTotals.userId, me.userId));
      expect(total).toMatchObject({ year: 2026, onlineSeconds: 70 });
      const beats = await db().select().from(studyBeats).where(eq(studyBeats.userId, me.userId));
      expect(beats.map((b) => b.outcome)).toEqual(["started", "credited", "replay", "credited"]);
    });

    it("a second tab takes the stream over: the first one credits nothing, time is never doubled", async () => {
      const me = await learner();
      const t0 = "2026-06-02T02:00:00Z";
      await recordBeat(me, { ...beat(textLesson.id, "tab1"), kind: "start" }, DEFAULT_POLICY, at(t0));
      await recordBeat(me, { ...beat(textLesson.id, "tab2"), kind: "start" }, DEFAULT_POLICY, at(t0, 1));
      let credited = 0;
      for (let s = 30; s <= 600; s += 30) {
        for (const tab of ["tab1", "tab2"])
          credited += (await recordBeat(me, beat(textLesson.id, tab), DEFAULT_POLICY, at(t0, s))).creditSeconds;
      }
      expect(credited).toBeLessThanOrEqual(600);
      expect(credited).toBeGreaterThanOrEqual(590);
      expect((await recordBeat(me, beat(textLesson.id, "tab1"), DEFAULT_POLICY, at(t0, 630))).outcome).toBe("otherStream");
    });

    it("a beat for a lesson the person did not open, a hidden page and an idle learner credit nothing", async () => {
      const me = await learner();
      const t0 = "2026-06-03T02:00:00Z";
      await recordBeat(me, { ...beat(textLesson.id, "s"), kind: "start" }, DEFAULT_POLICY, at(t0));
      expect((await recordBeat(me, beat(otherLesson.id, "s"), DEFAULT_POLICY, at(t0, 30))).outcome).toBe("wrongLesson");
      expect((await recordBeat(me, beat(textLesson.id, "s", { visible: false }), DEFAULT_POLICY, at(t0, 60))).creditSeconds).toBe(0);
      expect((await recordBeat(me, beat(textLesson.id, "s", { idleSeconds: 400 }), DEFAULT_POLICY, at(t0, 90))).outcome).toBe("idle");
      expect((await recordBeat(me, beat(textLesson.id, "s"), DEFAULT_POLICY, at(t0, 120))).creditSeconds).toBe(30);
      const rows = await db()
        .select()
        .from(lessonProgress)
        .where(and(eq(lessonProgress.userId, me.userId), eq(lessonProgress.lessonId, otherLesson.id)));
      expect(rows).toEqual([]);
    });

    it("a lesson credits at most its nominal time and completes at 90 %", async () => {
      const me = await learner();
      const t0 = "2026-06-04T00:00:00Z";
      await recordBeat(me, { ...beat(textLesson.id, "long"), kind: "start" }, DEFAULT_POLICY, at(t0));
      let last;
      for (let s = 40; s <= textLesson.minutes * 60 + 400; s += 40)
        last = await recordBeat(me, beat(textLesson.id, "long"), DEFAULT_POLICY, at(t0, s));
      expect(last).toMatchObject({ outcome: "lessonFull", lessonCreditedSeconds: textLesson.minutes * 60, completed: true });
      const catalogue = await listCatalogue(me);
      expect(catalogue.reduce((n, c) => n + c.completed, 0)).toBe(1);
    });

    it("the catalogue shows what the person studied, from the same numbers as the course page", async () => {
      const me = await learner();
      const fresh = await listCatalogue(me);
      expect(fresh.length).toBeGreaterThan(0);
      // A brand-new candidate has studied nothing (lessons without progress count 0, not their nominal time).
      for (const c of fresh) expect(c).toMatchObject({ creditedSeconds: 0, creditedMinutes: 0, percent: 0, completed: 0 });
      const t0 = "2026-06-05T00:00:00Z";
      await recordBeat(me, { ...beat(textLesson.id, "cat"), kind: "start" }, DEFAULT_POLICY, at(t0));
      for (let s = 40; s <= 200; s += 40) await recordBeat(me, beat(textLesson.id, "cat"), DEFAULT_POLICY, at(t0, s));
      const catalogue = await listCatalogue(me);
      const studied = catalogue.filter((c) => c.creditedSeconds > 0);
      expect(studied).toHaveLength(1);
      expect(studied[0]).toMatchObject({ creditedSeconds: 200, creditedMinutes: 3 });
      const course = await getCourse(me, studied[0].slug);
      const { id: _id, slug: _slug, title: _title, area: _area, summary: _summary, ...fromCatalogue } = studied[0];
      expect(course.progress).toEqual(fromCatalogue);
      expect(course.lessons.find((l) => l.id === textLesson.id)).toMatchObject({ creditedSeconds: 200 });
    });

    it("splits time across the Shanghai new year into two training years", async () => {
      const me = await learner();
      await recordBeat(me, { ...beat(textLesson.id, "ny"), kind: "start" }, DEFAULT_POLICY, at("2026-12-31T15:59:40Z"));
      await recordBeat(me, beat(textLesson.id, "ny"), DEFAULT_POLICY, at("2026-12-31T16:00:10Z"));
      const totals = await db().select().from(studyYearTotals).where(eq(studyYearTotals.userId, me.userId));
      expect(totals.map((t) => [t.year, t.onlineSeconds]).sort()).toEqual([
        [2026, 20],
        [2027, 10],
      ]);
      const hours = await getMyHours(me, at("2027-01-05T00:00:00Z"));
      expect(hours.current.onlineSeconds).toBe(10);
      expect(hours.earlier).toEqual([expect.objectContaining({ year: 2026, onlineSeconds: 20 })]);
    });

    it("a video lesson credits only while playing at normal speed, and not after a seek ahead", async () => {
      const me = await learner();
      const t0 = "2026-06-05T02:00:00Z";
      await recordBeat(me, { ...beat(videoLesson.id, "v"), kind: "start" }, DEFAULT_POLICY, at(t0));
      expect(
        (await recordBeat(me, beat(videoLesson.id, "v", { video: { playing: false, position: 0, rate: 1 } }), DEFAULT_POLICY, at(t0, 20)))
          .outcome,
      ).toBe("notPlaying");
      expect(
        (await recordBeat(me, beat(videoLesson.id, "v", { video: { playing: true, position: 20, rate: 1 } }), DEFAULT_POLICY, at(t0, 40)))
          .outcome,
      ).toBe("credited");
      expect(
        (await recordBeat(me, beat(videoLesson.id, "v", { video: { playing: true, position: 50, rate: 2 } }), DEFAULT_POLICY, at(t0, 55)))
          .outcome,
      ).toBe("rateRefused");
      expect(
        await recordBeat(me, beat(videoLesson.id, "v", { video: { playing: true, position: 75, rate: 1 } }), DEFAULT_POLICY, at(t0, 65)),
      ).toMatchObject({
        outcome: "seekRefused",
        resumeAt: 20,
      });
    });

    it("随机验证: a course with attention checks pauses crediting when a check is left unanswered past a minute", async () => {
      process.env.STUDY_ATTENTION_MIN_SECONDS = "10";
      process.env.STUDY_ATTENTION_MAX_SECONDS = "10";
      try {
        const [course] = await db().select().from(courses).where(eq(courses.attentionCheck, true));
        expect(course, "the curriculum switches attention checks on for a course").toBeDefined();
        const lesson = (await db().select().from(lessons).where(eq(lessons.courseId, course.id))).find((l) => !l.video)!;
        const me = await learner();
        const t0 = "2026-06-06T02:00:00Z";
        // The start schedules the first check 10 s ahead; it is not shown yet.
        expect((await recordBeat(me, { ...beat(lesson.id, "att"), kind: "start" }, DEFAULT_POLICY, at(t0))).attention).toBeUndefined();
        const shown = await recordBeat(me, beat(lesson.id, "att"), DEFAULT_POLICY, at(t0, 30));
        expect(shown).toMatchObject({ outcome: "credited", creditSeconds: 30 });
        // which choice is right is not in the answer (a script could read it): only the id and the choices
        expect(Object.keys(shown.attention ?? {}).sort()).toEqual(["choices", "id"]);
        const target = (await attentionDigit(me, shown.attention!.id, at(t0, 30)))!;
        expect(shown.attention?.choices).toContain(target);
        // nobody else gets the picture's digit
        expect(await attentionDigit(await learner(), shown.attention!.id, at(t0, 30))).toBeNull();
        const overdue = await recordBeat(me, beat(lesson.id, "att"), DEFAULT_POLICY, at(t0, 75));
        expect(overdue).toMatchObject({ outcome: "attentionOverdue", creditSeconds: 0 });
        const check = shown.attention!;
        const wrong = check.choices.find((c) => c !== target)!;
        expect(await answerAttentionCheck(me, { checkId: check.id, choice: wrong }, at(t0, 106))).toEqual({ correct: false });
        await expect(answerAttentionCheck(await learner(), { checkId: check.id, choice: target }, at(t0, 106))).rejects.toMatchObject({
          code: "notFound",
        });
        expect(await answerAttentionCheck(me, { checkId: check.id, choice: target }, at(t0, 107))).toEqual({ correct: true });
        await recordBeat(me, { ...beat(lesson.id, "att"), kind: "start" }, DEFAULT_POLICY, at(t0, 108));
        expect(await recordBeat(me, beat(lesson.id, "att"), DEFAULT_POLICY, at(t0, 138))).toMatchObject({
          outcome: "credited",
          creditSeconds: 30,
        });
      } finally {
        delete process.env.STUDY_ATTENTION_MIN_SECONDS;
        delete process.env.STUDY_ATTENTION_MAX_SECONDS;
      }
    });

    it("only candidates study; an unknown lesson is a 404", async () => {
      const officer = await actorOf(
        (
          await createUser({
            organizationId: place.organization.id,
            roles: [{ role: "town_officer", countyId: place.county.id, townId: place.town.id }],
          })
        ).id,
      );
      await expect(recordBeat(officer, { ...beat(textLesson.id, "x"), kind: "start" }, DEFAULT_POLICY)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(recordBeat(await learner(), { ...beat(999999, "x"), kind: "start" }, DEFAULT_POLICY)).rejects.toMatchObject({
        code: "notFound",
      });
    });
  });
}
