// `npm run credential:rotate-key`: retires the issuer's current Ed25519 key and makes a new one
// current, in one audited transaction (decision 018). The retired key stays in the DID document's
// assertionMethod, so credentials signed with it keep verifying; new downloads and status lists are
// signed with the new key. Uses the database and KEK the app uses (DATABASE_URL / DATA_DIR,
// HF_ISSUER_KEK / DATA_DIR/issuer-kek); stop the app first when the database is the embedded one.
import { join } from "node:path";
import { openDatabase, setDatabase } from "../db/client.server";
import { config } from "../app/modules/config.server";
import { publicKeys, rotateIssuerKey } from "../app/modules/credentials/keys.server";

const env = config();
const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(env.DATA_DIR, "pglite") });
setDatabase(database);
try {
  const { retiredId, newId } = await rotateIssuerKey({ ip: "cli" });
  console.log(`issuer key rotated: ${retiredId === null ? "no key before" : `key-${retiredId} retired`}, key-${newId} current`);
  for (const k of await publicKeys())
    console.log(
      `  key-${k.id} ${k.publicKeyMultibase} created ${k.createdAt.toISOString()}${k.retiredAt ? `, retired ${k.retiredAt.toISOString()}` : " (current)"}`,
    );
} finally {
  await database.close();
}
