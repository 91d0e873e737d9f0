import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { asc, isNull, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { issuerKeys } from "#db/schema";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { config } from "../config.server";
import { keyId, type PublicKeyRow } from "./ob3";
import { generateKeyPair, type SigningKey } from "./vc.server";

/**
 * The issuer's Ed25519 keys (decision 018). A key row holds the public multikey and the secret sealed
 * with AES-256-GCM by a key-encryption key (KEK) kept OUTSIDE the database: the environment variable
 * HF_ISSUER_KEK (32 bytes, base64url or hex; set it when several app instances share one PostgreSQL),
 * else the file <DATA_DIR>/issuer-kek, created (mode 0600) at first start. The rows alone sign nothing.
 */

const KEK_KEY = Symbol.for("hongfan.issuerKek");
const SECRET_CACHE = Symbol.for("hongfan.issuerSecrets");
/** Opened secrets by public key (not by row id: a process that opens another database — the tests — gets other keys under the same ids). */
const holder = globalThis as unknown as { [KEK_KEY]?: Buffer; [SECRET_CACHE]?: Map<string, string> };

function parseKek(text: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64url");
  if (buf.length !== 32) throw new Error("HF_ISSUER_KEK / issuer-kek must be 32 bytes (base64url or 64 hex digits)");
  return buf;
}

export function kekFilePath(): string {
  return join(config().DATA_DIR, "issuer-kek");
}

/** The key-encryption key: HF_ISSUER_KEK, else <DATA_DIR>/issuer-kek (created once if absent). */
export function issuerKek(): Buffer {
  if (holder[KEK_KEY]) return holder[KEK_KEY];
  let kek: Buffer;
  const env = config().HF_ISSUER_KEK;
  if (env) kek = parseKek(env);
  else {
    const path = kekFilePath();
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
    }
    try {
      chmodSync(path, 0o600);
    } catch {
      // not ours to change (a mounted secret): reading is enough
    }
    kek = parseKek(readFileSync(path, "utf8"));
  }
  holder[KEK_KEY] = kek;
  return kek;
}

/** For tests and the key tools: use this KEK from now on (and forget decrypted secrets). */
export function useIssuerKek(kek: Buffer | undefined): void {
  holder[KEK_KEY] = kek;
  holder[SECRET_CACHE] = undefined;
}

export function kekFingerprint(kek: Buffer): string {
  return createHash("sha256").update(kek).digest("hex").slice(0, 16);
}

export function sealSecret(secret: string, kek: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", kek, iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString("base64url")}.${body.toString("base64url")}`;
}

export function openSecret(sealed: string, kek: Buffer): string {
  const [ivText, bodyText] = sealed.split(".");
  const body = Buffer.from(bodyText ?? "", "base64url");
  const decipher = createDecipheriv("aes-256-gcm", kek, Buffer.from(ivText ?? "", "base64url"));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
}

/** Every key, current and retired, oldest first (the DID document lists them all). */
export async function publicKeys(tx: DbOrTx = db()): Promise<PublicKeyRow[]> {
  return tx
    .select({
      id: issuerKeys.id,
      publicKeyMultibase: issuerKeys.publicKeyMultibase,
      createdAt: issuerKeys.createdAt,
      retiredAt: issuerKeys.retiredAt,
    })
    .from(issuerKeys)
    .orderBy(asc(issuerKeys.id));
}

async function insertKey(tx: DbOrTx, now: Date): Promise<number | null> {
  const kek = issuerKek();
  const pair = await generateKeyPair();
  const [row] = await tx
    .insert(issuerKeys)
    .values({
      publicKeyMultibase: pair.publicKeyMultibase,
      sealedSecret: sealSecret(pair.secretKeyMultibase, kek),
      kekFingerprint: kekFingerprint(kek),
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: issuerKeys.id });
  return row?.id ?? null;
}

/** Creates the first key if there is none (at start; idempotent, safe against a second instance starting too). */
export async function ensureIssuerKey(now = new Date()): Promise<void> {
  const [current] = await db().select({ id: issuerKeys.id }).from(issuerKeys).where(isNull(issuerKeys.retiredAt)).limit(1);
  if (current) return;
  await insertKey(db(), now);
}

/** The current key ready to sign, as the verification method of this issuer DID. */
export async function currentSigningKey(did: string): Promise<SigningKey> {
  let [row] = await db().select().from(issuerKeys).where(isNull(issuerKeys.retiredAt)).limit(1);
  if (!row) {
    await ensureIssuerKey();
    [row] = await db().select().from(issuerKeys).where(isNull(issuerKeys.retiredAt)).limit(1);
  }
  const cache = (holder[SECRET_CACHE] ??= new Map());
  let secret = cache.get(row.publicKeyMultibase);
  if (!secret) {
    const kek = issuerKek();
    if (row.kekFingerprint !== kekFingerprint(kek)) {
      throw new Error(
        `issuer key ${row.id} was sealed by KEK ${row.kekFingerprint}, but the KEK given (HF_ISSUER_KEK or ${kekFilePath()}) is ${kekFingerprint(kek)}: restore the KEK, or rotate the key (npm run credential:rotate-key)`,
      );
    }
    secret = openSecret(row.sealedSecret, kek);
    cache.set(row.publicKeyMultibase, secret);
  }
  return { id: keyId(did, row.id), controller: did, publicKeyMultibase: row.publicKeyMultibase, secretKeyMultibase: secret };
}

/**
 * Rotation: the current key is retired and a new one becomes current, in one transaction (audited).
 * The retired key stays in the DID document's assertionMethod: credentials signed with it keep verifying.
 * Works with a new KEK too (a lost KEK: the old secret is never opened here).
 */
export async function rotateIssuerKey(
  meta: RequestMeta,
  actorId: number | null = null,
  now = new Date(),
): Promise<{ retiredId: number | null; newId: number }> {
  return db().transaction(async (tx) => {
    await tx.execute(sql`lock table issuer_keys in share row exclusive mode`);
    const [current] = await tx.select({ id: issuerKeys.id }).from(issuerKeys).where(isNull(issuerKeys.retiredAt)).limit(1);
    if (current)
      await tx
        .update(issuerKeys)
        .set({ retiredAt: now })
        .where(sql`${issuerKeys.id} = ${current.id}`);
    const newId = await insertKey(tx, now);
    if (newId === null) throw new Error("could not add the new issuer key");
    await writeAudit(tx, {
      actorId,
      action: "credential.rotateKey",
      entityType: "issuer_key",
      entityId: newId,
      countyId: null,
      before: { currentKeyId: current?.id ?? null },
      after: { currentKeyId: newId },
      meta,
    });
    return { retiredId: current?.id ?? null, newId };
  });
}
