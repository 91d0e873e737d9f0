/**
 * `npm run bench:assessment` — issue 11: applying an annual assessment round (年度考核) of a county
 * of BENCH_NAVIGATORS (5,000) navigators in one transaction, and what a kill -9 in the middle of it
 * leaves behind. Prints figures, asserts nothing (see bench/README.md).
 *
 * A throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or TEST_PG_ADMIN_URL). Two
 * counties, each with 10 towns and BENCH_NAVIGATORS current certificate holders (a third each
 * junior, intermediate, senior) and a town proposal for every one of them (80 % 良好/优秀, 12 % 一般,
 * 8 % 较差), written in bulk SQL. Then:
 * 1. applyRound for county A, in this process: seconds, and what it did.
 * 2. applyRound for county B in a child process (this file with --apply-child), killed with
 *    SIGKILL at half of (1)'s time; then the database is read: outcome rows, status events, new
 *    certificates, archive events and the round's state — all must be as before the apply. Then the
 *    same round is applied here to completion.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { fmtLoad } from "./support/stats";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const N = Number(process.env.BENCH_NAVIGATORS ?? 5000);
const META = { ip: "127.0.0.1" };

async function open(url: string) {
  const { openDatabase, setDatabase } = await import("../db/client.server");
  const database = await openDatabase({ url, max: 10 });
  setDatabase(database);
  return database;
}

/** The child: apply one round, then exit (the parent kills it before that). */
async function child(url: string, roundId: number, adminId: number) {
  await open(url);
  const { loadActor } = await import("../app/modules/auth/session.server");
  const { applyRound } = await import("../app/modules/assessment/assessment.server");
  const actor = await loadActor(adminId);
  process.stdout.write("applying\n");
  const result = await applyRound(actor!, roundId, true, META);
  process.stdout.write(`done ${JSON.stringify(result)}\n`);
  process.exit(0);
}

async function seedCounty(sql: postgres.Sql, code: string, name: string, year: number): Promise<{ countyId: number; adminId: number }> {
  const [county] = await sql`insert into counties (code, name) values (${code}, ${name}) returning id`;
  const countyId = Number(county.id);
  await sql`insert into towns (county_id, name) select ${countyId}, ${name} || '第' || g || '镇' from generate_series(1, 10) g`;
  await sql`
    insert into organizations (town_id, name, type, credit_code)
    select t.id, t.name || '基准公司', 'enterprise', '91' || ${code} || lpad(t.id::text, 10, '0')
    from towns t where t.county_id = ${countyId}`;
  const [admin] = await sql`
    insert into users (name, phone, id_number, password_hash, organization_id, party_status, party_post)
    select '基准管理员', '17' || ${code.slice(-3)} || '000000', ${code} || '19800101000X', 'x', min(o.id), 'full', 'secretary'
    from organizations o join towns t on t.id = o.town_id where t.county_id = ${countyId} returning id`;
  const adminId = Number(admin.id);
  await sql`insert into role_grants (user_id, role, county_id, scope_key) values (${adminId}, 'county_admin', ${countyId}, ${`county:${countyId}`})`;
  // navigators: spread over the county's organizations
  await sql`
    with orgs as (select o.id, row_number() over (order by o.id) - 1 as k from organizations o join towns t on t.id = o.town_id where t.county_id = ${countyId})
    insert into users (name, phone, id_number, password_hash, organization_id, party_status, party_post)
    select '领航员' || g, '18' || ${code.slice(-3)} || lpad(g::text, 6, '0'), ${code} || '1990' || lpad(g::text, 7, '0') || 'X', 'x', orgs.id, 'full', 'secretary'
    from generate_series(1, ${N}) g join orgs on orgs.k = g % 10`;
  // a current certificate each: level by g % 3, numbered per level, status list index = g
  await sql`
    with people as (
      select u.id, row_number() over (order by u.id) as g from users u join organizations o on o.id = u.organization_id join towns t on t.id = o.town_id
      where t.county_id = ${countyId} and u.id <> ${adminId}
    ), lv as (
      select id, g, (array['junior','intermediate','senior'])[1 + g % 3] as level, row_number() over (partition by g % 3 order by g) as seq from people
    )
    insert into certificates (number, credential_id, user_id, county_id, level, year, seq, issued_at, status_list_index, holder_name, organization_name)
    select 'HF' || ${code} || '-' || ${year - 2} || '-' || (1 + g % 3) || '-' || lpad(seq::text, 4, '0') || '-0',
      'urn:uuid:' || gen_random_uuid(), id, ${countyId}, level, ${year - 2}, seq, now() - interval '2 years', g, '领航员' || g, '基准公司'
    from lv`;
  await sql`
    insert into certificate_status_events (certificate_id, kind, at, data)
    select c.id, 'issued', c.issued_at, '{}'::jsonb from certificates c where c.county_id = ${countyId}`;
  await sql`
    insert into certificate_sequences (county_id, year, level, last_seq)
    select county_id, year, level, max(seq) from certificates where county_id = ${countyId} group by county_id, year, level`;
  return { countyId, adminId };
}

async function propose(sql: postgres.Sql, countyId: number, roundId: number, adminId: number) {
  await sql`
    insert into assessment_proposals (round_id, user_id, town_id, grade, basis, stage, actor_id, at)
    select ${roundId}, c.user_id, o.town_id,
      case when h < 50 then 'good' when h < 80 then 'excellent' when h < 92 then 'average' else 'poor' end,
      '基准考核依据', 'proposed', ${adminId}, now()
    from (select c.*, abs(hashtext(c.user_id::text)) % 100 as h from certificates c where c.county_id = ${countyId}) c
    join users u on u.id = c.user_id join organizations o on o.id = u.organization_id`;
}

async function state(sql: postgres.Sql, countyId: number, roundId: number) {
  const [row] = await sql`
    select
      (select state from assessment_rounds where id = ${roundId}) as round_state,
      (select count(*) from assessment_outcomes where round_id = ${roundId})::int as outcomes,
      (select count(*) from certificates where county_id = ${countyId})::int as certificates,
      (select count(*) from certificates where county_id = ${countyId} and status = 'valid')::int as valid,
      (select count(*) from certificate_status_events e join certificates c on c.id = e.certificate_id where c.county_id = ${countyId})::int as status_events,
      (select count(*) from archive_events a where a.type = 'assessmentApplied' and (a.data->>'roundId')::int = ${roundId})::int as archive_events`;
  return row;
}

async function main() {
  if (process.argv[2] === "--apply-child") return child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const dbName = `hf_bench_as_${randomBytes(3).toString("hex")}`;
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  await admin.unsafe(`create database "${dbName}"`);
  let database: Awaited<ReturnType<typeof open>> | undefined;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    database = await open(url);
    const { trainingYear } = await import("../app/modules/hours/training-year");
    const { loadActor } = await import("../app/modules/auth/session.server");
    const { openRound, applyRound } = await import("../app/modules/assessment/assessment.server");
    const year = trainingYear(new Date());
    let t = performance.now();
    const a = await seedCounty(sql, "379981", "基准甲县", year);
    const b = await seedCounty(sql, "379982", "基准乙县", year);
    const roundA = await openRound((await loadActor(a.adminId))!, a.countyId, year, META);
    const roundB = await openRound((await loadActor(b.adminId))!, b.countyId, year, META);
    if (!roundA.ok || !roundB.ok) throw new Error("could not open the rounds");
    await propose(sql, a.countyId, roundA.roundId, a.adminId);
    await propose(sql, b.countyId, roundB.roundId, b.adminId);
    await sql`analyze`;
    console.log(`Annual assessment apply — ${new Date().toISOString()}, Node ${process.version}, PostgreSQL; load average ${fmtLoad(1)}`);
    console.log(
      `  seeded 2 counties × ${N} navigators with certificates and proposals in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // 1. a whole round, in this process
    t = performance.now();
    const result = await applyRound((await loadActor(a.adminId))!, roundA.roundId, true, META);
    const seconds = (performance.now() - t) / 1000;
    console.log(`  apply a round of ${N}: ${seconds.toFixed(2)} s — ${JSON.stringify(result)}`);
    console.log(`    after: ${JSON.stringify(await state(sql, a.countyId, roundA.roundId))}`);

    // 2. kill -9 halfway through the same work in another process
    const before = await state(sql, b.countyId, roundB.roundId);
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", "bench/assessment.ts", "--apply-child", url, String(roundB.roundId), String(b.adminId)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    proc.stdout.on("data", (d) => (out += d));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (out.includes("applying")) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    const killAfter = Math.max(50, (seconds * 1000) / 2);
    await new Promise((r) => setTimeout(r, killAfter));
    proc.kill("SIGKILL");
    await new Promise((r) => proc.once("exit", r));
    // the server ends the killed session's transaction when it sees the socket close
    await new Promise((r) => setTimeout(r, 500));
    const after = await state(sql, b.countyId, roundB.roundId);
    const [{ n: inFlight }] =
      await sql`select count(*)::int as n from pg_stat_activity where datname = ${dbName} and state like 'idle in transaction%'`;
    console.log(
      `  kill -9 of a child applying county B's round ${killAfter.toFixed(0)} ms into it (child said: ${JSON.stringify(out.trim())}):`,
    );
    console.log(`    before: ${JSON.stringify(before)}`);
    console.log(
      `    after:  ${JSON.stringify(after)} — ${JSON.stringify(before) === JSON.stringify(after) ? "nothing partly applied" : "CHANGED"}; idle-in-transaction sessions left: ${inFlight}`,
    );
    t = performance.now();
    const again = await applyRound((await loadActor(b.adminId))!, roundB.roundId, true, META);
    console.log(`  county B applied afterwards: ${((performance.now() - t) / 1000).toFixed(2)} s — ${JSON.stringify(again)}`);
  } finally {
    await sql.end({ timeout: 5 });
    await database?.close();
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch((e) => console.error(e));
    await admin.end({ timeout: 5 });
  }
}

await main();
