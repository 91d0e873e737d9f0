import { checkCredential, type DocumentLoader } from "./vc.server";

/**
 * A credential file's text checked against one issuer DID (no database: /verify and the offline
 * command line share it). Too large, not JSON, not a credential or without a proof: unreadable;
 * another issuer: notOurs; then the proof and the status lists (vc.server.ts checkCredential).
 */

/** The largest credential file read (ours are ~2 KB). */
export const MAX_CREDENTIAL_BYTES = 16 * 1024;

export type TextCheck =
  | { kind: "valid" | "revoked" | "suspended"; credentialId: string }
  /** the proof fails: the file was changed after signing (or signed by someone else in our name) */
  | { kind: "tampered" }
  /** the proof holds but a status list's does not (a forged list) or it cannot be read */
  | { kind: "statusUnverifiable" }
  /** a credential of another issuer (or of this app under another address) */
  | { kind: "notOurs"; issuer: string }
  /** not JSON, not a credential, too large */
  | { kind: "unreadable" };

export function issuerOf(credential: Record<string, unknown>): string {
  const v = credential.issuer as unknown;
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string") return (v as { id: string }).id;
  return "";
}

export function parseCredentialText(text: string): Record<string, unknown> | null {
  if (!text || Buffer.byteLength(text, "utf8") > MAX_CREDENTIAL_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return null;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const c = value as Record<string, unknown>;
  const types = Array.isArray(c.type) ? c.type : [c.type];
  if (!types.includes("VerifiableCredential") || !c.proof) return null;
  return c;
}

export async function checkCredentialText(text: string, did: string, loader: DocumentLoader): Promise<TextCheck> {
  const c = parseCredentialText(text);
  if (!c) return { kind: "unreadable" };
  const issuer = issuerOf(c);
  if (issuer !== did) return { kind: "notOurs", issuer: issuer.slice(0, 200) };
  let check;
  try {
    check = await checkCredential(c, loader);
  } catch {
    return { kind: "tampered" };
  }
  if (check.kind === "tampered") return { kind: "tampered" };
  if (check.kind === "statusUnverifiable") return { kind: "statusUnverifiable" };
  return { kind: check.kind, credentialId: check.credentialId };
}
