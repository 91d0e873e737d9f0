import { randomInt, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { appendArchiveEvent } from "../../app/modules/archive/archive.server";
import { formatCertificateNumber } from "../../app/modules/certificates/number";
import type { Level } from "../../app/modules/exams/types";
import { trainingYear } from "../../app/modules/hours/training-year";
import type { Db } from "../client.server";
import { rowsOf } from "../sql-text.server";
import { setStatusBits } from "../../app/modules/credentials/status-lists.server";
import { certificates, certificateStatusEvents, counties, organizations, STATUS_LIST_SIZE, users } from "../schema";

/**
 * Demo navigators (红帆领航员) of 嘉祥县 holding each level, issued in earlier years (brought in
 * without an exam attempt). 高晓燕's junior certificate was upgraded (已升级) to intermediate.
 * Idempotent: a person who has a certificate already is left alone.
 */
const DEMO_HOLDERS: { phone: string; levels: { level: Level; yearsAgo: number }[] }[] = [
  { phone: "13800000014", levels: [{ level: "junior", yearsAgo: 1 }] },
  {
    phone: "13800000015",
    levels: [
      { level: "junior", yearsAgo: 3 },
      { level: "intermediate", yearsAgo: 1 },
    ],
  },
  { phone: "13800000016", levels: [{ level: "senior", yearsAgo: 2 }] },
  // 马建军: senior, moved down to intermediate by last year's annual assessment (db/seed/demo-assessment.ts)
  { phone: "13800000017", levels: [{ level: "senior", yearsAgo: 3 }] },
];

export async function seedDemoCertificates(db: Db, now = new Date()): Promise<number> {
  let inserted = 0;
  for (const holder of DEMO_HOLDERS) {
    const [person] = await db
      .select({ id: users.id, name: users.name, organizationName: organizations.name, countyId: counties.id, countyCode: counties.code })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .innerJoin(sql`towns`, sql`towns.id = ${organizations.townId}`)
      .innerJoin(counties, sql`${counties.id} = towns.county_id`)
      .where(eq(users.phone, holder.phone));
    if (!person) continue;
    const have = await db.select({ id: certificates.id }).from(certificates).where(eq(certificates.userId, person.id));
    if (have.length) continue;
    await db.transaction(async (tx) => {
      let previous = null as { id: number; number: string; level: (typeof holder.levels)[number]["level"] } | null;
      for (const { level, yearsAgo } of holder.levels) {
        const issuedAt = new Date(now.getTime() - yearsAgo * 365 * 86400_000);
        const year = trainingYear(issuedAt);
        const [seqRow] = rowsOf<{ last_seq: number }>(
          await tx.execute(sql`
          insert into certificate_sequences (county_id, year, level, last_seq) values (${person.countyId}, ${year}, ${level}, 1)
          on conflict (county_id, year, level) do update set last_seq = certificate_sequences.last_seq + 1 returning last_seq`),
        );
        const seq = Number(seqRow.last_seq);
        const number = formatCertificateNumber({ countyCode: person.countyCode, year, level, seq });
        if (previous) {
          await tx
            .insert(certificateStatusEvents)
            .values({ certificateId: previous.id, kind: "superseded", at: issuedAt, data: { byLevel: level, demo: true } });
          await setStatusBits(tx, previous.id, "superseded", issuedAt);
          await appendArchiveEvent(tx, {
            userId: person.id,
            type: "certificateSuperseded",
            actorId: null,
            data: { certificateId: previous.id, number: previous.number, level: previous.level, demo: true },
          });
        }
        const [cert]: { id: number }[] = await tx
          .insert(certificates)
          .values({
            number,
            credentialId: `urn:uuid:${randomUUID()}`,
            userId: person.id,
            countyId: person.countyId,
            level,
            year,
            seq,
            issuedAt,
            issuedBy: null,
            attemptId: null,
            supersedesId: previous?.id ?? null,
            statusListIndex: randomInt(STATUS_LIST_SIZE),
            holderName: person.name,
            organizationName: person.organizationName,
          })
          .returning({ id: certificates.id });
        await tx
          .insert(certificateStatusEvents)
          .values({ certificateId: cert.id, kind: "issued", at: issuedAt, data: { number, demo: true } });
        await appendArchiveEvent(tx, {
          userId: person.id,
          type: "certificateIssued",
          actorId: null,
          data: { certificateId: cert.id, number, level, demo: true },
        });
        previous = { id: cert.id, number, level };
        inserted++;
      }
    });
  }
  return inserted;
}
