import { getDatabase, type Database } from "#db/client.server";
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
 *   fill the cache (an epoch counter), so a read that raced a revocation cannot bring it back.
 * - Refresh ahead: a hit in the last second of an entry's life starts a lookup in the background
 *   (the request does not wait for it), so an active person's requests never wait for the
 *   database; no entry is served past its life, so the 5 s bound on revocation holds.
 * - Lifetime (decision 016): an entry holds the session's absolute end and last recorded use; a
 *   hit is served only while decideSession says "valid". Once the last use recorded is 5 minutes
 *   old ("touch"), the request looks the session up, and the lookup records the use; past 12 hours
 *   unused or the absolute end, the lookup refuses and deletes it.
 * - Bounded (SESSION_CACHE_MAX entries, least recently used evicted first).
 * - The store lives on globalThis, per database: the Express server and the Remix server build
 *   are separate module graphs and must share it (as they share the pool), and tests that open
 *   another database never see entries of the previous one.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
export const SESSION_CACHE_MAX = 20_000;

interface Entry {
  userId: number;
  expiresAt: Date;
  lastSeenAt: Date;
  actor: Actor;
  cachedAt: number;
  /** cachedAt + 80–100 % of the TTL */
  freshUntil: number;
}

class Store {
  readonly entries = new Map<string, Entry>();
  readonly byUser = new Map<number, Set<string>>();
  /** bumped by every forget: lookups that started before it do not fill the cache */
  epoch = 0;
  /** sessions being looked up ahead of their expiry */
  readonly refreshing = new Set<string>();

  get(sessionId: string, nowMs: number): Entry | undefined {
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (nowMs >= entry.freshUntil || nowMs < entry.cachedAt) {
      this.drop(sessionId);
      return undefined;
    }
    // least recently used first out: a hit moves the entry to the end
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    return entry;
  }

  put(sessionId: string, entry: Entry) {
    this.drop(sessionId);
    while (this.entries.size >= SESSION_CACHE_MAX) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
    this.entries.set(sessionId, entry);
    let ids = this.byUser.get(entry.userId);
    if (!ids) this.byUser.set(entry.userId, (ids = new Set()));
    ids.add(sessionId);
  }

  drop(sessionId: string) {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    this.entries.delete(sessionId);
    const ids = this.byUser.get(entry.userId);
    ids?.delete(sessionId);
    if (ids && ids.size === 0) this.byUser.delete(entry.userId);
  }
}

const STORE_KEY = Symbol.for("hongfan.sessionCache");
type Holder = { [STORE_KEY]?: WeakMap<Database, Store> };

function store(): Store {
  const holder = globalThis as Holder;
  const stores = (holder[STORE_KEY] ??= new WeakMap());
  const database = getDatabase();
  let s = stores.get(database);
  if (!s) stores.set(database, (s = new Store()));
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
  const s = store();
  const sessionId = sessionIdFromToken(token);
  const nowMs = now.getTime();
  const hit = s.get(sessionId, nowMs);
  if (hit && decideSession(hit, now).state === "valid") {
    if (nowMs >= hit.freshUntil - REFRESH_AHEAD_MS && !s.refreshing.has(sessionId)) {
      s.refreshing.add(sessionId);
      lookUp(s, token, sessionId, now)
        .catch(() => s.drop(sessionId)) // the next request looks it up itself
        .finally(() => s.refreshing.delete(sessionId));
    }
    return { sessionId, expiresAt: hit.expiresAt, renewed: false, lastSeenAt: hit.lastSeenAt, actor: hit.actor };
  }
  return lookUp(s, token, sessionId, now);
}

const REFRESH_AHEAD_MS = 1_000;

/** A lookup in the database (which records the use when due: no cookie is needed for that, so a
 * background lookup may do it too). */
async function lookUp(s: Store, token: string, sessionId: string, now: Date): Promise<ValidSession | null> {
  const epoch = s.epoch;
  const session = await validateSessionToken(token, now);
  if (!session) {
    s.drop(sessionId);
    return null;
  }
  const actor = frozen(session.actor);
  if (s.epoch === epoch) {
    const nowMs = now.getTime();
    const freshUntil = nowMs + Math.round(SESSION_CACHE_TTL_MS * (0.8 + 0.2 * Math.random()));
    s.put(sessionId, { userId: actor.userId, expiresAt: session.expiresAt, lastSeenAt: session.lastSeenAt ?? now, actor, cachedAt: nowMs, freshUntil });
  }
  return { ...session, actor };
}

/** Logout: this session is gone from this instance's memory at once. */
export function forgetSession(sessionId: string): void {
  const s = store();
  s.epoch++;
  s.drop(sessionId);
}

/** Password change, role grant or revocation: every cached session of the person is looked up again. */
export function forgetUserSessions(userId: number): void {
  const s = store();
  s.epoch++;
  for (const id of [...(s.byUser.get(userId) ?? [])]) s.drop(id);
}

/** An organization moved to another town: its members' cached town is stale, start afresh. */
export function forgetAllSessions(): void {
  const s = store();
  s.epoch++;
  s.entries.clear();
  s.byUser.clear();
}

/** Background lookups under way (for tests). */
export function sessionRefreshesPending(): number {
  return store().refreshing.size;
}

/** How many sessions this instance holds (for tests and diagnostics). */
export function cachedSessionCount(): number {
  return store().entries.size;
}
