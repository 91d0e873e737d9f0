/**
 * `npm run storage:sweep`: removes stored attachment files no record references and older than an
 * hour (docs/decisions/020), after abandoned media uploads and unattached media assets older than a
 * day (docs/decisions/022), on the configured database and FILES_DIR. Prints what it did.
 */
import { join } from "node:path";
import { openDatabase, setDatabase } from "../db/client.server";
import { config } from "../app/modules/config.server";
import { sweepOrphanFiles } from "../app/modules/storage/sweep.server";
import { sweepMedia } from "../app/modules/media/sweep.server";

const env = config();
const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(env.DATA_DIR, "pglite") });
setDatabase(database);
try {
  const media = await sweepMedia();
  console.log(`media sweep: ${media.uploads} abandoned uploads, ${media.assets} unattached assets removed`);
  const { checked, removed } = await sweepOrphanFiles();
  console.log(`storage sweep: ${checked} files checked, ${removed.length} unreferenced removed`);
  for (const key of removed) console.log(`  removed ${key}`);
} finally {
  await database.close();
}
