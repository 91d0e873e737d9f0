import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, setDatabase, type Database } from "#db/client.server";

export type Driver = "pglite" | "postgres";

const adminUrl = process.env.TEST_PG_ADMIN_URL;

/** The drivers integration tests run on: always PGlite, and PostgreSQL when a server is given. */
export const DRIVERS: { driver: Driver; available: boolean }[] = [
  { driver: "pglite", available: true },
  { driver: "postgres", available: Boolean(adminUrl) },
];

/**
 * A fresh, migrated database of its own: an in-memory PGlite, or a new PostgreSQL database
 * (named after the run, dropped by `drop()`). It becomes the process-wide database.
 */
export async function createTestDatabase(driver: Driver): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (driver === "pglite") {
    const database = await openDatabase({ dataDir: "memory://" });
    setDatabase(database);
    return { database, drop: () => database.close() };
  }
  if (!adminUrl) throw new Error("TEST_PG_ADMIN_URL is not set");
  const name = `hf_${process.env.TEST_RUN_ID ?? "local"}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: 4 });
  setDatabase(database);
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
