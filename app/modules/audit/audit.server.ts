import { desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { auditLog, users } from "#db/schema";
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
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE };
}
