import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { db } from "#db/client.server";
import { certificates, counties } from "#db/schema";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { scopeOf, type Actor } from "../auth/access";
import { config } from "../config.server";
import { AppError, forbidden } from "../errors";
import { renderCertificatesPdf, type CertificatePdfData } from "./pdf.server";

/**
 * Who may download which certificate PDF: the holder their own (/certificates/<id>.pdf), a county
 * admin those of their county, one, a selection or every valid one as ONE multi-page PDF
 * (/admin/certificates.pdf). A certificate outside the actor's scope is refused whatever id was typed.
 */

/** The most a batch holds (a county's whole roster fits; ~3 MB and ~2 s per 1,000 pages). */
export const MAX_BATCH = 2000;

/** The origin printed in QR codes: PUBLIC_ORIGIN when set, else the request's own. */
export function publicOrigin(request: Request): string {
  return config().PUBLIC_ORIGIN ?? new URL(request.url).origin;
}

async function loadPdfData(
  where: SQL | undefined,
  limit = MAX_BATCH + 1,
): Promise<(CertificatePdfData & { id: number; userId: number; countyId: number })[]> {
  return db()
    .select({
      id: certificates.id,
      userId: certificates.userId,
      countyId: certificates.countyId,
      number: certificates.number,
      level: certificates.level,
      status: certificates.status,
      holderName: certificates.holderName,
      organizationName: certificates.organizationName,
      countyName: counties.name,
      issuedAt: certificates.issuedAt,
    })
    .from(certificates)
    .innerJoin(counties, eq(counties.id, certificates.countyId))
    .where(where)
    .orderBy(certificates.countyId, certificates.level, certificates.year, certificates.seq)
    .limit(limit);
}

/** The holder's own certificate as a PDF; someone else's is "not found" (its existence is not revealed). */
export async function ownCertificatePdf(actor: Actor, certificateId: number, origin: string): Promise<{ number: string; pdf: Buffer }> {
  if (!scopeOf(actor, "hold:certificate").own) throw forbidden();
  const [cert] = await loadPdfData(and(eq(certificates.id, certificateId), eq(certificates.userId, actor.userId)), 1);
  if (!cert) throw new AppError("notFound", `certificate ${certificateId}`);
  return { number: cert.number, pdf: await renderCertificatesPdf([cert], origin) };
}

export type BatchSelection = { ids: number[] } | { allValid: true };

function issuingScope(actor: Actor): { all: boolean; countyIds: number[] } {
  const scope = scopeOf(actor, "issue:certificate");
  if (!scope.all && !scope.countyIds.length) throw forbidden();
  return scope;
}

/**
 * Certificates of the admin's counties as one PDF (a page each): the selected ones (any status), or
 * every valid one. A selected id outside the admin's counties makes the whole request forbidden.
 * Audited (who downloaded how many, of which county).
 */
export async function countyCertificatesPdf(
  actor: Actor,
  selection: BatchSelection,
  origin: string,
  meta: RequestMeta,
): Promise<{ count: number; pdf: Buffer }> {
  const scope = issuingScope(actor);
  const inScope = scope.all ? undefined : inArray(certificates.countyId, scope.countyIds);
  let rows;
  if ("ids" in selection) {
    const ids = [...new Set(selection.ids)];
    if (!ids.length) throw new AppError("badRequest", "no certificate selected");
    if (ids.length > MAX_BATCH) throw new AppError("badRequest", `at most ${MAX_BATCH} certificates at once`);
    rows = await loadPdfData(inArray(certificates.id, ids));
    if (rows.length !== ids.length) throw new AppError("notFound", "a selected certificate does not exist");
    if (!scope.all && rows.some((r) => !scope.countyIds.includes(r.countyId))) throw forbidden();
  } else {
    rows = await loadPdfData(and(inScope, eq(certificates.status, "valid")));
    if (!rows.length) throw new AppError("notFound", "no valid certificates");
    if (rows.length > MAX_BATCH) throw new AppError("badRequest", `more than ${MAX_BATCH} certificates: select fewer`);
  }
  const pdf = await renderCertificatesPdf(rows, origin);
  await writeAudit(db(), {
    actorId: actor.userId,
    action: "certificate.download",
    entityType: "certificate",
    entityId: rows.length === 1 ? rows[0].id : 0,
    countyId: rows[0].countyId,
    after: { count: rows.length, numbers: rows.slice(0, 50).map((r) => r.number), allValid: !("ids" in selection) },
    meta,
  });
  return { count: rows.length, pdf };
}

/** 已发证书 on the admin page: the county's certificates, newest first (at most `limit`). */
export async function listIssued(actor: Actor, limit = 300) {
  const scope = issuingScope(actor);
  return db()
    .select({
      id: certificates.id,
      number: certificates.number,
      level: certificates.level,
      status: certificates.status,
      holderName: certificates.holderName,
      organizationName: certificates.organizationName,
      issuedAt: certificates.issuedAt,
    })
    .from(certificates)
    .where(scope.all ? undefined : inArray(certificates.countyId, scope.countyIds))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(limit);
}

/** The HTTP answer for a PDF: inline for one (opens in the browser's viewer), a download for a batch. */
export function pdfResponse(pdf: Buffer, filename: string, asciiName: string, disposition: "inline" | "attachment"): Response {
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.length),
      "Content-Disposition": `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
