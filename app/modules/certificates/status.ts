import type { CERTIFICATE_EVENT_KINDS, CERTIFICATE_STATUSES } from "#db/schema";
import { LEVELS, type Level } from "../exams/types";

/**
 * A certificate's status is derived from its append-only status events (certificate_status_events);
 * the `status` column is kept in step by the database (migration 0015 uses the same map as
 * STATUS_AFTER). Pure.
 *
 *   issued ─→ valid ─┬─ superseded (已升级: a higher level was issued; final)
 *                    ├─ downgraded (年度考核 一般/较差: a lower certificate replaces it; final)
 *                    ├─ revoked (final)
 *                    └─ on_hold (a regrade turned the pass into a fail) ─┬─ kept → valid
 *                                                                      └─ revoked / downgraded
 */
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
export type CertificateEventKind = (typeof CERTIFICATE_EVENT_KINDS)[number];

export const STATUS_AFTER: Readonly<Record<CertificateEventKind, CertificateStatus>> = {
  issued: "valid",
  kept: "valid",
  on_hold: "on_hold",
  superseded: "superseded",
  downgraded: "downgraded",
  revoked: "revoked",
};

/** The events allowed from each status ("issued" only as the first event). */
const ALLOWED: Readonly<Record<CertificateStatus, readonly CertificateEventKind[]>> = {
  valid: ["superseded", "downgraded", "revoked", "on_hold"],
  on_hold: ["kept", "revoked", "downgraded"],
  superseded: [],
  downgraded: [],
  revoked: [],
};

/** Events that need a reason written by a person (the hold's reason is written by the system). */
export const REASON_REQUIRED: ReadonlySet<CertificateEventKind> = new Set(["revoked", "on_hold", "downgraded"]);

export type TransitionResult =
  { ok: true; status: CertificateStatus } | { ok: false; error: "notIssued" | "alreadyIssued" | "notAllowed" | "reasonRequired" };

/** The status after `kind` happens to a certificate in `current` (null: not issued yet). */
export function transition(current: CertificateStatus | null, kind: CertificateEventKind, reason?: string | null): TransitionResult {
  if (current === null) return kind === "issued" ? { ok: true, status: "valid" } : { ok: false, error: "notIssued" };
  if (kind === "issued") return { ok: false, error: "alreadyIssued" };
  if (!ALLOWED[current].includes(kind)) return { ok: false, error: "notAllowed" };
  if (REASON_REQUIRED.has(kind) && !reason?.trim()) return { ok: false, error: "reasonRequired" };
  return { ok: true, status: STATUS_AFTER[kind] };
}

/** The current status from the events in order; throws on a history that breaks the rule. */
export function deriveStatus(events: readonly { kind: CertificateEventKind; reason?: string | null }[]): CertificateStatus {
  let status: CertificateStatus | null = null;
  for (const [i, e] of events.entries()) {
    const next = transition(status, e.kind, e.kind === "on_hold" ? (e.reason ?? "-") : e.reason);
    if (!next.ok) throw new Error(`certificate history breaks the rule at event ${i} (${e.kind}): ${next.error}`);
    status = next.status;
  }
  if (status === null) throw new Error("a certificate has at least its 'issued' event");
  return status;
}

/** Whether a certificate in this status counts as held (valid, or on hold pending the county's decision). */
export function isCurrent(status: CertificateStatus): boolean {
  return status === "valid" || status === "on_hold";
}

export const levelRank = (level: Level): number => LEVELS.indexOf(level);

/**
 * What issuing a certificate of `level` does to the person's current certificate: "supersede" a
 * lower one (已升级), "skip" when the current one is of this level or higher (nothing to issue),
 * "none" when there is no current certificate.
 */
export function issuanceEffect(level: Level, current: { level: Level; status: CertificateStatus } | null): "supersede" | "skip" | "none" {
  if (!current || !isCurrent(current.status)) return "none";
  return levelRank(current.level) < levelRank(level) ? "supersede" : "skip";
}
