import { and, asc, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { counties, navigatorApplications, organizations, roleGrants, towns, users } from "#db/schema";
import { townScopeWhere } from "../auth/scope-sql.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, canGrant, scopeOf, type Actor, type Role } from "../auth/access";
import { forgetUserSessions } from "../auth/session-cache.server";
import { AppError, forbidden, notFound } from "../errors";
import { maskIdNumber } from "./id-number";
import { maskPhone } from "./phone";
import { joinPersonCounty } from "../org-tree/person-place.server";

export const PEOPLE_PAGE_SIZE = 30;

/** People in the actor's scope, searchable by name, phone or ID number; contact data masked. */
export async function listPeople(actor: Actor, filter: { q: string; page: number }) {
  const q = filter.q.trim();
  const search = q ? or(ilike(users.name, `%${q}%`), eq(users.phone, q), eq(users.idNumber, q.toUpperCase())) : undefined;
  const rows = await joinPersonCounty(
    db()
      .select({
        id: users.id,
        name: users.name,
        phone: users.phone,
        partyPost: users.partyPost,
        organizationName: organizations.name,
        townName: towns.name,
        countyName: counties.name,
        roles: sql<
          string[]
        >`coalesce((select array_agg(distinct ${roleGrants.role}) from ${roleGrants} where ${roleGrants.userId} = ${users.id}), '{}')`,
      })
      .from(users)
      .$dynamic(),
  )
    .where(and(townScopeWhere(actor, "read:person"), search))
    .orderBy(asc(users.id))
    .limit(PEOPLE_PAGE_SIZE + 1)
    .offset((filter.page - 1) * PEOPLE_PAGE_SIZE);
  return {
    people: rows.slice(0, PEOPLE_PAGE_SIZE).map((r) => ({ ...r, phone: maskPhone(r.phone) })),
    hasMore: rows.length > PEOPLE_PAGE_SIZE,
  };
}

async function loadPerson(actor: Actor, userId: number) {
  const [person] = await joinPersonCounty(
    db()
      .select({
        id: users.id,
        name: users.name,
        phone: users.phone,
        idNumber: users.idNumber,
        partyStatus: users.partyStatus,
        partyPost: users.partyPost,
        createdAt: users.createdAt,
        organizationName: organizations.name,
        townId: towns.id,
        townName: towns.name,
        countyId: counties.id,
        countyName: counties.name,
      })
      .from(users)
      .$dynamic(),
  ).where(eq(users.id, userId));
  if (!person) throw notFound();
  if (!canAct(actor, "read:person", { countyId: person.countyId, townId: person.townId })) throw forbidden();
  return person;
}

/** A person's page for officers: facts (masked), roles with their scopes, applications. */
export async function getPerson(actor: Actor, userId: number) {
  const person = await loadPerson(actor, userId);
  const grants = await db()
    .select({
      id: roleGrants.id,
      role: roleGrants.role,
      countyId: roleGrants.countyId,
      townId: roleGrants.townId,
      countyName: counties.name,
      townName: towns.name,
      createdAt: roleGrants.createdAt,
    })
    .from(roleGrants)
    .leftJoin(counties, eq(counties.id, roleGrants.countyId))
    .leftJoin(towns, eq(towns.id, roleGrants.townId))
    .where(eq(roleGrants.userId, userId))
    .orderBy(asc(roleGrants.id));
  const applications = await db()
    .select({ id: navigatorApplications.id, status: navigatorApplications.status, submittedAt: navigatorApplications.submittedAt })
    .from(navigatorApplications)
    .where(eq(navigatorApplications.userId, userId))
    .orderBy(desc(navigatorApplications.id));

  // What the actor may grant, and where: counties and towns inside the actor's grant scope.
  const grantScope = scopeOf(actor, "grant:role");
  const countyRows = await db()
    .select({ id: counties.id, name: counties.name })
    .from(counties)
    .where(grantScope.all ? undefined : grantScope.countyIds.length ? inArray(counties.id, grantScope.countyIds) : sql`false`)
    .orderBy(asc(counties.code));
  const townRows = countyRows.length
    ? await db()
        .select({ id: towns.id, name: towns.name, countyId: towns.countyId })
        .from(towns)
        .where(
          inArray(
            towns.countyId,
            countyRows.map((c) => c.id),
          ),
        )
        .orderBy(asc(towns.id))
    : [];
  const { phone, idNumber, ...rest } = person;
  return {
    person: { ...rest, phone: maskPhone(phone), idNumber: maskIdNumber(idNumber) },
    grants: grants.map((g) => ({
      ...g,
      canRevoke: canGrant(actor, { role: g.role as Role, countyId: g.countyId, townCountyId: g.countyId }) && g.role !== "candidate",
    })),
    applications,
    grantable: { counties: countyRows, towns: townRows, systemAdmin: grantScope.all },
  };
}

export type GrantInput = { userId: number; role: Exclude<Role, "candidate">; countyId?: number; townId?: number };
export type GrantResult = { ok: true } | { ok: false; fieldErrors: Record<string, string> };

/** Grants a role with its scope: a county admin inside the county, a system admin anywhere. */
export async function grantRole(actor: Actor, input: GrantInput, meta: RequestMeta): Promise<GrantResult> {
  const person = await loadPerson(actor, input.userId);
  let countyId: number | null = null;
  let townId: number | null = null;
  if (input.role === "town_officer") {
    if (!input.townId) return { ok: false, fieldErrors: { townId: "form.choose" } };
    const [town] = await db().select().from(towns).where(eq(towns.id, input.townId));
    if (!town) return { ok: false, fieldErrors: { townId: "form.choose" } };
    townId = town.id;
    countyId = town.countyId;
  } else if (input.role === "county_admin" || input.role === "lecturer") {
    if (!input.countyId) return { ok: false, fieldErrors: { countyId: "form.choose" } };
    countyId = input.countyId;
  }
  if (!canGrant(actor, { role: input.role, countyId, townCountyId: countyId })) throw forbidden();
  const result = await db().transaction(async (tx) => {
    const granted = await addRoleGrantInTx(tx, {
      userId: input.userId,
      role: input.role,
      countyId,
      townId,
      actorId: actor.userId,
      auditCountyId: countyId ?? person.countyId,
      meta,
    });
    if (!granted) return { ok: false, fieldErrors: { role: "form.role.alreadyHeld" } };
    return { ok: true as const };
  });
  // cached sessions carry the grants: the person's next request sees the new role
  if (result.ok) forgetUserSessions(input.userId);
  return result;
}

export async function revokeRole(actor: Actor, input: { userId: number; grantId: number }, meta: RequestMeta): Promise<void> {
  const person = await loadPerson(actor, input.userId);
  const [grant] = await db()
    .select()
    .from(roleGrants)
    .where(and(eq(roleGrants.id, input.grantId), eq(roleGrants.userId, input.userId)));
  if (!grant) throw notFound();
  if (grant.role === "candidate") throw new AppError("badRequest", "the candidate role comes with the account");
  if (!canGrant(actor, { role: grant.role as Role, countyId: grant.countyId, townCountyId: grant.countyId })) throw forbidden();
  if (grant.role === "system_admin" && grant.userId === actor.userId) throw new AppError("conflict", "cannot revoke own system admin");
  await db().transaction(async (tx) => {
    await tx.delete(roleGrants).where(eq(roleGrants.id, grant.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "role.revoke",
      entityType: "user",
      entityId: input.userId,
      countyId: grant.countyId ?? person.countyId,
      before: { role: grant.role, countyId: grant.countyId, townId: grant.townId },
      meta,
    });
  });
  // cached sessions carry the grants: the revoked role ends with the person's next request
  forgetUserSessions(input.userId);
}

/**
 * A role grant written in the caller's transaction with its audit row (`role.grant`), for use cases
 * whose decision grants a role (admission to the lecturer pool). The caller has checked who may
 * grant it, and calls `forgetUserSessions(userId)` after the commit. False when the person already
 * holds the role in that scope (nothing written).
 */
export async function addRoleGrantInTx(
  tx: DbOrTx,
  input: {
    userId: number;
    role: Exclude<Role, "candidate">;
    countyId: number | null;
    townId: number | null;
    actorId: number;
    auditCountyId: number;
    meta: RequestMeta;
    reason?: string;
  },
): Promise<boolean> {
  const scopeKey = input.townId ? `town:${input.townId}` : input.countyId ? `county:${input.countyId}` : "global";
  const inserted = await tx
    .insert(roleGrants)
    .values({ userId: input.userId, role: input.role, countyId: input.countyId, townId: input.townId, scopeKey, grantedBy: input.actorId })
    .onConflictDoNothing()
    .returning({ id: roleGrants.id });
  if (!inserted.length) return false;
  await writeAudit(tx, {
    actorId: input.actorId,
    action: "role.grant",
    entityType: "user",
    entityId: input.userId,
    countyId: input.auditCountyId,
    after: { role: input.role, countyId: input.countyId, townId: input.townId, ...(input.reason ? { reason: input.reason } : {}) },
    meta: input.meta,
  });
  return true;
}

/**
 * Takes a county-scoped role away in the caller's transaction with its audit row (`role.revoke`),
 * for use cases whose decision removes it (suspension or retirement from the lecturer pool). The
 * caller calls `forgetUserSessions(userId)` after the commit. False when there was no such grant.
 */
export async function removeCountyRoleGrantInTx(
  tx: DbOrTx,
  input: {
    userId: number;
    role: Exclude<Role, "candidate" | "system_admin" | "town_officer">;
    countyId: number;
    actorId: number;
    meta: RequestMeta;
    reason?: string;
  },
): Promise<boolean> {
  const removed = await tx
    .delete(roleGrants)
    .where(and(eq(roleGrants.userId, input.userId), eq(roleGrants.role, input.role), eq(roleGrants.scopeKey, `county:${input.countyId}`)))
    .returning({ id: roleGrants.id });
  if (!removed.length) return false;
  await writeAudit(tx, {
    actorId: input.actorId,
    action: "role.revoke",
    entityType: "user",
    entityId: input.userId,
    countyId: input.countyId,
    before: { role: input.role, countyId: input.countyId, townId: null },
    ...(input.reason ? { after: { reason: input.reason } } : {}),
    meta: input.meta,
  });
  return true;
}
