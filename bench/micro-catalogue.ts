/**
 * `npm run bench:micro-catalogue` — prints figures, asserts nothing.
 * 2,000 published micro lessons (each a lessons row under the 微党课 course, a published revision,
 * ~5 ratings) and a learner with progress on a tenth of them; times the catalogue reads the pages
 * make: 课程学习's six newest (with the courses), the library's first page and page 50, and a title
 * search. Use-case level (no HTTP). PostgreSQL when reachable (throwaway database), else PGlite.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { db, openDatabase, setDatabase } from "../db/client.server";
import { counties, organizations, roleGrants, towns, users } from "../db/schema";
import { loadActor } from "../app/modules/auth/session.server";
import { importCourseContent } from "../app/modules/learning/import-content.server";
import { listCatalogue } from "../app/modules/learning/catalogue.server";
import { LIBRARY_PAGE_SIZE, listPublishedMicroLessons } from "../app/modules/micro-lessons/micro-lessons.server";
import { percentile } from "./support/stats";

const LESSONS = Number(process.env.BENCH_MICRO_LESSONS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
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

const pct = percentile;

async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} median ${pct(samples, 50).toFixed(2)} ms   p99 ${pct(samples, 99).toFixed(2)} ms`);
}

const { database, label, drop } = await open();
setDatabase(database);
try {
  await importCourseContent(db());
  const [county] = await db().insert(counties).values({ code: "370829", name: "嘉祥县" }).returning();
  const [town] = await db().insert(towns).values({ countyId: county.id, name: "嘉祥街道" }).returning();
  const [org] = await db()
    .insert(organizations)
    .values({ townId: town.id, name: "基准测试组织", type: "enterprise", creditCode: "91370829MA00000001" })
    .returning();
  const people = await db()
    .insert(users)
    .values(
      Array.from({ length: 51 }, (_, i) => ({
        name: `学员${i}`,
        phone: `137${String(i).padStart(8, "0")}`,
        idNumber: `37082919900101${String(i).padStart(3, "0")}X`,
        passwordHash: "x",
        organizationId: org.id,
        partyStatus: "full" as const,
        partyPost: "secretary" as const,
      })),
    )
    .returning({ id: users.id });
  await db()
    .insert(roleGrants)
    .values(people.map((p) => ({ userId: p.id, role: "candidate" as const, scopeKey: "self" })));
  const author = people[50].id;
  await db().execute(
    sql`insert into courses (slug, title, area, "order", summary, intro) values ('micro-lessons', '微党课', 'micro', 1000, '', '')`,
  );
  await db().execute(sql`
    insert into micro_lessons (county_id, author_id, created_at, updated_at, published_at)
    select ${county.id}, ${author}, now(), now(), now() - (g || ' minutes')::interval from generate_series(1, ${LESSONS}) g`);
  await db().execute(sql`
    insert into micro_lesson_revisions (micro_lesson_id, number, state, title, summary, area, script, intended_minutes, author_id)
    select id, 1, 'published', '微党课第' || id || '讲', '简介', (array['theory','basics','practice','experience'])[1 + id % 4], '# 讲稿', 5, ${author} from micro_lessons`);
  await db().execute(sql`
    insert into lessons (course_id, slug, title, "order", minutes, body, kind, nominal_seconds)
    select (select id from courses where slug = 'micro-lessons'), 'micro-' || m.id, r.title, m.id, 5, r.script, 'micro', 300
    from micro_lessons m join micro_lesson_revisions r on r.micro_lesson_id = m.id`);
  await db().execute(sql`
    update micro_lessons m set lesson_id = l.id, published_revision_id = r.id
    from lessons l, micro_lesson_revisions r where l.slug = 'micro-' || m.id and r.micro_lesson_id = m.id`);
  await db().execute(sql`
    insert into micro_lesson_ratings (micro_lesson_id, user_id, stars)
    select m.id, u.id, 1 + (m.id + u.id) % 5 from micro_lessons m cross join lateral (select id from users where id <> ${author} order by id limit 5 offset m.id % 40) u`);
  const me = people[0].id;
  await db().execute(sql`
    insert into lesson_progress (user_id, lesson_id, credited_seconds, furthest_position)
    select ${me}, lesson_id, 120, 120 from micro_lessons where id % 10 = 0`);
  await db().execute(sql`analyze`);
  const actor = (await loadActor(me))!;
  console.log(`micro catalogue on ${label}: ${LESSONS} published micro lessons, ${ROUNDS} rounds each`);
  await time("课程学习: courses + six newest micro lessons", () =>
    Promise.all([listCatalogue(actor), listPublishedMicroLessons(actor, { limit: 6 })]),
  );
  await time("library page 1 (24)", () => listPublishedMicroLessons(actor, { limit: LIBRARY_PAGE_SIZE }));
  await time("library page 50 (24)", () => listPublishedMicroLessons(actor, { limit: LIBRARY_PAGE_SIZE, offset: 49 * LIBRARY_PAGE_SIZE }));
  await time("title search '第1'", () => listPublishedMicroLessons(actor, { limit: LIBRARY_PAGE_SIZE, q: "第1" }));
} finally {
  await drop();
}
