/**
 * `npm run bench:archive` — issue 11: the 专项档案. Prints figures, asserts nothing (bench/README.md).
 *
 * A throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or TEST_PG_ADMIN_URL), migrated.
 * 1. Seed: one county of BENCH_PEOPLE (5,000) navigators × BENCH_EVENTS (200) archive events, by
 *    generate_series in SQL, in slices of people. The content hash of each row is computed in SQL
 *    from the very text JCS gives for its body (the body is simple enough to spell out), and the
 *    BEFORE INSERT trigger chains every row through archive_heads, as for any append.
 * 2. The archive page's use case (archivePage: person, 学时 per year, newest 50 entries, corrections),
 *    in process, as a county admin: BENCH_PAGE_RUNS (500) calls over random people, first pages and
 *    filtered pages (median, p99).
 * 3. archive:verify over every event (verifyArchive, one connection, keyset pages of 5,000).
 * 4. BENCH_APPENDERS (20) clients, each with its own connection, appending BENCH_APPENDS (50) events
 *    each to ONE person, one transaction per event; then that person's chain is verified.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { openDatabase, setDatabase, type Db } from "../db/client.server";
import { appendArchiveEvent } from "../app/modules/archive/archive.server";
import { archivePage } from "../app/modules/archive/read.server";
import { verifyArchive } from "../app/modules/archive/verify.server";
import { ARCHIVE_GROUPS } from "../app/modules/archive/events";
import type { Actor } from "../app/modules/auth/access";
import { createSession } from "../app/modules/auth/session.server";
import { ensureProductionBuild, freePort, startServer } from "../tests/support/server";
import { fmtLoad, ms, percentile } from "./support/stats";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 5000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 500);
const APPENDERS = Number(process.env.BENCH_APPENDERS ?? 20);
const APPENDS = Number(process.env.BENCH_APPENDS ?? 50);
const HTTP_RUNS = Number(process.env.BENCH_HTTP_RUNS ?? 300);
const SLICE = 250;

const s = (n: number) => `${(n / 1000).toFixed(1)} s`;

const name = `hf_bench_archive_${randomBytes(4).toString("hex")}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const database = await openDatabase({ url: url.toString(), max: 10 });
setDatabase(database);
const db = database.db;
try {
  console.log(
    `Archive — ${new Date().toISOString()}, Node ${process.version}, PostgreSQL ${((await db.execute(sql`show server_version`)) as unknown as { server_version: string }[])[0].server_version}; load average ${fmtLoad(1)}`,
  );

  /* ---------------- 1. seed ---------------- */
  let t = performance.now();
  await db.execute(sql`insert into counties (code, name) values ('370829', '嘉祥县')`);
  await db.execute(sql`insert into towns (county_id, name) select c.id, '镇' || g from counties c, generate_series(1, 10) g`);
  await db.execute(
    sql`insert into organizations (town_id, name, type, credit_code) select t.id, t.name || '单位' || g, 'enterprise', lpad((t.id * 100 + g)::text, 18, '9') from towns t, generate_series(1, 5) g`,
  );
  await db.execute(sql`
    insert into users (name, phone, id_number, password_hash, organization_id, party_status, party_post)
    select '领航员' || g, (13000000000 + g)::text, '3' || lpad(g::text, 17, '0'), 'x', (select min(id) from organizations) + (g % 50), 'full', 'secretary'
    from generate_series(1, ${PEOPLE}) g`);
  await db.execute(sql`
    insert into users (name, phone, id_number, password_hash, organization_id, party_status, party_post)
    values ('管理员', '13999999999', '999999999999999999', 'x', (select min(id) from organizations), 'full', 'secretary')`);
  const [{ lo, hi, admin_id }] = (await db.execute(
    sql`select min(id) as lo, max(id) filter (where name like '领航员%') as hi, max(id) filter (where name = '管理员') as admin_id from users`,
  )) as unknown as { lo: number; hi: number; admin_id: number }[];
  await db.execute(
    sql`insert into study_year_totals (user_id, year, online_seconds, offline_seconds) select id, y, 60000 + id % 40000, 0 from users, generate_series(2024, 2026) y`,
  );
  const setup = performance.now() - t;
  t = performance.now();
  // The JCS text of {v:1,userId,type,occurredAt,actorId,reason,data:{applicationId:k}}: keys sorted, no spaces.
  for (let from = Number(lo); from <= Number(hi); from += SLICE) {
    const to = Math.min(Number(hi), from + SLICE - 1);
    await db.execute(sql`
      insert into archive_events (user_id, type, occurred_at, actor_id, reason, data, v, content_hash)
      select u, ty, at, null, null, jsonb_build_object('applicationId', k), 1,
        sha256(convert_to('{"actorId":null,"data":{"applicationId":' || k || '},"occurredAt":"' || to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') ||
          '","reason":null,"type":"' || ty || '","userId":' || u || ',"v":1}', 'UTF8'))
      from (
        select u, k, case when k % 2 = 0 then 'applicationSubmitted' else 'applicationApproved' end as ty,
          timestamptz '2024-01-01 00:00:00+00' + (k * interval '1 hour') + (u * interval '1 millisecond') as at
        from generate_series(${from}::int, ${to}::int) u, generate_series(1, ${EVENTS}) k
      ) x order by u, k`);
  }
  const seedMs = performance.now() - t;
  const [{ n }] = (await db.execute(sql`select count(*)::int as n from archive_events`)) as unknown as { n: number }[];
  await db.execute(sql`analyze`);
  console.log(
    `  seed: ${PEOPLE} people (${s(setup)}); ${n.toLocaleString("en")} events through the chaining trigger in ${s(seedMs)} (${((seedMs * 1000) / n).toFixed(1)} µs an event)`,
  );

  /* ---------------- 2. the archive page ---------------- */
  const [county] = (await db.execute(sql`select id from counties`)) as unknown as { id: number }[];
  const actor: Actor = {
    userId: Number(admin_id),
    name: "管理员",
    organizationId: 0,
    townId: 0,
    countyId: Number(county.id),
    grants: [{ role: "county_admin", countyId: Number(county.id), townId: null }],
  };
  const pick = () => Number(lo) + Math.floor(Math.random() * PEOPLE);
  for (let i = 0; i < 20; i++) await archivePage(actor, pick(), { locale: "zh-CN" }); // warm-up
  const first: number[] = [];
  const filtered: number[] = [];
  for (let i = 0; i < PAGE_RUNS; i++) {
    t = performance.now();
    await archivePage(actor, pick(), { locale: "zh-CN" });
    first.push(performance.now() - t);
    t = performance.now();
    await archivePage(actor, pick(), {
      locale: "zh-CN",
      group: ARCHIVE_GROUPS[i % ARCHIVE_GROUPS.length],
      before: 1 + Math.floor(Math.random() * EVENTS) + 1,
    });
    filtered.push(performance.now() - t);
  }
  first.sort((a, b) => a - b);
  filtered.sort((a, b) => a - b);
  console.log(
    `  archive page (use case, ${EVENTS} events a person): first page × ${PAGE_RUNS}: median ${ms(percentile(first, 50))}, p99 ${ms(percentile(first, 99))}; filtered/older pages × ${PAGE_RUNS}: median ${ms(percentile(filtered, 50))}, p99 ${ms(percentile(filtered, 99))}`,
  );

  /* ---------------- 2b. the archive page over HTTP (the real server, production build) ---------------- */
  if (HTTP_RUNS > 0) {
    ensureProductionBuild();
    const port = await freePort();
    const server = startServer(port, url.toString());
    try {
      await server.ready;
      await db.execute(
        sql`insert into role_grants (user_id, role, county_id, scope_key) values (${Number(admin_id)}, 'county_admin', ${Number(county.id)}, ${`county:${county.id}`})`,
      );
      const { token } = await createSession(Number(admin_id));
      const cookie = `__Host-hf_session=${token}`;
      const get = async (path: string) => {
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Cookie: cookie } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
        return performance.now() - t0;
      };
      for (let i = 0; i < 20; i++) await get(`/archive/${pick()}`);
      const times: number[] = [];
      for (let i = 0; i < HTTP_RUNS; i++)
        times.push(await get(`/archive/${pick()}${i % 2 ? `?group=${ARCHIVE_GROUPS[i % ARCHIVE_GROUPS.length]}` : ""}`));
      times.sort((a, b) => a - b);
      const pdf: number[] = [];
      for (let i = 0; i < 20; i++) pdf.push(await get(`/archive/${pick()}.pdf`));
      pdf.sort((a, b) => a - b);
      console.log(
        `  archive page over HTTP (GET /archive/<id>, full Remix document, one client) × ${HTTP_RUNS}: median ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}; PDF of 200 entries × 20: median ${ms(percentile(pdf, 50))}, max ${ms(pdf.at(-1)!)}`,
      );
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }

  /* ---------------- 3. archive:verify ---------------- */
  const verifier = postgres(url.toString(), { max: 1, onnotice: () => {} });
  t = performance.now();
  const report = await verifyArchive(drizzle(verifier) as unknown as Db);
  const verifyMs = performance.now() - t;
  await verifier.end({ timeout: 5 });
  console.log(
    `  archive:verify: ${report.events.toLocaleString("en")} events of ${report.people} people in ${s(verifyMs)} (${((verifyMs * 1000) / report.events).toFixed(1)} µs an event), ${report.broken.length} broken; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );

  /* ---------------- 4. concurrent appenders for one person ---------------- */
  const target = pick();
  const pool = postgres(url.toString(), { max: APPENDERS, onnotice: () => {} });
  const many = drizzle(pool) as unknown as Db;
  const latencies: number[] = [];
  t = performance.now();
  await Promise.all(
    Array.from({ length: APPENDERS }, async (_, c) => {
      for (let i = 0; i < APPENDS; i++) {
        const t0 = performance.now();
        await many.transaction((tx) =>
          appendArchiveEvent(tx, {
            userId: target,
            type: "correction",
            actorId: Number(admin_id),
            data: { corrects: 1, note: `客户端${c}-${i}` },
          }),
        );
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const appendMs = performance.now() - t;
  await pool.end({ timeout: 5 });
  latencies.sort((a, b) => a - b);
  const one = await verifyArchive(db, { userId: target });
  const [{ seqs, distinct }] = (await db.execute(
    sql`select max(seq) as seqs, count(distinct seq)::int as distinct from archive_events where user_id = ${target}`,
  )) as unknown as { seqs: number; distinct: number }[];
  console.log(
    `  ${APPENDERS} concurrent appenders × ${APPENDS} to one person: ${APPENDERS * APPENDS} appends in ${s(appendMs)} (${((APPENDERS * APPENDS) / (appendMs / 1000)).toFixed(0)}/s), commit latency median ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}; chain: seq 1..${seqs} (${distinct} distinct), ${one.broken.length ? `BROKEN ${JSON.stringify(one.broken)}` : "intact"}`,
  );
} finally {
  await database.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
}
