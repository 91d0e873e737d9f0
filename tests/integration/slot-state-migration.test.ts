import { PGlite } from "@electric-sql/pglite";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { setDatabase, type Db } from "#db/client.server";
import * as schema from "#db/schema";
import { rowsOf } from "#db/sql-text.server";
import { getAttemptPage } from "~/modules/exams/candidate.server";
import { attemptShape } from "~/modules/exams/save.server";
import { actorOf, createPlace, createUser } from "../factories";
import { createBankWithQuestions, createExam } from "../factories/exams";
import { DRIVERS } from "../support/database";

/**
 * Migration 0028 (decision 026): exam_attempt_slots.option_order becomes the per-type `state`. On a
 * database with attempts in it, every slot keeps exactly the option order it was drawn with, the
 * other types get {}, the old column is gone, a slot can no longer be changed, and the exam page
 * shows an attempt started before the migration as it did. Migration 0029 (decision 030): the
 * sitting's seats_taken starts at the attempts it already has and follows every attempt written.
 */

const adminUrl = process.env.TEST_PG_ADMIN_URL;

/** An empty database migrated by hand, made the process-wide one (the factories write through it). */
async function bare(driver: "pglite" | "postgres") {
  if (driver === "pglite") {
    const client = new PGlite("memory://");
    const database = drizzlePglite(client, { schema }) as unknown as Db;
    setDatabase({ db: database, driver, exclusive: (fn) => fn(), close: () => client.close() });
    return {
      database,
      migrateTo: (folder: string) => migratePglite(database as never, { migrationsFolder: folder }),
      close: () => client.close(),
    };
  }
  const name = `hf_mig_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const database = drizzlePostgres(client, { schema }) as unknown as Db;
  setDatabase({ db: database, driver, exclusive: (fn) => fn(), close: () => client.end({ timeout: 5 }) });
  return {
    database,
    migrateTo: (folder: string) => migratePostgres(database, { migrationsFolder: folder }),
    close: async () => {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** A copy of the migrations folder that stops before `tag`. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), "hf-migrations-"));
  cpSync(join(process.cwd(), "db/migrations"), folder, { recursive: true });
  const journalPath = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag < tag);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

const ORDERS: Record<string, number[]> = { single: [2, 0, 3, 1], multiple: [1, 3, 0, 2], truefalse: [], fill: [], short: [] };

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`migrations 0028 (slot state) and 0029 (seats) on ${driver}`, () => {
    it("carries every existing slot's option order over unchanged, gives the other types {}, and freezes slots", async () => {
      const folder = migrationsBefore("0028");
      const { database, migrateTo, close } = await bare(driver);
      try {
        await migrateTo(folder);
        const place = await createPlace();
        const person = await createUser({ organizationId: place.organization.id });
        const types = Object.keys(ORDERS) as (keyof typeof ORDERS)[];
        const { bankId, questionIds } = await createBankWithQuestions({
          countyId: place.county.id,
          groups: types.map((type) => ({ area: "theory" as const, type: type as never, difficulty: 3 as const, count: 1 })),
        });
        const exam = await createExam(place.county.id, { bankIds: [bankId], durationMinutes: 600 });
        // the sitting as written before 0029 (no seats_taken column yet)
        const [sitting] = rowsOf<{ id: number }>(
          await database.execute(sql`insert into exam_sittings (exam_id, title, opens_at, closes_at, capacity, status)
            values (${exam.id}, '迁移前的场次', now() - interval '1 hour', now() + interval '1 day', 5, 'published') returning id`),
        );
        const versions = rowsOf<{ id: number; type: string }>(
          await database.execute(
            sql`select current_version_id as id, type from questions where id in ${sql.raw(`(${questionIds.join(",")})`)} order by id`,
          ),
        );
        // Two attempts as the code before 0028 wrote them: slots with option_order int[].
        const attempts: number[] = [];
        for (const attemptNo of [1, 2]) {
          const [attempt] = await database
            .insert(schema.examAttempts)
            .values({
              examId: exam.id,
              sittingId: sitting.id,
              userId: person.id,
              attemptNo,
              seed: `seed${attemptNo}`,
              state: attemptNo === 1 ? "submitted" : "in_progress",
              startedAt: new Date(),
              deadlineAt: new Date(Date.now() + 3600_000),
              maxMarkTenths: 50,
            })
            .returning({ id: schema.examAttempts.id });
          attempts.push(attempt.id);
          for (const [i, v] of versions.entries()) {
            const order = attemptNo === 1 ? ORDERS[v.type] : [...ORDERS[v.type]].reverse();
            await database.execute(sql`insert into exam_attempt_slots (attempt_id, slot_no, question_version_id, section, type, area, option_order, max_mark_tenths)
              values (${attempt.id}, ${i + 1}, ${v.id}, ${i}, ${v.type}, 'theory', ${sql.raw(`'{${order.join(",")}}'::int[]`)}, 10)`);
          }
        }

        await migrateTo(join(process.cwd(), "db/migrations"));

        // 0029: the sitting counts the two attempts it had as seats taken; a third start still fits the
        // capacity of 5, and the seats follow every attempt written from now on.
        const seats = async () =>
          Number(
            rowsOf<{ n: number }>(await database.execute(sql`select seats_taken as n from exam_sittings where id = ${sitting.id}`))[0].n,
          );
        expect(await seats()).toBe(2);
        const other = await createUser({ organizationId: place.organization.id });
        await database.insert(schema.examAttempts).values({
          examId: exam.id,
          sittingId: sitting.id,
          userId: other.id,
          attemptNo: 1,
          seed: "seed3",
          state: "in_progress",
          startedAt: new Date(),
          deadlineAt: new Date(Date.now() + 3600_000),
          maxMarkTenths: 50,
        });
        expect(await seats()).toBe(3);

        const slots = rowsOf<{ attempt_id: number; type: string; state: unknown }>(
          await database.execute(sql`select attempt_id, type, state from exam_attempt_slots order by attempt_id, slot_no`),
        );
        expect(slots).toHaveLength(10);
        for (const slot of slots) {
          const state = typeof slot.state === "string" ? JSON.parse(slot.state) : slot.state;
          const drawn = Number(slot.attempt_id) === attempts[0] ? ORDERS[slot.type] : [...ORDERS[slot.type]].reverse();
          expect(state, `${slot.type} of attempt ${slot.attempt_id}`).toEqual(
            slot.type === "single" || slot.type === "multiple" ? { optionOrder: drawn } : {},
          );
        }
        const columns = rowsOf<{ column_name: string; is_nullable: string }>(
          await database.execute(
            sql`select column_name, is_nullable from information_schema.columns where table_name = 'exam_attempt_slots' and column_name in ('option_order', 'state')`,
          ),
        );
        expect(columns).toEqual([{ column_name: "state", is_nullable: "NO" }]);

        // Drawn once, never changed.
        await expect(
          database.execute(
            sql`update exam_attempt_slots set state = '{"optionOrder":[0,1,2,3]}' where attempt_id = ${attempts[0]} and slot_no = 1`,
          ),
        ).rejects.toThrow();
        await expect(database.execute(sql`delete from exam_attempt_slots where attempt_id = ${attempts[0]}`)).rejects.toThrow();

        // The attempt in progress reads as before: the candidate sees the options in the order drawn,
        // and a save is checked against the options shown.
        const page = await getAttemptPage(await actorOf(person.id), attempts[1]);
        if (page.kind !== "open") throw new Error("the attempt should be open");
        const shown = page.slots.flatMap((s) => ("options" in s ? [[s.type, s.options.map((o) => o.index)]] : []));
        expect(shown).toEqual([
          ["single", [...ORDERS.single].reverse()],
          ["multiple", [...ORDERS.multiple].reverse()],
        ]);
        const shape = await attemptShape(attempts[1]);
        expect([...shape!.slots.values()].map((s) => [s.type, s.optionCount, s.blankCount])).toEqual([
          ["single", 4, 0],
          ["multiple", 4, 0],
          ["truefalse", 0, 0],
          ["fill", 0, 2],
          ["short", 0, 0],
        ]);
        expect(
          (
            await database
              .select({ state: schema.examAttemptSlots.state })
              .from(schema.examAttemptSlots)
              .where(eq(schema.examAttemptSlots.attemptId, attempts[1]))
          ).length,
        ).toBe(5);
      } finally {
        await close();
        rmSync(folder, { recursive: true, force: true });
      }
    }, 180_000);
  });
}
