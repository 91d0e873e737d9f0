/**
 * The JSON endpoints' own answers on the real server (server/index.ts, production build;
 * docs/decisions/027): every request to /api/study/beat, /api/study/attention, /api/exam/save and
 * /api/exam/event is answered by the hot path with a code — 413 by the declared length and by a
 * chunked body counted as it streams (each endpoint's limit from server/request-limits.ts), 415 for
 * another type, charset or a content encoding, 400 for malformed JSON, 403 cross-site, 405 for
 * another method — with the same security headers as Express's answers; Express's own refusal of a
 * cross-site form post stays a plain page.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSON_ENDPOINT_LIMITS } from "../../server/request-limits";
import { createServerDatabase, ensureProductionBuild, freePort, signInDemoCandidate, startServer } from "../support/server";

const adminUrl = process.env.TEST_PG_ADMIN_URL;

/** A chunked POST on a raw socket: 1 KB pieces until `total` bytes or the server answers; what came back and how much was sent. */
function chunkedPost(
  port: number,
  path: string,
  headers: Record<string, string>,
  total: number,
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let response = "";
    let sent = 0;
    let over = false;
    const finish = () => {
      if (over) return;
      over = true;
      socket.destroy();
      const head = response.indexOf("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1] ?? 0), body: head === -1 ? "" : response.slice(head + 4), sent });
    };
    socket.on("data", (chunk) => {
      response += chunk.toString("utf8");
      const head = response.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(response)?.[1];
      if (head !== -1 && length !== undefined && Buffer.byteLength(response.slice(head + 4)) >= Number(length)) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    const lines = [
      `POST ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      "Transfer-Encoding: chunked",
    ];
    socket.write(lines.join("\r\n") + "\r\n\r\n");
    const piece = Buffer.alloc(1024, " ");
    const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
    void (async () => {
      socket.write("1\r\n{\r\n");
      while (!over && sent < total) {
        const drained = socket.write(frame);
        sent += piece.length;
        // a pause now and then, so that the server's answer can arrive while the body is still going
        if (!drained || sent % (16 * 1024) === 0) await new Promise((r) => setTimeout(r, 5));
      }
      if (!over) socket.write("1\r\n}\r\n0\r\n\r\n");
    })();
  });
}

describe.skipIf(!adminUrl)("the JSON endpoints' answers on the real server", () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let server: ReturnType<typeof startServer> | undefined;
  let port: number;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    ensureProductionBuild();
    const database = await createServerDatabase(adminUrl!, "jsonpath");
    dropDatabase = database.drop;
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startServer(port, database.url);
    await server.ready;
    cookie = await signInDemoCandidate(base);
  }, 240_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    await dropDatabase?.();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: base, Cookie: cookie, ...headers },
      body,
    });
  const answer = async (res: Response) => ({
    status: res.status,
    body: await res.json(),
    type: res.headers.get("content-type"),
    cache: res.headers.get("cache-control"),
  });
  const refusal = (status: number, error: string) => ({
    status,
    body: { error },
    type: "application/json; charset=utf-8",
    cache: "private, no-store",
  });

  for (const [path, limit] of JSON_ENDPOINT_LIMITS) {
    describe(path, () => {
      it("413 tooLarge for a declared length over its limit; a body of exactly the limit is read", async () => {
        const over = JSON.stringify({ pad: "x".repeat(limit) });
        expect(await answer(await post(path, over))).toEqual(refusal(413, "tooLarge"));
        const exact = `{${" ".repeat(limit - 2)}}`;
        expect(Buffer.byteLength(exact)).toBe(limit);
        const read = await post(path, exact);
        expect(read.status, "the body was read and judged, not refused").toBe(400);
        expect(await read.json()).toEqual({ error: "badRequest" });
      });

      it("413 tooLarge for a chunked body, at its first byte over the limit, reading no further", async () => {
        const total = limit + 256 * 1024;
        const reply = await chunkedPost(port, path, { "Content-Type": "application/json", Origin: base, Cookie: cookie }, total);
        expect([reply.status, JSON.parse(reply.body)]).toEqual([413, { error: "tooLarge" }]);
        expect(reply.sent).toBeLessThan(total);
      });

      it("a chunked body within the limit is read like a declared one", async () => {
        const reply = await chunkedPost(
          port,
          path,
          { "Content-Type": "application/json", Origin: base, Cookie: cookie },
          Math.min(2048, limit - 1024),
        );
        expect([reply.status, JSON.parse(reply.body)]).toEqual([400, { error: "badRequest" }]);
      });

      it("415 for another type, another charset or a content encoding; 400 for malformed JSON", async () => {
        expect(await answer(await post(path, "a=1", { "Content-Type": "application/x-www-form-urlencoded" }))).toEqual(
          refusal(415, "unsupportedMediaType"),
        );
        expect(await answer(await post(path, "{}", { "Content-Type": "text/plain" }))).toEqual(refusal(415, "unsupportedMediaType"));
        expect(await answer(await post(path, "{}", { "Content-Type": "application/json; charset=latin1" }))).toEqual(
          refusal(415, "unsupportedMediaType"),
        );
        expect(await answer(await post(path, "{}", { "Content-Encoding": "gzip" }))).toEqual(refusal(415, "unsupportedEncoding"));
        expect(await answer(await post(path, "{not json"))).toEqual(refusal(400, "malformedJson"));
        expect(await answer(await post(path, "42"))).toEqual(refusal(400, "malformedJson"));
        expect((await post(path, "{}", { "Content-Type": "application/json; charset=UTF-8" })).status).toBe(400); // read: badRequest
      });

      it("403 crossSite for another site's request, 405 for another method, with the security headers", async () => {
        const foreign = await post(path, "{}", { Origin: "https://evil.example" });
        expect(foreign.headers.get("x-content-type-options")).toBe("nosniff");
        expect(foreign.headers.get("cross-origin-resource-policy")).toBe("same-origin");
        expect(foreign.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
        expect(await answer(foreign)).toEqual(refusal(403, "crossSite"));
        expect(await answer(await post(path, "{}", { Origin: "null", Referer: `${base}/` }))).toEqual(refusal(403, "crossSite"));
        const get = await fetch(`${base}${path}`, { headers: { Cookie: cookie } });
        expect(get.headers.get("allow")).toBe("POST");
        expect(await answer(get)).toEqual(refusal(405, "methodNotAllowed"));
      });

      it("401 unauthenticated without a session", async () => {
        expect(await answer(await post(path, "{}", { Cookie: "" }))).toEqual(refusal(401, "unauthenticated"));
      });
    });
  }

  it("Express refuses a cross-site form post with the plain page (no JavaScript to word a code), the same check", async () => {
    const res = await fetch(`${base}/set-locale`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: "locale=en&redirectTo=%2F",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toContain("cross-site request refused");
  });

  it("Express's pages carry the same base security headers as the JSON answers, and the CSP", async () => {
    const page = await fetch(`${base}/login`);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
  });

  it("/healthz?caches=1 reports each in-memory cache's counters (names and numbers, no keys); plain /healthz does not", async () => {
    // two signed-in requests: the second finds the session in the cache
    for (let i = 0; i < 2; i++) await post("/api/exam/event", "{}");
    const plain = await (await fetch(`${base}/healthz`)).json();
    expect(plain).toEqual({ ok: true, driver: "postgres", instance: expect.any(String) });
    const res = await fetch(`${base}/healthz?caches=1`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(cookie.split("=")[1]);
    const { caches } = JSON.parse(text) as { caches: { name: string; hits: number; misses: number; size: number; max: number }[] };
    const sessions = caches.find((c) => c.name === "sessions");
    expect(sessions, "the session cache is listed").toBeDefined();
    expect(sessions!.hits).toBeGreaterThan(0);
    expect(sessions!.size).toBeGreaterThan(0);
    expect(sessions!.max).toBeGreaterThan(0);
  });
});
