import { PGlite } from "@electric-sql/pglite";
import { asc, eq, sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, openDatabase, setDatabase, type Database, type Db } from "#db/client.server";
import { examAttemptSlots, questionVersions } from "#db/schema";
import { seedDemo } from "#db/seed/seed-demo.server";
import { rowsOf } from "#db/sql-text.server";
import { appendArchiveEvent } from "~/modules/archive/archive.server";
import { verifyArchive } from "~/modules/archive/verify.server";
import { backup, BackupRefused, readState, restore } from "~/modules/backup/backup.server";
import { manifestPathOf, parseManifest, type Manifest } from "~/modules/backup/manifest";
import { startAttempt } from "~/modules/exams/attempts.server";
import { finalizeAttempt } from "~/modules/exams/finalize.server";
import type { QuestionDraft } from "~/modules/question-bank/question";
import { actorOf, createPlace } from "../factories";
import {
  addAnswerStep,
  correctAnswer,
  createBankWithQuestions,
  createExam,
  createReadyCandidate,
  createSitting,
  wrongAnswer,
} from "../factories/exams";
import { createTestDatabase } from "../support/database";

const adminUrl = process.env.TEST_PG_ADMIN_URL;

/**
 * Exam attempts with answer steps (two submitted and graded, one still open) and archive events on
 * top of whatever the database holds. Returns a candidate id, for appending more events later.
 */
async function addAttemptsAndArchive(): Promise<number> {
  const place = await createPlace();
  const { bankId } = await createBankWithQuestions({ countyId: place.county.id });
  const exam = await createExam(place.county.id, { bankIds: [bankId] });
  const sitting = await createSitting(exam.id);
  let someone = 0;
  for (let i = 0; i < 3; i++) {
    const user = await createReadyCandidate(place.organization.id, { name: `备份考生${i + 1}` });
    someone = user.id;
    const { attemptId } = await startAttempt(await actorOf(user.id), sitting.id);
    const slots = await db()
      .select({ slotNo: examAttemptSlots.slotNo, body: questionVersions.body })
      .from(examAttemptSlots)
      .innerJoin(questionVersions, eq(questionVersions.id, examAttemptSlots.questionVersionId))
      .where(eq(examAttemptSlots.attemptId, attemptId))
      .orderBy(asc(examAttemptSlots.slotNo));
    for (const slot of slots) {
      const draft = slot.body as QuestionDraft;
      await addAnswerStep({ attemptId, slotNo: slot.slotNo, seq: 1, answer: wrongAnswer(draft), actorId: user.id });
      await addAnswerStep({ attemptId, slotNo: slot.slotNo, seq: 2, answer: correctAnswer(draft), actorId: user.id });
    }
    if (i < 2) await finalizeAttempt(attemptId, "candidate");
    await appendArchiveEvent(db(), { userId: user.id, type: "applicationSubmitted", actorId: user.id, data: { applicationId: 1000 + i } });
  }
  return someone;
}

/** Digests of whole tables' contents and of the archive chains: equal digests, equal rows. */
async function contentDigests(d: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ["users", "exam_attempts", "exam_attempt_slots", "exam_answer_steps", "archive_events", "archive_heads"]) {
    const [row] = rowsOf<{ d: string | null }>(
      await d.execute(sql.raw(`select md5(string_agg(t::text, '|' order by t::text)) as d from ${table} t`)),
    );
    out[table] = row.d ?? "(empty)";
  }
  const [chain] = rowsOf<{ d: string }>(
    await d.execute(
      sql`select md5(string_agg(user_id || ':' || seq || ':' || encode(hash, 'hex'), ',' order by user_id, seq)) as d from archive_events`,
    ),
  );
  out.chains = chain.d;
  return out;
}

function expectPreconditions(m: Manifest) {
  // the database backed up holds what the issue names: users, attempts, their steps, archive events
  expect(m.state.tables["public.users"]).toBeGreaterThanOrEqual(3);
  expect(m.state.tables["public.exam_attempts"]).toBeGreaterThanOrEqual(3);
  expect(m.state.tables["public.exam_answer_steps"]).toBeGreaterThanOrEqual(6);
  expect(m.state.tables["public.archive_events"]).toBeGreaterThanOrEqual(3);
  expect(m.state.archiveHeads.length).toBeGreaterThanOrEqual(3);
  expect(m.state.migrations.count).toBeGreaterThan(20);
}

describe.skipIf(!adminUrl)("backup and restore on PostgreSQL (pg_dump / pg_restore)", () => {
  let source: { database: Database; drop: () => Promise<void> };
  let sourceUrl: string;
  let candidate: number;
  let dir: string;
  const created: string[] = [];
  const admin = postgres(adminUrl ?? "postgres://unused", { max: 1, onnotice: () => {} });

  function urlOf(name: string) {
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  }
  async function emptyDatabase(): Promise<string> {
    const name = `hf_${process.env.TEST_RUN_ID ?? "local"}_restore_${created.length}_${process.pid}`;
    await admin.unsafe(`create database "${name}"`);
    created.push(name);
    return urlOf(name);
  }
  async function withDb<T>(url: string, fn: (d: Db) => Promise<T>): Promise<T> {
    const client = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return await fn(drizzlePostgres(client) as unknown as Db);
    } finally {
      await client.end({ timeout: 5 });
    }
  }
  const relationsOf = (url: string) =>
    withDb(url, async (d) =>
      rowsOf<{ name: string }>(
        await d.execute(sql`
          select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%' order by 1`),
      ).map((r) => r.name),
    );

  beforeAll(async () => {
    source = await createTestDatabase("postgres");
    const [{ name }] = rowsOf<{ name: string }>(await db().execute(sql`select current_database() as name`));
    sourceUrl = urlOf(name);
    await seedDemo(db());
    candidate = await addAttemptsAndArchive();
    dir = mkdtempSync(join(tmpdir(), "hf-backup-"));
  });
  afterAll(async () => {
    await source.drop();
    for (const name of created) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
    rmSync(dir, { recursive: true, force: true });
  });

  it("restores into a fresh empty database every table's rows, the sequences and every archive chain, in the snapshot the manifest counted while the app kept writing", async () => {
    // Archive appends keep landing while pg_dump runs: the manifest must count the dumped snapshot, not the live tables.
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        await appendArchiveEvent(db(), {
          userId: candidate,
          type: "applicationSubmitted",
          actorId: candidate,
          data: { applicationId: 5000 + n++ },
        });
      }
      return n;
    })();
    const file = join(dir, "live.pgdump");
    const result = await backup({ url: sourceUrl }, file).finally(() => (writing = false));
    const appended = await writer;
    expect(appended).toBeGreaterThan(0);

    expect(result.manifestFile).toBe(manifestPathOf(file));
    expect(readdirSync(dir).sort()).toEqual(["live.pgdump", "live.pgdump.manifest.json"]); // no partial file left
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const manifest = parseManifest(readFileSync(result.manifestFile, "utf8"));
    expect(manifest).toEqual(result.manifest);
    expect(manifest.kind).toBe("postgres");
    expectPreconditions(manifest);

    const target = await emptyDatabase();
    const restored = await restore({ url: target }, file);
    expect(restored.mismatches).toEqual([]);
    expect(restored.archive.broken).toEqual([]);
    expect(restored.state.tables).toEqual(manifest.state.tables);
    expect(restored.state.archiveHeads).toEqual(manifest.state.archiveHeads);
    expect(restored.archive.events).toBe(manifest.state.tables["public.archive_events"]);

    // With the writer stopped, a second backup is the live database exactly: compare contents, not only counts.
    const still = join(dir, "still.pgdump");
    const quiet = await backup({ url: sourceUrl }, still);
    expect(quiet.manifest.state.tables).toEqual((await readState(db())).tables);
    const target2 = await emptyDatabase();
    const again = await restore({ url: target2 }, still);
    expect(again.mismatches).toEqual([]);
    expect(await withDb(target2, contentDigests)).toEqual(await contentDigests(db()));
    expect(await withDb(target2, (d) => verifyArchive(d).then((r) => r.broken))).toEqual([]);
  });

  it("refuses a database that has tables, and writes nothing into it", async () => {
    const file = join(dir, "still.pgdump");
    const target = await emptyDatabase();
    await withDb(target, async (d) => {
      await d.execute(sql`create table keep (x int)`);
      await d.execute(sql`insert into keep values (42)`);
    });
    await expect(restore({ url: target }, file)).rejects.toThrow(BackupRefused);
    await expect(restore({ url: target }, file)).rejects.toThrow(/不是空库.*\n.*not empty/);
    expect(await relationsOf(target)).toEqual(["public.keep"]);
    expect(await withDb(target, async (d) => rowsOf<{ x: number }>(await d.execute(sql`select x from keep`)))).toEqual([{ x: 42 }]);
    // the source itself, the production case
    await expect(restore({ url: sourceUrl }, file)).rejects.toThrow(BackupRefused);
  });

  it("refuses an archive that is not the one its manifest describes, or has no manifest", async () => {
    const damaged = join(dir, "damaged.pgdump");
    copyFileSync(join(dir, "still.pgdump"), damaged);
    copyFileSync(manifestPathOf(join(dir, "still.pgdump")), manifestPathOf(damaged));
    const bytes = readFileSync(damaged);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(damaged, bytes);
    const target = await emptyDatabase();
    await expect(restore({ url: target }, damaged)).rejects.toThrow(/与清单不符.*SHA-256/);
    rmSync(manifestPathOf(damaged));
    await expect(restore({ url: target }, damaged)).rejects.toThrow(/找不到清单/);
    expect(await relationsOf(target)).toEqual([]);
  });

  it("reports every difference between the restored database and the manifest", async () => {
    // A manifest that says more than the archive holds (as a silently truncated dump would): the restore must say so.
    const file = join(dir, "claims.pgdump");
    copyFileSync(join(dir, "still.pgdump"), file);
    const manifest = parseManifest(readFileSync(manifestPathOf(join(dir, "still.pgdump")), "utf8"));
    manifest.state.tables["public.exam_answer_steps"] += 1;
    const [userId, seq, hash] = manifest.state.archiveHeads[0];
    manifest.state.archiveHeads[0] = [userId, seq + 1, hash];
    writeFileSync(manifestPathOf(file), JSON.stringify(manifest));
    const restored = await restore({ url: await emptyDatabase() }, file);
    expect(restored.mismatches.map((m) => `${m.what} ${m.name}`)).toEqual([
      "table public.exam_answer_steps",
      `archive head person ${userId}`,
    ]);
    expect(restored.archive.broken).toEqual([]);
  });

  it("refuses to back up with a pg_dump older than the server and says what to install", async () => {
    const bin = join(dir, "old-bin");
    mkdirSync(bin);
    const fake = join(bin, "pg_dump");
    writeFileSync(fake, `#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n`);
    chmodSync(fake, 0o755);
    const saved = process.env.PG_BINDIR;
    process.env.PG_BINDIR = bin;
    try {
      await expect(backup({ url: sourceUrl }, join(dir, "old.pgdump"))).rejects.toThrow(/低于需要的 15[\s\S]*postgresql-client-15/);
    } finally {
      if (saved === undefined) delete process.env.PG_BINDIR;
      else process.env.PG_BINDIR = saved;
    }
    expect(existsSync(join(dir, "old.pgdump"))).toBe(false);
  });
});

describe("backup and restore of the embedded database (PGlite dumpDataDir)", () => {
  let dir: string;
  let sourceDir: string;
  let digests: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hf-backup-pglite-"));
    sourceDir = join(dir, "data", "pglite");
    const database = await openDatabase({ dataDir: sourceDir });
    setDatabase(database);
    try {
      await addAttemptsAndArchive();
      digests = await contentDigests(db());
    } finally {
      await database.close();
    }
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses while another process holds the data directory (a running server)", async () => {
    // the lock file of a live process other than this one: the parent of this test worker
    writeFileSync(`${sourceDir}.lock`, String(process.ppid));
    try {
      await expect(backup({ dataDir: sourceDir }, join(dir, "locked.pglite.tar.gz"))).rejects.toThrow(/正在被使用[\s\S]*in use by process/);
    } finally {
      rmSync(`${sourceDir}.lock`, { force: true });
    }
    expect(existsSync(join(dir, "locked.pglite.tar.gz"))).toBe(false);
  });

  it("restores into an empty directory with every table's rows and every archive chain, and refuses a directory in use", async () => {
    const file = join(dir, "b.pglite.tar.gz");
    const { manifest } = await backup({ dataDir: sourceDir }, file);
    expect(manifest.kind).toBe("pglite");
    expect(manifest.made.tool).toMatch(/^@electric-sql\/pglite \d/);
    expectPreconditions(manifest);
    expect(existsSync(`${sourceDir}.lock`)).toBe(false); // released

    const targetDir = join(dir, "restored", "pglite");
    const restored = await restore({ dataDir: targetDir }, file);
    expect(restored.mismatches).toEqual([]);
    expect(restored.archive.broken).toEqual([]);
    expect(restored.state.tables).toEqual(manifest.state.tables);
    expect(existsSync(`${targetDir}.lock`)).toBe(false);

    const pg = new PGlite(targetDir);
    try {
      expect(await contentDigests(drizzlePglite(pg) as unknown as Db)).toEqual(digests);
    } finally {
      await pg.close();
    }

    // Into the source itself (the production case): refused, and the directory is as it was.
    const before = readdirSync(sourceDir).sort();
    const version = statSync(join(sourceDir, "PG_VERSION")).mtimeMs;
    await expect(restore({ dataDir: sourceDir }, file)).rejects.toThrow(/不是空的[\s\S]*not empty/);
    expect(readdirSync(sourceDir).sort()).toEqual(before);
    expect(statSync(join(sourceDir, "PG_VERSION")).mtimeMs).toBe(version);
    // A PGlite backup is not for PostgreSQL, and the other way round.
    await expect(restore({ url: "postgres://127.0.0.1:1/none" }, file)).rejects.toThrow(/PGlite/);
  }, 180_000);
});
