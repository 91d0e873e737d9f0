/**
 * Backups (issue 15): what a backup's manifest holds and how a restored database is compared with
 * it. Pure functions only; reading a database, pg_dump/pg_restore and files live in backup.server.ts.
 *
 * A backup is two files: the archive (pg_dump's custom format, or PGlite's data-directory tarball)
 * and `<archive>.manifest.json` beside it, written last: a manifest present means the archive was
 * complete when it was written, and its sha256 tells whether the copy at hand is still that archive.
 */

export const MANIFEST_FORMAT = "hongfan-backup/1";
export const MANIFEST_SUFFIX = ".manifest.json";

export type BackupKind = "postgres" | "pglite";

/** What a database holds, as far as a restore must reproduce it. */
export interface DatabaseState {
  /** rows per table, keyed "schema.table", every table outside the system schemas */
  tables: Record<string, number>;
  /** last_value per sequence ("schema.sequence"), null for one never used */
  sequences: Record<string, number | null>;
  /** the head of every person's archive chain (archive_heads): [userId, seq, sha256 hex], by userId */
  archiveHeads: [number, number, string][];
  /** the newest migration applied (drizzle's journal row count and the last hash) */
  migrations: { count: number; last: string | null };
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  kind: BackupKind;
  createdAt: string;
  /** the archive's file name (the manifest sits beside it) */
  file: string;
  bytes: number;
  sha256: string;
  /** versions that made it: the server's, pg_dump's, or PGlite's package and PostgreSQL version */
  made: { server: string; tool: string };
  state: DatabaseState;
}

export interface Mismatch {
  what: "table" | "sequence" | "archive head" | "migrations";
  name: string;
  expected: string;
  actual: string;
}

/** `backups/hongfan-<kind>-20261207T031500Z.<ext>`: UTC, sortable, no characters a shell or Windows minds. */
export function defaultBackupPath(kind: BackupKind, now: Date, dir = "backups"): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `${dir}/hongfan-${kind}-${stamp}${kind === "postgres" ? ".pgdump" : ".pglite.tar.gz"}`;
}

export function manifestPathOf(archivePath: string): string {
  return archivePath + MANIFEST_SUFFIX;
}

export function buildManifest(input: Omit<Manifest, "format">): Manifest {
  return { format: MANIFEST_FORMAT, ...input };
}

/**
 * The manifest's text: indented for reading, except the archive heads, one person to a line (a
 * province has tens of thousands; one tuple spread over five lines would quintuple the file).
 */
export function formatManifest(m: Manifest): string {
  const placeholder = "\u0000heads";
  const text = JSON.stringify({ ...m, state: { ...m.state, archiveHeads: placeholder } }, null, 1);
  const heads = m.state.archiveHeads.length ? `[\n${m.state.archiveHeads.map((h) => `  ${JSON.stringify(h)}`).join(",\n")}\n ]` : "[]";
  return text.replace(JSON.stringify(placeholder), () => heads) + "\n";
}

/** Parses a manifest file's text; throws (in Chinese and English) when it is not one. */
export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("清单文件不是有效的 JSON / the manifest is not valid JSON");
  }
  const m = value as Partial<Manifest>;
  if (m?.format !== MANIFEST_FORMAT) {
    throw new Error(`清单格式不是 ${MANIFEST_FORMAT} / the manifest's format is not ${MANIFEST_FORMAT}: ${String(m?.format)}`);
  }
  if ((m.kind !== "postgres" && m.kind !== "pglite") || typeof m.sha256 !== "string" || typeof m.bytes !== "number" || !m.state) {
    throw new Error("清单缺少必要字段 / the manifest lacks required fields (kind, sha256, bytes, state)");
  }
  const s = m.state;
  if (
    typeof s.tables !== "object" ||
    typeof s.sequences !== "object" ||
    !Array.isArray(s.archiveHeads) ||
    typeof s.migrations !== "object"
  ) {
    throw new Error("清单的数据库状态不完整 / the manifest's database state is incomplete");
  }
  return m as Manifest;
}

/**
 * Everything in which a restored database differs from the state recorded at backup: row counts of
 * every table (a table missing on either side counts), sequences behind, every person's chain head,
 * and the migration journal.
 */
export function compareStates(expected: DatabaseState, actual: DatabaseState): Mismatch[] {
  const out: Mismatch[] = [];
  const show = (v: number | null | undefined) => (v === undefined ? "(missing)" : v === null ? "(never used)" : String(v));
  for (const name of unionKeys(expected.tables, actual.tables)) {
    if (expected.tables[name] !== actual.tables[name]) {
      out.push({ what: "table", name, expected: show(expected.tables[name]), actual: show(actual.tables[name]) });
    }
  }
  // Sequences are not transactional: pg_dump reads each one's current value, which a busy server may
  // have moved past the snapshot the manifest was read in. A restored sequence must not be behind.
  for (const name of unionKeys(expected.sequences, actual.sequences)) {
    const want = expected.sequences[name];
    const got = actual.sequences[name];
    const behind = want === undefined || got === undefined || (want !== null && (got === null || got < want));
    if (behind) {
      out.push({ what: "sequence", name, expected: show(expected.sequences[name]), actual: show(actual.sequences[name]) });
    }
  }
  const heads = (list: [number, number, string][]) => new Map(list.map(([userId, seq, hash]) => [userId, `seq ${seq} ${hash}`]));
  const want = heads(expected.archiveHeads);
  const got = heads(actual.archiveHeads);
  for (const userId of [...new Set([...want.keys(), ...got.keys()])].sort((a, b) => a - b)) {
    if (want.get(userId) !== got.get(userId)) {
      out.push({
        what: "archive head",
        name: `person ${userId}`,
        expected: want.get(userId) ?? "(missing)",
        actual: got.get(userId) ?? "(missing)",
      });
    }
  }
  if (expected.migrations.count !== actual.migrations.count || expected.migrations.last !== actual.migrations.last) {
    out.push({
      what: "migrations",
      name: "drizzle.__drizzle_migrations",
      expected: `${expected.migrations.count} (${expected.migrations.last ?? "none"})`,
      actual: `${actual.migrations.count} (${actual.migrations.last ?? "none"})`,
    });
  }
  return out;
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

/** Total rows of a state, for the summary line. */
export function totalRows(state: DatabaseState): number {
  return Object.values(state.tables).reduce((sum, n) => sum + n, 0);
}

/** "12.3 MB" */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

// ---- PostgreSQL client tools ----------------------------------------------------------------

/** The major version in `pg_dump --version` output ("pg_dump (PostgreSQL) 15.20 (Debian …)" → 15). */
export function toolMajor(versionOutput: string): number | null {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(versionOutput);
  return m ? Number(m[1]) : null;
}

/** The major version of `server_version_num` (150020 → 15, 170004 → 17). */
export function serverMajor(serverVersionNum: number): number {
  return Math.floor(serverVersionNum / 10_000);
}

export function installHint(tool: string, major: number): string {
  return [
    `请安装 PostgreSQL ${major}（或更新版本）的客户端工具 ${tool}：Debian/Ubuntu 执行 sudo apt-get install postgresql-client-${major}` +
      `（发行版没有这个版本时，先按 https://www.postgresql.org/download/linux/ 添加 PGDG 软件源）；RHEL/Rocky 执行 sudo dnf install postgresql${major}；` +
      `也可设置 PG_BINDIR 指向其 bin 目录。`,
    `Install the PostgreSQL ${major} (or newer) client tools for ${tool}: Debian/Ubuntu: sudo apt-get install postgresql-client-${major}` +
      ` (add the PGDG repository, https://www.postgresql.org/download/linux/, when your release lacks that version); RHEL/Rocky: sudo dnf install postgresql${major};` +
      ` or set PG_BINDIR to their bin directory.`,
  ].join("\n");
}

/**
 * Whether a pg_dump/pg_restore of `toolVersion` (its --version output, null when it is not found)
 * may work with a server (or an archive) of major `needMajor`: pg_dump refuses a newer server, and
 * pg_restore cannot read an archive of a newer pg_dump. Returns the message to print, or null.
 */
export function toolProblem(tool: string, toolVersion: string | null, needMajor: number): string | null {
  if (toolVersion === null) return `未找到 ${tool} / ${tool} not found.\n${installHint(tool, needMajor)}`;
  const major = toolMajor(toolVersion);
  if (major === null)
    return `无法识别 ${tool} 的版本 / cannot read ${tool}'s version: ${toolVersion.trim()}\n${installHint(tool, needMajor)}`;
  if (major < needMajor) {
    return `${tool} 的版本 ${major} 低于需要的 ${needMajor} / ${tool} ${major} is older than the ${needMajor} needed.\n${installHint(tool, needMajor)}`;
  }
  return null;
}

/**
 * libpq's view of a postgres.js URL: the password goes through PGPASSWORD (never on a command line
 * that `ps` shows), and postgres.js's `ssl=` becomes libpq's `sslmode=`.
 */
export function libpqConnection(url: string): { dbname: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  const ssl = u.searchParams.get("ssl");
  if (ssl !== null) {
    u.searchParams.delete("ssl");
    if (!u.searchParams.has("sslmode") && ssl !== "false") u.searchParams.set("sslmode", ssl === "true" ? "require" : ssl);
  }
  return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}
