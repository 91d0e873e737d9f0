/**
 * Logs and metrics of the real server (server/index.ts, production build; docs/decisions/033):
 * - what reaches the log after a wrong password, a right one (a session token), a registration with
 *   an ID number and URLs carrying one: none of the password, the token or the ID number, while
 *   every request has its JSON access line with the request id, the instance id and the user id of
 *   the signed-in request;
 * - the request id: the proxy's when well-formed, else a new one, echoed on the answer;
 * - /metrics: refused (401, empty body) without or with a wrong bearer token, served with the
 *   right one and on the admin port (127.0.0.1, no token), whose other paths are 404; the request
 *   counts move after requests.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idNumberCheckCharacter } from "~/modules/accounts/id-number";
import { createServerDatabase, ensureProductionBuild, freePort, signInDemoCandidate, startServer } from "../support/server";

const adminUrl = process.env.TEST_PG_ADMIN_URL;

const TOKEN = randomBytes(24).toString("base64url");
const INSTANCE = "obs-test-instance";
const WRONG_PASSWORD = `Wrong-${randomBytes(6).toString("hex")}-Pass`;
const NEW_PASSWORD = `Reg-${randomBytes(8).toString("hex")}-Word`;
const ID_FIRST17 = "11010519880808123";
const ID_NUMBER = `${ID_FIRST17}${idNumberCheckCharacter(ID_FIRST17)}`;

/** The count of one series of the request histogram in a scrape (0 when absent). */
function requestCount(scrape: string, route: string, method: string, status: string): number {
  const line = scrape
    .split("\n")
    .find((l) => l.startsWith(`hf_http_request_duration_seconds_count{route="${route}",method="${method}",status="${status}"}`));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe.skipIf(!adminUrl)("logs and metrics of the real server", () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let server: ReturnType<typeof startServer> | undefined;
  let base: string;
  let adminPort: number;

  beforeAll(async () => {
    ensureProductionBuild();
    const database = await createServerDatabase(adminUrl!, "obs");
    dropDatabase = database.drop;
    const port = await freePort();
    adminPort = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startServer(port, database.url, {
      LOG_LEVEL: "info",
      INSTANCE_ID: INSTANCE,
      METRICS_TOKEN: TOKEN,
      METRICS_PORT: String(adminPort),
    });
    await server.ready;
  }, 240_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    await dropDatabase?.();
  });

  const scrape = async () => {
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it("keeps passwords, session tokens and ID numbers out of the log, and writes one access line per request", async () => {
    const form = (body: Record<string, string>) => ({
      method: "POST",
      redirect: "manual" as const,
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body),
    });
    const wrong = await fetch(`${base}/login`, form({ identifier: "13800000011", password: WRONG_PASSWORD, redirectTo: "/" }));
    expect(wrong.status).toBeLessThan(500);
    await wrong.text();

    const registration = await fetch(
      `${base}/register`,
      form({
        name: "日志测",
        phone: "13912345678",
        idNumber: ID_NUMBER,
        password: NEW_PASSWORD,
        passwordConfirm: NEW_PASSWORD,
        consent: "on",
        partyStatus: "full",
        partyPost: "other",
      }),
    );
    await registration.text();
    expect(registration.status, "the registration was read and answered").toBeLessThan(500);

    const cookie = await signInDemoCandidate(base);
    const token = cookie.split("=")[1];
    expect(token.length).toBeGreaterThan(20);
    const signedIn = await fetch(`${base}/exams?q=${ID_NUMBER}&token=${token}`, {
      headers: { Cookie: cookie, "X-Request-Id": "signed-in-request-0001" },
    });
    expect(signedIn.status).toBe(200);
    await signedIn.text();
    const idInPath = await fetch(`${base}/people/${ID_NUMBER}?password=${WRONG_PASSWORD}`);
    await idInPath.text();

    // the lines are written asynchronously: wait for the last request's
    const until = Date.now() + 5_000;
    while (!server!.output().includes(`/people/[id-number]`) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const output = server!.output();
    expect(output).not.toContain(WRONG_PASSWORD);
    expect(output).not.toContain(NEW_PASSWORD);
    expect(output).not.toContain(token);
    expect(output).not.toContain(ID_NUMBER);
    expect(output).not.toContain(ID_FIRST17);

    const lines = output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.instance === INSTANCE && typeof l.time === "string" && typeof l.level === "string")).toBe(true);
    const access = lines.filter((l) => l.msg === "request");
    expect(access.find((l) => l.route === "routes/login" && l.method === "POST")).toMatchObject({ status: wrong.status, path: "/login" });
    expect(access.find((l) => l.reqId === "signed-in-request-0001")).toMatchObject({
      route: "routes/exams._index",
      path: "/exams",
      status: 200,
      userId: expect.any(Number),
      ms: expect.any(Number),
    });
    expect(access.find((l) => l.path === "/people/[id-number]")).toMatchObject({ route: "routes/$", status: 404 });
  });

  it("takes a well-formed X-Request-Id from the proxy and makes one for a missing or malformed one", async () => {
    const given = await fetch(`${base}/login`, { headers: { "X-Request-Id": "0123456789abcdef0123456789abcdef" } });
    expect(given.headers.get("x-request-id")).toBe("0123456789abcdef0123456789abcdef");
    const malformed = await fetch(`${base}/login`, { headers: { "X-Request-Id": "not ok; <script>" } });
    expect(malformed.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${base}/healthz`);
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await Promise.all([given.text(), malformed.text(), none.text()]);
  });

  it("refuses /metrics without the token or with a wrong one, with nothing in the body", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: "Bearer wrong" },
      { Authorization: `Basic ${TOKEN}` },
      { Authorization: `Bearer ${TOKEN}x` },
    ]) {
      const res = await fetch(`${base}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe("");
    }
  });

  it("serves /metrics with the token and on the admin port, and the counts move with the requests", async () => {
    const before = await scrape();
    expect(before).toContain("# TYPE hf_http_request_duration_seconds histogram");
    expect(before).toContain("process_cpu_user_seconds_total");
    expect(before).toMatch(/hf_pg_pool_connections\{state="open"\} \d+/);
    expect(before).toMatch(/hf_cache_hits_total\{cache="[^"]+"\} \d+/);
    const logins = requestCount(before, "routes/login", "GET", "2xx");
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/login`)).text();
    // a save refused before any write: the hot path's own label
    const saves = requestCount(before, "/api/exam/save", "POST", "4xx");
    const save = await fetch(`${base}/api/exam/save`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: base },
      body: "{}",
    });
    expect(save.status).toBe(401);
    await save.text();
    // the last request's line is written once its answer is out
    await new Promise((r) => setTimeout(r, 100));

    const after = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
    expect(requestCount(after, "routes/login", "GET", "2xx")).toBe(logins + 3);
    expect(requestCount(after, "/api/exam/save", "POST", "4xx")).toBe(saves + 1);
    // no raw path ever becomes a label
    expect(after).not.toMatch(/route="\/people/);

    const other = await fetch(`http://127.0.0.1:${adminPort}/healthz`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe("");
  });
});
