import { getDatabase, type Database } from "#db/client.server";
import { defineCache } from "../cache/cache.server";
import type { Actor } from "./access";
import { validateSessionToken, type ValidSession } from "./session.server";
import { decideSession, sessionIdFromToken } from "./session-token";

/**
 * Validated sessions kept in memory for a few seconds, so the hot paths (study heartbeats, exam
 * answer saves) and every page do no session round trip while a person is active.
 *
 * - Keyed by the token's SHA-256 (the session id), never the token itself.
 * - An entry lives 4–5 s (SESSION_CACHE_TTL_MS, less a random fifth so that sessions filled
 *   together do not all expire together); after that the session is looked up again (one
 *   prepared statement), so a revocation made on ANOTHER instance (logout, password change, role
 *   change) takes effect there within 5 s.
 * - On THIS instance revocation is immediate: logout, a password change and a role grant or
 *   revocation call forgetSession / forgetUserSessions (session.server.ts, change-password,
 *   people.server.ts); an organization moving to another town calls forgetAllSessions. A lookup that was already under way when something was forgotten does not
 *   fill the cache (the cache's generation), so a read that raced a revocation cannot bring it back.
 * - Refresh ahead: a hit in the last second of an entry's life starts a lookup in the background
 *   (the request does not wait for it), so an active person's requests never wait for the
 *   database; no entry is served past its life, so the 5 s bound on revocation holds.
 * - Lifetime (decision 016): an entry holds the session's absolute end and last recorded use; a
 *   hit is served only while decideSession says "valid". Once the last use recorded is 5 minutes
 *   old ("touch"), the request looks the session up, and the lookup records the use; past 12 hours
 *   unused or the absolute end, the lookup refuses and deletes it.
 * - Bounded (SESSION_CACHE_MAX entries, least recently used evicted first).
 * - The store is the "sessions" cache of app/modules/cache (decision 028): on globalThis, per
 *   database (the Express server and the Remix server build are separate module graphs and must
 *   share it, and tests that open another database never see entries of the previous one); its
 *   invalidations go through the cross-instance seam there.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
export const SESSION_CACHE_MAX = 20_000;

interface Entry {
  userId: number;
  expiresAt: Date;
  lastSeenAt: Date;
  actor: Actor;
}

// per database, shared by both module graphs (app/modules/cache); a fifth of jitter: 4–5 s
const sessionCache = defineCache<string, Entry>("sessions", {
  ttlMs: SESSION_CACHE_TTL_MS,
  max: SESSION_CACHE_MAX,
  jitter: 0.2,
  groupOf: (e) => e.userId,
});

/** sessions being looked up ahead of their expiry, per database */
const REFRESHING_KEY = Symbol.for("hongfan.sessionRefreshes");
type Holder = { [REFRESHING_KEY]?: WeakMap<Database, Set<string>> };
function refreshing(): Set<string> {
  const holder = globalThis as Holder;
  const sets = (holder[REFRESHING_KEY] ??= new WeakMap());
  const database = getDatabase();
  let s = sets.get(database);
  if (!s) sets.set(database, (s = new Set()));
  return s;
}

function frozen(actor: Actor): Actor {
  // shared by concurrent requests: nobody may change it
  return Object.freeze({ ...actor, grants: Object.freeze(actor.grants.map((g) => Object.freeze({ ...g }))) as Actor["grants"] });
}

/**
 * The request's session, from memory when it was validated less than 5 s ago, else from the
 * database (validateSessionToken: expiry, renewal, actor) and then remembered.
 */
export async function validateSessionCached(token: string, now = new Date()): Promise<ValidSession | null> {
  const cache = sessionCache.current();
  const sessionId = sessionIdFromToken(token);
  const nowMs = now.getTime();
  const hit = cache.entry(sessionId, nowMs);
  if (hit && decideSession(hit.value, now).state === "valid") {
    if (nowMs >= hit.until - REFRESH_AHEAD_MS) {
      const busy = refreshing();
      if (!busy.has(sessionId)) {
        busy.add(sessionId);
        lookUp(cache, token, sessionId, now)
          .catch(() => cache.discard(sessionId)) // the next request looks it up itself
          .finally(() => busy.delete(sessionId));
      }
    }
    const { expiresAt, lastSeenAt, actor } = hit.value;
    return { sessionId, expiresAt, renewed: false, lastSeenAt, actor };
  }
  return lookUp(cache, token, sessionId, now);
}

const REFRESH_AHEAD_MS = 1_000;

/** A lookup in the database (which records the use when due: no cookie is needed for that, so a
 * background lookup may do it too). */
async function lookUp(
  cache: ReturnType<typeof sessionCache.current>,
  token: string,
  sessionId: string,
  now: Date,
): Promise<ValidSession | null> {
  // a forget (any invalidation) while this lookup runs: its result does not fill the cache
  const generation = cache.generation;
  const session = await validateSessionToken(token, now);
  if (!session) {
    cache.discard(sessionId);
    return null;
  }
  const actor = frozen(session.actor);
  cache.setIfCurrent(
    generation,
    sessionId,
    { userId: actor.userId, expiresAt: session.expiresAt, lastSeenAt: session.lastSeenAt ?? now, actor },
    now.getTime(),
  );
  return { ...session, actor };
}

/** Logout: this session is gone from this instance's memory at once. */
export function forgetSession(sessionId: string): void {
  sessionCache.current().invalidate(sessionId);
}

/** Password change, role grant or revocation: every cached session of the person is looked up again. */
export function forgetUserSessions(userId: number): void {
  sessionCache.current().invalidateGroup(userId);
}

/** An organization moved to another town: its members' cached town is stale, start afresh. */
export function forgetAllSessions(): void {
  sessionCache.current().clear();
}

/** Background lookups under way (for tests). */
export function sessionRefreshesPending(): number {
  return refreshing().size;
}

/** How many sessions this instance holds (for tests and diagnostics). */
export function cachedSessionCount(): number {
  return sessionCache.current().size;
}
