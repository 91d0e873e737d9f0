/**
 * `npm run bench:login-guesses` — issue 8, item 4: how many password guesses reach the password
 * check when they are sent in parallel? Prints figures, asserts nothing (see bench/README.md).
 *
 * A throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or TEST_PG_ADMIN_URL, dropped
 * at the end), the real server (`server/index.ts`, NODE_ENV=production, the demo data seeded,
 * TRUST_PROXY=1 so that X-Forwarded-For names the client's address) on a free loopback port. Over
 * HTTP, as a browser would post the login form:
 *
 * a. 40 concurrent wrong passwords for one demo account from one address;
 * b. 200 concurrent wrong passwords for another demo account from 200 addresses (no cookies: new
 *    devices), then that account's owner — signed in once before the attack, now signed out but
 *    sending the other cookies the server gave (the device cookie, where there is one) — signs in
 *    with the right password;
 * c. sequential wrong passwords from one address for a third account: which try is refused first;
 * d. 12 concurrent wrong current passwords on /account, then the right one;
 * e. 30 concurrent registrations from one address.
 *
 * "Evaluated" = answered 401 (the password was checked and found wrong); refused before the check
 * = 429. Run it on the old code and the new one (same file) to compare.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { idNumberCheckCharacter } from "../app/modules/accounts/id-number";
import { freePort, plainEnv } from "../tests/support/server";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PASSWORD = "hongfan-demo-2026";

type Answer = { status: number; cookies: string[] };

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const name = `hf_bench_login_${randomBytes(3).toString("hex")}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin.unsafe(`create database "${name}"`);
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: plainEnv({ NODE_ENV: "production", PORT: String(port), DATABASE_URL: url.toString(), SEED_DEMO: "true", TRUST_PROXY: "1" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (c) => (log += String(c)));
  child.stderr.on("data", (c) => (log += String(c)));
  const base = `http://127.0.0.1:${port}`;
  let sql: postgres.Sql | undefined;
  try {
    const until = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
      if (Date.now() > until) throw new Error(`server not ready:\n${log}`);
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 250));
    }
    sql = postgres(url.toString(), { max: 1, onnotice: () => {} });

    const post = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> => {
      const r = await fetch(`${base}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(form),
      });
      await r.arrayBuffer();
      return { status: r.status, cookies: r.headers.getSetCookie().map((c) => c.split(";")[0]) };
    };
    const login = (identifier: string, password: string, ip: string, cookie = "") =>
      post("/login", { identifier, password, redirectTo: "/" }, { "X-Forwarded-For": ip, ...(cookie ? { Cookie: cookie } : {}) });
    const tally = (answers: Answer[]) => {
      const by = new Map<number, number>();
      for (const a of answers) by.set(a.status, (by.get(a.status) ?? 0) + 1);
      return [...by]
        .sort((x, y) => x[0] - y[0])
        .map(([s, n]) => `${n}×${s}`)
        .join(", ");
    };
    const evaluated = (answers: Answer[]) => answers.filter((a) => a.status === 401).length;
    const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      const t = performance.now();
      const value = await work();
      return [value, (performance.now() - t) / 1000];
    };

    // a. one address, one account, 40 at once
    const [a, aSeconds] = await timed(() =>
      Promise.all(Array.from({ length: 40 }, (_, i) => login("13800000006", `wrong-${i}-a1`, "10.10.0.1"))),
    );
    console.log(
      `a. 40 concurrent wrong passwords, one account, one address: ${evaluated(a)} evaluated (${tally(a)}) in ${aSeconds.toFixed(1)} s`,
    );

    // b. 200 addresses, one account, 200 at once; then the owner from the device they used before
    const owner = await login("13800000008", PASSWORD, "10.20.0.1");
    // the device's cookies without the session (signed out): a signed-in browser would be redirected
    // away from /login whatever the action answered
    const ownerCookie = owner.cookies.filter((c) => !c.startsWith("hf_session=")).join("; ");
    const [b, bSeconds] = await timed(() =>
      Promise.all(Array.from({ length: 200 }, (_, i) => login("13800000008", `wrong-${i}-b1`, `10.30.${i >> 8}.${i & 255}`))),
    );
    console.log(
      `b. 200 concurrent wrong passwords, one account, 200 addresses: ${evaluated(b)} evaluated (${tally(b)}) in ${bSeconds.toFixed(1)} s`,
    );
    const ownerAgain = await login("13800000008", PASSWORD, "10.20.0.9", ownerCookie);
    const strangerRight = await login("13800000008", PASSWORD, "10.20.0.10");
    console.log(
      `   then the owner, right password, from the device used before (new address): ${ownerAgain.status === 302 ? "signed in (302)" : `refused (${ownerAgain.status})`}`,
    );
    console.log(
      `   and the right password from a new device: ${strangerRight.status === 302 ? "signed in (302)" : `refused (${strangerRight.status})`}`,
    );

    // c. sequential from one address: the first refused try
    let firstRefused = 0;
    for (let i = 1; i <= 15 && !firstRefused; i++) {
      const r = await login("13800000005", `wrong-${i}-c1`, "10.40.0.1");
      if (r.status === 429) firstRefused = i;
    }
    const elsewhere = await login("13800000005", PASSWORD, "10.40.0.2");
    console.log(
      `c. sequential wrong passwords, one address: try ${firstRefused || "none of 15"} refused first; the right password from another address then: ${elsewhere.status === 302 ? "signed in" : `refused (${elsewhere.status})`}`,
    );

    // d. /account: 12 wrong current passwords at once, then the right one
    const signedIn = await login("13800000011", PASSWORD, "10.50.0.1");
    const session = signedIn.cookies.join("; ");
    const change = (current: string) =>
      post(
        "/account",
        { intent: "password", currentPassword: current, newPassword: "changed2026x", newPasswordConfirm: "changed2026x" },
        { Cookie: session, "X-Forwarded-For": "10.50.0.1" },
      );
    const d = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`wrong-${i}-d1`)));
    const right = await change(PASSWORD);
    console.log(
      `d. 12 concurrent wrong current passwords on /account: ${d.filter((x) => x.status === 400).length} checked (${tally(d)}); then the right one: ${right.status}`,
    );

    // e. 30 registrations from one address at once
    const [org] = await sql`select id from organizations order by id limit 1`;
    const [e, eSeconds] = await timed(() =>
      Promise.all(
        Array.from({ length: 30 }, (_, i) => {
          const body = `37082919900101${String(500 + i).padStart(3, "0")}`;
          return post(
            "/register",
            {
              organizationId: String(org.id),
              name: "压测",
              phone: `1390000${String(i).padStart(4, "0")}`,
              idNumber: body + idNumberCheckCharacter(body),
              partyStatus: "full",
              partyPost: "secretary",
              password: "bench sail 2026",
              passwordConfirm: "bench sail 2026",
              consent: "on",
            },
            { "X-Forwarded-For": "10.60.0.1" },
          );
        }),
      ),
    );
    console.log(
      `e. 30 concurrent registrations, one address: ${e.filter((x) => x.status === 302).length} accounts created (${tally(e)}) in ${eSeconds.toFixed(1)} s`,
    );
  } finally {
    await sql?.end({ timeout: 5 });
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
