import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { courses, lessons, sessions, studyBeats } from "#db/schema";
import { importCourseContent } from "~/modules/learning/import-content.server";
import { sessionIdFromToken } from "~/modules/auth/session-token";
import { createHotPath } from "../../server/hot-path";
import { guardRequest } from "../../server/request-guard";
import { createPlace, createUser, sessionCookieFor } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

/**
 * POST /api/study/beat and /api/study/attention as served in front of Express (server/hot-path.ts,
 * docs/decisions/027): every request to them is answered there, with error codes; other paths go on.
 */
for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`the heartbeat hot path on ${driver}`, () => {
    let drop: () => Promise<void>;
    let server: Server;
    let base: string;
    let lessonId: number;
    let cookie: string;
    let userId: number;
    const leftToExpress: string[] = [];

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      await importCourseContent(db());
      const [lesson] = await db()
        .select({ id: lessons.id })
        .from(lessons)
        .innerJoin(courses, eq(courses.id, lessons.courseId))
        .where(eq(courses.attentionCheck, false))
        .orderBy(lessons.id);
      lessonId = lesson.id;
      const place = await createPlace();
      userId = (await createUser({ organizationId: place.organization.id })).id;
      cookie = await sessionCookieFor(userId);
      const hotPath = createHotPath({ trustProxy: false, cookieSecure: false });
      server = createServer((req, res) => {
        if (!guardRequest(req, res)) return;
        if (hotPath(req, res)) return;
        leftToExpress.push(`${req.method} ${req.url} ${req.headers["content-type"] ?? ""}`);
        req.resume();
        res.writeHead(299).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await drop();
    });

    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/api/study/beat`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, cookie, ...headers },
        body,
      });
    const beat = (kind: "start" | "beat", streamId = "hotpath-stream") =>
      JSON.stringify({ kind, streamId, lessonId, visible: true, idleSeconds: 0 });

    it("judges a beat of a signed-in learner and answers JSON that is not cached", async () => {
      const res = await post(beat("start"));
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ outcome: "started", creditSeconds: 0 });
      const second = await post(beat("beat"));
      expect(await second.json()).toMatchObject({ outcome: "replay" });
      expect(await db().select().from(studyBeats).where(eq(studyBeats.userId, userId))).toHaveLength(2);
    });

    it("refuses another site's request, an anonymous one and a malformed one, writing nothing", async () => {
      const before = (await db().select().from(studyBeats).where(eq(studyBeats.userId, userId))).length;
      const foreign = await post(beat("beat"), { origin: "https://evil.example" });
      expect([foreign.status, await foreign.json()]).toEqual([403, { error: "crossSite" }]);
      const anonymous = await post(beat("beat"), { cookie: "" });
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: "unauthenticated" });
      const broken = await post("{not json");
      expect([broken.status, await broken.json()]).toEqual([400, { error: "malformedJson" }]);
      const wrong = await post(JSON.stringify({ kind: "beat", streamId: "x", lessonId: "one" }));
      expect(wrong.status).toBe(400);
      expect(await wrong.json()).toMatchObject({ error: "badRequest" });
      const unknownLesson = await post(
        JSON.stringify({ kind: "start", streamId: "hotpath-stream", lessonId: 999999, visible: true, idleSeconds: 0 }),
      );
      expect(unknownLesson.status).toBe(404);
      expect((await db().select().from(studyBeats).where(eq(studyBeats.userId, userId))).length).toBe(before);
    });

    it("clears the cookie of a session that is gone", async () => {
      const other = await sessionCookieFor(userId);
      await db()
        .delete(sessions)
        .where(eq(sessions.id, sessionIdFromToken(other.split("=")[1])));
      const res = await post(beat("beat"), { cookie: other });
      expect(res.status).toBe(401);
      expect(res.headers.get("set-cookie")).toMatch(/^hf_session=;.*Max-Age=0/);
    });

    it("answers every request to its paths itself, with a code: another content type, an encoded or oversized body, another method", async () => {
      leftToExpress.length = 0;
      const answer = async (res: Response) => [res.status, await res.json()];
      expect(await answer(await post("kind=beat", { "content-type": "application/x-www-form-urlencoded" }))).toEqual([
        415,
        { error: "unsupportedMediaType" },
      ]);
      expect(await answer(await post(beat("beat"), { "content-encoding": "gzip" }))).toEqual([415, { error: "unsupportedEncoding" }]);
      expect(await answer(await post(JSON.stringify({ pad: "x".repeat(4 * 1024) })))).toEqual([413, { error: "tooLarge" }]);
      expect(await answer(await fetch(`${base}/api/study/beat`))).toEqual([405, { error: "methodNotAllowed" }]);
      expect(leftToExpress).toEqual([]);
      // other paths go on to Express
      expect((await fetch(`${base}/api/study/attention/1.svg`)).status).toBe(299);
      expect(leftToExpress).toHaveLength(1);
    });

    it("answers the attention check: a code for a malformed answer or one of no open check", async () => {
      const attention = (body: string) =>
        fetch(`${base}/api/study/attention`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base, cookie },
          body,
        });
      const answer = async (res: Response) => [res.status, await res.json()];
      expect(await answer(await attention("{}"))).toEqual([400, { error: "badRequest" }]);
      expect(await answer(await attention(JSON.stringify({ checkId: 2_000_000_000, choice: 3 })))).toEqual([404, { error: "notFound" }]);
      const anonymous = await fetch(`${base}/api/study/attention`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ checkId: 1, choice: 3 }),
      });
      expect(await answer(anonymous)).toEqual([401, { error: "unauthenticated" }]);
    });
  });
}
