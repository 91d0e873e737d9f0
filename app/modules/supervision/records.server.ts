import { and, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { supervisionAttachments, supervisionRecords } from "#db/schema";
import { rowsOf } from "#db/sql-text.server";
import { appendArchiveEvent, type ArchiveEventInput } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, scopeOf, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import { trainingYear } from "../hours/training-year";
import { notifyPerson } from "../notifications/notifications.server";
import { blobStore } from "../storage/storage.server";
import { removeOrphans, restoreMissing, storeFiles } from "../storage/stored-files.server";
import type { SniffedType } from "../storage/sniff";
import {
  archiveTypeOf,
  categoryOf,
  checkAttachments,
  summarise,
  type AttachmentProblem,
  type Judgement,
  type RecordFact,
  type SupervisionKind,
  type SupervisionRecordInput,
  type SupervisionSummary,
  type UploadedFile,
} from "./rules";
import { personCountyJoinSql, personPlaceJoinSql } from "../org-tree/person-place.server";

/**
 * 走访考察 use cases. A record is a decision about a navigator: the record, its attachments, an audit
 * row, an archive event and a notice to the navigator are written in one transaction. Files are
 * checked (count, size, type by content) before anything is stored, stored (content-addressed)
 * before the transaction, and removed again if the transaction fails and no record references
 * them. Scope: a town officer their town, a county admin their county (`record:supervision`), the
 * navigator their own records (read only); nobody records about themselves.
 */

export interface NavigatorFacts {
  userId: number;
  name: string;
  organizationName: string;
  townId: number;
  townName: string;
  countyId: number;
  countyName: string;
  /** the current (valid / on hold) certificate's level, else the latest one's */
  level: "junior" | "intermediate" | "senior" | null;
  certificateStatus: string | null;
}

/** A person's place today and their certificate; null when they never held one (not a navigator). */
async function navigatorFacts(tx: DbOrTx, userId: number): Promise<NavigatorFacts | null> {
  const [row] = rowsOf<{
    user_id: number;
    name: string;
    organization_name: string;
    town_id: number;
    town_name: string;
    county_id: number;
    county_name: string;
    level: NavigatorFacts["level"];
    status: string | null;
  }>(
    await tx.execute(sql`
      select u.id as user_id, u.name, o.name as organization_name, t.id as town_id, t.name as town_name, c.id as county_id, c.name as county_name, cert.level, cert.status
      from users u
      ${personCountyJoinSql}
      join lateral (
        select level, status from certificates where user_id = u.id
        order by (status in ('valid','on_hold')) desc, issued_at desc, id desc limit 1
      ) cert on true
      where u.id = ${userId}`),
  );
  if (!row) return null;
  return {
    userId: Number(row.user_id),
    name: row.name,
    organizationName: row.organization_name,
    townId: Number(row.town_id),
    townName: row.town_name,
    countyId: Number(row.county_id),
    countyName: row.county_name,
    level: row.level,
    certificateStatus: row.status,
  };
}

/** The navigator, if the actor may record about them and read their records; else 404 / 403. */
async function navigatorInScope(actor: Actor, userId: number): Promise<NavigatorFacts> {
  const navigator = await navigatorFacts(db(), userId);
  if (!navigator) throw notFound(`navigator ${userId}`);
  if (!canAct(actor, "record:supervision", { countyId: navigator.countyId, townId: navigator.townId })) throw forbidden();
  return navigator;
}

export type RecordOutcome = { ok: true; recordId: number } | { ok: false; problems: AttachmentProblem[] };

/**
 * Records a visit, symposium, warning or praise for a navigator (or a correction of an earlier
 * record, which carries the earlier record's attachments along with any new ones).
 */
export async function recordSupervision(
  actor: Actor,
  navigatorId: number,
  input: SupervisionRecordInput,
  files: readonly UploadedFile[],
  meta: RequestMeta,
  now = new Date(),
): Promise<RecordOutcome> {
  const navigator = await navigatorInScope(actor, navigatorId);
  // nobody records about themselves (the database refuses it too)
  if (navigator.userId === actor.userId) throw forbidden("no record about oneself");
  const checked = checkAttachments(files);
  if (!checked.ok) return { ok: false, problems: checked.problems };

  // Store the files first (content-addressed: the same bytes are one file); nothing is written to
  // the database until every file is stored.
  const stored = await storeFiles(checked.files);

  try {
    const recordId = await db().transaction(async (tx) => {
      let carried: { storageKey: string; originalName: string; mediaType: SniffedType; size: number; sha256: string }[] = [];
      if (input.correctsId !== null) {
        const [old] = await tx.select().from(supervisionRecords).where(eq(supervisionRecords.id, input.correctsId)).for("update");
        if (!old || old.userId !== navigator.userId) throw new AppError("badRequest", `record ${input.correctsId} is not this navigator's`);
        const [already] = await tx
          .select({ id: supervisionRecords.id })
          .from(supervisionRecords)
          .where(eq(supervisionRecords.correctsId, old.id));
        if (already) throw new AppError("conflict", `record ${old.id} was corrected by ${already.id}`);
        carried = await tx
          .select({
            storageKey: supervisionAttachments.storageKey,
            originalName: supervisionAttachments.originalName,
            mediaType: supervisionAttachments.mediaType,
            size: supervisionAttachments.size,
            sha256: supervisionAttachments.sha256,
          })
          .from(supervisionAttachments)
          .where(eq(supervisionAttachments.recordId, old.id))
          .orderBy(supervisionAttachments.id);
      }
      const [record] = await tx
        .insert(supervisionRecords)
        .values({
          userId: navigator.userId,
          countyId: navigator.countyId,
          townId: navigator.townId,
          kind: input.kind,
          occurredOn: input.occurredOn,
          partyMembers: input.partyMembers,
          staff: input.staff,
          findings: input.findings,
          judgement: input.judgement,
          followUp: input.followUp,
          correctsId: input.correctsId,
          recordedBy: actor.userId,
          recordedAt: now,
        })
        .returning({ id: supervisionRecords.id });
      const attachments = [
        ...carried,
        ...stored.map((f) => ({ storageKey: f.key, originalName: f.name, mediaType: f.mediaType, size: f.size, sha256: f.sha256 })),
      ];
      if (attachments.length) await tx.insert(supervisionAttachments).values(attachments.map((a) => ({ ...a, recordId: record.id })));
      const facts = {
        recordId: record.id,
        kind: input.kind,
        date: input.occurredOn,
        judgement: input.judgement,
        partyMembers: input.partyMembers,
        staff: input.staff,
        correctsId: input.correctsId,
        attachments: attachments.map((a) => ({ sha256: a.sha256, mediaType: a.mediaType, size: a.size })),
      };
      await writeAudit(tx, {
        actorId: actor.userId,
        action: input.correctsId ? "supervision.correct" : "supervision.record",
        entityType: "supervision_record",
        entityId: record.id,
        countyId: navigator.countyId,
        after: { userId: navigator.userId, townId: navigator.townId, ...facts, findings: input.findings, followUp: input.followUp },
        meta,
      });
      await appendArchiveEvent(tx, {
        userId: navigator.userId,
        type: archiveTypeOf(input.kind),
        actorId: actor.userId,
        reason: input.findings || null,
        data: { ...withoutNullJudgement(facts), followUp: input.followUp },
        // the payload is one of three kinds' (validated by the registry at the write)
      } as ArchiveEventInput);
      await notifyPerson(
        tx,
        navigator.userId,
        "supervisionRecorded",
        {
          recordId: record.id,
          kind: input.kind,
          category: categoryOf(input.kind),
          date: input.occurredOn,
          correction: input.correctsId !== null,
        },
        actor.userId,
      );
      return record.id;
    });
    await restoreMissing(stored);
    return { ok: true, recordId };
  } catch (error) {
    await removeOrphans(stored);
    throw error;
  }
}

/** The archive payload carries `judgement` only for visits. */
function withoutNullJudgement<T extends { judgement: Judgement | null }>(facts: T): Omit<T, "judgement"> | T {
  if (facts.judgement !== null) return facts;
  const { judgement: _none, ...rest } = facts;
  return rest;
}

export interface RecordView {
  id: number;
  kind: SupervisionKind;
  occurredOn: string;
  partyMembers: number;
  staff: number;
  findings: string;
  judgement: Judgement | null;
  followUp: string;
  correctsId: number | null;
  correctedById: number | null;
  recordedByName: string;
  recordedAt: Date;
  attachments: { id: number; name: string; mediaType: SniffedType; size: number }[];
}

async function recordsOf(where: SQL): Promise<(RecordView & { userId: number })[]> {
  const rows = rowsOf<{
    id: number;
    user_id: number;
    kind: SupervisionKind;
    occurred_on: string | Date;
    party_members: number;
    staff: number;
    findings: string;
    judgement: Judgement | null;
    follow_up: string;
    corrects_id: number | null;
    corrected_by_id: number | null;
    recorder: string;
    recorded_at: string | Date;
  }>(
    await db().execute(sql`
      select r.id, r.user_id, r.kind, to_char(r.occurred_on, 'YYYY-MM-DD') as occurred_on, r.party_members, r.staff, r.findings, r.judgement, r.follow_up,
        r.corrects_id, (select c.id from supervision_records c where c.corrects_id = r.id) as corrected_by_id, u.name as recorder, r.recorded_at
      from supervision_records r
      join users u on u.id = r.recorded_by
      where ${where}
      order by r.occurred_on desc, r.id desc
      limit 500`),
  );
  const ids = rows.map((r) => Number(r.id));
  const files = ids.length
    ? await db()
        .select({
          id: supervisionAttachments.id,
          recordId: supervisionAttachments.recordId,
          name: supervisionAttachments.originalName,
          mediaType: supervisionAttachments.mediaType,
          size: supervisionAttachments.size,
        })
        .from(supervisionAttachments)
        .where(inArray(supervisionAttachments.recordId, ids))
        .orderBy(supervisionAttachments.id)
    : [];
  return rows.map((r) => ({
    id: Number(r.id),
    userId: Number(r.user_id),
    kind: r.kind,
    occurredOn: String(r.occurred_on),
    partyMembers: Number(r.party_members),
    staff: Number(r.staff),
    findings: r.findings,
    judgement: r.judgement,
    followUp: r.follow_up,
    correctsId: r.corrects_id === null ? null : Number(r.corrects_id),
    correctedById: r.corrected_by_id === null ? null : Number(r.corrected_by_id),
    recordedByName: r.recorder,
    recordedAt: new Date(r.recorded_at),
    attachments: files
      .filter((f) => f.recordId === Number(r.id))
      .map((f) => ({ id: f.id, name: f.name, mediaType: f.mediaType, size: f.size })),
  }));
}

/** A navigator's records for a town officer or county admin in scope (the per-navigator page). */
export async function navigatorRecords(actor: Actor, navigatorId: number, now = new Date()) {
  const navigator = await navigatorInScope(actor, navigatorId);
  const records = await recordsOf(sql`r.user_id = ${navigator.userId}`);
  const year = trainingYear(now);
  const [summary] = summarise(records.map(toFact), [navigator.userId], year);
  return { navigator, records, summary, canRecord: navigator.userId !== actor.userId };
}

/** 我的考察记录: the person's own records, read only. */
export async function myRecords(actor: Actor, now = new Date()) {
  const records = await recordsOf(sql`r.user_id = ${actor.userId}`);
  const year = trainingYear(now);
  const [summary] = summarise(records.map(toFact), [actor.userId], year);
  return { records, summary };
}

const toFact = (r: RecordView & { userId: number }): RecordFact => ({
  id: r.id,
  userId: r.userId,
  kind: r.kind,
  occurredOn: r.occurredOn,
  judgement: r.judgement,
  correctsId: r.correctsId,
});

/**
 * The assessment's evidence (for the annual assessment round): per person in `userIds`, in that
 * order, the year's visits, the last visit on record up to the year's end, the year's judgements,
 * warnings and praise — corrected records replaced by their corrections. No scope: the caller has
 * applied it (it runs in the caller's transaction).
 */
export async function supervisionSummary(tx: DbOrTx, userIds: readonly number[], year: number): Promise<SupervisionSummary[]> {
  if (!userIds.length) return [];
  const ids = [...new Set(userIds.map(Number))];
  const rows = await tx
    .select({
      id: supervisionRecords.id,
      userId: supervisionRecords.userId,
      kind: supervisionRecords.kind,
      occurredOn: supervisionRecords.occurredOn,
      judgement: supervisionRecords.judgement,
      correctsId: supervisionRecords.correctsId,
    })
    .from(supervisionRecords)
    .where(and(inArray(supervisionRecords.userId, ids), lte(supervisionRecords.occurredOn, `${year}-12-31`)));
  // a correction dated after the year still replaces the record it corrects: load those too
  const corrections = await tx
    .select({ correctsId: supervisionRecords.correctsId })
    .from(supervisionRecords)
    .where(
      and(
        inArray(supervisionRecords.userId, ids),
        sql`${supervisionRecords.occurredOn} > ${`${year}-12-31`}`,
        sql`${supervisionRecords.correctsId} is not null`,
      ),
    );
  const replaced = new Set(corrections.map((c) => c.correctsId));
  return summarise(
    rows.filter((r) => !replaced.has(r.id)).map((r) => ({ ...r, occurredOn: String(r.occurredOn) })),
    userIds,
    year,
  );
}

/** The overview filter: a town (in scope) and the year. */
export interface OverviewFilter {
  townId?: number;
  year: number;
}

/**
 * 走访考察 overview: every current navigator (valid or on-hold certificate) in the actor's scope
 * with the year's visits, last visit, judgements, warnings and praise; those not visited this year
 * are flagged (listed first).
 */
export async function supervisionOverview(actor: Actor, filter: OverviewFilter) {
  const scope = scopeOf(actor, "record:supervision");
  const parts: SQL[] = [];
  if (!scope.all) {
    if (scope.countyIds.length) parts.push(sql`t.county_id in ${sql.raw(`(${scope.countyIds.map(Number).join(",")})`)}`);
    if (scope.townIds.length) parts.push(sql`t.id in ${sql.raw(`(${scope.townIds.map(Number).join(",")})`)}`);
    if (!parts.length) throw forbidden();
  }
  const scopeSql = scope.all ? sql`true` : sql`(${sql.join(parts, sql` or `)})`;
  const townSql = filter.townId ? sql`t.id = ${filter.townId}` : sql`true`;
  const people = rowsOf<{
    user_id: number;
    name: string;
    organization_name: string;
    town_name: string;
    level: "junior" | "intermediate" | "senior";
  }>(
    await db().execute(sql`
      select u.id as user_id, u.name, o.name as organization_name, t.name as town_name, c.level
      from certificates c
      join users u on u.id = c.user_id
      ${personPlaceJoinSql}
      where c.status in ('valid','on_hold') and ${scopeSql} and ${townSql}
      order by t.name, u.name, u.id
      limit 5000`),
  );
  const towns = rowsOf<{ id: number; name: string }>(
    await db().execute(sql`select t.id, t.name from towns t where ${scopeSql} order by t.name`),
  );
  const summaries = await supervisionSummary(
    db(),
    people.map((p) => Number(p.user_id)),
    filter.year,
  );
  const rows = people.map((p, i) => ({
    ...summaries[i],
    name: p.name,
    organizationName: p.organization_name,
    townName: p.town_name,
    level: p.level,
    self: Number(p.user_id) === actor.userId,
  }));
  rows.sort((a, b) => Number(a.visits > 0) - Number(b.visits > 0));
  return {
    rows,
    towns: towns.map((t) => ({ id: Number(t.id), name: t.name })),
    notVisited: rows.filter((r) => r.visits === 0).length,
  };
}

/**
 * An attachment's bytes for someone allowed to see its record: the navigator it is about, or a
 * town officer / county admin whose scope holds the record's town or county, or the navigator's
 * town or county today. 404 when there is no
 * such attachment, 403 outside scope — whatever id was typed.
 */
export async function readAttachment(
  actor: Actor,
  attachmentId: number,
): Promise<{ bytes: Uint8Array; mediaType: SniffedType; name: string }> {
  const [row] = await db()
    .select({
      key: supervisionAttachments.storageKey,
      mediaType: supervisionAttachments.mediaType,
      name: supervisionAttachments.originalName,
      userId: supervisionRecords.userId,
      countyId: supervisionRecords.countyId,
      townId: supervisionRecords.townId,
    })
    .from(supervisionAttachments)
    .innerJoin(supervisionRecords, eq(supervisionRecords.id, supervisionAttachments.recordId))
    .where(eq(supervisionAttachments.id, attachmentId));
  if (!row) throw notFound(`attachment ${attachmentId}`);
  const own = row.userId === actor.userId;
  // in scope: the record's place when it was recorded, or the navigator's place today (the page
  // that lists the record is scoped by the latter, so a navigator who moved keeps their evidence)
  if (!own && !canAct(actor, "record:supervision", { countyId: row.countyId, townId: row.townId })) {
    const today = await navigatorFacts(db(), row.userId);
    if (!today || !canAct(actor, "record:supervision", { countyId: today.countyId, townId: today.townId })) throw forbidden();
  }
  const bytes = await blobStore().get(row.key);
  if (!bytes) throw notFound(`attachment ${attachmentId}: file missing`);
  return { bytes, mediaType: row.mediaType, name: row.name };
}

/** For the correction form: the record (of this navigator, not yet corrected) to prefill it with. */
export async function recordToCorrect(actor: Actor, navigatorId: number, recordId: number) {
  const { records } = await navigatorRecords(actor, navigatorId);
  const record = records.find((r) => r.id === recordId);
  if (!record) throw notFound(`record ${recordId}`);
  return record;
}
