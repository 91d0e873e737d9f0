import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { counties, organizations, towns, users } from "#db/schema";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, hasAnyScope, scopeOf, type Actor } from "../auth/access";
import { forgetAllSessions } from "../auth/session-cache.server";
import { forbidden, notFound } from "../errors";
import type { FieldErrors } from "../forms";

/* ---------- public lists for registration (names only) ---------- */

export function listCountiesForRegistration() {
  return db().select({ id: counties.id, name: counties.name, code: counties.code }).from(counties).orderBy(asc(counties.code));
}

export function listTownsForRegistration(countyId: number) {
  return db().select({ id: towns.id, name: towns.name }).from(towns).where(eq(towns.countyId, countyId)).orderBy(asc(towns.id));
}

export function listOrganizationsForRegistration(townId: number) {
  return db()
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.townId, townId))
    .orderBy(asc(organizations.name));
}

/* ---------- administration ---------- */

/** Counties the actor administers: all for a system admin, their own for a county admin. */
export async function listAdministeredCounties(actor: Actor) {
  const scope = scopeOf(actor, "manage:orgtree");
  if (!hasAnyScope(scope)) throw forbidden();
  const rows = await db()
    .select({ id: counties.id, code: counties.code, name: counties.name, towns: count(towns.id) })
    .from(counties)
    .leftJoin(towns, eq(towns.countyId, counties.id))
    .where(scope.all ? undefined : scope.countyIds.length ? inArray(counties.id, scope.countyIds) : sql`false`)
    .groupBy(counties.id)
    .orderBy(asc(counties.code));
  return rows;
}

type Saved = { ok: true; id: number } | { ok: false; fieldErrors: FieldErrors };

export async function createCounty(actor: Actor, input: { code: string; name: string }, meta: RequestMeta): Promise<Saved> {
  if (!scopeOf(actor, "manage:county").all) throw forbidden();
  const [clash] = await db().select({ id: counties.id }).from(counties).where(eq(counties.code, input.code));
  if (clash) return { ok: false, fieldErrors: { code: "form.countyCode.taken" } };
  return db().transaction(async (tx) => {
    const [row] = await tx.insert(counties).values(input).returning();
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "county.create",
      entityType: "county",
      entityId: row.id,
      countyId: row.id,
      after: input,
      meta,
    });
    return { ok: true, id: row.id };
  });
}

export async function updateCounty(actor: Actor, id: number, input: { code: string; name: string }, meta: RequestMeta): Promise<Saved> {
  if (!scopeOf(actor, "manage:county").all) throw forbidden();
  const [clash] = await db()
    .select({ id: counties.id })
    .from(counties)
    .where(and(eq(counties.code, input.code), ne(counties.id, id)));
  if (clash) return { ok: false, fieldErrors: { code: "form.countyCode.taken" } };
  return db().transaction(async (tx) => {
    const [before] = await tx.select().from(counties).where(eq(counties.id, id)).for("update");
    if (!before) throw notFound();
    await tx.update(counties).set(input).where(eq(counties.id, id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "county.update",
      entityType: "county",
      entityId: id,
      countyId: id,
      before: { code: before.code, name: before.name },
      after: input,
      meta,
    });
    return { ok: true, id };
  });
}

async function loadCounty(actor: Actor, countyId: number) {
  const [county] = await db().select().from(counties).where(eq(counties.id, countyId));
  if (!county) throw notFound();
  if (!canAct(actor, "manage:orgtree", { countyId })) throw forbidden();
  return county;
}

export async function getCountyWithTowns(actor: Actor, countyId: number) {
  const county = await loadCounty(actor, countyId);
  const townRows = await db()
    .select({ id: towns.id, name: towns.name, organizations: count(organizations.id) })
    .from(towns)
    .leftJoin(organizations, eq(organizations.townId, towns.id))
    .where(eq(towns.countyId, countyId))
    .groupBy(towns.id)
    .orderBy(asc(towns.id));
  return { county, towns: townRows, canEditCounty: scopeOf(actor, "manage:county").all };
}

export async function createTown(actor: Actor, countyId: number, input: { name: string }, meta: RequestMeta): Promise<Saved> {
  await loadCounty(actor, countyId);
  const [clash] = await db()
    .select({ id: towns.id })
    .from(towns)
    .where(and(eq(towns.countyId, countyId), eq(towns.name, input.name)));
  if (clash) return { ok: false, fieldErrors: { name: "form.town.taken" } };
  return db().transaction(async (tx) => {
    const [row] = await tx.insert(towns).values({ countyId, name: input.name }).returning();
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "town.create",
      entityType: "town",
      entityId: row.id,
      countyId,
      after: input,
      meta,
    });
    return { ok: true, id: row.id };
  });
}

async function loadTown(actor: Actor, townId: number) {
  const [town] = await db()
    .select({ id: towns.id, name: towns.name, countyId: towns.countyId, countyName: counties.name })
    .from(towns)
    .innerJoin(counties, eq(counties.id, towns.countyId))
    .where(eq(towns.id, townId));
  if (!town) throw notFound();
  if (!canAct(actor, "manage:orgtree", { countyId: town.countyId, townId })) throw forbidden();
  return town;
}

export async function renameTown(actor: Actor, townId: number, input: { name: string }, meta: RequestMeta): Promise<Saved> {
  const town = await loadTown(actor, townId);
  const [clash] = await db()
    .select({ id: towns.id })
    .from(towns)
    .where(and(eq(towns.countyId, town.countyId), eq(towns.name, input.name), ne(towns.id, townId)));
  if (clash) return { ok: false, fieldErrors: { name: "form.town.taken" } };
  await db().transaction(async (tx) => {
    await tx.update(towns).set({ name: input.name }).where(eq(towns.id, townId));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "town.update",
      entityType: "town",
      entityId: townId,
      countyId: town.countyId,
      before: { name: town.name },
      after: input,
      meta,
    });
  });
  return { ok: true, id: townId };
}

export async function getTownWithOrganizations(actor: Actor, townId: number) {
  const town = await loadTown(actor, townId);
  const orgs = await db()
    .select({
      id: organizations.id,
      name: organizations.name,
      type: organizations.type,
      creditCode: organizations.creditCode,
      members: count(users.id),
    })
    .from(organizations)
    .leftJoin(users, eq(users.organizationId, organizations.id))
    .where(eq(organizations.townId, townId))
    .groupBy(organizations.id)
    .orderBy(asc(organizations.name));
  const siblings = await db()
    .select({ id: towns.id, name: towns.name })
    .from(towns)
    .where(eq(towns.countyId, town.countyId))
    .orderBy(asc(towns.id));
  return { town, organizations: orgs, towns: siblings };
}

type OrganizationInput = { name: string; type: "enterprise" | "social"; creditCode: string; townId: number };

export async function createOrganization(actor: Actor, input: OrganizationInput, meta: RequestMeta): Promise<Saved> {
  const town = await loadTown(actor, input.townId);
  const [clash] = await db().select({ id: organizations.id }).from(organizations).where(eq(organizations.creditCode, input.creditCode));
  if (clash) return { ok: false, fieldErrors: { creditCode: "form.creditCode.taken" } };
  return db().transaction(async (tx) => {
    const [row] = await tx.insert(organizations).values(input).returning();
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "organization.create",
      entityType: "organization",
      entityId: row.id,
      countyId: town.countyId,
      after: input,
      meta,
    });
    return { ok: true, id: row.id };
  });
}

export async function getOrganization(actor: Actor, organizationId: number) {
  const [org] = await db()
    .select({
      id: organizations.id,
      name: organizations.name,
      type: organizations.type,
      creditCode: organizations.creditCode,
      townId: organizations.townId,
      townName: towns.name,
      countyId: towns.countyId,
    })
    .from(organizations)
    .innerJoin(towns, eq(towns.id, organizations.townId))
    .where(eq(organizations.id, organizationId));
  if (!org) throw notFound();
  if (!canAct(actor, "manage:orgtree", { countyId: org.countyId, townId: org.townId })) throw forbidden();
  const siblings = await db()
    .select({ id: towns.id, name: towns.name })
    .from(towns)
    .where(eq(towns.countyId, org.countyId))
    .orderBy(asc(towns.id));
  return { organization: org, towns: siblings };
}

/** Edits an organization; it may move to another town of the same scope. */
export async function updateOrganization(
  actor: Actor,
  organizationId: number,
  input: OrganizationInput,
  meta: RequestMeta,
): Promise<Saved> {
  const { organization: before } = await getOrganization(actor, organizationId);
  const target = await loadTown(actor, input.townId);
  const [clash] = await db()
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.creditCode, input.creditCode), ne(organizations.id, organizationId)));
  if (clash) return { ok: false, fieldErrors: { creditCode: "form.creditCode.taken" } };
  await db().transaction(async (tx) => {
    await tx
      .update(organizations)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(organizations.id, organizationId));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "organization.update",
      entityType: "organization",
      entityId: organizationId,
      countyId: target.countyId,
      before: { name: before.name, type: before.type, creditCode: before.creditCode, townId: before.townId },
      after: input,
      meta,
    });
  });
  // members' cached sessions carry their town (scope): look them up afresh
  if (input.townId !== before.townId) forgetAllSessions();
  return { ok: true, id: organizationId };
}
