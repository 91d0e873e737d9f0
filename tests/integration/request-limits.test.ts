/**
 * Issue 8 items 5, 6, 12 and 13 on the real server (server/index.ts, production build): body caps
 * answered 413 before the body is read (by Content-Length, and while a chunked body streams in),
 * the redirect targets, the origin check's scheme and `Origin: null`, and Cache-Control on personal
 * answers (docs/decisions/014-request-limits.md).
 */
import { readdirSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMITS, TOO_LARGE_MESSAGE } from "../../server/request-limits";
import { createServerDatabase, ensureProductionBuild, freePort, signInDemoCandidate, startServer } from "../support/server";
import { DEMO_PASSWORD } from "../../db/seed/demo-data";

const adminUrl = process.env.TEST_PG_ADMIN_URL;

interface RawResult {
  /** everything the server sent back */
  response: string;
  /** body bytes written before the server answered or closed */
  sent: number;
}

/**
 * A POST written on a raw socket: the head, then up to `total` body bytes in 64 KB pieces (chunked
 * or under a declared Content-Length), each waiting for the socket to drain — stopping as soon as
 * the server answers or closes.
 */
function rawPost(port: number, path: string, headers: Record<string, string>, total: number, chunked: boolean): Promise<RawResult> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let response = "";
    let sent = 0;
    let over = false;
    const finish = () => {
      if (over) return;
      over = true;
      socket.destroy();
      resolve({ response, sent });
    };
    socket.on("data", (chunk) => {
      response += chunk.toString("utf8");
      // the whole answer: head and its declared body
      const head = response.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(response)?.[1];
      if (head !== -1 && length !== undefined && Buffer.byteLength(response.slice(head + 4)) >= Number(length)) finish();
    });
    socket.on("error", () => finish());
    socket.on("close", () => finish());
    const lines = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    lines.push(chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${total}`);
    socket.write(lines.join("\r\n") + "\r\n\r\n");
    const piece = Buffer.alloc(64 * 1024, "a");
    const frame = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece;
    void (async () => {
      while (!over && sent < total) {
        const drained = socket.write(frame);
        sent += piece.length;
        if (!drained) {
          await new Promise<void>((resolve) => {
            const go = () => {
              socket.off("drain", go);
              socket.off("close", go);
              resolve();
            };
            socket.on("drain", go);
            socket.on("close", go);
          });
        }
      }
      if (!over && chunked) socket.write("0\r\n\r\n");
    })();
  });
}

describe.skipIf(!adminUrl)("request limits, redirects, origin and caching on the real server", () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let server: ReturnType<typeof startServer> | undefined;
  let port: number;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    ensureProductionBuild();
    const database = await createServerDatabase(adminUrl!, "limits");
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

  const form = { Origin: "", "Content-Type": "application/x-www-form-urlencoded" };

  describe("body caps (item 6)", () => {
    it("answers 413 to an anonymous body declared over the cap, before reading it", async () => {
      const result = await rawPost(port, "/login", { ...form, Origin: base }, 300 * 1024 * 1024, false);
      expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
      expect(result.response).toContain(TOO_LARGE_MESSAGE);
      expect(result.sent).toBeLessThan(300 * 1024 * 1024);
    });

    it("answers 413 to a chunked body once it passes the cap, and stops reading it", async () => {
      const total = 64 * 1024 * 1024;
      const result = await rawPost(port, "/login", { ...form, Origin: base }, total, true);
      expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
      expect(result.response.toLowerCase()).toContain("connection: close");
      expect(result.sent).toBeLessThan(total);
    });

    it("gives a signed-in request the larger cap, and answers 413 above it too", async () => {
      const signedIn = { ...form, Origin: base, Cookie: cookie };
      const over = await rawPost(port, "/set-locale", signedIn, BODY_LIMITS.signedIn + 64 * 1024, true);
      expect(over.response).toMatch(/^HTTP\/1\.1 413 /);
      const body = `locale=en&redirectTo=%2Fexams&pad=${"a".repeat(BODY_LIMITS.anonymous * 2)}`;
      const within = await fetch(`${base}/set-locale`, { method: "POST", redirect: "manual", headers: signedIn, body });
      expect(within.status).toBe(302);
      expect(within.headers.get("location")).toBe("/exams");
      const anonymous = await fetch(`${base}/set-locale`, { method: "POST", redirect: "manual", headers: { ...form, Origin: base }, body });
      expect(anonymous.status).toBe(413);
    });

    it("still lets a normal login through", async () => {
      expect(await signInDemoCandidate(base)).toMatch(/^__Host-hf_session=/); // production mode: Secure, so the __Host- name (decision 016)
    });
  });

  describe("redirect targets (item 5)", () => {
    const login = (redirectTo: string) =>
      fetch(`${base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { ...form, Origin: base },
        body: new URLSearchParams({ identifier: "13800000011", password: DEMO_PASSWORD, redirectTo }),
      });

    it("never leaves the site after login, and never answers 500", async () => {
      for (const redirectTo of ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/\n/evil.example"]) {
        const res = await login(redirectTo);
        expect(res.status, JSON.stringify(redirectTo)).toBe(302);
        expect(res.headers.get("location")).toBe("/");
      }
    });

    it("sends a signed-in visitor of /login?redirectTo=/%09/evil.example home", async () => {
      const res = await fetch(`${base}/login?redirectTo=/%09/evil.example`, { redirect: "manual", headers: { Cookie: cookie } });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
    });

    it("answers /set-locale with a newline in redirectTo by going home, not 500", async () => {
      const res = await fetch(`${base}/set-locale`, {
        method: "POST",
        redirect: "manual",
        headers: { ...form, Origin: base },
        body: "locale=en&redirectTo=%2F%0A%2Fevil.example",
      });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
    });
  });

  describe("origin check (item 12)", () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/set-locale`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: "locale=en&redirectTo=%2F",
      });

    it("accepts this site's origin", async () => {
      expect((await post({ Origin: base })).status).toBe(302);
    });
    it("refuses an https:// origin on this http site", async () => {
      expect((await post({ Origin: `https://127.0.0.1:${port}` })).status).toBe(403);
      const save = await fetch(`${base}/api/exam/save`, {
        method: "POST",
        headers: { Origin: `https://127.0.0.1:${port}`, Cookie: cookie, "Content-Type": "application/json" },
        body: "{}",
      });
      expect(save.status).toBe(403);
    });
    it("refuses Origin: null, also with a Referer of this site", async () => {
      expect((await post({ Origin: "null", Referer: `${base}/login` })).status).toBe(403);
    });
  });

  describe("Cache-Control (item 13)", () => {
    it("is private, no-store on a signed-in page, its .data and an API answer", async () => {
      const page = await fetch(`${base}/exams`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      expect(page.headers.get("cache-control")).toBe("private, no-store");
      const data = await fetch(`${base}/exams.data`, { headers: { Cookie: cookie } });
      expect(data.status).toBe(200);
      expect(data.headers.get("cache-control")).toBe("private, no-store");
      const api = await fetch(`${base}/api/exam/save`, {
        method: "POST",
        headers: { Origin: base, Cookie: cookie, "Content-Type": "application/json" },
        body: JSON.stringify({ attemptId: 2_000_000_000, saves: [] }),
      });
      expect(api.headers.get("content-type")).toMatch(/application\/json/);
      expect(api.headers.get("cache-control")).toBe("private, no-store");
      const attention = await fetch(`${base}/api/study/attention`, {
        method: "POST",
        headers: { Origin: base, Cookie: cookie, "Content-Type": "application/json" },
        body: "{}",
      });
      expect(attention.headers.get("cache-control")).toBe("private, no-store");
    });

    it("is private, no-store on anonymous HTML by default", async () => {
      const page = await fetch(`${base}/login`);
      expect(page.headers.get("cache-control")).toBe("private, no-store");
    });

    it("leaves hashed assets their long, immutable cache, signed in or not", async () => {
      const asset = readdirSync("build/client/assets").find((name) => name.endsWith(".js"))!;
      for (const headers of [{ Cookie: cookie }, {}] as Record<string, string>[]) {
        const res = await fetch(`${base}/assets/${asset}`, { headers });
        expect(res.status).toBe(200);
        expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      }
    });
  });
});
