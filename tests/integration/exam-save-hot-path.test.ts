/**
 * POST /api/exam/save and /api/exam/event as served in front of Express (server/hot-path.ts,
 * docs/decisions/011 and 027): the hot path answers every request to them, Express never sees one.
 * First in-process on every driver (the guard and the hot path, with a stand-in for Express), then
 * on the real server, where every request is sent with a declared length and chunked, and the two
 * answers must be the same.
 */
import http, { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { examAnswerSteps, examAttemptEvents, sessions } from "#db/schema";
import { sessionIdFromToken } from "~/modules/auth/session-token";
import { startAttempt } from "~/modules/exams/attempts.server";
import { getAttemptPage } from "~/modules/exams/candidate.server";
import { finalizeAttempt } from "~/modules/exams/finalize.server";
import { createHotPath } from "../../server/hot-path";
import { guardRequest } from "../../server/request-guard";
import { actorOf, createPlace, sessionCookieFor } from "../factories";
import { createBankWithQuestions, createExam, createReadyCandidate, createSitting, SMALL_BLUEPRINT } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";
import { createServerDatabase, ensureProductionBuild, freePort, signInDemoCandidate, startServer } from "../support/server";

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A POST with a declared length (what the hot path takes) or a chunked body (what it leaves to Express). */
function send(base: string, path: string, body: string, headers: Record<string, string>, chunked = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, {
      method: "POST",
      headers: { ...headers, ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(Buffer.byteLength(body)) }) },
      agent: false,
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode!, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`the exam save hot path on ${driver}`, () => {
    let drop: () => Promise<void>;
    let server: Server;
    let base: string;
    let cookie: string;
    let userId: number;
    let attemptId: number;
    let slotNo: number;
    const leftToExpress: string[] = [];

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      const place = await createPlace();
      const { bankId } = await createBankWithQuestions({ countyId: place.county.id, blueprint: SMALL_BLUEPRINT });
      const exam = await createExam(place.county.id, { bankIds: [bankId] });
      const sitting = await createSitting(exam.id);
      userId = (await createReadyCandidate(place.organization.id)).id;
      const actor = await actorOf(userId);
      ({ attemptId } = await startAttempt(actor, sitting.id));
      const page = await getAttemptPage(actor, attemptId);
      if (page.kind !== "open") throw new Error("not open");
      slotNo = page.slots.find((s) => s.type === "truefalse")!.slotNo;
      cookie = await sessionCookieFor(userId);
      const hotPath = createHotPath({ trustProxy: false, cookieSecure: false });
      server = createServer((req, res) => {
        if (!guardRequest(req, res)) return;
        if (hotPath(req, res)) return;
        leftToExpress.push(`${req.method} ${req.url} ${req.headers["content-type"] ?? ""} ${req.headers["content-length"] ?? "-"}`);
        req.resume();
        res.writeHead(299).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }, 60_000);
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await drop();
    });

    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      send(base, path, body, { "content-type": "application/json", origin: base, cookie, ...headers });
    const save = (seq: number, value = true, extra: Record<string, string> = {}) =>
      post(
        "/api/exam/save",
        JSON.stringify({ attemptId, saves: [{ slotNo, seq, answer: { type: "truefalse", value }, flagged: false }] }),
        extra,
      );
    const steps = () =>
      db()
        .select({ seq: examAnswerSteps.seq, answer: examAnswerSteps.answer })
        .from(examAnswerSteps)
        .where(and(eq(examAnswerSteps.attemptId, attemptId), eq(examAnswerSteps.slotNo, slotNo)))
        .orderBy(examAnswerSteps.seq);

    it("acknowledges a save only once it is stored, answers JSON that is not cached, and a stale seq changes nothing", async () => {
      const res = await save(1, true);
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("private, no-store");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
      const body = JSON.parse(res.text);
      expect(body).toMatchObject({ ok: true, results: [{ slotNo, seq: 1, stored: true, lastSeq: 0 }] });
      expect(Date.parse(body.deadlineAt)).toBeGreaterThan(Date.now());
      expect(await steps()).toEqual([{ seq: 1, answer: { type: "truefalse", value: true } }]);
      const stale = await save(1, false);
      expect(stale.status).toBe(200);
      expect(JSON.parse(stale.text)).toMatchObject({ results: [{ seq: 1, stored: false, lastSeq: 1 }] });
      expect(await steps()).toHaveLength(1);
    });

    it("refuses another site's request, an anonymous one and malformed ones, writing nothing", async () => {
      const foreign = await save(2, true, { origin: "https://evil.example" });
      expect([foreign.status, JSON.parse(foreign.text)]).toEqual([403, { error: "crossSite" }]);
      expect(foreign.headers["cache-control"]).toBe("private, no-store");
      const anonymous = await save(2, true, { cookie: "" });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers["cache-control"]).toBe("private, no-store");
      expect(JSON.parse(anonymous.text)).toMatchObject({ error: "unauthenticated" });
      const broken = await post("/api/exam/save", "{not json");
      expect([broken.status, JSON.parse(broken.text)]).toEqual([400, { error: "malformedJson" }]);
      expect((await post("/api/exam/save", "42")).status).toBe(400);
      const wrong = await post(
        "/api/exam/save",
        JSON.stringify({ attemptId, saves: [{ slotNo, seq: 2, answer: { type: "truefalse", value: "yes" }, flagged: false }] }),
      );
      // codes only: the page words them (apiErrors.*)
      expect([wrong.status, JSON.parse(wrong.text)]).toEqual([400, { error: "badRequest" }]);
      const misfit = await post(
        "/api/exam/save",
        JSON.stringify({ attemptId, saves: [{ slotNo, seq: 2, answer: { type: "single", choice: 0 }, flagged: false }] }),
      );
      expect(misfit.status).toBe(400);
      const other = await post("/api/exam/save", JSON.stringify({ attemptId: attemptId + 100_000, saves: [] }));
      expect([other.status, JSON.parse(other.text).error]).toEqual([404, "notFound"]);
      expect(await steps()).toHaveLength(1);
    });

    it("clears the cookie of a session that is gone", async () => {
      const gone = await sessionCookieFor(userId);
      await db()
        .delete(sessions)
        .where(eq(sessions.id, sessionIdFromToken(gone.split("=")[1])));
      const res = await save(2, true, { cookie: gone });
      expect(res.status).toBe(401);
      expect(String(res.headers["set-cookie"])).toMatch(/^hf_session=;.*Max-Age=0/);
    });

    it("logs leave-page events of the attempt's owner", async () => {
      const res = await post("/api/exam/event", JSON.stringify({ attemptId, kind: "hidden" }));
      expect([res.status, JSON.parse(res.text)]).toEqual([200, { ok: true, logged: true }]);
      expect(res.headers["cache-control"]).toBe("private, no-store");
      expect((await post("/api/exam/event", JSON.stringify({ attemptId, kind: "resume" }))).status).toBe(400);
      expect(await db().select().from(examAttemptEvents).where(eq(examAttemptEvents.attemptId, attemptId))).toHaveLength(1);
    });

    it("answers everything itself: an oversized, encoded, chunked or non-JSON body, another charset, another method", async () => {
      leftToExpress.length = 0;
      const big = JSON.stringify({ attemptId, saves: [], pad: "x".repeat(512 * 1024) });
      const code = (reply: Reply) => [reply.status, JSON.parse(reply.text)];
      expect(code(await post("/api/exam/save", big))).toEqual([413, { error: "tooLarge" }]);
      expect(code(await post("/api/exam/event", JSON.stringify({ attemptId, kind: "blur", pad: "x".repeat(1024) })))).toEqual([
        413,
        { error: "tooLarge" },
      ]);
      expect(code(await post("/api/exam/save", "{}", { "content-encoding": "gzip" }))).toEqual([415, { error: "unsupportedEncoding" }]);
      expect(code(await post("/api/exam/save", "{}", { "content-type": "application/x-www-form-urlencoded" }))).toEqual([
        415,
        { error: "unsupportedMediaType" },
      ]);
      expect(code(await post("/api/exam/save", "{}", { "content-type": "application/json; charset=latin1" }))).toEqual([
        415,
        { error: "unsupportedMediaType" },
      ]);
      expect(
        code(
          await send(
            base,
            "/api/exam/save",
            JSON.stringify({ attemptId, saves: [] }),
            { "content-type": "application/json", origin: base, cookie },
            true,
          ),
        ),
      ).toMatchObject([200, { ok: true }]);
      const get = await new Promise<Reply>((resolve, reject) => {
        http
          .get(`${base}/api/exam/save`, { agent: false }, (response) => {
            let text = "";
            response.on("data", (c: Buffer) => (text += c.toString()));
            response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, text }));
          })
          .on("error", reject);
      });
      expect([...code(get), get.headers.allow]).toEqual([405, { error: "methodNotAllowed" }, "POST"]);
      expect(leftToExpress).toEqual([]);
      // A body of exactly the limit is taken (as express.json takes it).
      const exact = JSON.stringify({ attemptId, saves: [], pad: "" });
      const padded = exact.replace('"pad":""', `"pad":"${"x".repeat(512 * 1024 - Buffer.byteLength(exact))}"`);
      expect(Buffer.byteLength(padded)).toBe(512 * 1024);
      expect((await post("/api/exam/save", padded)).status).toBe(200);
    });

    it("stores nothing once the attempt is finalised, and says it is closed", async () => {
      await finalizeAttempt(attemptId, "candidate");
      const res = await save(5, false);
      expect(res.status).toBe(409);
      expect(JSON.parse(res.text)).toMatchObject({ error: "closed" });
      expect(await steps()).toHaveLength(1);
    });
  });
}

/* ------------------------------------------------------- the real server: hot path = Express */

const adminUrl = process.env.TEST_PG_ADMIN_URL;

describe.skipIf(!adminUrl)("exam saves on the real server: the hot path answers a declared and a chunked body alike", () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let sql: ReturnType<typeof postgres>;
  let server: ReturnType<typeof startServer> | undefined;
  let base: string;
  let cookie: string;
  let attemptId: number;
  let slotNo: number;

  beforeAll(async () => {
    ensureProductionBuild();
    const database = await createServerDatabase(adminUrl!, "hotpath");
    dropDatabase = database.drop;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startServer(port, database.url);
    await server.ready;
    sql = postgres(database.url, { max: 1, onnotice: () => {} });
    // A ready demo candidate signs in and starts the demo exam, over HTTP.
    cookie = await signInDemoCandidate(base);
    const [sitting] = await sql<{ id: number }[]>`select id from exam_sittings where title = '第一场（演示）'`;
    const started = await fetch(`${base}/exams/sittings/${sitting.id}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, Cookie: cookie },
    });
    attemptId = Number(/\/exams\/attempts\/(\d+)$/.exec(started.headers.get("Location") ?? "")?.[1]);
    const [slot] = await sql<
      { slot_no: number }[]
    >`select slot_no from exam_attempt_slots where attempt_id = ${attemptId} and type = 'truefalse' order by slot_no limit 1`;
    slotNo = slot.slot_no;
  }, 240_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    await sql?.end({ timeout: 5 });
    await dropDatabase?.();
  });

  /** What must be the same: status, the headers that mean something, the body (times and seqs aside). */
  const essence = (reply: Reply) => {
    // x-request-id: a new one per request (decision 033)
    const ignored = new Set(["date", "etag", "connection", "keep-alive", "content-length", "transfer-encoding", "x-request-id"]);
    const headers = Object.fromEntries(Object.entries(reply.headers).filter(([k]) => !ignored.has(k)));
    let body: unknown = reply.text;
    try {
      body = JSON.parse(reply.text, (key, value) => (key === "serverNow" ? "<now>" : value));
    } catch {
      // text
    }
    return { status: reply.status, headers, body };
  };
  /** Sends the request both ways, with a declared length and chunked: the hot path answers both (no ETag: never Express), alike. */
  const both = async (path: string, body: string | [string, string], headers: Record<string, string> = {}) => {
    const [plainBody, chunkedBody] = typeof body === "string" ? [body, body] : body;
    const all = { "content-type": "application/json", origin: base, cookie, ...headers };
    const declared = await send(base, path, plainBody, all);
    const chunked = await send(base, path, chunkedBody, all, true);
    expect(declared.headers.etag, "answered by the hot path").toBeUndefined();
    expect(chunked.headers.etag, "answered by the hot path").toBeUndefined();
    expect(essence(declared)).toEqual(essence(chunked));
    return declared;
  };
  const saveBody = (seq: number, value: unknown = true) =>
    JSON.stringify({ attemptId, saves: [{ slotNo, seq, answer: { type: "truefalse", value }, flagged: false }] });
  const storedSeqs = async () =>
    (
      await sql<{ seq: number }[]>`select seq from exam_answer_steps where attempt_id = ${attemptId} and slot_no = ${slotNo} order by seq`
    ).map((r) => r.seq);

  it("saves, stale seqs, pings, refusals and events: the same answers both ways", async () => {
    // A good save each way (seq 1 with a declared length, 2 chunked): both acknowledged and stored.
    const first = await send(base, "/api/exam/save", saveBody(1), { "content-type": "application/json", origin: base, cookie });
    const second = await send(base, "/api/exam/save", saveBody(2), { "content-type": "application/json", origin: base, cookie }, true);
    const strip = (reply: Reply) => {
      const { body, ...rest } = essence(reply);
      const { results, ...outcome } = body as { results: { stored: boolean }[] };
      return { ...rest, outcome, stored: results.map((r) => r.stored) };
    };
    expect(strip(first)).toEqual(strip(second));
    expect(strip(first)).toMatchObject({ status: 200, stored: [true], headers: { "cache-control": "private, no-store" } });
    expect(await storedSeqs()).toEqual([1, 2]);

    await both("/api/exam/save", saveBody(2, false)); // stale: 200, stored: false
    await both("/api/exam/save", JSON.stringify({ attemptId, saves: [] })); // a ping
    expect((await both("/api/exam/save", saveBody(3), { origin: "https://evil.example" })).status).toBe(403);
    expect((await both("/api/exam/save", saveBody(3), { cookie: "" })).status).toBe(401);
    expect(
      (await both("/api/exam/save", saveBody(3), { cookie: "__Host-hf_session=abcdefghijklmnopqrstuvwxyz234567" })).headers["set-cookie"],
    ).toBeDefined();
    expect((await both("/api/exam/save", "{not json")).status).toBe(400);
    expect((await both("/api/exam/save", "{not json", { cookie: "" })).status).toBe(400);
    expect((await both("/api/exam/save", '"a string"')).status).toBe(400);
    expect((await both("/api/exam/save", "")).status).toBe(400);
    expect((await both("/api/exam/save", " ")).status).toBe(400);
    expect((await both("/api/exam/save", saveBody(3, "yes"))).status).toBe(400);
    expect((await both("/api/exam/save", JSON.stringify({ attemptId: attemptId + 100_000, saves: [] }))).status).toBe(404);
    expect(
      (await both("/api/exam/event", [JSON.stringify({ attemptId, kind: "hidden" }), JSON.stringify({ attemptId, kind: "blur" })])).status,
    ).toBe(200);
    expect((await both("/api/exam/event", JSON.stringify({ attemptId, kind: "resume" }))).status).toBe(400);
    expect((await both("/api/exam/event", "[1", { cookie: "" })).status).toBe(400);
    expect(await storedSeqs()).toEqual([1, 2]);
  });

  it("an oversized body is refused with 413 tooLarge, however it is sent", async () => {
    const big = JSON.stringify({ attemptId, saves: [], pad: "x".repeat(512 * 1024) });
    const headers = { "content-type": "application/json", origin: base, cookie };
    for (const chunked of [false, true]) {
      const reply = await send(base, "/api/exam/save", big, headers, chunked);
      expect([reply.status, JSON.parse(reply.text)]).toEqual([413, { error: "tooLarge" }]);
    }
  });

  it("honours the deadline as the database has it: moved behind the server's back, saves close and reopen at once", async () => {
    const [{ deadline }] = await sql<{ deadline: Date }[]>`select deadline_at as deadline from exam_attempts where id = ${attemptId}`;
    await sql`update exam_attempts set deadline_at = now() - interval '1 hour' where id = ${attemptId}`;
    const closed = await both("/api/exam/save", [saveBody(10), saveBody(11)]);
    expect([closed.status, JSON.parse(closed.text).error]).toEqual([409, "closed"]);
    expect(await storedSeqs()).toEqual([1, 2]);
    // Extra time (a proctor's grant moves the deadline): the next save counts again.
    await sql`update exam_attempts set deadline_at = ${deadline} where id = ${attemptId}`;
    const reopened = await send(base, "/api/exam/save", saveBody(12), { "content-type": "application/json", origin: base, cookie });
    expect(JSON.parse(reopened.text)).toMatchObject({ ok: true, results: [{ stored: true }] });
    expect(await storedSeqs()).toEqual([1, 2, 12]);
  });
});
