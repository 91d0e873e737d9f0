import { createHash, createHmac } from "node:crypto";
import type { Level } from "../exams/types";
import { DID_V1, MULTIKEY_V1, OB_V3, VC_V2 } from "./contexts-urls";

/**
 * Open Badges 3.0 AchievementCredentials of our certificates, the issuer's DID document and the
 * addresses of the status lists (decision 018). Pure: the signing and the database are elsewhere.
 */

export const STATUS_PURPOSES = ["revocation", "suspension"] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** `did:web:<host>` of the public origin (a port is percent-encoded, a path joined with ':'). */
export function issuerDid(origin: string): string {
  const url = new URL(origin);
  const path = url.pathname.replace(/\/+$/, "").split("/").filter(Boolean).map(encodeURIComponent);
  return ["did:web", encodeURIComponent(url.host), ...path].join(":");
}

/** Where the DID document of `did:web:<host>` is served. */
export function keyId(did: string, keyRowId: number): string {
  return `${did}#key-${keyRowId}`;
}

export function statusListUrl(origin: string, countyCode: string, purpose: StatusPurpose): string {
  return `${origin.replace(/\/+$/, "")}/credentials/status/${encodeURIComponent(countyCode)}/${purpose}`;
}

export interface PublicKeyRow {
  id: number;
  publicKeyMultibase: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** The issuer's DID document: every key, current and retired, may assert (old credentials keep verifying). */
export function didDocument(did: string, keys: readonly PublicKeyRow[]): Record<string, unknown> {
  const methods = keys.map((k) => ({ id: keyId(did, k.id), type: "Multikey", controller: did, publicKeyMultibase: k.publicKeyMultibase }));
  return {
    // did/v1 first: jsonld safe mode refuses "assertionMethod" otherwise
    "@context": [DID_V1, MULTIKEY_V1],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

/** One verification method as its own document (what a proof's verificationMethod resolves to). */
export function verificationMethodDocument(did: string, key: PublicKeyRow): Record<string, unknown> {
  return { "@context": MULTIKEY_V1, id: keyId(did, key.id), type: "Multikey", controller: did, publicKeyMultibase: key.publicKeyMultibase };
}

export const LEVEL_NAMES: Record<Level, string> = { junior: "初级", intermediate: "中级", senior: "高级" };

export interface CredentialFacts {
  credentialId: string;
  number: string;
  level: Level;
  issuedAt: Date;
  holderName: string;
  countyCode: string;
  /** the issuing body, 中共<县>委组织部 (as on the PDF) */
  issuerName: string;
  statusListIndex: number;
}

/** A urn:uuid (version 8, name-based on SHA-256) of a text: the subject id, the same at every download. */
export function nameUuid(text: string): string {
  const h = createHash("sha256").update(text).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The holder as a salted hash of their name (an OB 3.0 IdentityObject): who knows the name can
 * check it, the credential does not spell it. Never the ID number or phone. The salt is derived
 * from the credential id, so every download of one credential is the same.
 */
export function hashedIdentity(holderName: string, credentialId: string): { salt: string; identityHash: string } {
  const salt = createHmac("sha256", "hongfan-ob3-identity-salt").update(credentialId).digest("hex").slice(0, 32);
  const identityHash = `sha256$${createHash("sha256")
    .update(holderName.normalize("NFC") + salt)
    .digest("hex")}`;
  return { salt, identityHash };
}

/** Does this name match the credential's hashed identity? (for a verifier who knows the holder) */
export function identityMatches(holderName: string, salt: string, identityHash: string): boolean {
  return (
    `sha256$${createHash("sha256")
      .update(holderName.normalize("NFC") + salt)
      .digest("hex")}` === identityHash
  );
}

/** The unsigned AchievementCredential of a certificate: derived only from the certificate's immutable columns. */
export function achievementCredential(origin: string, facts: CredentialFacts): Record<string, unknown> {
  const base = origin.replace(/\/+$/, "");
  const did = issuerDid(origin);
  const levelName = LEVEL_NAMES[facts.level];
  const { salt, identityHash } = hashedIdentity(facts.holderName, facts.credentialId);
  return {
    "@context": [VC_V2, OB_V3],
    id: facts.credentialId,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: did, type: ["Profile"], name: facts.issuerName, url: base },
    validFrom: facts.issuedAt.toISOString(),
    name: `红帆领航员（${levelName}）证书 ${facts.number}`,
    credentialSubject: {
      id: nameUuid(`hongfan-subject:${facts.credentialId}`),
      type: ["AchievementSubject"],
      identifier: [{ type: "IdentityObject", identityType: "name", hashed: true, identityHash, salt }],
      achievement: {
        id: `${base}/achievements/navigator-${facts.level}`,
        type: ["Achievement"],
        achievementType: "License",
        name: `红帆领航员（${levelName}）`,
        description: `通过${levelName}红帆领航员认证考试，持证上岗。证书编号 ${facts.number}。`,
        criteria: { narrative: `参加并通过县委组织部组织的${levelName}红帆领航员认证考试。` },
      },
    },
    credentialStatus: STATUS_PURPOSES.map((purpose) => ({
      id: `${statusListUrl(origin, facts.countyCode, purpose)}#${facts.statusListIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: purpose,
      statusListIndex: String(facts.statusListIndex),
      statusListCredential: statusListUrl(origin, facts.countyCode, purpose),
    })),
  };
}

/**
 * The status bits of a certificate status: revocation for every end (已升级, 已降级 and 已撤销 — an
 * Open Badge is no longer valid once superseded; a downgrade is a revocation plus a new lower
 * credential), suspension while on hold (暂停, cleared when kept).
 */
export function statusBits(status: "valid" | "on_hold" | "superseded" | "downgraded" | "revoked"): Record<StatusPurpose, boolean> {
  return { revocation: status === "superseded" || status === "downgraded" || status === "revoked", suspension: status === "on_hold" };
}
