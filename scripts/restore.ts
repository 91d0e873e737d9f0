// `npm run restore -- <file> [--without-manifest]`: restores a backup made by `npm run backup` into an
// EMPTY database — the database DATABASE_URL names (create it first: createdb), or, without
// DATABASE_URL, an empty DATA_DIR — then checks it against the backup's manifest (row count of every
// table, sequences, every archive chain's head) and verifies every archive chain link by link.
// Exit code 0 restored and verified, 1 a mismatch or broken chain (or the restore failed), 2 refused
// (target not empty, manifest missing or not matching the file, pg_restore missing): nothing written.
import { join } from "node:path";
import { config } from "../app/modules/config.server";
import { BackupRefused, restore, type Target } from "../app/modules/backup/backup.server";
import { BROKEN_TEXT } from "../app/modules/archive/verify.server";
import { formatBytes, totalRows } from "../app/modules/backup/manifest";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.log("用法 / usage: npm run restore -- <backup file> [--without-manifest]");
  process.exit(2);
}
const env = config();
const to: Target = env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(env.DATA_DIR, "pglite") };
const where = "url" in to ? `PostgreSQL ${redact(to.url)}` : `embedded database in ${to.dataDir}`;

function redact(url: string): string {
  const u = new URL(url);
  return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
}

try {
  const r = await restore(to, file, { withoutManifest: args.includes("--without-manifest"), log: (line) => console.log(line) });
  const m = r.manifest;
  console.log(
    `restore: ${file}${m ? ` (made ${m.createdAt}, ${m.made.server}, ${formatBytes(m.bytes)})` : " (no manifest)"} → ${where}; ` +
      `restored in ${(r.ms.restore / 1000).toFixed(1)} s, verified in ${(r.ms.verify / 1000).toFixed(1)} s`,
  );
  const tables = Object.keys(r.state.tables).length;
  if (m) {
    const bad = (what: string) => r.mismatches.filter((x) => x.what === what).length;
    console.log(
      `  tables: ${tables - bad("table")} of ${Object.keys(m.state.tables).length} match the manifest (${totalRows(r.state).toLocaleString("en")} rows)`,
    );
    console.log(
      `  sequences: ${Object.keys(r.state.sequences).length - bad("sequence")} of ${Object.keys(m.state.sequences).length} not behind`,
    );
    console.log(`  archive heads: ${m.state.archiveHeads.length - bad("archive head")} of ${m.state.archiveHeads.length} match`);
    for (const x of r.mismatches.slice(0, 30)) console.log(`  MISMATCH ${x.what} ${x.name}: backup ${x.expected}, restored ${x.actual}`);
    if (r.mismatches.length > 30) console.log(`  … ${r.mismatches.length - 30} more mismatches`);
  } else {
    console.log(`  tables: ${tables} (${totalRows(r.state).toLocaleString("en")} rows), not compared: no manifest`);
  }
  for (const b of r.archive.broken.slice(0, 30)) {
    console.log(
      `  BROKEN person ${b.userId}: first broken link at seq ${b.seq}${b.eventId ? ` (event ${b.eventId})` : ""}: ${BROKEN_TEXT[b.reason]}`,
    );
  }
  console.log(
    `  archive chains: ${r.archive.events} events of ${r.archive.people} people; ${r.archive.broken.length ? `${r.archive.broken.length} broken` : "every chain intact"}`,
  );
  if ((r.state.tables["public.issuer_keys"] ?? 0) > 0) {
    console.log(
      "  提醒：签发密钥由 KEK 封存，KEK 不在备份里：新环境要用同一个 HF_ISSUER_KEK（或复制原 DATA_DIR/issuer-kek）。\n" +
        "  Reminder: the issuer key is sealed by a KEK that is not in the backup: give the new environment the same HF_ISSUER_KEK (or copy DATA_DIR/issuer-kek).",
    );
  }
  const ok = r.mismatches.length === 0 && r.archive.broken.length === 0;
  console.log(
    ok
      ? m
        ? "OK: 恢复完成，校验通过 / restored and verified"
        : "OK: 恢复完成，档案链校验通过；没有清单，行数未比对 / restored, archive chains verified; no manifest, row counts not compared"
      : "FAILED: 恢复后的数据库与备份不符，不要使用它 / the restored database does not match the backup: do not use it",
  );
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.log(`restore: ${error instanceof BackupRefused ? "refused / 拒绝" : "failed / 失败"}\n${(error as Error).message}`);
  process.exit(error instanceof BackupRefused ? 2 : 1);
}
