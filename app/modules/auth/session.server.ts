import { and, desc, eq, lt, ne, or } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { preparedQuery } from "#db/prepared.server";
import { counties, organizations, roleGrants, sessions, towns, users } from "#db/schema";
import { config } from "../config.server";
import type { Actor, Role } from "./access";
import { forgetSession, forgetUserSessions } from "./session-cache.server";
import { describeDevice } from "./device";
import {
  decideSession,
  generateSessionToken,
  serializeClearedSessionCookie,
  serializeSessionCookie,
  SESSION_ABSOLUTE_LIFETIME_MS,
  SESSION_IDLE_TIMEOUT_MS,
  sessionIdFromToken,
  sessionTokenFromCookieHeader,
} from "./session-token";

/**
 * A new session: ends 30 days from now at the latest (expires_at, also the cookie's Expires), or
 * after 12 hours unused. `userAgent` gives the coarse device label shown in the list of sessions.
 */
export async function createSession(
  userId: number,
  tx: DbOrTx = db(),
  { userAgent, now = new Date() }: { userAgent?: string | null; now?: Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_LIFETIME_MS);
  await tx.insert(sessions).values({
    id: sessionIdFromToken(token),
    userId,
    expiresAt,
    createdAt: now,
    lastSeenAt: now,
    device: userAgent === undefined ? null : describeDevice(userAgent),
  });
  return { token, expiresAt };
}

/** Notes the device of a session made elsewhere (login.server.ts creates it; the route knows the User-Agent). */
export async function recordSessionDevice(token: string, userAgent: string | null): Promise<void> {
  await db()
    .update(sessions)
    .set({ device: describeDevice(userAgent) })
    .where(eq(sessions.id, sessionIdFromToken(token)));
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
  /** the absolute end, as in the cookie */
  expiresAt: Date;
  /**
   * Whether the cookie must be sent again. Always false since decision 016: the cookie carries the
   * absolute end, which never moves; recording use (last_seen_at) needs no new cookie. Kept so the
   * servers' "send it again" branch stays right should that change.
   */
  renewed: boolean;
  /** the last recorded use (at most 5 minutes old while the person is active) */
  lastSeenAt?: Date;
  actor: Actor;
}

/** The session and its actor (as loadActor builds it) in one prepared statement: one round trip. */
const SESSION_LOOKUP = `
select s.user_id::int4 as user_id, (extract(epoch from s.expires_at) * 1000)::float8 as expires_ms,
       (extract(epoch from s.last_seen_at) * 1000)::float8 as last_seen_ms,
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
  last_seen_ms: number;
  name: string | null;
  organization_id: number | null;
  town_id: number | null;
  county_id: number | null;
  grants: string | null;
};

/**
 * Looks the token's hash up; refuses (and deletes) a session past its absolute end or unused for
 * 12 hours; records the use when the last one recorded is more than 5 minutes old.
 */
export async function validateSessionToken(token: string, now = new Date()): Promise<ValidSession | null> {
  const sessionId = sessionIdFromToken(token);
  const [session] = await preparedQuery<SessionRow>(SESSION_LOOKUP, [sessionId]);
  if (!session) return null;
  const expiresAt = new Date(session.expires_ms);
  let lastSeenAt = new Date(session.last_seen_ms);
  const decision = decideSession({ expiresAt, lastSeenAt }, now);
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
    grants: (JSON.parse(session.grants ?? "[]") as { role: Role; countyId: number | null; townId: number | null }[]).map((g) => ({
      role: g.role,
      countyId: g.countyId,
      townId: g.townId,
    })),
  };
  if (decision.state === "touch") {
    await db().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
    lastSeenAt = now;
  }
  return { sessionId, expiresAt, renewed: false, lastSeenAt, actor };
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

/**
 * Ends every session of the person except `keepSessionId` (退出其他设备; a password change).
 * Inside a transaction, call forgetUserSessions(userId) again after the commit.
 */
export async function invalidateOtherSessions(userId: number, keepSessionId: string, tx: DbOrTx = db()): Promise<number> {
  forgetUserSessions(userId);
  const gone = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)))
    .returning({ id: sessions.id });
  forgetUserSessions(userId);
  return gone.length;
}

export interface SessionListing {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  device: string | null;
  current: boolean;
}

/** The person's live sessions, most recently used first; `current` marks the one asking. */
export async function listUserSessions(userId: number, currentSessionId: string | null, now = new Date()): Promise<SessionListing[]> {
  const rows = await db()
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      device: sessions.device,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt));
  return rows
    .filter((r) => decideSession(r, now).state !== "expired")
    .map((r) => ({
      createdAt: r.createdAt,
      lastSeenAt: r.lastSeenAt,
      expiresAt: r.expiresAt,
      device: r.device,
      current: r.id === currentSessionId,
    }));
}

/** Drops sessions past their absolute end or idle too long (a lookup drops its own; this catches the abandoned ones). */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const idleSince = new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS);
  const gone = await db()
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)))
    .returning({ id: sessions.id });
  return gone.length;
}

export function readSessionToken(request: Request): string | null {
  return readSessionTokenFromCookie(request.headers.get("Cookie"));
}

/** The session token in a Cookie header (the server's middleware reads the header directly). */
export function readSessionTokenFromCookie(header: string | null | undefined): string | null {
  return sessionTokenFromCookieHeader(header, config().cookieSecure);
}

export function sessionCookie(token: string, expiresAt: Date): string {
  return serializeSessionCookie(token, expiresAt, config().cookieSecure);
}

export function clearSessionCookie(): string {
  return serializeClearedSessionCookie(config().cookieSecure);
}
