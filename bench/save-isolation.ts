/**
 * `npm run bench:save-isolation` — issue 8, item 1: can one candidate's bad save fail others'?
 * Prints figures, asserts nothing (see bench/README.md).
 *
 * A throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or TEST_PG_ADMIN_URL, dropped
 * at the end), the real server (`server/index.ts`, NODE_ENV=production, the demo data seeded) on a
 * free loopback port, and nine ready candidates of the demo county, each with a session and an
 * attempt of the demo sitting started through the sitting page's form. Eight attackers loop
 * POST /api/exam/save with a 简答 answer containing U+0000 (what made the group-committed statement
 * fail with 22P05 for everyone in it); meanwhile the victim saves BENCH_VICTIM_SAVES (300) times,
 * one after the other. Printed: the victim's saves by answer (stored / failed 5xx or network /
 * refused 429 by its own rate cap) and the attackers' answers by status.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { freePort, startServer } from "../tests/support/server";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const VICTIM_SAVES = Number(process.env.BENCH_VICTIM_SAVES ?? 300);
const ATTACKERS = Number(process.env.BENCH_ATTACKERS ?? 8);

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const name = `hf_bench_iso_${randomBytes(3).toString("hex")}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await admin.unsafe(`create database "${name}"`);
  const port = await freePort();
  const server = startServer(port, url.toString());
  const base = `http://127.0.0.1:${port}`;
  let sql: postgres.Sql | undefined;
  try {
    await server.ready;
    const { openDatabase, setDatabase } = await import("../db/client.server");
    const schema = await import("../db/schema");
    const { createSession } = await import("../app/modules/auth/session.server");
    const { idNumberCheckCharacter } = await import("../app/modules/accounts/id-number");
    const { trainingYear } = await import("../app/modules/hours/training-year");
    const database = await openDatabase({ url: url.toString(), max: 2 });
    setDatabase(database);
    const db = database.db;
    sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
    const [demo] = await sql`select organization_id from users where phone = '13800000011'`;
    const [sitting] = await sql`select id from exam_sittings where title = '第一场（演示）'`;
    const now = new Date();
    const people: { cookie: string; attemptId: number; slotNo: number }[] = [];
    for (let i = 0; i < ATTACKERS + 1; i++) {
      const body = `37082919900${String(1 + (i % 9))}01${String(100 + i).padStart(3, "0")}`;
      const [user] = await db
        .insert(schema.users)
        .values({
          name: `隔离${i + 1}`,
          phone: `1370000${String(i).padStart(4, "0")}`,
          idNumber: body + idNumberCheckCharacter(body),
          passwordHash: "-",
          organizationId: Number(demo.organization_id),
          partyStatus: "full",
          partyPost: "secretary",
        })
        .returning({ id: schema.users.id });
      await db.insert(schema.roleGrants).values({ userId: user.id, role: "candidate", scopeKey: "self" });
      await db.insert(schema.navigatorApplications).values({
        userId: user.id,
        organizationId: Number(demo.organization_id),
        partyStatus: "full",
        partyPost: "secretary",
        status: "approved",
        decidedAt: now,
      });
      await db
        .insert(schema.studyYearTotals)
        .values({ userId: user.id, year: trainingYear(now), onlineSeconds: 60 * 3600, offlineSeconds: 0 });
      const { token } = await createSession(user.id);
      const cookie = `__Host-hf_session=${token}`; // production mode: Secure, prefixed cookie (decision 016)
      const started = await fetch(`${base}/exams/sittings/${sitting.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: base, Cookie: cookie },
      });
      const attemptId = Number(/\/exams\/attempts\/(\d+)$/.exec(started.headers.get("Location") ?? "")?.[1]);
      if (!attemptId) throw new Error(`start answered ${started.status}`);
      const [slot] =
        await sql`select slot_no from exam_attempt_slots where attempt_id = ${attemptId} and type = 'short' order by slot_no limit 1`;
      people.push({ cookie, attemptId, slotNo: Number(slot.slot_no) });
    }
    await database.close();
    const save = (p: (typeof people)[number], seq: number, text: string) =>
      fetch(`${base}/api/exam/save`, {
        method: "POST",
        headers: { Origin: base, Cookie: p.cookie, "Content-Type": "application/json" },
        body: JSON.stringify({
          attemptId: p.attemptId,
          saves: [{ slotNo: p.slotNo, seq, answer: { type: "short", text }, flagged: false }],
        }),
      }).then(
        async (r) => {
          await r.arrayBuffer();
          return r.status;
        },
        () => 0,
      );
    const [victim, ...attackers] = people;
    let done = false;
    const attackStatuses = new Map<number, number>();
    const loops = attackers.map(async (p) => {
      for (let seq = 1; !done; seq++) {
        const status = await save(p, seq, `第${seq}次\u0000`);
        attackStatuses.set(status, (attackStatuses.get(status) ?? 0) + 1);
      }
    });
    const victimStatuses = new Map<number, number>();
    const t0 = performance.now();
    for (let seq = 1; seq <= VICTIM_SAVES; seq++) {
      const status = await save(victim, seq, `我的回答，第 ${seq} 稿。`);
      victimStatuses.set(status, (victimStatuses.get(status) ?? 0) + 1);
    }
    const seconds = (performance.now() - t0) / 1000;
    done = true;
    await Promise.all(loops);
    const failed = [...victimStatuses].filter(([s]) => s === 0 || s >= 500).reduce((n, [, c]) => n + c, 0);
    const [{ n: stored }] = await sql`select count(*)::int as n from exam_answer_steps where attempt_id = ${victim.attemptId}`;
    console.log(
      `Save isolation — ${new Date().toISOString()}, production server on 127.0.0.1:${port}, PostgreSQL (throwaway database ${name})`,
    );
    console.log(`  ${ATTACKERS} attackers looping NUL saves; the victim saved ${VICTIM_SAVES} times in ${seconds.toFixed(1)} s`);
    console.log(
      `  victim: failed (5xx or network) ${failed} of ${VICTIM_SAVES}; answers by status ${JSON.stringify(Object.fromEntries(victimStatuses))}; steps stored ${stored}`,
    );
    console.log(`  attackers: answers by status ${JSON.stringify(Object.fromEntries(attackStatuses))}`);
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    await sql?.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
