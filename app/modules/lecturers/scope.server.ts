import { eq, inArray, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { counties, organizations, towns, users } from "#db/schema";
import { scopeOf, type Actor } from "../auth/access";
import { forbidden } from "../errors";
import { mayManage, mayReadPool } from "./rules";
import { joinPersonCounty } from "../org-tree/person-place.server";

/** Where a person belongs today: organization, town, county. */
export interface PersonPlace {
  userId: number;
  name: string;
  phone: string;
  organizationName: string;
  townId: number;
  townName: string;
  countyId: number;
  countyName: string;
}

export async function placesOf(tx: DbOrTx, where: { userIds?: number[]; phone?: string }): Promise<PersonPlace[]> {
  const condition =
    where.phone !== undefined ? eq(users.phone, where.phone) : inArray(users.id, where.userIds?.length ? where.userIds : [-1]);
  return joinPersonCounty(
    tx
      .select({
        userId: users.id,
        name: users.name,
        phone: users.phone,
        organizationName: organizations.name,
        townId: towns.id,
        townName: towns.name,
        countyId: counties.id,
        countyName: counties.name,
      })
      .from(users)
      .$dynamic(),
  ).where(condition);
}

/** The counties whose pool the actor manages (county admins). */
export function manageScope(actor: Actor): { all: boolean; countyIds: number[] } {
  const scope = scopeOf(actor, "manage:lecturers");
  return { all: scope.all, countyIds: scope.countyIds };
}

/** The counties whose pool the actor may read: their counties, and the counties of their towns. */
export async function readableCounties(actor: Actor): Promise<{ all: boolean; countyIds: number[] }> {
  const scope = scopeOf(actor, "read:lecturers");
  const ids = new Set(scope.countyIds);
  if (scope.townIds.length) {
    const rows = await db().select({ countyId: towns.countyId }).from(towns).where(inArray(towns.id, scope.townIds));
    for (const r of rows) ids.add(r.countyId);
  }
  return { all: scope.all, countyIds: [...ids] };
}

/** 403 unless the actor manages this county's pool and the subject is someone else. */
export function assertManage(actor: Actor, target: { countyId: number; subjectId: number }): void {
  const { all, countyIds } = manageScope(actor);
  const check = mayManage(countyIds, all, actor.userId, target);
  if (check === "outOfScope") throw forbidden("lecturer pool of another county");
  if (check === "self") throw forbidden("no decision about oneself");
}

export async function assertRead(actor: Actor, countyId: number): Promise<void> {
  const { all, countyIds } = await readableCounties(actor);
  if (!mayReadPool(countyIds, all, countyId)) throw forbidden("lecturer pool of another county");
}

/** The counties (id, name) among `ids`, ordered by name. */
export async function countiesNamed(ids: readonly number[], all: boolean) {
  return db()
    .select({ id: counties.id, name: counties.name })
    .from(counties)
    .where(all ? sql`true` : inArray(counties.id, ids.length ? [...ids] : [-1]))
    .orderBy(counties.name);
}
