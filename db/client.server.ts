import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = ReturnType<typeof drizzlePostgres<typeof schema>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** A database handle or an open transaction: use cases accept either. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  driver: "postgres" | "pglite";
  /** the postgres.js client (PostgreSQL server only): LISTEN/NOTIFY between instances */
  sql?: postgres.Sql;
  /**
   * Runs `fn` while no other process starting on this database runs its own (a PostgreSQL advisory
   * lock on a connection of its own): the start-up writes (content import, demo data) of several
   * instances starting at once. On PGlite only one process can open the database anyway.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The advisory lock every start-up takes (migrations, then the start-up writes): an arbitrary
 * constant of this application. Advisory locks belong to one database, so test databases on the
 * same server do not wait for each other.
 */
export const STARTUP_LOCK_KEY = 7_203_250_115;

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens the database: the PostgreSQL server at `url` through postgres.js, or, without a URL,
 * an embedded PGlite in `dataDir` ("memory://" for a throwaway one). Migrations run on open.
 */
export async function openDatabase(options: { url?: string; dataDir?: string; max?: number }): Promise<Database> {
  if (options.url) {
    const url = options.url;
    const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema });
    const exclusive = <T>(fn: () => Promise<T>) => withStartupLock(url, fn);
    // several instances starting at once on an empty database: one migrates, the others wait and find it done
    await exclusive(() => migratePostgres(db, { migrationsFolder }));
    return { db, driver: "postgres", sql: client, exclusive, close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? ".data/pglite";
  const unlock = dataDir.startsWith("memory://") ? () => {} : lockDataDir(dataDir);
  const client = new PGlite(dataDir);
  await client.waitReady;
  const pg = drizzlePglite(client, { schema });
  await migratePglite(pg, { migrationsFolder });
  // Both drivers expose the same query builder; the postgres-js type is the one use cases see.
  return {
    db: pg as unknown as Db,
    driver: "pglite",
    exclusive: (fn) => fn(),
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

/**
 * An embedded database may be opened by one process only (two would corrupt it): a lock file
 * holding the owner's pid guards the directory; a lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lockPath, { force: true });
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockPath, "utf8"));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(`${dataDir} is in use by process ${owner}: stop it first (an embedded database has one owner)`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const GLOBAL_KEY = Symbol.for("hongfan.database");
type Holder = { [GLOBAL_KEY]?: Database };

/**
 * The process-wide database. It lives on globalThis because the Express server (run by tsx) and
 * the Remix server build are separate module graphs: both must share one connection pool, and an
 * embedded PGlite data directory may be opened only once per process.
 */
export function setDatabase(database: Database) {
  (globalThis as Holder)[GLOBAL_KEY] = database;
}

export function getDatabase(): Database {
  const database = (globalThis as Holder)[GLOBAL_KEY];
  if (!database) throw new Error("database not opened: call setDatabase() at startup");
  return database;
}

export function db(): Db {
  return getDatabase().db;
}

/**
 * `fn` under the start-up advisory lock, held by a connection of its own (not one of the pool's: a
 * pool of one would wait for itself). The lock goes with the session, so a process killed while
 * holding it releases it too.
 */
async function withStartupLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const lock = postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 0 });
  try {
    await lock`select pg_advisory_lock(${STARTUP_LOCK_KEY})`;
    try {
      return await fn();
    } finally {
      await lock`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`.catch(() => {});
    }
  } finally {
    await lock.end({ timeout: 5 });
  }
}
