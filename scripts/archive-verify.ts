// `npm run archive:verify`: checks every person's archive chain (decision 019); exit code 1 when a chain is broken.
// Options: --user <id> checks one person.
import { join } from "node:path";
import { openDatabase } from "../db/client.server";
import { config } from "../app/modules/config.server";
import { BROKEN_TEXT, verifyArchive } from "../app/modules/archive/verify.server";

const env = config();
const userArg = process.argv.indexOf("--user");
const userId = userArg > 0 ? Number(process.argv[userArg + 1]) : undefined;
const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL, max: 1 } : { dataDir: join(env.DATA_DIR, "pglite") });
let code = 0;
try {
  const report = await verifyArchive(database.db, { userId });
  for (const b of report.broken) {
    console.log(
      `BROKEN person ${b.userId}: first broken link at seq ${b.seq}${b.eventId ? ` (event ${b.eventId})` : ""}: ${BROKEN_TEXT[b.reason]}`,
    );
  }
  console.log(
    `archive:verify: ${report.events} events of ${report.people} people checked in ${(report.ms / 1000).toFixed(2)} s; ${report.broken.length ? `${report.broken.length} broken chain(s)` : "every chain intact"}`,
  );
  code = report.broken.length ? 1 : 0;
} finally {
  await database.close();
}
process.exit(code);
