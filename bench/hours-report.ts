/**
 * `npm run bench:hours-report` — prints figures, asserts nothing.
 * Generates a county of 20,000 learners (12 towns, 400 organizations) with a year of study — the
 * per-person yearly totals plus ~40 judged study requests each (800,000 rows of evidence the report
 * must NOT scan) — then times the hours dashboard (summary, distribution, by town, by organization,
 * first page) for a county admin and a town officer, and the Excel export.
 * PostgreSQL when reachable (throwaway database, dropped afterwards), else PGlite in memory.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase, setDatabase } from "../db/client.server";
import { counties, lessons, organizations, roleGrants, towns, users } from "../db/schema";
import { loadActor } from "../app/modules/auth/session.server";
import { importCourseContent } from "../app/modules/learning/import-content.server";
import { getHoursDashboard, listLearnersForExport } from "../app/modules/hours/dashboard.server";
import { requiredSeconds } from "../app/modules/hours/study-hours";
import { hoursWorkbook } from "../app/modules/hours/export.server";
import { completeCreditCode } from "../app/modules/org-tree/credit-code";
import { idNumberCheckCharacter } from "../app/modules/accounts/id-number";

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 20_000);
const BEATS_PER_LEARNER = Number(process.env.BENCH_BEATS ?? 40);
const YEAR = 2026;
const SETTINGS = { requiredCreditHours: 32, minutesPerCreditHour: 45 };
const REQUIRED = requiredSeconds(SETTINGS);
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function open() {
  try {
    const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
    await admin`select 1`;
    const name = `hf_bench_${randomBytes(3).toString("hex")}`;
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString() });
    return {
      database,
      label: "PostgreSQL",
      drop: async () => (await database.close(), await admin.unsafe(`drop database "${name}" with (force)`), await admin.end()),
    };
  } catch {
    const database = await openDatabase({ dataDir: "memory://" });
    return { database, label: "PGlite (in memory)", drop: () => database.close() };
  }
}

const time = async <T>(runs: number, fn: () => Promise<T>) => {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(runs / 2)], max: ms[runs - 1] };
};

const { database, label, drop } = await open();
setDatabase(database);
try {
  const db = database.db;
  const t0 = performance.now();
  await importCourseContent(db);
  const [county] = await db.insert(counties).values({ code: "379998", name: "基准县" }).returning();
  const townRows = await db
    .insert(towns)
    .values(Array.from({ length: 12 }, (_, i) => ({ countyId: county.id, name: `基准镇${i + 1}` })))
    .returning();
  const orgRows = await db
    .insert(organizations)
    .values(
      Array.from({ length: 400 }, (_, i) => ({
        townId: townRows[i % 12].id,
        name: `基准组织${i + 1}`,
        type: "enterprise" as const,
        creditCode: completeCreditCode(`91379998MA${String(i).padStart(7, "0")}`),
      })),
    )
    .returning();
  // Learners, their candidate role and yearly totals, generated in SQL for speed.
  await db.execute(sql`
    insert into users (name, phone, id_number, password_hash, organization_id, party_status, party_post)
    select '学员' || g, '15' || lpad(g::text, 9, '0'), 'X' || lpad(g::text, 17, '0'), '-', ${orgRows[0].id} + (g % ${orgRows.length}), 'full', 'secretary'
    from generate_series(1, ${LEARNERS}) g`);
  await db.execute(
    sql`insert into role_grants (user_id, role, scope_key) select id, 'candidate', 'self' from users where phone like '15%'`,
  );
  await db.execute(sql`
    insert into study_year_totals (user_id, year, online_seconds, offline_seconds)
    select id, ${YEAR}, (random() * ${REQUIRED * 1.3})::int, case when random() < 0.3 then 4 * 2700 else 0 end from users where phone like '15%'`);
  const [lesson] = await db.select({ id: lessons.id }).from(lessons).limit(1);
  await db.execute(sql`
    insert into study_beats (user_id, lesson_id, stream_id, at, outcome, credited_seconds)
    select u.id, ${lesson.id}, 'bench', timestamp '${sql.raw(`${YEAR}`)}-03-01' + (g || ' hours')::interval, 'credited', 30
    from users u cross join generate_series(1, ${BEATS_PER_LEARNER}) g where u.phone like '15%'`);
  await db.execute(sql`analyze`);
  const setupSeconds = (performance.now() - t0) / 1000;

  const body = `370829199001011${Math.floor(Math.random() * 90 + 10)}`.slice(0, 17);
  const [adminUser] = await db
    .insert(users)
    .values({
      name: "基准管理员",
      phone: "13999999998",
      idNumber: body + idNumberCheckCharacter(body),
      passwordHash: "-",
      organizationId: orgRows[0].id,
      partyStatus: "full",
      partyPost: "other",
    })
    .returning();
  await db.insert(roleGrants).values({ userId: adminUser.id, role: "county_admin", countyId: county.id, scopeKey: `county:${county.id}` });
  await db.insert(roleGrants).values({
    userId: adminUser.id,
    role: "town_officer",
    countyId: county.id,
    townId: townRows[0].id,
    scopeKey: `town:${townRows[0].id}`,
  });
  const countyAdmin = (await loadActor(adminUser.id))!;
  const townOfficer = { ...countyAdmin, grants: countyAdmin.grants.filter((g) => g.role === "town_officer") };

  const whole = await time(11, () => getHoursDashboard(countyAdmin, { year: YEAR, page: 1 }, SETTINGS));
  const notMet = await time(11, () => getHoursDashboard(countyAdmin, { year: YEAR, met: "notMet", page: 5 }, SETTINGS));
  const town = await time(11, () => getHoursDashboard(townOfficer, { year: YEAR, page: 1 }, SETTINGS));
  const exportTime = await time(3, async () =>
    hoursWorkbook({
      year: YEAR,
      minutesPerCreditHour: 45,
      rows: await listLearnersForExport(countyAdmin, { year: YEAR, page: 1 }, SETTINGS),
    }),
  );
  const summary = (await getHoursDashboard(countyAdmin, { year: YEAR, page: 1 }, SETTINGS)).summary;

  console.log(
    `Hours report benchmark on ${label}: ${LEARNERS.toLocaleString()} learners, ${(LEARNERS * BEATS_PER_LEARNER).toLocaleString()} study requests (set up in ${setupSeconds.toFixed(1)} s)`,
  );
  console.log(
    `  county dashboard (summary, bands, 12 towns, 400 organizations, first page): median ${whole.median.toFixed(1)} ms, max ${whole.max.toFixed(1)} ms`,
  );
  console.log(
    `  county dashboard, "not met" filter, page 5:                             median ${notMet.median.toFixed(1)} ms, max ${notMet.max.toFixed(1)} ms`,
  );
  console.log(
    `  town officer's dashboard (one town):                                    median ${town.median.toFixed(1)} ms, max ${town.max.toFixed(1)} ms`,
  );
  console.log(
    `  Excel export of all ${LEARNERS.toLocaleString()} learners:                                   median ${exportTime.median.toFixed(0)} ms`,
  );
  console.log(`  (met: ${summary.met} of ${summary.learners})`);
} finally {
  await drop();
}
