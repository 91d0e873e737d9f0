import { desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import {
  auditLog,
  counties,
  examSittings,
  exams,
  navigatorApplications,
  offlineClasses,
  organizations,
  questionBanks,
  towns,
  users,
} from "#db/schema";
import type { AuditNames, NameKind } from "./wording";
import { forbidden } from "../errors";
import { hasAnyScope, scopeOf, type Actor } from "../auth/access";

/** What a request tells the audit log about where an action came from. */
export interface RequestMeta {
  ip: string;
}

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  countyId: number | null;
  before?: unknown;
  after?: unknown;
  meta: RequestMeta;
}

/** Written in the same transaction as the change it describes. */
export async function writeAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    countyId: entry.countyId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.meta.ip,
  });
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEntries(actor: Actor, options: { page: number }) {
  const scope = scopeOf(actor, "read:audit");
  if (!hasAnyScope(scope)) throw forbidden();
  let where: SQL | undefined;
  if (!scope.all) {
    where = scope.countyIds.length ? inArray(auditLog.countyId, scope.countyIds) : sql`false`;
  }
  const rows = await db()
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
      createdAt: auditLog.createdAt,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where ? or(where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((options.page - 1) * AUDIT_PAGE_SIZE);
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  return { entries, names: await auditNames(entries), hasMore: rows.length > AUDIT_PAGE_SIZE };
}

const ID_FIELD_KINDS: Record<string, NameKind> = {
  countyId: "county",
  townId: "town",
  organizationId: "organization",
  examId: "exam",
  bankId: "question_bank",
  userId: "user",
  sittingId: "exam_sitting",
};

/** The names of the records a page of entries mentions (the entity and the ids in its values), in one query per kind. */
async function auditNames(entries: { entityType: string; entityId: string; before: unknown; after: unknown }[]): Promise<AuditNames> {
  const ids: Record<NameKind, Set<number>> = {
    county: new Set(),
    town: new Set(),
    organization: new Set(),
    user: new Set(),
    question_bank: new Set(),
    exam: new Set(),
    exam_sitting: new Set(),
    navigator_application: new Set(),
    offline_class: new Set(),
  };
  const add = (kind: NameKind, value: unknown) => {
    const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(n) && n > 0) ids[kind].add(n);
  };
  for (const e of entries) {
    if (e.entityType in ids) add(e.entityType as NameKind, e.entityId);
    for (const value of [e.before, e.after]) {
      if (!value || typeof value !== "object") continue;
      for (const [field, v] of Object.entries(value as Record<string, unknown>)) {
        if (field in ID_FIELD_KINDS) add(ID_FIELD_KINDS[field], v);
        if (field === "bankIds" && Array.isArray(v)) v.forEach((id) => add("question_bank", id));
      }
    }
  }
  const list = (kind: NameKind) => [...ids[kind]];
  const byId = (rows: { id: number; name: string }[]) => Object.fromEntries(rows.map((r) => [String(r.id), r.name]));
  const names: AuditNames = {};
  const d = db();
  if (ids.county.size)
    names.county = byId(
      await d
        .select({ id: counties.id, name: counties.name })
        .from(counties)
        .where(inArray(counties.id, list("county"))),
    );
  if (ids.town.size)
    names.town = byId(
      await d
        .select({ id: towns.id, name: towns.name })
        .from(towns)
        .where(inArray(towns.id, list("town"))),
    );
  if (ids.organization.size)
    names.organization = byId(
      await d
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, list("organization"))),
    );
  if (ids.user.size)
    names.user = byId(
      await d
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(inArray(users.id, list("user"))),
    );
  if (ids.question_bank.size)
    names.question_bank = byId(
      await d
        .select({ id: questionBanks.id, name: questionBanks.title })
        .from(questionBanks)
        .where(inArray(questionBanks.id, list("question_bank"))),
    );
  if (ids.exam.size)
    names.exam = byId(
      await d
        .select({ id: exams.id, name: exams.title })
        .from(exams)
        .where(inArray(exams.id, list("exam"))),
    );
  if (ids.offline_class.size)
    names.offline_class = byId(
      await d
        .select({ id: offlineClasses.id, name: offlineClasses.title })
        .from(offlineClasses)
        .where(inArray(offlineClasses.id, list("offline_class"))),
    );
  if (ids.exam_sitting.size) {
    const rows = await d
      .select({ id: examSittings.id, name: examSittings.title, examId: examSittings.examId })
      .from(examSittings)
      .where(inArray(examSittings.id, list("exam_sitting")));
    names.exam_sitting = byId(rows);
    names.sittingExam = Object.fromEntries(rows.map((r) => [String(r.id), r.examId]));
  }
  if (ids.navigator_application.size) {
    names.navigator_application = byId(
      await d
        .select({ id: navigatorApplications.id, name: users.name })
        .from(navigatorApplications)
        .innerJoin(users, eq(users.id, navigatorApplications.userId))
        .where(inArray(navigatorApplications.id, list("navigator_application"))),
    );
  }
  return names;
}
