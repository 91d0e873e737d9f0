import type { ROLES } from "../accounts/enums";

/**
 * Permissions as data (`action:entity:scope`). A role holds permissions; a grant of that role
 * carries the scope (a county or a town). Pure: shared by the server guards and the UI, which uses
 * it only to hide what a person cannot do.
 */
export type Role = (typeof ROLES)[number];
export type ScopeLevel = "own" | "town" | "county" | "all";
export type Action =
  | "apply:application"
  | "review:application"
  | "read:person"
  | "grant:role"
  | "manage:orgtree"
  | "manage:county"
  | "read:audit"
  | "manage:question"
  | "propose:question"
  | "study:lesson"
  | "read:hours"
  | "manage:offline"
  | "manage:settings"
  | "take:exam"
  | "manage:exam"
  | "proctor:exam"
  | "grade:exam"
  /** 发证 and hold decisions (待发证, 暂停 → 撤销/保留), the county's certificate settings */
  | "issue:certificate"
  /** 红帆领航员名册 */
  | "read:roster"
  /** 我的证书 */
  | "hold:certificate"
  /** 年度考核: propose a grade for the navigators of one's town (or county) */
  | "propose:assessment"
  /** 年度考核: open a round, change proposals, apply the round, correct an outcome */
  | "decide:assessment"
  /** 专项档案: a person's own (我的档案), a town's, a county's */
  | "read:archive"
  /** a correction entry in someone's 专项档案 */
  | "correct:archive"
  /** 走访考察: record visits, warnings and praise about navigators and read them (supervision module) */
  | "record:supervision"
  /** 网上班级: create, fill, open and close training classes, see their members' progress, remind (classes module) */
  | "manage:class"
  /** 微党课: write, submit and follow one's own micro lessons (docs/decisions/023) */
  | "author:micro_lesson"
  /** 微党课审核: comment on, return or publish the county's submitted micro lessons (never one's own) */
  | "review:micro_lesson"
  /** 优秀微党课评选: the county's yearly selection */
  | "select:micro_lesson"
  /** upload videos, audio and images (tus, /uploads; app/modules/media) */
  | "upload:media"
  /** read media uploaded in one's county before it is published (reviewers of micro lessons) */
  | "review:media"
  /** 师资库: the candidacies queue, trials, decisions, suspension / retirement, 调配 (lecturers module) */
  | "manage:lecturers"
  /** 师资库: read the county's pool (towns of the county read only) */
  | "read:lecturers";

export const ROLE_PERMISSIONS: Record<Role, readonly `${Action}:${ScopeLevel}`[]> = {
  candidate: ["apply:application:own", "study:lesson:own", "take:exam:own", "hold:certificate:own", "read:archive:own"],
  lecturer: ["propose:question:county", "grade:exam:county", "author:micro_lesson:own", "upload:media:county"],
  town_officer: [
    "review:application:town",
    "read:person:town",
    "read:hours:town",
    "read:roster:town",
    "propose:assessment:town",
    "read:archive:town",
    "record:supervision:town",
    "manage:class:town",
    "read:lecturers:town",
  ],
  county_admin: [
    "review:application:county",
    "read:person:county",
    "grant:role:county",
    "manage:orgtree:county",
    "read:audit:county",
    "manage:question:county",
    "read:hours:county",
    "manage:offline:county",
    "manage:exam:county",
    "proctor:exam:county",
    "grade:exam:county",
    "issue:certificate:county",
    "read:roster:county",
    "propose:assessment:county",
    "decide:assessment:county",
    "read:archive:county",
    "correct:archive:county",
    "record:supervision:county",
    "manage:class:county",
    "review:micro_lesson:county",
    "select:micro_lesson:county",
    "upload:media:county",
    "review:media:county",
    "manage:lecturers:county",
    "read:lecturers:county",
  ],
  system_admin: ["read:person:all", "grant:role:all", "manage:orgtree:all", "manage:county:all", "read:audit:all", "manage:settings:all"],
};

export interface Grant {
  role: Role;
  countyId: number | null;
  townId: number | null;
}

export interface Actor {
  userId: number;
  name: string;
  organizationId: number;
  townId: number;
  countyId: number;
  grants: Grant[];
}

export interface Scope {
  all: boolean;
  own: boolean;
  countyIds: number[];
  townIds: number[];
}

/** Where an actor may perform an action: the union over the grants whose role has the permission. */
export function scopeOf(actor: Pick<Actor, "grants">, action: Action): Scope {
  const scope: Scope = { all: false, own: false, countyIds: [], townIds: [] };
  for (const grant of actor.grants) {
    for (const permission of ROLE_PERMISSIONS[grant.role]) {
      if (!permission.startsWith(`${action}:`)) continue;
      const level = permission.slice(action.length + 1) as ScopeLevel;
      if (level === "all") scope.all = true;
      else if (level === "own") scope.own = true;
      else if (level === "county" && grant.countyId != null) scope.countyIds.push(grant.countyId);
      else if (level === "town" && grant.townId != null) scope.townIds.push(grant.townId);
    }
  }
  return scope;
}

export function hasAnyScope(scope: Scope): boolean {
  return scope.all || scope.own || scope.countyIds.length > 0 || scope.townIds.length > 0;
}

/** Whether an actor may act on a person or thing located at (county, town), owned by ownerId. */
export function canAct(
  actor: Pick<Actor, "grants" | "userId">,
  action: Action,
  target: { countyId: number; townId?: number | null; ownerId?: number | null },
): boolean {
  const scope = scopeOf(actor, action);
  if (scope.all) return true;
  if (scope.countyIds.includes(target.countyId)) return true;
  if (target.townId != null && scope.townIds.includes(target.townId)) return true;
  if (scope.own && target.ownerId != null && target.ownerId === actor.userId) return true;
  return false;
}

/** What a route module requires. Every module in app/routes exports one (a test enforces it). */
export type RouteAccess = { kind: "public" } | { kind: "signedIn" } | { kind: "permission"; action: Action | readonly Action[] };

export const publicAccess = { kind: "public" } as const satisfies RouteAccess;
export const signedInAccess = { kind: "signedIn" } as const satisfies RouteAccess;
export type GuardedAccess = Exclude<RouteAccess, { kind: "public" }>;
export function requires(...actions: [Action, ...Action[]]): { kind: "permission"; action: Action | readonly Action[] } {
  return { kind: "permission", action: actions.length === 1 ? actions[0] : actions };
}

/** Whether a person holding these roles passes a route's gate (scope is checked by the use case). */
export function routeAllows(access: RouteAccess, roles: readonly Role[] | null): boolean {
  if (access.kind === "public") return true;
  if (roles === null) return false;
  if (access.kind === "signedIn") return true;
  const actions: readonly Action[] = typeof access.action === "string" ? [access.action] : access.action;
  return roles.some((role) => ROLE_PERMISSIONS[role].some((p) => actions.some((action) => p.startsWith(`${action}:`))));
}

/** Grants an actor may hand out: county admins inside their county, system admins anything. */
export function canGrant(
  actor: Pick<Actor, "grants" | "userId">,
  grant: { role: Role; countyId: number | null; townCountyId?: number | null },
): boolean {
  const scope = scopeOf(actor, "grant:role");
  if (scope.all) return true;
  if (grant.role === "system_admin") return false;
  const countyId = grant.role === "town_officer" ? (grant.townCountyId ?? null) : grant.countyId;
  if (grant.role === "candidate") return false; // every registered person holds it already
  return countyId != null && scope.countyIds.includes(countyId);
}
