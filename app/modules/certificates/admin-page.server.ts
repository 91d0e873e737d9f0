import { scopeOf, type Actor } from "../auth/access";
import type { RequestMeta } from "../audit/audit.server";
import { forbidden } from "../errors";
import { listIssued } from "./download.server";
import { listOnHold, listPending, previewIssuance } from "./issue.server";
import { unprintableCharacters } from "./pdf.server";
import type { CertificateSettings } from "./settings";
import { loadCertificateSettings, updateCertificateSettings } from "./settings.server";

/**
 * 证书管理 (/admin/certificates): the county admin's page — 待发证, 待处理 (on hold), the county's
 * settings and what was issued — and the two steps that need the county or the certificate font.
 */

/** The county whose certificates the admin manages (the first of their issuing scope). */
function issuingCounty(actor: Actor): number {
  const [countyId] = scopeOf(actor, "issue:certificate").countyIds;
  if (!countyId) throw forbidden();
  return countyId;
}

export async function certificatesAdminPage(actor: Actor) {
  const [pending, onHold, settings, issued] = await Promise.all([
    listPending(actor),
    listOnHold(actor),
    loadCertificateSettings(issuingCounty(actor)),
    listIssued(actor),
  ]);
  return { pending, onHold, settings, issued };
}

/** The batch preview, each row flagged with the characters the certificate font cannot draw (its PDF would be refused; decision 017). */
export async function previewIssuanceForPage(actor: Actor, attemptIds: number[]) {
  return (await previewIssuance(actor, attemptIds)).map((p) => ({
    ...p,
    unprintable: unprintableCharacters({ holderName: p.holderName, organizationName: p.organizationName, countyName: "" }),
  }));
}

export async function updateOwnCountyCertificateSettings(actor: Actor, settings: CertificateSettings, meta: RequestMeta) {
  await updateCertificateSettings(actor, issuingCounty(actor), settings, meta);
}
