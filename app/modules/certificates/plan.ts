import type { Level } from "../exams/types";
import { formatCertificateNumber } from "./number";
import { issuanceEffect, levelRank, type CertificateStatus } from "./status";

/**
 * What a batch of issuance does (pure): the preview shows it, the issuing transaction follows it
 * with the sequence rows it locks. Items are taken in a fixed order (level, release time, attempt
 * id) so the preview's numbers are the ones assigned when nobody else issues first.
 */
export interface PassedAttempt {
  attemptId: number;
  userId: number;
  countyId: number;
  countyCode: string;
  level: Level;
  releasedAt: Date;
  /** a certification exam, released and passed: only such attempts can be issued */
  releasedPass: boolean;
}

export interface CurrentCertificate {
  id: number;
  userId: number;
  level: Level;
  status: CertificateStatus;
  number: string;
}

export type PlannedItem =
  | {
      attemptId: number;
      userId: number;
      level: Level;
      outcome: "issue";
      year: number;
      seq: number;
      number: string;
      supersedes: CurrentCertificate | null;
    }
  | { attemptId: number; userId: number; level: Level; outcome: "skip"; reason: "alreadyIssued" | "levelHeld" | "notReleasedPass" };

export function issuanceOrder(a: PassedAttempt, b: PassedAttempt): number {
  return levelRank(a.level) - levelRank(b.level) || a.releasedAt.getTime() - b.releasedAt.getTime() || a.attemptId - b.attemptId;
}

export function planIssuance(input: {
  attempts: readonly PassedAttempt[];
  /** current (valid or on-hold) certificates of the people in the batch */
  current: readonly CurrentCertificate[];
  /** attempts that already have a certificate */
  issuedAttemptIds: ReadonlySet<number>;
  /** last sequence per `${countyId}:${year}:${level}` (absent: 0) */
  lastSeq: ReadonlyMap<string, number>;
  year: number;
}): PlannedItem[] {
  const current = new Map(input.current.map((c) => [c.userId, c]));
  const lastSeq = new Map(input.lastSeq);
  const seen = new Set<number>();
  const out: PlannedItem[] = [];
  for (const a of [...input.attempts].sort(issuanceOrder)) {
    if (seen.has(a.attemptId)) continue;
    seen.add(a.attemptId);
    const base = { attemptId: a.attemptId, userId: a.userId, level: a.level };
    if (!a.releasedPass) {
      out.push({ ...base, outcome: "skip", reason: "notReleasedPass" });
      continue;
    }
    if (input.issuedAttemptIds.has(a.attemptId)) {
      out.push({ ...base, outcome: "skip", reason: "alreadyIssued" });
      continue;
    }
    const held = current.get(a.userId) ?? null;
    const effect = issuanceEffect(a.level, held);
    if (effect === "skip") {
      out.push({ ...base, outcome: "skip", reason: "levelHeld" });
      continue;
    }
    const key = sequenceKey(a.countyId, input.year, a.level);
    const seq = (lastSeq.get(key) ?? 0) + 1;
    lastSeq.set(key, seq);
    const number = formatCertificateNumber({ countyCode: a.countyCode, year: input.year, level: a.level, seq });
    out.push({ ...base, outcome: "issue", year: input.year, seq, number, supersedes: effect === "supersede" ? held : null });
    current.set(a.userId, { id: -a.attemptId, userId: a.userId, level: a.level, status: "valid", number });
  }
  return out;
}

export function sequenceKey(countyId: number, year: number, level: Level): string {
  return `${countyId}:${year}:${level}`;
}
