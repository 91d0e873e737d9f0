import { PGlite } from "@electric-sql/pglite";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, getDatabase, type Db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { appendArchiveEvent, appendArchiveEvents, archiveEventInsertSql } from "~/modules/archive/archive.server";
import { verifyArchive } from "~/modules/archive/verify.server";
import { createPlace, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

const adminUrl = process.env.TEST_PG_ADMIN_URL;

async function chainOf(userId: number) {
  return rowsOf<{ seq: number; id: number }>(
    await db().execute(sql`select seq, id from archive_events where user_id = ${userId} order by seq`),
  ).map((r) => Number(r.seq));
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`archive hash chain on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
    });
    afterAll(() => drop());

    it("chains every writer path: one event, several in one statement, the inlined INSERT inside a data-modifying CTE", async () => {
      const person = await createUser({ organizationId: place.organization.id });
      await db().transaction(async (tx) => {
        await appendArchiveEvent(tx, { userId: person.id, type: "applicationSubmitted", actorId: person.id, data: { applicationId: 1 } });
        await appendArchiveEvents(tx, [
          { userId: person.id, type: "applicationApproved", actorId: null, reason: "符合条件", data: { applicationId: 1 } },
          {
            userId: person.id,
            type: "offlineClassAttended",
            actorId: null,
            data: { classId: 3, title: "线下课", heldOn: "2026-03-01", creditTenths: 40, seconds: 10800 },
          },
        ]);
        const insert = archiveEventInsertSql({
          userId: person.id,
          type: "certificateIssued",
          actorId: null,
          data: { certificateId: 9, number: "HF-1", level: "junior" },
        });
        await tx.execute(sql.raw(`with a as (${insert} returning id) select id from a`));
      });
      expect(await chainOf(person.id)).toEqual([1, 2, 3, 4]);
      const report = await verifyArchive(db());
      expect(report.broken).toEqual([]);
      expect(report.events).toBeGreaterThanOrEqual(4);
    });

    it("refuses a payload that does not fit its kind, and a row written around the writer", async () => {
      const person = await createUser({ organizationId: place.organization.id });
      await expect(
        appendArchiveEvent(db(), {
          userId: person.id,
          type: "certificateIssued",
          actorId: null,
          data: { certificateId: 1, number: "X" } as never,
        }),
      ).rejects.toThrow(/level/);
      await expect(
        appendArchiveEvent(db(), { userId: person.id, type: "applicationSubmitted", actorId: null, data: { applicationId: 2 ** 60 } }),
      ).rejects.toThrow();
      await expect(
        db().execute(sql`insert into archive_events (user_id, type, data) values (${person.id}, 'registered', '{}')`),
      ).rejects.toThrow();
      expect(await chainOf(person.id)).toEqual([]);
    });

    it("20 concurrent appenders for one person keep one unbroken chain", async () => {
      const person = await createUser({ organizationId: place.organization.id });
      const { db: many, close } = await connections(20);
      try {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            many.transaction(async (tx) => {
              for (let k = 0; k < 5; k++) {
                await appendArchiveEvent(tx, {
                  userId: person.id,
                  type: "correction",
                  actorId: null,
                  data: { corrects: 1, note: `客户端 ${i} 第 ${k} 条` },
                });
              }
            }),
          ),
        );
      } finally {
        await close();
      }
      expect(await chainOf(person.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      const report = await verifyArchive(db(), { userId: person.id });
      expect(report.broken).toEqual([]);
      expect(report.events).toBe(100);
    });

    it("a row edited by hand with the triggers disabled is found, and named by person and seq", async () => {
      const person = await createUser({ organizationId: place.organization.id });
      const other = await createUser({ organizationId: place.organization.id });
      const ids: number[] = [];
      for (let i = 1; i <= 5; i++)
        ids.push(
          await appendArchiveEvent(db(), { userId: person.id, type: "applicationSubmitted", actorId: null, data: { applicationId: i } }),
        );
      await appendArchiveEvent(db(), { userId: other.id, type: "applicationSubmitted", actorId: null, data: { applicationId: 1 } });
      expect((await verifyArchive(db())).broken).toEqual([]);
      await db().execute(sql.raw("ALTER TABLE archive_events DISABLE TRIGGER USER"));
      try {
        await db().execute(sql`update archive_events set data = '{"applicationId": 99}' where id = ${ids[2]}`);
      } finally {
        await db().execute(sql.raw("ALTER TABLE archive_events ENABLE TRIGGER USER"));
      }
      const report = await verifyArchive(db());
      expect(report.broken).toEqual([{ userId: person.id, eventId: ids[2], seq: 3, reason: "content" }]);
      // the table still refuses changes once the triggers are back
      await expect(db().execute(sql`update archive_events set data = '{}' where id = ${ids[0]}`)).rejects.toThrow();
    });

    it("a removed last event and a recomputed link are found too", async () => {
      const person = await createUser({ organizationId: place.organization.id });
      const ids: number[] = [];
      for (let i = 1; i <= 3; i++)
        ids.push(
          await appendArchiveEvent(db(), { userId: person.id, type: "applicationSubmitted", actorId: null, data: { applicationId: i } }),
        );
      await db().execute(sql.raw("ALTER TABLE archive_events DISABLE TRIGGER USER"));
      try {
        await db().execute(sql`delete from archive_events where id = ${ids[2]}`);
      } finally {
        await db().execute(sql.raw("ALTER TABLE archive_events ENABLE TRIGGER USER"));
      }
      const report = await verifyArchive(db(), { userId: person.id });
      expect(report.broken).toEqual([{ userId: person.id, eventId: null, seq: 3, reason: "head" }]);
    });
  });

  describe.skipIf(!available)(`archive migration 0020 on ${driver}: rows written before the chain`, () => {
    it("chains existing rows per person in id order; new events continue the chains; verify passes", async () => {
      const folder = mkdtempSync(join(tmpdir(), "hf-migrations-"));
      const full = join(process.cwd(), "db/migrations");
      cpSync(full, folder, { recursive: true });
      const journalPath = join(folder, "meta/_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < "0020");
      writeFileSync(journalPath, JSON.stringify(journal));
      const { database, migrateTo, close } = await bare(driver);
      try {
        await migrateTo(folder);
        await database.execute(sql`insert into counties (code, name) values ('370999', '旧县')`);
        await database.execute(sql`insert into towns (county_id, name) select id, '旧镇' from counties where code = '370999'`);
        await database.execute(
          sql`insert into organizations (town_id, name, type, credit_code) select id, '旧单位', 'enterprise', '91370829MA3C0XXXX0' from towns where name = '旧镇'`,
        );
        const orgId = Number(rowsOf<{ id: number }>(await database.execute(sql`select id from organizations where name = '旧单位'`))[0].id);
        const users = [];
        for (let i = 0; i < 3; i++) {
          const [u] = rowsOf<{ id: number }>(
            await database.execute(sql`insert into users (name, phone, id_number, password_hash, organization_id, party_status, party_post)
              values (${`旧用户${i}`}, ${`1380000000${i}`}, ${`37082919900101000${i}`}, 'x', ${orgId}, 'full', 'secretary') returning id`),
          );
          users.push(Number(u.id));
        }
        // interleaved legacy rows, with a microsecond default time and a payload as the old writers left it
        for (let k = 0; k < 4; k++)
          for (const u of users)
            await database.execute(
              sql`insert into archive_events (user_id, type, data) values (${u}, 'registered', ${JSON.stringify({ organizationId: orgId, n: k, price: 1.5 })}::jsonb)`,
            );
        await migrateTo(full);
        const rows = rowsOf<{ user_id: number; seq: number; v: number }>(
          await database.execute(sql`select user_id, seq, v from archive_events order by id`),
        );
        expect(rows.map((r) => Number(r.seq))).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
        expect(rows.every((r) => Number(r.v) === 0)).toBe(true);
        await appendArchiveEvent(database, { userId: users[0], type: "applicationSubmitted", actorId: null, data: { applicationId: 1 } });
        expect(
          rowsOf<{ seq: number }>(await database.execute(sql`select max(seq) as seq from archive_events where user_id = ${users[0]}`))[0]
            .seq,
        ).toBe(5);
        const report = await verifyArchive(database);
        expect(report).toMatchObject({ people: 3, events: 13, broken: [] });
        // a legacy row edited later is found as well
        await database.execute(sql.raw("ALTER TABLE archive_events DISABLE TRIGGER USER"));
        await database.execute(sql`update archive_events set data = jsonb_set(data, '{n}', '7') where user_id = ${users[1]} and seq = 2`);
        await database.execute(sql.raw("ALTER TABLE archive_events ENABLE TRIGGER USER"));
        expect((await verifyArchive(database)).broken).toMatchObject([{ userId: users[1], seq: 2, reason: "content" }]);
      } finally {
        await close();
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
}

/** A pool of `n` connections to the test database (PostgreSQL), or the PGlite handle itself. */
async function connections(n: number): Promise<{ db: Db; close: () => Promise<void> }> {
  const database = getDatabase();
  if (database.driver === "pglite") return { db: database.db, close: async () => {} };
  const client = (database.db as unknown as { $client: postgres.Sql }).$client;
  const options = client.options;
  const other = postgres({
    host: options.host[0],
    port: options.port[0],
    user: options.user,
    database: options.database,
    pass: options.pass ?? undefined,
    max: n,
    onnotice: () => {},
  } as postgres.Options<Record<string, never>>);
  return { db: drizzlePostgres(other) as unknown as Db, close: () => other.end({ timeout: 5 }) };
}

/** An empty database migrated by hand (to stop before 0020). */
async function bare(driver: "pglite" | "postgres") {
  if (driver === "pglite") {
    const client = new PGlite("memory://");
    const database = drizzlePglite(client) as unknown as Db;
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
  const database = drizzlePostgres(client) as unknown as Db;
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
