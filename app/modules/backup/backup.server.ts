import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { chmod, open, readFile, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import postgres from "postgres";
import { lockDataDir, type Db, type DbOrTx } from "#db/client.server";
import * as schema from "#db/schema";
import { rowsOf, text } from "#db/sql-text.server";
import { verifyArchive, type VerifyReport } from "../archive/verify.server";
import {
  buildManifest,
  libpqConnection,
  compareStates,
  formatManifest,
  manifestPathOf,
  parseManifest,
  serverMajor,
  toolMajor,
  toolProblem,
  type BackupKind,
  type DatabaseState,
  type Manifest,
  type Mismatch,
} from "./manifest";

/**
 * `npm run backup` / `npm run restore` (issue 15). PostgreSQL: pg_dump's custom format, taken in the
 * snapshot the manifest's counts were read in; restored with pg_restore into an empty database in
 * one transaction. Embedded PGlite: its own data-directory tarball (dumpDataDir), restored into an
 * empty directory. Either way the restored database is then compared with the manifest (row counts,
 * sequences, archive chain heads) and every archive chain is verified (archive/verify.server.ts).
 */

/** A refusal the operator must act on (exit code 2): nothing was written. */
export class BackupRefused extends Error {}

export type Target = { url: string } | { dataDir: string };

export interface BackupResult {
  file: string;
  manifestFile: string;
  manifest: Manifest;
  ms: number;
}

export interface RestoreResult {
  manifest: Manifest | null;
  state: DatabaseState;
  mismatches: Mismatch[];
  archive: VerifyReport;
  ms: { restore: number; verify: number };
}

type Log = (line: string) => void;

// ---- reading a database's state ----------------------------------------------------------------

const SYSTEM_SCHEMA = sql.raw(`n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`);

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Row counts of every table, sequences, archive heads and the migration journal, read through `db` (one snapshot when `db` is a repeatable-read transaction). */
export async function readState(db: DbOrTx): Promise<DatabaseState> {
  const relations = rowsOf<{ schema: string; name: string }>(
    await db.execute(sql`
      select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and ${SYSTEM_SCHEMA} order by 1, 2`),
  );
  const tables: Record<string, number> = {};
  if (relations.length) {
    // One statement for all tables: a round trip per table would dominate on a small database.
    const union = relations
      .map((r) => `select ${text(`${r.schema}.${r.name}`)} as name, count(*)::text as n from ${ident(r.schema)}.${ident(r.name)}`)
      .join(" union all ");
    for (const row of rowsOf<{ name: string; n: string }>(await db.execute(sql.raw(union)))) tables[row.name] = Number(row.n);
  }
  const sequences: Record<string, number | null> = {};
  for (const row of rowsOf<{ schema: string; name: string; last: string | null }>(
    await db.execute(sql`
      select schemaname as schema, sequencename as name, last_value::text as last from pg_sequences
      where schemaname not in ('pg_catalog', 'information_schema') and schemaname not like 'pg\\_%' order by 1, 2`),
  )) {
    sequences[`${row.schema}.${row.name}`] = row.last === null ? null : Number(row.last);
  }
  const archiveHeads: [number, number, string][] =
    "public.archive_heads" in tables
      ? rowsOf<{ user_id: number; seq: number; hash: string }>(
          await db.execute(sql`select user_id, seq, encode(hash, 'hex') as hash from archive_heads order by user_id`),
        ).map((r) => [Number(r.user_id), Number(r.seq), r.hash])
      : [];
  let migrations: DatabaseState["migrations"] = { count: 0, last: null };
  if ("drizzle.__drizzle_migrations" in tables) {
    const [row] = rowsOf<{ hash: string | null }>(
      await db.execute(sql`select hash from drizzle.__drizzle_migrations order by created_at desc, id desc limit 1`),
    );
    migrations = { count: tables["drizzle.__drizzle_migrations"], last: row?.hash ?? null };
  }
  return { tables, sequences, archiveHeads, migrations };
}

/** Relations and schemas a restore would collide with; empty for a freshly created database. */
async function userObjects(db: DbOrTx): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${SYSTEM_SCHEMA}
      union all
      select n.nspname || ' (schema)' from pg_namespace n where n.nspname <> 'public' and ${SYSTEM_SCHEMA}
      order by 1`),
  );
  return rows.map((r) => r.name);
}

// ---- files ---------------------------------------------------------------------------------------

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function fsyncPath(path: string) {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeDurably(path: string, data: string | Uint8Array) {
  const handle = await open(path, "w", 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a backup with no half files: the archive goes to a hidden temporary name, is synced and
 * renamed; then the manifest the same way. An interrupted run leaves at most a `.partial` file that
 * no restore reads (a restore wants the manifest, which comes last).
 */
async function writeBackup(
  file: string,
  kind: BackupKind,
  produce: (tmp: string) => Promise<{ state: DatabaseState; made: Manifest["made"] }>,
): Promise<{ manifest: Manifest; manifestFile: string }> {
  const manifestFile = manifestPathOf(file);
  for (const f of [file, manifestFile]) {
    if (existsSync(f)) throw new BackupRefused(`文件已存在，不会覆盖 / ${f} exists; a backup never overwrites one`);
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(file), `.${basename(file)}.partial-${process.pid}`);
  const tmpManifest = join(dirname(file), `.${basename(manifestFile)}.partial-${process.pid}`);
  try {
    const createdAt = new Date().toISOString();
    // A backup holds password hashes and ID numbers: readable by its owner only, from the first byte
    // (pg_dump truncates the file it is given and keeps its mode) whatever the umask.
    await writeDurably(tmp, "");
    const { state, made } = await produce(tmp);
    await chmod(tmp, 0o600);
    await fsyncPath(tmp);
    const [bytes, sha256] = [(await stat(tmp)).size, await sha256OfFile(tmp)];
    const manifest = buildManifest({ kind, createdAt, file: basename(file), bytes, sha256, made, state });
    if (existsSync(file)) throw new BackupRefused(`文件已存在，不会覆盖 / ${file} exists; a backup never overwrites one`);
    await rename(tmp, file);
    await writeDurably(tmpManifest, formatManifest(manifest));
    await rename(tmpManifest, manifestFile);
    await fsyncPath(dirname(file));
    return { manifest, manifestFile };
  } finally {
    await rm(tmp, { force: true });
    await rm(tmpManifest, { force: true });
  }
}

/** Reads and checks a backup's manifest and that the archive is the one it describes. */
export async function readBackup(file: string, options: { withoutManifest?: boolean } = {}): Promise<Manifest | null> {
  if (!existsSync(file)) throw new BackupRefused(`找不到备份文件 / backup file not found: ${file}`);
  const manifestFile = manifestPathOf(file);
  if (!existsSync(manifestFile)) {
    if (options.withoutManifest) return null;
    throw new BackupRefused(
      `找不到清单 ${manifestFile}：备份可能不完整（清单最后写入），或清单没有一起复制。确认备份完整时可加 --without-manifest 恢复，只校验档案链。\n` +
        `No manifest ${manifestFile}: the backup may be incomplete (the manifest is written last) or was copied without it. ` +
        `If you know the archive is whole, --without-manifest restores it and verifies only the archive chains.`,
    );
  }
  let manifest: Manifest;
  try {
    manifest = parseManifest(await readFile(manifestFile, "utf8"));
  } catch (error) {
    throw new BackupRefused(`${manifestFile}: ${(error as Error).message}`);
  }
  const size = (await stat(file)).size;
  const sha256 = size === manifest.bytes ? await sha256OfFile(file) : null;
  if (sha256 !== manifest.sha256) {
    throw new BackupRefused(
      `备份文件与清单不符（大小或 SHA-256 不同），文件已损坏或不是这份备份 / the archive does not match its manifest ` +
        `(${size} bytes, expected ${manifest.bytes}${sha256 ? `; sha256 ${sha256}, expected ${manifest.sha256}` : ""}): damaged, or another backup's`,
    );
  }
  return manifest;
}

// ---- PostgreSQL: pg_dump / pg_restore ------------------------------------------------------------

/**
 * Where pg_dump/pg_restore of the wanted major version are: PG_BINDIR, then the versioned
 * directories of Debian (/usr/lib/postgresql/N/bin) and of the PGDG RPMs (/usr/pgsql-N/bin), then
 * the PATH. Returns the command and its --version output (null when none runs).
 */
export function findPgTool(tool: "pg_dump" | "pg_restore", major: number): { command: string; version: string | null } {
  const candidates = [
    ...(process.env.PG_BINDIR ? [join(process.env.PG_BINDIR, tool)] : []),
    `/usr/lib/postgresql/${major}/bin/${tool}`,
    `/usr/pgsql-${major}/bin/${tool}`,
  ].filter((c) => existsSync(c));
  for (const command of [...candidates, tool]) {
    const run = spawnSync(command, ["--version"], { encoding: "utf8" });
    if (!run.error && run.status === 0) return { command, version: run.stdout.trim() };
  }
  return { command: tool, version: null };
}

function runTool(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`${basename(command)} failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`));
    });
  });
}

function connect(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  return { client, db: drizzlePostgres(client, { schema }) as Db };
}

async function serverVersion(db: DbOrTx): Promise<{ num: number; text: string }> {
  const [row] = rowsOf<{ num: string; text: string }>(
    await db.execute(sql`select current_setting('server_version_num') as num, current_setting('server_version') as text`),
  );
  return { num: Number(row.num), text: row.text };
}

async function backupPostgres(url: string, file: string, log: Log): Promise<{ manifest: Manifest; manifestFile: string }> {
  const { client, db } = connect(url);
  try {
    const server = await serverVersion(db);
    const major = serverMajor(server.num);
    const tool = findPgTool("pg_dump", major);
    const problem = toolProblem("pg_dump", tool.version, major);
    if (problem) throw new BackupRefused(problem);
    if (toolMajor(tool.version!)! > major) {
      log(
        `注意：pg_dump ${toolMajor(tool.version!)} 新于服务器 ${major}；恢复时需要同样新的 pg_restore / note: pg_dump is newer than the server; restoring needs a pg_restore as new`,
      );
    }
    const target = libpqConnection(url);
    return await writeBackup(file, "postgres", async (tmp) =>
      // The counts are read in the very snapshot pg_dump dumps: the transaction exports it and stays
      // open (pg_dump needs its exporter alive) while pg_dump runs and the counts are taken beside it.
      db.transaction(
        async (tx) => {
          const [{ snapshot }] = rowsOf<{ snapshot: string }>(await tx.execute(sql`select pg_export_snapshot() as snapshot`));
          const [dump, state] = await Promise.allSettled([
            runTool(
              tool.command,
              [
                "--format=custom",
                `--file=${tmp}`,
                `--snapshot=${snapshot}`,
                // wait at most 30 s for a table lock (a migration running) instead of queueing the app behind us
                "--lock-wait-timeout=30s",
                "--no-password",
                `--dbname=${target.dbname}`,
              ],
              target.env,
            ),
            readState(tx),
          ]);
          // both settled: no pg_dump still writing into a temporary file about to be removed
          if (dump.status === "rejected") throw dump.reason;
          if (state.status === "rejected") throw state.reason;
          return { state: state.value, made: { server: `PostgreSQL ${server.text}`, tool: tool.version! } };
        },
        { isolationLevel: "repeatable read", accessMode: "read only" },
      ),
    );
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function restorePostgres(url: string, file: string, manifest: Manifest | null, log: Log): Promise<number> {
  const { client, db } = connect(url);
  try {
    let server;
    try {
      server = await serverVersion(db);
    } catch (error) {
      throw new BackupRefused(
        `无法连接目标数据库：${(error as Error).message}\n先建一个空库，例如 createdb -O <用户> <库名>，再把 DATABASE_URL 指向它。\n` +
          `Cannot connect to the target database (create an empty one first, e.g. createdb -O <user> <name>, and point DATABASE_URL at it).`,
      );
    }
    const existing = await userObjects(db);
    if (existing.length) {
      throw new BackupRefused(
        `目标数据库不是空库（已有 ${existing.length} 个对象，例如 ${existing.slice(0, 5).join(", ")}），拒绝恢复，什么也没写入。恢复只写入新建的空库：` +
          `createdb -O <用户> <新库名>，再把 DATABASE_URL 指向它。\n` +
          `The target database is not empty (${existing.length} objects, e.g. ${existing.slice(0, 5).join(", ")}): refused, nothing written. ` +
          `Restore only into a newly created empty database (createdb -O <user> <new name>) and point DATABASE_URL at it.`,
      );
    }
    const needed = Math.max(serverMajor(server.num), manifest ? (toolMajor(manifest.made.tool) ?? 0) : 0);
    const tool = findPgTool("pg_restore", needed);
    const problem = toolProblem("pg_restore", tool.version, needed);
    if (problem) throw new BackupRefused(problem);
    log(`pg_restore: ${tool.version} → PostgreSQL ${server.text}`);
    const target = libpqConnection(url);
    const started = performance.now();
    // One transaction, stopping at the first error: a restore either lands whole or leaves the
    // database as empty as it was (a table that appeared since the check above fails it, too).
    // Objects belong to the restoring role (--no-owner), and the source's GRANTs, which may name
    // roles this server lacks, are left out (--no-privileges).
    await runTool(
      tool.command,
      ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password", `--dbname=${target.dbname}`, file],
      target.env,
    );
    return performance.now() - started;
  } finally {
    await client.end({ timeout: 5 });
  }
}

// ---- embedded PGlite -----------------------------------------------------------------------------

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve("@electric-sql/pglite"));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return `@electric-sql/pglite ${(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version}`;
}

function lockOrRefuse(dataDir: string): () => void {
  try {
    return lockDataDir(dataDir);
  } catch (error) {
    throw new BackupRefused(`嵌入式数据库 ${dataDir} 正在被使用（服务在运行？）：先停止服务。\n${(error as Error).message}`);
  }
}

async function backupPglite(dataDir: string, file: string): Promise<{ manifest: Manifest; manifestFile: string }> {
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    throw new BackupRefused(`${dataDir} 里没有嵌入式数据库 / no embedded database in ${dataDir} (check DATA_DIR)`);
  }
  // The lock makes sure no server writes meanwhile: an embedded database has one owner.
  const unlock = lockOrRefuse(dataDir);
  try {
    const pg = new PGlite(dataDir);
    await pg.waitReady;
    try {
      return await writeBackup(file, "pglite", async (tmp) => {
        const db = drizzlePglite(pg, { schema }) as unknown as Db;
        const state = await readState(db);
        const [{ version }] = rowsOf<{ version: string }>(await db.execute(sql`select current_setting('server_version') as version`));
        // Flush everything to the data files first, so the copy needs no WAL replay when it is opened.
        await pg.exec("checkpoint");
        const tarball = await pg.dumpDataDir("gzip");
        await writeDurably(tmp, new Uint8Array(await tarball.arrayBuffer()));
        return { state, made: { server: `PostgreSQL ${version}`, tool: pgliteVersion() } };
      });
    } finally {
      await pg.close();
    }
  } finally {
    unlock();
  }
}

async function restorePglite(
  dataDir: string,
  file: string,
  manifest: Manifest | null,
): Promise<{ pg: PGlite; unlock: () => void; ms: number }> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupRefused(
      `目标目录 ${dataDir} 不是空的，拒绝恢复，什么也没写入。请把 DATA_DIR 指向一个新目录（或先把现有目录移走）。\n` +
        `The target ${dataDir} is not empty: refused, nothing written. Point DATA_DIR at a new directory (or move the existing one away first).`,
    );
  }
  const unlock = lockOrRefuse(dataDir);
  const started = performance.now();
  let pg: PGlite | undefined;
  try {
    const tarball = new Blob([await readFile(file)], { type: "application/x-gzip" });
    pg = new PGlite(dataDir, { loadDataDir: tarball });
    await pg.waitReady;
    return { pg, unlock, ms: performance.now() - started };
  } catch (error) {
    await pg?.close().catch(() => {});
    // The directory was empty before: what is in it now is this failed attempt's.
    rmSync(dataDir, { recursive: true, force: true });
    unlock();
    const here = pgliteVersion();
    if (manifest && manifest.made.tool !== here) {
      // A data directory is PostgreSQL's on-disk format, which changes with the major version PGlite embeds.
      throw new Error(
        `恢复失败：备份由 ${manifest.made.tool}（${manifest.made.server}）生成，当前是 ${here}；请用生成备份的版本恢复。\n` +
          `Restore failed: the backup was made by ${manifest.made.tool} (${manifest.made.server}), this is ${here}; restore it with the version that made it.\n` +
          (error as Error).message,
      );
    }
    throw error;
  }
}

// ---- the two commands ----------------------------------------------------------------------------

export async function backup(from: Target, file: string, log: Log = () => {}): Promise<BackupResult> {
  const started = performance.now();
  const absolute = resolve(file);
  const { manifest, manifestFile } =
    "url" in from ? await backupPostgres(from.url, absolute, log) : await backupPglite(from.dataDir, absolute);
  return { file: absolute, manifestFile, manifest, ms: performance.now() - started };
}

/**
 * Restores `file` into the empty database `to` and verifies it: every table's row count, the
 * sequences and the archive heads against the manifest, and every archive chain link by link.
 * Throws BackupRefused (nothing written) when the target is not empty or the backup is not whole.
 */
export async function restore(to: Target, file: string, options: { withoutManifest?: boolean; log?: Log } = {}): Promise<RestoreResult> {
  const log = options.log ?? (() => {});
  const manifest = await readBackup(file, options);
  const kind: BackupKind = manifest?.kind ?? (file.endsWith(".tar.gz") ? "pglite" : "postgres");
  if (kind === "postgres" && !("url" in to)) {
    throw new BackupRefused(
      "这是 PostgreSQL 备份：请把 DATABASE_URL 指向一个新建的空库 / a PostgreSQL backup: set DATABASE_URL to a newly created empty database",
    );
  }
  if (kind === "pglite" && !("dataDir" in to)) {
    throw new BackupRefused(
      "这是嵌入式数据库（PGlite）备份：请去掉 DATABASE_URL，把 DATA_DIR 指向一个新目录 / an embedded (PGlite) backup: unset DATABASE_URL and point DATA_DIR at a new directory",
    );
  }
  let restoreMs: number;
  let db: Db;
  let close: () => Promise<void>;
  if ("url" in to) {
    restoreMs = await restorePostgres(to.url, file, manifest, log);
    const c = connect(to.url);
    db = c.db;
    close = () => c.client.end({ timeout: 5 });
  } else {
    const r = await restorePglite(to.dataDir, file, manifest);
    restoreMs = r.ms;
    db = drizzlePglite(r.pg, { schema }) as unknown as Db;
    close = async () => {
      await r.pg.close();
      r.unlock();
    };
  }
  try {
    // Read as it is: no migration runs here (a server started on it later migrates it as usual).
    const verifyStarted = performance.now();
    const state = await readState(db);
    const mismatches = manifest ? compareStates(manifest.state, state) : [];
    const archive = await verifyArchive(db);
    return { manifest, state, mismatches, archive, ms: { restore: restoreMs, verify: performance.now() - verifyStarted } };
  } finally {
    await close();
  }
}
