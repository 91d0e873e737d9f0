import { randomInt, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { certificates, certificateStatusEvents, STATUS_LIST_SIZE } from "#db/schema";
import { formatCertificateNumber } from "~/modules/certificates/number";
import type { CertificateEventKind } from "~/modules/certificates/status";
import type { Level } from "~/modules/exams/types";

/**
 * A certificate written directly (as demo data or an import would: no attempt), with its 'issued'
 * event and the next number of its county, year and level. For tests that read certificates.
 */
export async function recordCertificate(options: {
  userId: number;
  countyId: number;
  countyCode: string;
  level?: Level;
  holderName: string;
  organizationName: string;
  issuedAt?: Date;
  supersedesId?: number | null;
  year?: number;
}) {
  const level = options.level ?? "junior";
  const year = options.year ?? 2026;
  const issuedAt = options.issuedAt ?? new Date("2026-05-03T02:00:00Z");
  const [seqRow] = rowsOf<{ last_seq: number }>(
    await db().execute(sql`
      insert into certificate_sequences (county_id, year, level, last_seq) values (${options.countyId}, ${year}, ${level}, 1)
      on conflict (county_id, year, level) do update set last_seq = certificate_sequences.last_seq + 1 returning last_seq`),
  );
  const seq = Number(seqRow.last_seq);
  const number = formatCertificateNumber({ countyCode: options.countyCode, year, level, seq });
  const [row] = await db()
    .insert(certificates)
    .values({
      number,
      credentialId: `urn:uuid:${randomUUID()}`,
      userId: options.userId,
      countyId: options.countyId,
      level,
      year,
      seq,
      issuedAt,
      issuedBy: null,
      attemptId: null,
      supersedesId: options.supersedesId ?? null,
      statusListIndex: randomInt(STATUS_LIST_SIZE),
      holderName: options.holderName,
      organizationName: options.organizationName,
    })
    .returning({ id: certificates.id });
  await db().insert(certificateStatusEvents).values({ certificateId: row.id, kind: "issued", at: issuedAt, data: { number } });
  return { id: row.id, number };
}

/** A status event (the database moves the certificate's status). */
export async function addStatusEvent(
  certificateId: number,
  kind: CertificateEventKind,
  options: { at?: Date; reason?: string; data?: Record<string, unknown> } = {},
) {
  await db()
    .insert(certificateStatusEvents)
    .values({ certificateId, kind, reason: options.reason ?? null, at: options.at ?? new Date(), data: options.data ?? {} });
}
