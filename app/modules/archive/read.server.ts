import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import type { Locale } from "~/i18n/i18n";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import type { Level } from "../exams/types";
import { loadStudySettingValues } from "../learning/config.server";
import { formatCreditHours, hoursMet } from "../hours/study-hours";
import type { CertificateStatus } from "../certificates/status";
import { appendArchiveEvent } from "./archive.server";
import { describeEvent, kindsOfGroup, type ArchiveGroup } from "./events";
import { personCountyJoinSql } from "../org-tree/person-place.server";

/**
 * Reading a person's 专项档案: the person themself (我的档案), their town officer (own town), their
 * county admin (own county). Anyone else gets 403, whatever URL they type.
 */

export const ARCHIVE_PAGE_SIZE = 50;

export interface ArchivePerson {
  id: number;
  name: string;
  organizationName: string;
  townId: number;
  townName: string;
  countyId: number;
  countyName: string;
  partyStatus: string;
  partyPost: string;
  createdAt: Date;
  certificate: { number: string; level: Level; status: CertificateStatus; issuedAt: Date } | null;
}

export interface StudyYear {
  year: number;
  hours: string;
  met: boolean;
}

export interface ArchiveEntry {
  id: number;
  seq: number;
  type: string;
  group: ArchiveGroup | null;
  title: string;
  detail: string;
  occurredAt: Date;
  recordedBy: string | null;
  reason: string | null;
  /** the event this one corrects */
  corrects: { id: number; seq: number } | null;
  /** the corrections of this event */
  correctedBy: { id: number; seq: number }[];
  hash: string;
}

/** The person whose archive it is, if the actor may read it (403 otherwise, 404 when there is nobody). */
export async function archivePerson(actor: Actor, userId: number): Promise<ArchivePerson> {
  const [r] = rowsOf<{
    id: number;
    name: string;
    organization_name: string;
    town_id: number;
    town_name: string;
    county_id: number;
    county_name: string;
    party_status: string;
    party_post: string;
    created_at: Date | string;
    number: string | null;
    level: Level | null;
    status: CertificateStatus | null;
    issued_at: Date | string | null;
  }>(
    await db().execute(sql`
      select u.id, u.name, o.name as organization_name, t.id as town_id, t.name as town_name, c.id as county_id, c.name as county_name, u.party_status, u.party_post, u.created_at,
        cert.number, cert.level, cert.status, cert.issued_at
      from users u ${personCountyJoinSql}
      left join lateral (
        select number, level, status, issued_at from certificates where user_id = u.id
        order by (status in ('valid','on_hold')) desc, issued_at desc, id desc limit 1
      ) cert on true
      where u.id = ${userId}`),
  );
  if (!r) throw notFound();
  const person: ArchivePerson = {
    id: Number(r.id),
    name: r.name,
    organizationName: r.organization_name,
    townId: Number(r.town_id),
    townName: r.town_name,
    countyId: Number(r.county_id),
    countyName: r.county_name,
    partyStatus: r.party_status,
    partyPost: r.party_post,
    createdAt: new Date(r.created_at),
    certificate: r.number ? { number: r.number, level: r.level!, status: r.status!, issuedAt: new Date(r.issued_at!) } : null,
  };
  // everyone may read their own (我的档案); others by scope (town officer: town, county admin: county)
  if (person.id !== actor.userId && !canAct(actor, "read:archive", { countyId: person.countyId, townId: person.townId })) throw forbidden();
  return person;
}

/** 学时 per training year from the hours module's totals, and whether the yearly minimum was met. */
export async function studyYears(userId: number): Promise<{ years: StudyYear[]; required: number }> {
  const settings = await loadStudySettingValues();
  const { minutesPerCreditHour, requiredCreditHours } = settings;
  const rows = rowsOf<{ year: number; seconds: number | string }>(
    await db().execute(
      sql`select year, online_seconds + offline_seconds as seconds from study_year_totals where user_id = ${userId} order by year desc`,
    ),
  );
  return {
    required: requiredCreditHours,
    years: rows.map((r) => ({
      year: Number(r.year),
      hours: formatCreditHours(Number(r.seconds), minutesPerCreditHour),
      met: hoursMet(Number(r.seconds), settings),
    })),
  };
}

interface EventRow {
  id: number | string;
  seq: number;
  type: string;
  occurred_at: Date | string;
  actor_name: string | null;
  reason: string | null;
  data: unknown;
  hash: string;
}

async function entries(userId: number, locale: Locale, where: ReturnType<typeof sql>, limit: number): Promise<ArchiveEntry[]> {
  const rows = rowsOf<EventRow>(
    await db().execute(sql`
      select e.id, e.seq, e.type, e.occurred_at, a.name as actor_name, e.reason, e.data, encode(e.hash, 'hex') as hash
      from archive_events e left join users a on a.id = e.actor_id
      where e.user_id = ${userId} and ${where}
      order by e.seq desc limit ${limit}`),
  );
  const links = rowsOf<{ id: number | string; seq: number; corrects: number | string }>(
    await db().execute(sql`
      select c.id, c.seq, (c.data->>'corrects')::bigint as corrects from archive_events c
      where c.user_id = ${userId} and c.data ? 'corrects'`),
  );
  const seqOf = new Map<number, number>();
  if (links.length) {
    const targets = rowsOf<{ id: number | string; seq: number }>(
      await db().execute(
        sql`select id, seq from archive_events where user_id = ${userId} and id in ${sql.raw(`(${links.map((l) => Number(l.corrects)).join(",")})`)}`,
      ),
    );
    for (const t of targets) seqOf.set(Number(t.id), Number(t.seq));
  }
  return rows.map((r) => {
    const data = (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Record<string, unknown>;
    const { title, detail, group } = describeEvent(r.type, data, locale);
    const correctsId = typeof data.corrects === "number" ? data.corrects : null;
    return {
      id: Number(r.id),
      seq: Number(r.seq),
      type: r.type,
      group,
      title,
      detail,
      occurredAt: new Date(r.occurred_at),
      recordedBy: r.actor_name,
      reason: r.reason,
      corrects: correctsId !== null && seqOf.has(correctsId) ? { id: correctsId, seq: seqOf.get(correctsId)! } : null,
      correctedBy: links.filter((l) => Number(l.corrects) === Number(r.id)).map((l) => ({ id: Number(l.id), seq: Number(l.seq) })),
      hash: r.hash,
    };
  });
}

function groupWhere(group: ArchiveGroup | undefined) {
  if (!group) return sql`true`;
  const kinds = kindsOfGroup(group);
  const inKinds = kinds.length ? sql`e.type in ${sql.raw(`(${kinds.map((k) => `'${k}'`).join(",")})`)}` : sql`false`;
  return group === "corrections" ? sql`(${inKinds} or e.data ? 'corrects')` : inKinds;
}

/** One page of the timeline, newest first (keyset on seq: `before` is the last seq shown). */
export async function archivePage(actor: Actor, userId: number, options: { group?: ArchiveGroup; before?: number; locale: Locale }) {
  const person = await archivePerson(actor, userId);
  const where = options.before ? sql`${groupWhere(options.group)} and e.seq < ${options.before}` : groupWhere(options.group);
  const [list, study] = await Promise.all([entries(userId, options.locale, where, ARCHIVE_PAGE_SIZE + 1), studyYears(userId)]);
  const page = list.slice(0, ARCHIVE_PAGE_SIZE);
  return {
    person,
    study,
    entries: page,
    nextBefore: list.length > ARCHIVE_PAGE_SIZE ? page[page.length - 1].seq : null,
    canCorrect: person.id !== actor.userId && canAct(actor, "correct:archive", { countyId: person.countyId, townId: person.townId }),
  };
}

/** The whole archive (for the PDF), newest first, at most `limit` entries. */
export async function wholeArchive(actor: Actor, userId: number, locale: Locale, limit = 5_000) {
  const person = await archivePerson(actor, userId);
  const [list, study] = await Promise.all([entries(userId, locale, sql`true`, limit), studyYears(userId)]);
  return { person, study, entries: list };
}

/**
 * A correction: a new event pointing at the one it corrects (the corrected event stays as it was:
 * the archive is append-only). County admins of the person's county; never about themselves.
 */
export async function recordCorrection(
  actor: Actor,
  input: { userId: number; eventId: number; note: string },
  meta: RequestMeta,
): Promise<number> {
  const person = await archivePerson(actor, input.userId);
  if (person.id === actor.userId || !canAct(actor, "correct:archive", { countyId: person.countyId, townId: person.townId }))
    throw forbidden();
  return db().transaction(async (tx) => {
    const [target] = rowsOf<{ id: number; type: string }>(
      await tx.execute(sql`select id, type from archive_events where id = ${input.eventId} and user_id = ${person.id}`),
    );
    if (!target) throw new AppError("badRequest", "archive.correctionTarget");
    const id = await appendArchiveEvent(tx, {
      userId: person.id,
      type: "correction",
      actorId: actor.userId,
      data: { corrects: input.eventId, note: input.note, correctedType: target.type },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "archive.correct",
      entityType: "archive_event",
      entityId: id,
      countyId: person.countyId,
      after: { userId: person.id, corrects: input.eventId, note: input.note },
      meta,
    });
    return id;
  });
}
