import { eq, lt } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { preparedQuery } from "#db/prepared.server";
import { counties, organizations, roleGrants, sessions, towns, users } from "#db/schema";
import { config } from "../config.server";
import type { Actor, Role } from "./access";
import { forgetSession, forgetUserSessions } from "./session-cache.server";
import { decideSession, generateSessionToken, SESSION_LIFETIME_MS, sessionIdFromToken } from "./session-token";

export const SESSION_COOKIE = "hf_session";

export async function createSession(userId: number, tx: DbOrTx = db()): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  await tx.insert(sessions).values({ id: sessionIdFromToken(token), userId, expiresAt });
  return { token, expiresAt };
}

export async function loadActor(userId: number, tx: DbOrTx = db()): Promise<Actor | null> {
  const [row] = await tx
    .select({
      userId: users.id,
      name: users.name,
      organizationId: users.organizationId,
      townId: organizations.townId,
      countyId: towns.countyId,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .innerJoin(towns, eq(towns.id, organizations.townId))
    .innerJoin(counties, eq(counties.id, towns.countyId))
    .where(eq(users.id, userId));
  if (!row) return null;
  const grants = await tx
    .select({ role: roleGrants.role, countyId: roleGrants.countyId, townId: roleGrants.townId })
    .from(roleGrants)
    .where(eq(roleGrants.userId, userId));
  return { ...row, grants: grants.map((g) => ({ ...g, role: g.role as Role })) };
}

export interface ValidSession {
  sessionId: string;
  expiresAt: Date;
  renewed: boolean;
  actor: Actor;
}

/** The session and its actor (as loadActor builds it) in one prepared statement: one round trip. */
const SESSION_LOOKUP = `
select s.user_id::int4 as user_id, (extract(epoch from s.expires_at) * 1000)::float8 as expires_ms,
       a.name, a.organization_id, a.town_id, a.county_id, a.grants
  from sessions s
  left join lateral (
    select u.name::text as name, u.organization_id::int4 as organization_id, o.town_id::int4 as town_id, t.county_id::int4 as county_id,
           coalesce((select json_agg(json_build_object('role', g.role, 'countyId', g.county_id, 'townId', g.town_id) order by g.id)
                       from role_grants g where g.user_id = u.id), '[]')::text as grants
      from users u
      join organizations o on o.id = u.organization_id
      join towns t on t.id = o.town_id
      join counties c on c.id = t.county_id
     where u.id = s.user_id
  ) a on true
 where s.id = $1::text`;

type SessionRow = {
  user_id: number;
  expires_ms: number;
  name: string | null;
  organization_id: number | null;
  town_id: number | null;
  county_id: number | null;
  grants: string | null;
};

/**
 * Looks the token's hash up; extends a session in the second half of its life (unless `mayRenew`
 * is false: then it is answered unrenewed, for a caller that cannot send the cookie); drops
 * expired ones.
 */
export async function validateSessionToken(token: string, now = new Date(), { mayRenew = true }: { mayRenew?: boolean } = {}): Promise<ValidSession | null> {
  const sessionId = sessionIdFromToken(token);
  const [session] = await preparedQuery<SessionRow>(SESSION_LOOKUP, [sessionId]);
  if (!session) return null;
  const expiresAt = new Date(session.expires_ms);
  const decision = decideSession(expiresAt, now);
  if (decision.state === "expired") {
    await db().delete(sessions).where(eq(sessions.id, sessionId));
    return null;
  }
  if (session.name === null || session.organization_id === null || session.town_id === null || session.county_id === null) return null;
  const actor: Actor = {
    userId: session.user_id,
    name: session.name,
    organizationId: session.organization_id,
    townId: session.town_id,
    countyId: session.county_id,
    grants: (JSON.parse(session.grants ?? "[]") as { role: Role; countyId: number | null; townId: number | null }[]).map((g) => ({ role: g.role, countyId: g.countyId, townId: g.townId })),
  };
  if (decision.state === "renew" && mayRenew) {
    await db().update(sessions).set({ expiresAt: decision.expiresAt }).where(eq(sessions.id, sessionId));
    return { sessionId, expiresAt: decision.expiresAt, renewed: true, actor };
  }
  return { sessionId, expiresAt, renewed: false, actor };
}

export async function invalidateSession(sessionId: string): Promise<void> {
  forgetSession(sessionId);
  await db().delete(sessions).where(eq(sessions.id, sessionId));
  forgetSession(sessionId);
}

/**
 * Ends every session of the person. Inside a transaction, the caller calls
 * forgetUserSessions(userId) again after the commit (a lookup between this delete and the commit
 * still sees the old rows).
 */
export async function invalidateUserSessions(userId: number, tx: DbOrTx = db()): Promise<void> {
  forgetUserSessions(userId);
  await tx.delete(sessions).where(eq(sessions.userId, userId));
  forgetUserSessions(userId);
}

/** Drops sessions past their expiry (a lookup drops its own; this catches the abandoned ones). */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const gone = await db().delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  return gone.length;
}

export function readSessionToken(request: Request): string | null {
  return readSessionTokenFromCookie(request.headers.get("Cookie"));
}

/** The session token in a Cookie header (the server's middleware reads the header directly). */
export function readSessionTokenFromCookie(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) {
      const value = rest.join("=");
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const secure = config().cookieSecure ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure}`;
}

export function clearSessionCookie(): string {
  const secure = config().cookieSecure ? "; Secure" : "";
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}
