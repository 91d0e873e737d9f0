import { createHash } from "node:crypto";
import { createList, decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { and, eq, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { certificates, counties, credentialStatusLists, STATUS_LIST_SIZE } from "#db/schema";
import { defineCache } from "../cache/cache.server";
import type { CertificateStatus } from "../certificates/status";
import { documentLoader } from "./contexts.server";
import { currentSigningKey } from "./keys.server";
import { issuerDid, STATUS_PURPOSES, statusBits, statusListUrl, type StatusPurpose } from "./ob3";
import { signCredential, statusListCredential } from "./vc.server";

/**
 * Each county's Bitstring Status Lists (revocation, suspension), kept in the database and flipped in
 * the transaction of the status change (`setStatusBits`, called by changeStatus). A list is created
 * from the certificates' statuses the first time it is needed (certificates issued before it existed
 * are in it). Served signed by the current key, cached per list version.
 */

/** The list as the certificates' statuses imply it now (the rule; a test checks the stored lists against it). */
export async function derivedEncodedList(tx: DbOrTx, countyId: number, purpose: StatusPurpose): Promise<string> {
  const list = await createList({ length: STATUS_LIST_SIZE });
  const rows = await tx
    .select({ index: certificates.statusListIndex, status: certificates.status })
    .from(certificates)
    .where(eq(certificates.countyId, countyId));
  for (const r of rows) if (statusBits(r.status)[purpose]) list.setStatus(r.index, true);
  return list.encode();
}

/** The list row, created from the statuses if it does not exist yet, locked for this transaction. */
async function lockedList(tx: DbOrTx, countyId: number, purpose: StatusPurpose, now: Date) {
  const select = () =>
    tx
      .select()
      .from(credentialStatusLists)
      .where(and(eq(credentialStatusLists.countyId, countyId), eq(credentialStatusLists.purpose, purpose)))
      .for("update");
  let [row] = await select();
  if (!row) {
    await tx
      .insert(credentialStatusLists)
      .values({ countyId, purpose, encodedList: await derivedEncodedList(tx, countyId, purpose), updatedAt: now })
      .onConflictDoNothing();
    [row] = await select();
  }
  return row;
}

/**
 * Sets this certificate's bits for its new status, in the caller's transaction (the one that wrote
 * the status event). Lists are locked in a fixed order (revocation, then suspension).
 */
export async function setStatusBits(tx: DbOrTx, certificateId: number, status: CertificateStatus, now: Date): Promise<void> {
  const [cert] = await tx
    .select({ countyId: certificates.countyId, index: certificates.statusListIndex })
    .from(certificates)
    .where(eq(certificates.id, certificateId));
  if (!cert) throw new Error(`certificate ${certificateId} not found`);
  const bits = statusBits(status);
  for (const purpose of STATUS_PURPOSES) {
    const row = await lockedList(tx, cert.countyId, purpose, now);
    const list = await decodeList({ encodedList: row.encodedList });
    if (list.getStatus(cert.index) === bits[purpose]) continue;
    list.setStatus(cert.index, bits[purpose]);
    await tx
      .update(credentialStatusLists)
      .set({ encodedList: await list.encode(), version: sql`${credentialStatusLists.version} + 1`, updatedAt: now })
      .where(and(eq(credentialStatusLists.countyId, cert.countyId), eq(credentialStatusLists.purpose, purpose)));
  }
}

// Keyed by everything the signed list depends on, so it never goes stale: no time limit, only a bound.
const signedLists = defineCache<string, Record<string, unknown>>("signedStatusLists", { ttlMs: Infinity, max: 500 });

/** The signed status list credential of a county (by code) and purpose, or null for an unknown county. */
export async function signedStatusList(
  origin: string,
  countyCode: string,
  purpose: StatusPurpose,
): Promise<Record<string, unknown> | null> {
  const [county] = await db().select({ id: counties.id }).from(counties).where(eq(counties.code, countyCode));
  if (!county) return null;
  let [row] = await db()
    .select()
    .from(credentialStatusLists)
    .where(and(eq(credentialStatusLists.countyId, county.id), eq(credentialStatusLists.purpose, purpose)));
  if (!row) row = await db().transaction((tx) => lockedList(tx, county.id, purpose, new Date()));
  const did = issuerDid(origin);
  const key = await currentSigningKey(did);
  // what the signed list depends on (the key by its public half: another database may reuse row ids)
  const cacheKey = `${origin}|${countyCode}|${purpose}|${row.version}|${row.updatedAt.getTime()}|${key.id}|${key.publicKeyMultibase}|${createHash("sha256").update(row.encodedList).digest("base64url")}`;
  const cache = signedLists.current();
  const now = Date.now();
  const hit = cache.get(cacheKey, now);
  if (hit) return hit;
  const id = statusListUrl(origin, countyCode, purpose);
  const unsigned = await statusListCredential({ id, issuer: did, purpose, encodedList: row.encodedList, validFrom: row.updatedAt });
  const signed = await signCredential(
    unsigned,
    key,
    documentLoader(async () => null),
  );
  cache.set(cacheKey, signed, now);
  return signed;
}
