import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { checkStatus, createCredential, decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { VC_V2 } from "./contexts-urls";
import type { StatusPurpose } from "./ob3";

/**
 * Signing and verifying with the Digital Bazaar libraries (eddsa-rdfc-2022 Data Integrity proofs,
 * Bitstring Status Lists). No database here: the caller gives the key and a document loader.
 */

export type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: object }>;

export interface SigningKey {
  /** the verification method id, did:web:…#key-N */
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export async function generateKeyPair(): Promise<{ publicKeyMultibase: string; secretKeyMultibase: string }> {
  const key = await Ed25519Multikey.generate();
  return { publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase! };
}

async function suiteFor(key: SigningKey, date?: Date) {
  const keyPair = await Ed25519Multikey.from({ type: "Multikey", ...key });
  return new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, ...(date ? { date } : {}) });
}

/** Signs a credential (a DataIntegrityProof, eddsa-rdfc-2022, proofPurpose assertionMethod). */
export async function signCredential(
  credential: Record<string, unknown>,
  key: SigningKey,
  documentLoader: DocumentLoader,
  date?: Date,
): Promise<Record<string, unknown>> {
  return vc.issue({ credential: structuredClone(credential), suite: await suiteFor(key, date), documentLoader });
}

/** An unsigned BitstringStatusListCredential of these set bits (VC 2.0). */
export async function statusListCredential(options: {
  id: string;
  issuer: string;
  purpose: StatusPurpose;
  encodedList: string;
  validFrom: Date;
}): Promise<Record<string, unknown>> {
  const list = await decodeList({ encodedList: options.encodedList });
  const credential = await createCredential({ id: options.id, list, statusPurpose: options.purpose, context: [VC_V2] });
  return { ...credential, issuer: options.issuer, validFrom: options.validFrom.toISOString() };
}

export type CredentialCheck =
  | { kind: "valid"; credentialId: string; issuer: string }
  | { kind: "revoked" | "suspended"; credentialId: string; issuer: string }
  /** the proof does not verify: a changed byte, a foreign key, no proof */
  | { kind: "tampered"; detail: string }
  /** the proof verifies but the status list cannot be trusted (bad signature, wrong issuer) or loaded */
  | { kind: "statusUnverifiable"; credentialId: string; detail: string };

function messageOf(error: unknown): string {
  if (!error) return "";
  const e = error as { message?: string; errors?: unknown[]; cause?: unknown };
  if (Array.isArray(e.errors) && e.errors.length) return e.errors.map(messageOf).join("; ");
  return `${e.message ?? String(error)}${e.cause ? ` (${messageOf(e.cause)})` : ""}`;
}

/**
 * Verifies a credential: its proof, then each of its status entries (the status list credential's
 * own proof and issuer included). `checkStatus` reports `verified: true` for a revoked credential
 * with `status: true` (CERTIFICATES.md trap 1): the status bits are read here, not trusted blindly.
 */
export async function checkCredential(credential: Record<string, unknown>, documentLoader: DocumentLoader): Promise<CredentialCheck> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  let statusCalled = false;
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    checkStatus: (options: unknown) => {
      statusCalled = true;
      return checkStatus(options);
    },
  });
  const credentialId = typeof credential.id === "string" ? credential.id : "";
  const issuerValue = credential.issuer as string | { id?: string } | undefined;
  const issuer = typeof issuerValue === "string" ? issuerValue : (issuerValue?.id ?? "");
  if (!statusCalled) {
    if (result.verified) return { kind: "statusUnverifiable", credentialId, detail: "the credential has no status entry" };
    return {
      kind: "tampered",
      detail: messageOf(result.error) || messageOf(result.results?.find((r) => !r.verified)?.error) || "proof not verified",
    };
  }
  const status = result.statusResult as
    | {
        verified: boolean;
        error?: unknown;
        results?: { verified: boolean; status: boolean; credentialStatus: { statusPurpose: string } }[];
      }
    | undefined;
  if (!status?.verified || !status.results?.length)
    return { kind: "statusUnverifiable", credentialId, detail: messageOf(status?.error) || "status not verified" };
  const set = (purpose: string) => status.results!.some((r) => r.credentialStatus.statusPurpose === purpose && r.status === true);
  if (set("revocation")) return { kind: "revoked", credentialId, issuer };
  if (set("suspension")) return { kind: "suspended", credentialId, issuer };
  return { kind: "valid", credentialId, issuer };
}
