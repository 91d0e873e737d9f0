import { eq, sql, type Column } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import { counties, organizations, towns, users } from "#db/schema";

/**
 * Where a person belongs — user → organization → town (→ county) — joined in one place. Give it a
 * dynamic query (`db().select(…).from(users).$dynamic()`, or one that has joined `users`) and it adds
 * the inner joins on the foreign keys, so `organizations` and `towns` can be selected and filtered on
 * by their own columns and `townScopeWhere` (auth/scope-sql.server.ts) applies; `joinPersonCounty`
 * adds `counties`. The joins are exactly the ones written out before, so query plans stay as they
 * were (primary-key lookups or hash joins on the small org tree).
 *
 * `organizationOf`: the organization column to start from when it is not the person's current one
 * (an application names the organization applied from).
 */
export function joinPersonPlace<T extends PgSelect>(query: T, organizationOf: Column = users.organizationId) {
  return query.innerJoin(organizations, eq(organizations.id, organizationOf)).innerJoin(towns, eq(towns.id, organizations.townId));
}

/** `joinPersonPlace` and the town's county. */
export function joinPersonCounty<T extends PgSelect>(query: T, organizationOf: Column = users.organizationId) {
  return joinPersonPlace(query, organizationOf).innerJoin(counties, eq(counties.id, towns.countyId));
}

/**
 * The same joins in hand-written SQL, for queries that name the person `u`: they bring in `o`
 * (organizations) and `t` (towns); `personCountyJoinSql` also `c` (counties).
 */
export const personPlaceJoinSql = sql.raw("join organizations o on o.id = u.organization_id join towns t on t.id = o.town_id");
export const personCountyJoinSql = sql.raw(
  "join organizations o on o.id = u.organization_id join towns t on t.id = o.town_id join counties c on c.id = t.county_id",
);
