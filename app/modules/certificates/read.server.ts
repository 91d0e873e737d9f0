import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { certificates, certificateStatusEvents } from "#db/schema";
import { scopeOf, type Actor } from "../auth/access";
import { forbidden } from "../errors";
import type { LevelFacts } from "./level-rule";
import { loadCertificateSettings } from "./settings.server";
import { lastAssessmentOf } from "../assessment/assessment.server";

/**
 * What the level rule needs about a person (certificates/level-rule.ts): the current certificate,
 * the grade of the last annual assessment (年度考核, assessment/assessment.server.ts; null: never
 * assessed) and the county's rules.
 */
export async function levelFactsOf(userId: number, countyId: number, tx: DbOrTx = db()): Promise<LevelFacts> {
  const [[current], settings, lastAssessment] = await Promise.all([
    tx
      .select({ level: certificates.level, status: certificates.status, issuedAt: certificates.issuedAt })
      .from(certificates)
      .where(and(eq(certificates.userId, userId), inArray(certificates.status, ["valid", "on_hold"]))),
    loadCertificateSettings(countyId, tx),
    lastAssessmentOf(userId, tx),
  ]);
  return {
    current: current ? { level: current.level, status: current.status as "valid" | "on_hold", issuedAt: current.issuedAt } : null,
    lastAssessment,
    rules: { minFullYearsHeld: settings.minFullYearsHeld, minAssessment: settings.minAssessment },
  };
}

/** 我的证书: the holder's own certificates, newest first, each with its status history. */
export async function myCertificates(actor: Actor) {
  if (!scopeOf(actor, "hold:certificate").own) throw forbidden();
  const rows = await db()
    .select({
      id: certificates.id,
      number: certificates.number,
      level: certificates.level,
      status: certificates.status,
      issuedAt: certificates.issuedAt,
      holderName: certificates.holderName,
      organizationName: certificates.organizationName,
      credentialId: certificates.credentialId,
    })
    .from(certificates)
    .where(eq(certificates.userId, actor.userId))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id));
  if (!rows.length) return [];
  const events = await db()
    .select({
      certificateId: certificateStatusEvents.certificateId,
      kind: certificateStatusEvents.kind,
      reason: certificateStatusEvents.reason,
      at: certificateStatusEvents.at,
    })
    .from(certificateStatusEvents)
    .where(
      inArray(
        certificateStatusEvents.certificateId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(certificateStatusEvents.id));
  return rows.map((r) => ({
    ...r,
    history: events.filter((e) => e.certificateId === r.id).map(({ kind, reason, at }) => ({ kind, reason, at })),
  }));
}
