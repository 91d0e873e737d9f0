import { inArray, or, sql, type SQL } from "drizzle-orm";
import { towns } from "#db/schema";
import { forbidden } from "../errors";
import { hasAnyScope, scopeOf, type Action, type Actor } from "./access";

/**
 * The actor's scope for an action as a WHERE clause on `towns` (queries join users → organizations
 * → towns). No scope at all is a 403; "all" is no restriction.
 */
export function townScopeWhere(actor: Actor, action: Action): SQL {
  const scope = scopeOf(actor, action);
  if (!hasAnyScope(scope)) throw forbidden();
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  if (scope.countyIds.length) parts.push(inArray(towns.countyId, scope.countyIds));
  if (scope.townIds.length) parts.push(inArray(towns.id, scope.townIds));
  return parts.length ? or(...parts)! : sql`false`;
}
