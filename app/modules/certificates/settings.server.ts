import { eq } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { settings as settingsTable } from "#db/schema";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, type Actor } from "../auth/access";
import { forbidden } from "../errors";
import { readCertificateSettings, settingsKey, type CertificateSettings } from "./settings";

/** A county's certificate settings (defaults when none were saved). */
export async function loadCertificateSettings(countyId: number, tx: DbOrTx = db()): Promise<CertificateSettings> {
  const [row] = await tx
    .select({ value: settingsTable.value })
    .from(settingsTable)
    .where(eq(settingsTable.key, settingsKey(countyId)));
  return readCertificateSettings(row?.value);
}

/** Saves a county's certificate settings; audited with what changed. Only that county's admin (or a system admin). */
export async function updateCertificateSettings(
  actor: Actor,
  countyId: number,
  next: CertificateSettings,
  meta: RequestMeta,
): Promise<boolean> {
  if (!canAct(actor, "issue:certificate", { countyId })) throw forbidden();
  return db().transaction(async (tx) => {
    const before = await loadCertificateSettings(countyId, tx);
    const changed = (Object.keys(next) as (keyof CertificateSettings)[]).filter((k) => before[k] !== next[k]);
    if (!changed.length) return false;
    await tx
      .insert(settingsTable)
      .values({ key: settingsKey(countyId), value: next, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settingsTable.key, set: { value: next, updatedBy: actor.userId, updatedAt: new Date() } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "certificate.settings.update",
      entityType: "county",
      entityId: countyId,
      countyId,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
      meta,
    });
    return true;
  });
}
