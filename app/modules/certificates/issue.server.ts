import { randomInt, randomUUID } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { certificates, certificateStatusEvents, STATUS_LIST_SIZE } from "#db/schema";
import { appendArchiveEvent } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { scopeOf, type Actor } from "../auth/access";
import { AppError, forbidden } from "../errors";
import type { Level } from "../exams/types";
import { trainingYear } from "../hours/training-year";
import { notifyPerson } from "../notifications/notifications.server";
import { setStatusBits } from "../credentials/status-lists.server";
import { rowsOf } from "#db/sql-text.server";
import { formatCertificateNumber } from "./number";
import { planIssuance, sequenceKey, type CurrentCertificate, type PassedAttempt, type PlannedItem } from "./plan";
import { transition, type CertificateStatus } from "./status";
import { personPlaceJoinSql } from "../org-tree/person-place.server";

/**
 * Issuing certificates (发证). One transaction per batch; for each person in it, in user id order,
 * a transaction-scoped advisory lock, so a second batch racing for the same people waits and then
 * sees what the first issued (it issues nothing twice); `certificates_attempt_unique` and
 * `certificates_one_current` back that up in the database. Numbers come from
 * `certificate_sequences` incremented in the same transaction (gap-free, decision 015).
 * Every issuance: the certificate, its 'issued' event, a 'superseded' event on the lower
 * certificate it replaces (已升级), audit rows, archive events and a notice to the holder.
 */

const LOCK_SPACE = 7410;

/** Who issues: a county admin (audited with the request's address) or the system at release (auto mode). */
export interface Issuer {
  actorId: number | null;
  meta: RequestMeta;
}

export interface IssuedCertificate {
  id: number;
  attemptId: number;
  userId: number;
  level: Level;
  number: string;
  supersededNumber: string | null;
}

export interface IssueOutcome {
  issued: IssuedCertificate[];
  skipped: { attemptId: number; reason: "alreadyIssued" | "levelHeld" | "notReleasedPass" }[];
}

const LEVEL_SQL = sql.raw(`array['junior','intermediate','senior']`);

/** The facts of attempts as issuance needs them (any county: the caller applies scope). */
async function passedAttempts(
  tx: DbOrTx,
  attemptIds: readonly number[],
): Promise<(PassedAttempt & { holderName: string; organizationName: string; examTitle: string })[]> {
  if (!attemptIds.length) return [];
  const rows = rowsOf<{
    attempt_id: number;
    user_id: number;
    county_id: number;
    county_code: string;
    level: Level | null;
    kind: string;
    state: string;
    passed: boolean | null;
    released_at: Date | string | null;
    holder_name: string;
    organization_name: string;
    exam_title: string;
  }>(
    await tx.execute(sql`
      select a.id as attempt_id, a.user_id, e.county_id, c.code as county_code, e.level, e.kind, a.state, a.passed, a.released_at,
        u.name as holder_name, o.name as organization_name, e.title as exam_title
      from exam_attempts a
      join exams e on e.id = a.exam_id
      join counties c on c.id = e.county_id
      join users u on u.id = a.user_id
      join organizations o on o.id = u.organization_id
      where a.id in ${sql.raw(`(${attemptIds.map((id) => Number(id)).join(",")})`)}`),
  );
  return rows.map((r) => ({
    attemptId: Number(r.attempt_id),
    userId: Number(r.user_id),
    countyId: Number(r.county_id),
    countyCode: r.county_code,
    level: (r.level ?? "junior") as Level,
    releasedAt: new Date(r.released_at ?? 0),
    releasedPass: r.kind === "certification" && r.level !== null && r.state === "graded" && r.passed === true && r.released_at !== null,
    holderName: r.holder_name,
    organizationName: r.organization_name,
    examTitle: r.exam_title,
  }));
}

async function currentCertificates(tx: DbOrTx, userIds: readonly number[]): Promise<CurrentCertificate[]> {
  if (!userIds.length) return [];
  const rows = await tx
    .select({
      id: certificates.id,
      userId: certificates.userId,
      level: certificates.level,
      status: certificates.status,
      number: certificates.number,
    })
    .from(certificates)
    .where(and(inArray(certificates.userId, [...userIds]), inArray(certificates.status, ["valid", "on_hold"])));
  return rows;
}

async function issuedAttemptIds(tx: DbOrTx, attemptIds: readonly number[]): Promise<Set<number>> {
  if (!attemptIds.length) return new Set();
  const rows = await tx
    .select({ attemptId: certificates.attemptId })
    .from(certificates)
    .where(inArray(certificates.attemptId, [...attemptIds]));
  return new Set(rows.map((r) => Number(r.attemptId)));
}

async function lastSequences(tx: DbOrTx, keys: { countyId: number; year: number; level: Level }[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (!keys.length) return map;
  const rows = rowsOf<{ county_id: number; year: number; level: Level; last_seq: number }>(
    await tx.execute(
      sql`select county_id, year, level, last_seq from certificate_sequences where county_id in ${sql.raw(`(${[...new Set(keys.map((k) => Number(k.countyId)))].join(",")})`)} and year = ${keys[0].year}`,
    ),
  );
  for (const r of rows) map.set(sequenceKey(Number(r.county_id), Number(r.year), r.level), Number(r.last_seq));
  return map;
}

/** What issuing these attempts would do now (the preview). Read-only. */
export async function planFor(
  tx: DbOrTx,
  attemptIds: readonly number[],
  now: Date,
): Promise<{ plan: PlannedItem[]; facts: Awaited<ReturnType<typeof passedAttempts>> }> {
  const facts = await passedAttempts(tx, attemptIds);
  const year = trainingYear(now);
  const [current, issued, lastSeq] = await Promise.all([
    currentCertificates(tx, [...new Set(facts.map((f) => f.userId))]),
    issuedAttemptIds(tx, attemptIds),
    lastSequences(
      tx,
      facts.map((f) => ({ countyId: f.countyId, year, level: f.level })),
    ),
  ]);
  return { plan: planIssuance({ attempts: facts, current, issuedAttemptIds: issued, lastSeq, year }), facts };
}

/** Next number of a county, year and level, taken in this transaction (the row stays locked until commit). */
async function takeSequence(tx: DbOrTx, countyId: number, year: number, level: Level): Promise<number> {
  const [row] = rowsOf<{ last_seq: number }>(
    await tx.execute(sql`
      insert into certificate_sequences (county_id, year, level, last_seq) values (${countyId}, ${year}, ${level}, 1)
      on conflict (county_id, year, level) do update set last_seq = certificate_sequences.last_seq + 1
      returning last_seq`),
  );
  return Number(row.last_seq);
}

/**
 * Issues certificates for these attempts in the caller's transaction. Attempts that are not a
 * released pass of a certification exam, that already have a certificate, or whose holder holds
 * this level or a higher one are skipped (reported). The caller checks scope.
 */
export async function issueInTx(tx: DbOrTx, attemptIds: readonly number[], issuer: Issuer, now: Date): Promise<IssueOutcome> {
  const ids = [...new Set(attemptIds.map(Number))].filter((n) => Number.isInteger(n) && n > 0);
  if (!ids.length) return { issued: [], skipped: [] };
  // 1. Serialise per person: a batch racing this one waits here, then reads what this one wrote.
  const owners = rowsOf<{ user_id: number }>(
    await tx.execute(sql`select distinct user_id from exam_attempts where id in ${sql.raw(`(${ids.join(",")})`)} order by user_id`),
  );
  const userIds = owners.map((r) => Number(r.user_id));
  if (userIds.length) {
    await tx.execute(
      sql`select count(pg_advisory_xact_lock(${LOCK_SPACE}, u)) from (select unnest(${sql.raw(`array[${userIds.join(",")}]::int[]`)}) as u order by 1) s`,
    );
  }
  // 2. A fresh look (a statement of its own, after the locks) and the plan.
  const { plan, facts } = await planFor(tx, ids, now);
  const factOf = new Map(facts.map((f) => [f.attemptId, f]));
  const currentOf = new Map<number, CertificateRef>();
  for (const item of plan) {
    if (item.outcome !== "issue" || !item.supersedes || item.supersedes.id < 0) continue;
    const f = factOf.get(item.attemptId)!;
    currentOf.set(f.userId, { ...item.supersedes, countyId: f.countyId });
  }
  const outcome: IssueOutcome = { issued: [], skipped: [] };
  for (const item of plan) {
    if (item.outcome === "skip") {
      outcome.skipped.push({ attemptId: item.attemptId, reason: item.reason });
      continue;
    }
    const f = factOf.get(item.attemptId)!;
    // 3. Supersede the lower certificate first (the one-current index allows one current at a time):
    // one held before, or one issued earlier in this batch.
    const held = item.supersedes ? (currentOf.get(f.userId) ?? null) : null;
    if (held) {
      await changeStatus(tx, held, "superseded", {
        actorId: issuer.actorId,
        meta: issuer.meta,
        now,
        reason: null,
        data: { byLevel: item.level, byAttemptId: item.attemptId },
      });
    }
    // 4. The number: the plan's guess is confirmed (or moved on) by the sequence row.
    const seq = await takeSequence(tx, f.countyId, item.year, item.level);
    const number = formatCertificateNumber({ countyCode: f.countyCode, year: item.year, level: item.level, seq });
    const superseded = held ? { id: held.id, number: held.number } : null;
    const id = await insertCertificate(tx, {
      number,
      credentialId: `urn:uuid:${randomUUID()}`,
      userId: f.userId,
      countyId: f.countyId,
      level: item.level,
      year: item.year,
      seq,
      issuedAt: now,
      issuedBy: issuer.actorId,
      attemptId: item.attemptId,
      supersedesId: superseded?.id ?? null,
      holderName: f.holderName,
      organizationName: f.organizationName,
    });
    await tx
      .insert(certificateStatusEvents)
      .values({ certificateId: id, kind: "issued", actorId: issuer.actorId, at: now, data: { attemptId: item.attemptId, number } });
    await writeAudit(tx, {
      actorId: issuer.actorId,
      action: "certificate.issue",
      entityType: "certificate",
      entityId: id,
      countyId: f.countyId,
      after: {
        number,
        level: item.level,
        userId: f.userId,
        attemptId: item.attemptId,
        supersededNumber: superseded?.number ?? null,
        auto: issuer.actorId === null,
      },
      meta: issuer.meta,
    });
    await appendArchiveEvent(tx, {
      userId: f.userId,
      type: "certificateIssued",
      actorId: issuer.actorId,
      data: {
        certificateId: id,
        number,
        level: item.level,
        attemptId: item.attemptId,
        examTitle: f.examTitle,
        supersededNumber: superseded?.number ?? null,
      },
    });
    await notifyPerson(tx, f.userId, "certificateIssued", { certificateId: id, number, level: item.level }, issuer.actorId);
    currentOf.set(f.userId, { id, userId: f.userId, countyId: f.countyId, number, level: item.level, status: "valid" });
    outcome.issued.push({
      id,
      attemptId: item.attemptId,
      userId: f.userId,
      level: item.level,
      number,
      supersededNumber: superseded?.number ?? null,
    });
  }
  return outcome;
}

async function insertCertificate(tx: DbOrTx, values: Omit<typeof certificates.$inferInsert, "statusListIndex">): Promise<number> {
  // A random entry in the county's status list; a taken one is drawn again (the list is 131,072 long).
  for (let i = 0; i < 20; i++) {
    const [row] = await tx
      .insert(certificates)
      .values({ ...values, statusListIndex: randomInt(STATUS_LIST_SIZE) })
      .onConflictDoNothing({ target: [certificates.countyId, certificates.statusListIndex] })
      .returning({ id: certificates.id });
    if (row) return row.id;
  }
  throw new Error("no free status list index after 20 draws");
}

export interface CertificateRef {
  id: number;
  userId: number;
  countyId: number;
  number: string;
  level: Level;
  status: CertificateStatus;
}

const ARCHIVE_TYPE = {
  superseded: "certificateSuperseded",
  on_hold: "certificateOnHold",
  kept: "certificateKept",
  revoked: "certificateRevoked",
  downgraded: "certificateDowngraded",
} as const;

/**
 * A status change (not issuance) in the caller's transaction: the event (the database moves the
 * status), the credential's bits in the county's Bitstring Status Lists (decision 018: revocation
 * for superseded, downgraded and revoked, suspension while on hold), an audit row, an archive event
 * and a notice to the holder. Every status change goes through here. Refuses what the status rule
 * refuses (AppError conflict / badRequest).
 */
export async function changeStatus(
  tx: DbOrTx,
  cert: CertificateRef,
  kind: keyof typeof ARCHIVE_TYPE,
  options: {
    actorId: number | null;
    meta: RequestMeta;
    now: Date;
    reason: string | null;
    data?: Record<string, unknown>;
    /** the caller sends one notice for the whole decision */ quiet?: boolean;
  },
): Promise<CertificateStatus> {
  const next = transition(cert.status, kind, options.reason);
  if (!next.ok)
    throw new AppError(
      next.error === "reasonRequired" ? "badRequest" : "conflict",
      `certificate ${cert.id}: ${kind} from ${cert.status}: ${next.error}`,
    );
  await tx
    .insert(certificateStatusEvents)
    .values({ certificateId: cert.id, kind, reason: options.reason, actorId: options.actorId, at: options.now, data: options.data ?? {} });
  await setStatusBits(tx, cert.id, next.status, options.now);
  await writeAudit(tx, {
    actorId: options.actorId,
    action: `certificate.${kind}`,
    entityType: "certificate",
    entityId: cert.id,
    countyId: cert.countyId,
    before: { status: cert.status },
    after: { status: next.status, number: cert.number, userId: cert.userId, reason: options.reason },
    meta: options.meta,
  });
  await appendArchiveEvent(tx, {
    userId: cert.userId,
    type: ARCHIVE_TYPE[kind],
    actorId: options.actorId,
    reason: options.reason,
    data: { certificateId: cert.id, number: cert.number, level: cert.level, ...options.data },
  });
  if (!options.quiet)
    await notifyPerson(
      tx,
      cert.userId,
      "certificateStatus",
      { certificateId: cert.id, number: cert.number, status: next.status, reason: options.reason },
      options.actorId,
    );
  return next.status;
}

/**
 * A certificate issued by a decision rather than an exam (年度考核: the lower level after a
 * downgrade, or a level restored by a correction), in the caller's transaction: numbered like any
 * other, holder and organization as they are now, its 'issued' event, audit row and archive event.
 * The caller has already ended the person's current certificate, and sends the notice.
 */
export async function issueByDecision(
  tx: DbOrTx,
  input: {
    userId: number;
    countyId: number;
    level: Level;
    replacesId: number | null;
    cause: Record<string, unknown>;
    actorId: number | null;
    meta: RequestMeta;
    now: Date;
  },
): Promise<{ id: number; number: string }> {
  const [person] = rowsOf<{ holder_name: string; organization_name: string; county_code: string }>(
    await tx.execute(sql`
      select u.name as holder_name, o.name as organization_name, c.code as county_code
      from users u join organizations o on o.id = u.organization_id join counties c on c.id = ${input.countyId}
      where u.id = ${input.userId}`),
  );
  if (!person) throw new AppError("notFound", `user ${input.userId}`);
  const year = trainingYear(input.now);
  const seq = await takeSequence(tx, input.countyId, year, input.level);
  const number = formatCertificateNumber({ countyCode: person.county_code, year, level: input.level, seq });
  const id = await insertCertificate(tx, {
    number,
    credentialId: `urn:uuid:${randomUUID()}`,
    userId: input.userId,
    countyId: input.countyId,
    level: input.level,
    year,
    seq,
    issuedAt: input.now,
    issuedBy: input.actorId,
    attemptId: null,
    supersedesId: input.replacesId,
    holderName: person.holder_name,
    organizationName: person.organization_name,
  });
  await tx
    .insert(certificateStatusEvents)
    .values({ certificateId: id, kind: "issued", actorId: input.actorId, at: input.now, data: { number, ...input.cause } });
  await writeAudit(tx, {
    actorId: input.actorId,
    action: "certificate.issue",
    entityType: "certificate",
    entityId: id,
    countyId: input.countyId,
    after: { number, level: input.level, userId: input.userId, replacesId: input.replacesId, ...input.cause },
    meta: input.meta,
  });
  await appendArchiveEvent(tx, {
    userId: input.userId,
    type: "certificateIssued",
    actorId: input.actorId,
    data: { certificateId: id, number, level: input.level, ...input.cause },
  });
  return { id, number };
}

/* ---------------------------------------------------------------- the admin's use cases */

function issuingCounties(actor: Actor): { all: boolean; countyIds: number[] } {
  const scope = scopeOf(actor, "issue:certificate");
  if (!scope.all && !scope.countyIds.length) throw forbidden();
  return { all: scope.all, countyIds: scope.countyIds };
}

/**
 * Attempts outside the actor's counties make the whole request forbidden (whatever ids were typed),
 * and so does an attempt of the actor's own: no one issues a certificate to themselves.
 */
async function requireInScope(actor: Actor, attemptIds: readonly number[]): Promise<void> {
  const scope = issuingCounties(actor);
  if (!attemptIds.length) return;
  const rows = rowsOf<{ county_id: number; user_id: number }>(
    await db().execute(
      sql`select e.county_id, a.user_id from exam_attempts a join exams e on e.id = a.exam_id where a.id in ${sql.raw(`(${attemptIds.map(Number).join(",")})`)}`,
    ),
  );
  if (rows.some((r) => Number(r.user_id) === actor.userId)) throw forbidden();
  if (scope.all) return;
  if (rows.length !== new Set(attemptIds).size || rows.some((r) => !scope.countyIds.includes(Number(r.county_id)))) throw forbidden();
}

/** The preview of issuing these attempts: who gets which level and which number (if nobody issues first). */
export async function previewIssuance(actor: Actor, attemptIds: readonly number[], now = new Date()) {
  await requireInScope(actor, attemptIds);
  const { plan, facts } = await planFor(db(), attemptIds, now);
  const factOf = new Map(facts.map((f) => [f.attemptId, f]));
  return plan.map((p) => ({
    ...p,
    holderName: factOf.get(p.attemptId)?.holderName ?? "",
    organizationName: factOf.get(p.attemptId)?.organizationName ?? "",
  }));
}

/** Issues the selected attempts in one transaction (idempotent: issuing again issues nothing again). */
export async function issueCertificates(
  actor: Actor,
  attemptIds: readonly number[],
  meta: RequestMeta,
  now = new Date(),
): Promise<IssueOutcome> {
  await requireInScope(actor, attemptIds);
  if (!attemptIds.length) return { issued: [], skipped: [] };
  return db().transaction((tx) => issueInTx(tx, attemptIds, { actorId: actor.userId, meta }, now));
}

/** 待发证: released passes in the actor's counties with no certificate of that level or higher yet (not the actor's own). */
export async function listPending(actor: Actor) {
  const scope = issuingCounties(actor);
  const countyFilter = scope.all
    ? sql`true`
    : scope.countyIds.length
      ? sql`e.county_id in ${sql.raw(`(${scope.countyIds.map(Number).join(",")})`)}`
      : sql`false`;
  const rows = rowsOf<{
    attempt_id: number;
    user_id: number;
    name: string;
    organization_name: string;
    town_name: string;
    level: Level;
    exam_title: string;
    mark_tenths: number;
    max_mark_tenths: number;
    released_at: Date | string;
    current_level: Level | null;
  }>(
    await db().execute(sql`
      select a.id as attempt_id, a.user_id, u.name, o.name as organization_name, t.name as town_name, e.level, e.title as exam_title,
        a.mark_tenths, a.max_mark_tenths, a.released_at, cur.level as current_level
      from exam_attempts a
      join exams e on e.id = a.exam_id
      join users u on u.id = a.user_id
      ${personPlaceJoinSql}
      left join certificates cur on cur.user_id = a.user_id and cur.status in ('valid','on_hold')
      where ${countyFilter} and e.kind = 'certification' and e.level is not null and a.state = 'graded' and a.passed
        and a.user_id <> ${actor.userId}
        and not exists (select 1 from certificates c where c.attempt_id = a.id)
        and (cur.id is null or array_position(${LEVEL_SQL}, cur.level) < array_position(${LEVEL_SQL}, e.level))
      order by array_position(${LEVEL_SQL}, e.level), a.released_at, a.id
      limit 500`),
  );
  return rows.map((r) => ({
    attemptId: Number(r.attempt_id),
    userId: Number(r.user_id),
    name: r.name,
    organizationName: r.organization_name,
    townName: r.town_name,
    level: r.level,
    examTitle: r.exam_title,
    markTenths: Number(r.mark_tenths),
    maxMarkTenths: Number(r.max_mark_tenths),
    releasedAt: new Date(r.released_at),
    currentLevel: r.current_level,
  }));
}

/** Certificates on hold (暂停) in the actor's counties, waiting for a decision. */
export async function listOnHold(actor: Actor) {
  const scope = issuingCounties(actor);
  const rows = await db()
    .select({
      id: certificates.id,
      number: certificates.number,
      level: certificates.level,
      holderName: certificates.holderName,
      organizationName: certificates.organizationName,
      issuedAt: certificates.issuedAt,
      attemptId: certificates.attemptId,
    })
    .from(certificates)
    .where(
      and(
        eq(certificates.status, "on_hold"),
        ne(certificates.userId, actor.userId),
        scope.all ? undefined : inArray(certificates.countyId, scope.countyIds),
      ),
    )
    .orderBy(certificates.id);
  if (!rows.length) return [];
  const holds = await db()
    .select({
      certificateId: certificateStatusEvents.certificateId,
      reason: certificateStatusEvents.reason,
      at: certificateStatusEvents.at,
    })
    .from(certificateStatusEvents)
    .where(
      and(
        inArray(
          certificateStatusEvents.certificateId,
          rows.map((r) => r.id),
        ),
        eq(certificateStatusEvents.kind, "on_hold"),
      ),
    )
    .orderBy(certificateStatusEvents.id);
  const holdOf = new Map(holds.map((h) => [h.certificateId, h]));
  return rows.map((r) => ({ ...r, holdReason: holdOf.get(r.id)?.reason ?? "", heldAt: holdOf.get(r.id)?.at ?? null }));
}

/** The county admin's decision on a certificate on hold: revoke (reason required) or keep; never one's own. */
export async function decideHold(
  actor: Actor,
  certificateId: number,
  decision: "revoke" | "keep",
  reason: string,
  meta: RequestMeta,
  now = new Date(),
  /** the public word of a revocation on the verification page (verify.ts PUBLIC_REASONS) */
  publicReason: "regrade" | "misconduct" | "request" | "other" = "regrade",
): Promise<CertificateStatus> {
  const scope = issuingCounties(actor);
  return db().transaction(async (tx) => {
    const [cert] = await tx
      .select({
        id: certificates.id,
        userId: certificates.userId,
        countyId: certificates.countyId,
        number: certificates.number,
        level: certificates.level,
        status: certificates.status,
      })
      .from(certificates)
      .where(eq(certificates.id, certificateId))
      .for("update");
    if (!cert) throw new AppError("notFound", `certificate ${certificateId}`);
    if (!scope.all && !scope.countyIds.includes(cert.countyId)) throw forbidden();
    // no one decides about their own certificate
    if (cert.userId === actor.userId) throw forbidden();
    if (cert.status !== "on_hold") throw new AppError("conflict", `certificate ${certificateId} is ${cert.status}`);
    return changeStatus(tx, cert, decision === "revoke" ? "revoked" : "kept", {
      actorId: actor.userId,
      meta,
      now,
      reason: reason.trim() || null,
      data: decision === "revoke" ? { publicReason } : {},
    });
  });
}
