import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "#db/client.server";
import {
  archiveEvents,
  auditLog,
  lessonProgress,
  lessons,
  mediaAssets,
  microLessonRatings,
  microLessonRevisions,
  microLessons,
  notifications,
} from "#db/schema";
import { DEFAULT_POLICY, type BeatInput } from "~/modules/hours/crediting";
import { recordBeat } from "~/modules/hours/record-beat.server";
import { lessonFormSchema } from "~/modules/micro-lessons/schemas";
import {
  commentOnMicroLesson,
  createMicroLesson,
  getMicroLesson,
  listMyMicroLessons,
  listPublishedMicroLessons,
  listReviewQueue,
  publishMicroLesson,
  rateMicroLesson,
  returnMicroLesson,
  saveMicroLesson,
  submitMicroLesson,
} from "~/modules/micro-lessons/micro-lessons.server";
import { closeSelection, getSelection, openSelection, recordScore } from "~/modules/micro-lessons/selection.server";
import { actorOf, createCounty, createOrganization, createPlace, createTown, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

/**
 * The media layer (branch `media`) is stood in for by a fake with the same seam: asset 9001 is a
 * 20.7-second video, 9002 an image, 9003 audio of 3 minutes.
 */
const media = vi.hoisted(() => ({ attached: [] as string[][], published: [] as string[][], deleted: [] as string[][] }));
vi.mock("~/modules/micro-lessons/media.server", () => {
  const facts: Record<string, { kind: string; mime: string; durationMs: number | null }> = {
    "00000000-0000-4000-8000-000000009001": { kind: "video", mime: "video/mp4", durationMs: 20_700 },
    "00000000-0000-4000-8000-000000009002": { kind: "image", mime: "image/png", durationMs: null },
    "00000000-0000-4000-8000-000000009003": { kind: "audio", mime: "audio/mp4", durationMs: 180_000 },
  };
  return {
    mediaFacts: async (_tx: unknown, id: string) => (facts[id] ? { id, ...facts[id], url: `/media/assets/${id}`, posterUrl: null } : null),
    attachMedia: async (_tx: unknown, input: { assetIds: string[] }) => void media.attached.push(input.assetIds),
    publishMedia: async (_tx: unknown, ids: string[]) => void media.published.push(ids),
    deleteMedia: async (_tx: unknown, ids: string[]) => {
      media.deleted.push(ids);
      return async () => {};
    },
  };
});

const meta = { ip: "127.0.0.1" };
const V = "00000000-0000-4000-8000-000000009001";
const IMG = "00000000-0000-4000-8000-000000009002";
const AUDIO = "00000000-0000-4000-8000-000000009003";
const form = (overrides: Record<string, string> = {}) =>
  lessonFormSchema.parse({
    title: "三会一课怎么开",
    summary: "讲清三会一课的程序",
    area: "practice",
    knowledgePoints: "三会一课、组织生活",
    script: "# 三会一课\n\n**支部党员大会**",
    mediaAssetId: "00000000-0000-4000-8000-000000009001",
    coverAssetId: "00000000-0000-4000-8000-000000009002",
    intendedMinutes: "5",
    ...overrides,
  });
const at = (iso: string, seconds = 0) => new Date(new Date(iso).getTime() + seconds * 1000);

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`micro lessons on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let lecturer: Awaited<ReturnType<typeof actorOf>>;
    let admin: Awaited<ReturnType<typeof actorOf>>;
    let otherAdmin: Awaited<ReturnType<typeof actorOf>>;
    let lecturerAdmin: Awaited<ReturnType<typeof actorOf>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      const other = await createCounty({ code: "370881", name: "曲阜市" });
      const otherOrg = await createOrganization((await createTown(other.id)).id);
      const org = place.organization.id;
      lecturer = await actorOf(
        (
          await createUser({
            organizationId: org,
            name: "赵讲师",
            roles: [{ role: "lecturer", countyId: place.county.id }, { role: "candidate" }],
          })
        ).id,
      );
      admin = await actorOf(
        (await createUser({ organizationId: org, name: "王管理", roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      otherAdmin = await actorOf(
        (await createUser({ organizationId: otherOrg.id, roles: [{ role: "county_admin", countyId: other.id }] })).id,
      );
      lecturerAdmin = await actorOf(
        (
          await createUser({
            organizationId: org,
            name: "兼任讲师",
            roles: [
              { role: "lecturer", countyId: place.county.id },
              { role: "county_admin", countyId: place.county.id },
            ],
          })
        ).id,
      );
      // the rows the fake media layer describes (the revisions reference media_assets)
      const asset = { bytes: 1000, blobKey: "sha256/00/fake", uploadedBy: lecturer.userId, countyId: place.county.id };
      await db()
        .insert(mediaAssets)
        .values([
          { ...asset, id: V, kind: "video", mime: "video/mp4", durationMs: 20_700 },
          { ...asset, id: IMG, kind: "image", mime: "image/png", durationMs: null },
          { ...asset, id: AUDIO, kind: "audio", mime: "audio/mp4", durationMs: 180_000 },
        ]);
    });
    afterAll(() => drop());

    const learner = async () => actorOf((await createUser({ organizationId: place.organization.id })).id);

    it("keeps every revision; the published one stays live while a new revision is in review", async () => {
      const created = await createMicroLesson(lecturer, form(), meta);
      expect(created.ok).toBe(true);
      if (!created.ok) return;
      const id = created.microLessonId;
      expect(media.attached).toContainEqual([V, IMG]);
      // nobody else edits it; a reviewer cannot act on a draft
      await expect(saveMicroLesson(lecturerAdmin, id, form({ title: "别人的修改" }), meta)).rejects.toMatchObject({ code: "forbidden" });
      await expect(publishMicroLesson(admin, id, "", meta)).rejects.toMatchObject({ code: "conflict" });
      expect((await submitMicroLesson(lecturer, id, meta)).ok).toBe(true);
      // a submitted revision is locked
      await expect(saveMicroLesson(lecturer, id, form(), meta)).rejects.toMatchObject({ code: "conflict" });
      expect((await listReviewQueue(admin)).map((q) => q.id)).toContain(id);

      await commentOnMicroLesson(admin, id, { body: "第 12 秒处画面模糊", positionSeconds: 12 }, meta);
      const published = await publishMicroLesson(admin, id, "内容扎实", meta);
      expect(published.ok).toBe(true);
      const [row] = await db().select().from(lessons).where(eq(lessons.id, published.lessonId!));
      // the nominal time is the video's real length (20.7 s → 20 s), not the intended 5 minutes
      expect(row).toMatchObject({ kind: "micro", nominalSeconds: 20, minutes: 1, mediaAssetId: V, title: "三会一课怎么开" });
      expect(media.published).toContainEqual([V, IMG]);

      // a new revision: the live lesson is untouched until it is published
      expect(
        (
          await saveMicroLesson(
            lecturer,
            id,
            form({ title: "三会一课怎么开（修订）", mediaAssetId: "00000000-0000-4000-8000-000000009003" }),
            meta,
          )
        ).ok,
      ).toBe(true);
      expect((await submitMicroLesson(lecturer, id, meta)).ok).toBe(true);
      const [still] = await db().select().from(lessons).where(eq(lessons.id, published.lessonId!));
      expect(still.title).toBe("三会一课怎么开");
      const catalogue = await listPublishedMicroLessons(await learner(), { limit: 50 });
      expect(catalogue.items.find((i) => i.id === id)?.title).toBe("三会一课怎么开");

      const again = await publishMicroLesson(admin, id, "", meta);
      expect(again.lessonId).toBe(published.lessonId);
      const revisions = await db()
        .select()
        .from(microLessonRevisions)
        .where(eq(microLessonRevisions.microLessonId, id))
        .orderBy(microLessonRevisions.number);
      expect(revisions.map((r) => [r.number, r.state])).toEqual([
        [1, "superseded"],
        [2, "published"],
      ]);
      const [updated] = await db().select().from(lessons).where(eq(lessons.id, published.lessonId!));
      expect(updated).toMatchObject({ title: "三会一课怎么开（修订）", nominalSeconds: 180, mediaAssetId: AUDIO });
      const view = await getMicroLesson(lecturer, id);
      expect(view.revisions[1].comments).toMatchObject([{ body: "第 12 秒处画面模糊", positionSeconds: 12 }]);

      // audited, the author told, the author's archive has both publications
      const audits = await db()
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.entityId, String(id)));
      expect(audits.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          "microLesson.create",
          "microLesson.submit",
          "microLesson.comment",
          "microLesson.publish",
          "microLesson.edit",
        ]),
      );
      const events = await db()
        .select()
        .from(archiveEvents)
        .where(and(eq(archiveEvents.userId, lecturer.userId), eq(archiveEvents.type, "microLessonPublished")));
      expect(events).toHaveLength(2);
      const notices = await db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, lecturer.userId), eq(notifications.kind, "microLessonPublished")));
      expect(notices).toHaveLength(2);
    });

    it("scopes review to the lesson's county and never lets an author review their own", async () => {
      const own = await createMicroLesson(lecturerAdmin, form({ title: "兼任讲师的课" }), meta);
      if (!own.ok) throw new Error("not created");
      await submitMicroLesson(lecturerAdmin, own.microLessonId, meta);
      await expect(publishMicroLesson(lecturerAdmin, own.microLessonId, "", meta)).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        commentOnMicroLesson(lecturerAdmin, own.microLessonId, { body: "自评", positionSeconds: null }, meta),
      ).rejects.toMatchObject({ code: "forbidden" });
      await expect(getMicroLesson(otherAdmin, own.microLessonId)).rejects.toMatchObject({ code: "forbidden" });
      await expect(publishMicroLesson(otherAdmin, own.microLessonId, "", meta)).rejects.toMatchObject({ code: "forbidden" });
      await expect(listReviewQueue(lecturer)).rejects.toMatchObject({ code: "forbidden" });
      expect(await listReviewQueue(otherAdmin)).toEqual([]);
      const queue = await listReviewQueue(lecturerAdmin);
      expect(queue.find((q) => q.id === own.microLessonId)?.own).toBe(true);
      // another county admin of the county may
      expect((await publishMicroLesson(admin, own.microLessonId, "", meta)).ok).toBe(true);
    });

    it("returns only with a reason; the author is told and it enters their archive", async () => {
      const created = await createMicroLesson(lecturer, form({ title: "待退回" }), meta);
      if (!created.ok) throw new Error("not created");
      await submitMicroLesson(lecturer, created.microLessonId, meta);
      expect(await returnMicroLesson(admin, created.microLessonId, "  ", meta)).toEqual({ ok: false, problem: "reasonRequired" });
      const [before] = await db().select().from(microLessonRevisions).where(eq(microLessonRevisions.microLessonId, created.microLessonId));
      expect(before.state).toBe("submitted");
      expect(await returnMicroLesson(admin, created.microLessonId, "请补充案例", meta)).toEqual({ ok: true });
      const events = await db()
        .select()
        .from(archiveEvents)
        .where(and(eq(archiveEvents.userId, lecturer.userId), eq(archiveEvents.type, "microLessonReturned")));
      expect(events).toHaveLength(1);
      // editing a returned revision starts revision 2; revision 1 keeps its state
      await saveMicroLesson(lecturer, created.microLessonId, form({ title: "待退回（已改）" }), meta);
      const revisions = await db()
        .select()
        .from(microLessonRevisions)
        .where(eq(microLessonRevisions.microLessonId, created.microLessonId))
        .orderBy(microLessonRevisions.number);
      expect(revisions.map((r) => r.state)).toEqual(["returned", "draft"]);
    });

    it("credits a micro lesson through the same heartbeat path, capped at the media's real length", async () => {
      const created = await createMicroLesson(
        lecturer,
        form({ title: "计时测试", mediaAssetId: "00000000-0000-4000-8000-000000009001" }),
        meta,
      );
      if (!created.ok) throw new Error("not created");
      await submitMicroLesson(lecturer, created.microLessonId, meta);
      const { lessonId } = await publishMicroLesson(admin, created.microLessonId, "", meta);
      const me = await learner();
      const beat = (extra: Partial<BeatInput>): BeatInput => ({
        kind: "beat",
        streamId: "microStream1",
        lessonId: lessonId!,
        visible: true,
        idleSeconds: 2,
        ...extra,
      });
      const t0 = "2026-06-02T02:00:00Z";
      expect(
        (await recordBeat(me, beat({ kind: "start", video: { playing: true, position: 0, rate: 1 } }), DEFAULT_POLICY, at(t0))).outcome,
      ).toBe("started");
      // faster than 1×: refused
      expect(
        (await recordBeat(me, beat({ video: { playing: true, position: 10, rate: 2 } }), DEFAULT_POLICY, at(t0, 10))).creditSeconds,
      ).toBe(0);
      expect(await recordBeat(me, beat({ video: { playing: true, position: 10, rate: 1 } }), DEFAULT_POLICY, at(t0, 20))).toMatchObject({
        outcome: "credited",
        creditSeconds: 10,
      });
      // hidden page: nothing
      expect(
        (await recordBeat(me, beat({ visible: false, video: { playing: true, position: 15, rate: 1 } }), DEFAULT_POLICY, at(t0, 25)))
          .creditSeconds,
      ).toBe(0);
      await recordBeat(me, beat({ video: { playing: true, position: 20, rate: 1 } }), DEFAULT_POLICY, at(t0, 40));
      await recordBeat(me, beat({ video: { playing: true, position: 20.7, rate: 1 } }), DEFAULT_POLICY, at(t0, 70));
      const [progress] = await db()
        .select()
        .from(lessonProgress)
        .where(and(eq(lessonProgress.userId, me.userId), eq(lessonProgress.lessonId, lessonId!)));
      expect(progress.creditedSeconds).toBe(20);
      expect(progress.completedAt).not.toBeNull();
      // the lecturer's statistics
      const mine = (await listMyMicroLessons(lecturer)).find((l) => l.id === created.microLessonId)!;
      // 20 s is 0.0 学时 by the one rule (rounded down), never the 0.01 the page used to round to
      expect(mine).toMatchObject({ learners: 1, completions: 1, creditedSeconds: 20, creditedHours: "0.0", state: "published" });

      // ratings: after studying, one per learner, changeable; not before studying; never one's own
      expect((await rateMicroLesson(me, created.microLessonId, 4, meta)).ok).toBe(true);
      expect((await rateMicroLesson(me, created.microLessonId, 5, meta)).ok).toBe(true);
      const ratings = await db().select().from(microLessonRatings).where(eq(microLessonRatings.microLessonId, created.microLessonId));
      expect(ratings).toMatchObject([{ userId: me.userId, stars: 5 }]);
      expect(await rateMicroLesson(await learner(), created.microLessonId, 3, meta)).toMatchObject({ ok: false, reason: "notStudied" });
      expect(await rateMicroLesson(lecturer, created.microLessonId, 5, meta)).toMatchObject({ ok: false, reason: "ownLesson" });
      const card = (await listPublishedMicroLessons(me, { limit: 50 })).items.find((i) => i.id === created.microLessonId)!;
      expect(card).toMatchObject({ rating: 5, ratings: 1, creditedSeconds: 20, completed: true, nominalSeconds: 20 });
    });

    it("renders a script with HTML and JavaScript inert", async () => {
      const created = await createMicroLesson(
        lecturer,
        form({ title: "脚本测试", script: "<script>alert(1)</script>\n\n[点我](javascript:alert(1)) <img src=x onerror=alert(1)>" }),
        meta,
      );
      if (!created.ok) throw new Error("not created");
      const view = await getMicroLesson(lecturer, created.microLessonId);
      expect(view.latest.scriptHtml).not.toMatch(/<script|<img|href="javascript/i);
      expect(view.latest.scriptHtml).toContain("&lt;script&gt;");
    });

    it("writes nothing for bad input", async () => {
      const before = (await db().select({ id: microLessons.id }).from(microLessons)).length;
      expect(lessonFormSchema.safeParse({ title: "x", area: "nowhere", intendedMinutes: "0" }).success).toBe(false);
      expect(lessonFormSchema.safeParse({ title: "标题\u0000", area: "theory", intendedMinutes: "5" }).success).toBe(false);
      // an image as the lesson's media, a video as its cover, an unknown asset
      expect(await createMicroLesson(lecturer, form({ mediaAssetId: "00000000-0000-4000-8000-000000009002" }), meta)).toEqual({
        ok: false,
        field: "mediaAssetId",
        problem: "mediaKind",
      });
      expect(await createMicroLesson(lecturer, form({ coverAssetId: "00000000-0000-4000-8000-000000009001" }), meta)).toEqual({
        ok: false,
        field: "coverAssetId",
        problem: "coverKind",
      });
      expect(await createMicroLesson(lecturer, form({ mediaAssetId: "00000000-0000-4000-8000-000000004242" }), meta)).toEqual({
        ok: false,
        field: "mediaAssetId",
        problem: "mediaMissing",
      });
      expect((await db().select({ id: microLessons.id }).from(microLessons)).length).toBe(before);
      // a lesson of nothing cannot be submitted
      const empty = await createMicroLesson(lecturer, form({ script: "", mediaAssetId: "", coverAssetId: "" }), meta);
      if (!empty.ok) throw new Error("not created");
      expect(await submitMicroLesson(lecturer, empty.microLessonId, meta)).toEqual({ ok: false, problem: "notReady" });
      const [rev] = await db().select().from(microLessonRevisions).where(eq(microLessonRevisions.microLessonId, empty.microLessonId));
      expect(rev.state).toBe("draft");
    });

    it("runs the county's 优秀微党课 selection from the top-rated lessons", async () => {
      const year = 2026;
      await expect(getSelection(lecturer, year)).rejects.toMatchObject({ code: "forbidden" });
      const preview = await getSelection(admin, year);
      expect(preview.selection).toBeNull();
      expect(preview.preview.length).toBeGreaterThan(0);
      const opened = await openSelection(admin, year, meta);
      expect(opened.ok).toBe(true);
      expect(await openSelection(admin, year, meta)).toEqual({ ok: false, problem: "exists" });
      const view = await getSelection(admin, year);
      const candidate = view.ranked[0];
      expect(await closeSelection(admin, view.selection!.id, meta)).toEqual({ ok: false, problem: "unscored" });
      await recordScore(admin, view.selection!.id, { microLessonId: candidate.id, judge: "评委甲", score: 88 }, meta);
      await recordScore(admin, view.selection!.id, { microLessonId: candidate.id, judge: "评委乙", score: 91 }, meta);
      await recordScore(admin, view.selection!.id, { microLessonId: candidate.id, judge: "评委乙", score: 92 }, meta);
      await expect(
        recordScore(otherAdmin, view.selection!.id, { microLessonId: candidate.id, judge: "外县", score: 10 }, meta),
      ).rejects.toMatchObject({ code: "forbidden" });
      for (const r of view.ranked.slice(1))
        await recordScore(admin, view.selection!.id, { microLessonId: r.id, judge: "评委甲", score: 70 }, meta);
      expect(await closeSelection(admin, view.selection!.id, meta)).toEqual({ ok: true });
      const closed = await getSelection(admin, year);
      expect(closed.selection!.state).toBe("closed");
      expect(closed.ranked[0]).toMatchObject({ id: candidate.id, mean: 90, rank: 1 });
      const events = await db().select().from(archiveEvents).where(eq(archiveEvents.type, "microLessonSelected"));
      expect(events.length).toBe(closed.ranked.length);
    });
  });
}
