// `npm run backup [-- <file>]`: a full backup of the configured database (issue 15) — pg_dump's custom
// format with DATABASE_URL, else the embedded PGlite's data directory (stop the server first: it holds
// the lock) — to <file> (default backups/hongfan-<kind>-<UTC time>.<ext>) and <file>.manifest.json,
// which holds the row count of every table and every archive chain's head for `npm run restore`.
// Exit code 0 done, 1 failed, 2 refused (pg_dump missing or too old, database in use, file exists).
import { join } from "node:path";
import { config } from "../app/modules/config.server";
import { backup, BackupRefused, type Target } from "../app/modules/backup/backup.server";
import { defaultBackupPath, formatBytes, totalRows } from "../app/modules/backup/manifest";

const env = config();
const from: Target = env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(env.DATA_DIR, "pglite") };
const file = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? defaultBackupPath("url" in from ? "postgres" : "pglite", new Date());

try {
  const { manifest: m, manifestFile, ms, file: written } = await backup(from, file, (line) => console.log(line));
  console.log(`backup: ${m.made.server} (${m.made.tool}) → ${written}`);
  console.log(
    `  ${formatBytes(m.bytes)}, sha256 ${m.sha256.slice(0, 16)}…; ${Object.keys(m.state.tables).length} tables, ${totalRows(m.state).toLocaleString("en")} rows, ` +
      `${m.state.archiveHeads.length} archive chains, ${m.state.migrations.count} migrations; ${(ms / 1000).toFixed(1)} s`,
  );
  console.log(`  manifest: ${manifestFile}`);
  console.log(
    "  备份只含数据库：上传的文件（FILES_DIR 或 S3 存储桶）和签发密钥的 KEK（HF_ISSUER_KEK 或 DATA_DIR/issuer-kek）要另外备份。\n" +
      "  The database only: uploaded files (FILES_DIR or the S3 bucket) and the issuer KEK (HF_ISSUER_KEK or DATA_DIR/issuer-kek) are backed up apart.",
  );
  process.exit(0);
} catch (error) {
  console.log(`backup: ${error instanceof BackupRefused ? "refused / 拒绝" : "failed / 失败"}\n${(error as Error).message}`);
  process.exit(error instanceof BackupRefused ? 2 : 1);
}
