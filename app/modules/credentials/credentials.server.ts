import { and, eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { certificates, counties } from "#db/schema";
import { scopeOf, type Actor } from "../auth/access";
import { issuingBody } from "../certificates/pdf-layout";
import { verifyCertificateNumber } from "../certificates/verify.server";
import type { PublicCertificate } from "../certificates/verify";
import { AppError, forbidden } from "../errors";
import { documentLoader } from "./contexts.server";
import { currentSigningKey, ensureIssuerKey, publicKeys } from "./keys.server";
import { achievementCredential, didDocument, issuerDid, verificationMethodDocument, type StatusPurpose } from "./ob3";
import { signedStatusList } from "./status-lists.server";
import { checkCredentialText, type TextCheck } from "./check-text";
import { signCredential, type DocumentLoader } from "./vc.server";

/**
 * The app's Open Badges 3.0 use cases (decision 018): the holder's signed credential, the issuer's DID
 * document, and verifying an uploaded credential against this issuer's keys and status lists.
 */

/** What the app's document loader may serve besides the bundled contexts: its DID document, keys and status lists. */
export function appResolver(origin: string): (url: string) => Promise<object | null> {
  const did = issuerDid(origin);
  const base = origin.replace(/\/+$/, "");
  return async (url: string) => {
    if (url === did) return didDocument(did, await publicKeys());
    if (url.startsWith(`${did}#key-`)) {
      const id = Number(url.slice(`${did}#key-`.length));
      const key = (await publicKeys()).find((k) => k.id === id);
      return key ? verificationMethodDocument(did, key) : null;
    }
    const m = url.startsWith(`${base}/credentials/status/`)
      ? /^\/credentials\/status\/([0-9A-Za-z]{1,20})\/(revocation|suspension)$/.exec(url.slice(base.length))
      : null;
    if (m) return signedStatusList(origin, m[1], m[2] as StatusPurpose);
    return null;
  };
}

export function appDocumentLoader(origin: string): DocumentLoader {
  return documentLoader(appResolver(origin));
}

export async function issuerDidDocument(origin: string): Promise<Record<string, unknown>> {
  await ensureIssuerKey(); // the first key exists before anyone reads the document
  return didDocument(issuerDid(origin), await publicKeys());
}

/** A certificate's credential, signed now by the current key (the claims come from the certificate's immutable columns). */
export async function signedCredentialOf(
  certificateId: number,
  origin: string,
): Promise<{ number: string; credential: Record<string, unknown> } | null> {
  const [cert] = await db()
    .select({
      credentialId: certificates.credentialId,
      number: certificates.number,
      level: certificates.level,
      issuedAt: certificates.issuedAt,
      holderName: certificates.holderName,
      statusListIndex: certificates.statusListIndex,
      countyCode: counties.code,
      countyName: counties.name,
    })
    .from(certificates)
    .innerJoin(counties, eq(counties.id, certificates.countyId))
    .where(eq(certificates.id, certificateId));
  if (!cert) return null;
  const unsigned = achievementCredential(origin, { ...cert, issuerName: issuingBody(cert.countyName) });
  const key = await currentSigningKey(issuerDid(origin));
  return { number: cert.number, credential: await signCredential(unsigned, key, appDocumentLoader(origin)) };
}

/** The holder's own certificate as an Open Badges 3.0 credential (someone else's: not found). */
export async function ownCredential(actor: Actor, certificateId: number, origin: string): Promise<{ number: string; json: string }> {
  if (!scopeOf(actor, "hold:certificate").own) throw forbidden();
  const [mine] = await db()
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(eq(certificates.id, certificateId), eq(certificates.userId, actor.userId)));
  if (!mine) throw new AppError("notFound", `certificate ${certificateId}`);
  const signed = await signedCredentialOf(certificateId, origin);
  if (!signed) throw new AppError("notFound", `certificate ${certificateId}`);
  return { number: signed.number, json: JSON.stringify(signed.credential, null, 2) };
}

export { MAX_CREDENTIAL_BYTES } from "./check-text";

export type CredentialVerifyOutcome =
  | { kind: "valid" | "revoked" | "suspended"; certificate: PublicCertificate | null }
  | Exclude<TextCheck, { kind: "valid" | "revoked" | "suspended" }>;

/** Parses and checks a credential file's text against this issuer (origin), then finds the certificate's public facts; `loader` replaces the app's (tests). */
export async function verifyCredentialText(
  text: string,
  origin: string,
  loader: DocumentLoader = appDocumentLoader(origin),
): Promise<CredentialVerifyOutcome> {
  const check = await checkCredentialText(text, issuerDid(origin), loader);
  switch (check.kind) {
    case "valid":
    case "revoked":
    case "suspended":
      return { kind: check.kind, certificate: await publicCertificateOf(check.credentialId) };
    default:
      return check;
  }
}

async function publicCertificateOf(credentialId: string): Promise<PublicCertificate | null> {
  const [cert] = await db().select({ number: certificates.number }).from(certificates).where(eq(certificates.credentialId, credentialId));
  if (!cert) return null;
  const found = await verifyCertificateNumber(cert.number);
  return found.kind === "found" ? found.certificate : null;
}
