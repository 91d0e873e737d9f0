import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "#db/client.server";
import { roleGrants, sessions } from "#db/schema";
import { changePassword } from "~/modules/accounts/change-password.server";
import { grantRole, revokeRole } from "~/modules/accounts/people.server";
import { cacheStats, setInvalidationPublisher } from "~/modules/cache/cache.server";
import {
  forgetSession,
  forgetUserSessions,
  SESSION_CACHE_TTL_MS,
  sessionRefreshesPending,
  validateSessionCached,
} from "~/modules/auth/session-cache.server";
import { SESSION_TOUCH_INTERVAL_MS, sessionIdFromToken } from "~/modules/auth/session-token";
import { createSession, invalidateSession } from "~/modules/auth/session.server";
import { actorOf, createPlace, createUser, PASSWORD } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

const meta = { ip: "127.0.0.1" };

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`session cache on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
    });
    afterAll(() => drop());

    const person = async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const { token } = await createSession(user.id);
      return { user, token, sessionId: sessionIdFromToken(token) };
    };
    /** Removes the row behind the cache's back: only the database lookup notices. */
    const deleteRow = (sessionId: string) => db().delete(sessions).where(eq(sessions.id, sessionId));

    it("serves a validated session from memory for a few seconds, then looks it up again", async () => {
      const { user, token, sessionId } = await person();
      const now = new Date();
      const first = await validateSessionCached(token, now);
      expect(first).toMatchObject({ sessionId, renewed: false, actor: { userId: user.id } });
      await deleteRow(sessionId);
      // a hit: no database lookup (the row is gone, the cached session still answers)
      const hit = await validateSessionCached(token, new Date(now.getTime() + SESSION_CACHE_TTL_MS * 0.8 - 100));
      expect(hit).toMatchObject({ sessionId, renewed: false, actor: { userId: user.id, grants: [{ role: "candidate" }] } });
      expect(Object.isFrozen(hit!.actor)).toBe(true);
      // expired in memory: looked up, and now the database says no
      expect(await validateSessionCached(token, new Date(now.getTime() + SESSION_CACHE_TTL_MS + 100))).toBeNull();
      expect(await validateSessionCached(token, new Date(now.getTime() + SESSION_CACHE_TTL_MS + 200))).toBeNull();
    });

    it("an active person's session is looked up again in the background before it runs out", async () => {
      const { token, sessionId } = await person();
      const now = new Date();
      await validateSessionCached(token, now);
      // the last second of the entry's life: answered from memory, and a lookup starts behind it
      const lastSecond = new Date(now.getTime() + SESSION_CACHE_TTL_MS * 0.8 - 1);
      expect(await validateSessionCached(token, lastSecond)).toMatchObject({ sessionId, renewed: false });
      await vi.waitFor(() => expect(sessionRefreshesPending()).toBe(0));
      await deleteRow(sessionId);
      // past the first entry's life, still from memory: the background lookup refreshed it
      expect(await validateSessionCached(token, new Date(now.getTime() + SESSION_CACHE_TTL_MS + 100))).toMatchObject({ sessionId });
      // but never past the refreshed entry's life
      expect(await validateSessionCached(token, new Date(lastSecond.getTime() + SESSION_CACHE_TTL_MS + 100))).toBeNull();
    });

    it("a background lookup records the use when it is due (no cookie is needed for that)", async () => {
      const { token, sessionId } = await person();
      const now = new Date();
      await validateSessionCached(token, now);
      const longAgo = new Date(now.getTime() - SESSION_TOUCH_INTERVAL_MS - 60_000);
      await db().update(sessions).set({ lastSeenAt: longAgo }).where(eq(sessions.id, sessionId));
      const lastSecond = new Date(now.getTime() + SESSION_CACHE_TTL_MS * 0.8 - 1);
      expect(await validateSessionCached(token, lastSecond)).toMatchObject({ renewed: false });
      await vi.waitFor(() => expect(sessionRefreshesPending()).toBe(0));
      const [row] = await db().select().from(sessions).where(eq(sessions.id, sessionId));
      expect(row.lastSeenAt.getTime()).toBe(lastSecond.getTime());
    });

    it("logout ends the session on this instance at once", async () => {
      const { token, sessionId } = await person();
      expect(await validateSessionCached(token)).not.toBeNull();
      await invalidateSession(sessionId);
      expect(await validateSessionCached(token)).toBeNull();
    });

    it("a password change ends every cached session of the person at once, the new one works", async () => {
      const { user, token } = await person();
      const { token: laptop } = await createSession(user.id);
      expect(await validateSessionCached(token)).not.toBeNull();
      expect(await validateSessionCached(laptop)).not.toBeNull();
      const changed = await changePassword({ userId: user.id, currentPassword: PASSWORD, newPassword: "another sail 2026" });
      expect(changed.ok).toBe(true);
      expect(await validateSessionCached(token)).toBeNull();
      expect(await validateSessionCached(laptop)).toBeNull();
      if (changed.ok) expect(await validateSessionCached(changed.token)).toMatchObject({ actor: { userId: user.id } });
    });

    it("a role grant or revocation shows in the person's next request", async () => {
      const admin = await actorOf((await createUser({ organizationId: place.organization.id, roles: [{ role: "system_admin" }] })).id);
      const { user, token } = await person();
      expect((await validateSessionCached(token))!.actor.grants.map((g) => g.role)).toEqual(["candidate"]);
      expect(await grantRole(admin, { userId: user.id, role: "lecturer", countyId: place.county.id }, meta)).toEqual({ ok: true });
      const granted = (await validateSessionCached(token))!.actor.grants;
      expect(granted.map((g) => g.role).sort()).toEqual(["candidate", "lecturer"]);
      // cached again: the revocation must still reach it
      expect((await validateSessionCached(token))!.actor.grants).toHaveLength(2);
      const [row] = await db()
        .select()
        .from(roleGrants)
        .where(and(eq(roleGrants.userId, user.id), eq(roleGrants.role, "lecturer")));
      await revokeRole(admin, { userId: user.id, grantId: row.id }, meta);
      expect((await validateSessionCached(token))!.actor.grants.map((g) => g.role)).toEqual(["candidate"]);
    });

    it("records the use in the database at most every 5 minutes, and never moves the absolute end", async () => {
      const { token, sessionId } = await person();
      const now = new Date();
      const [before] = await db().select().from(sessions).where(eq(sessions.id, sessionId));
      await db()
        .update(sessions)
        .set({ lastSeenAt: new Date(now.getTime() - SESSION_TOUCH_INTERVAL_MS - 1000) })
        .where(eq(sessions.id, sessionId));
      const touched = await validateSessionCached(token, now);
      expect(touched).toMatchObject({ renewed: false });
      expect(touched!.expiresAt.getTime()).toBe(before.expiresAt.getTime());
      const [row] = await db().select().from(sessions).where(eq(sessions.id, sessionId));
      expect(row.lastSeenAt.getTime()).toBe(now.getTime());
      expect(row.expiresAt.getTime()).toBe(before.expiresAt.getTime());
      // a minute later, looked up again (not cached): nothing to write
      forgetSession(sessionId);
      await validateSessionCached(token, new Date(now.getTime() + 60_000));
      const [again] = await db().select().from(sessions).where(eq(sessions.id, sessionId));
      expect(again.lastSeenAt.getTime()).toBe(now.getTime());
    });

    it("is one of the named caches: hits and misses counted, no keys reported, invalidations published", async () => {
      const { user, token, sessionId } = await person();
      const before = cacheStats().find((c) => c.name === "sessions")!;
      const now = new Date();
      await validateSessionCached(token, now);
      await validateSessionCached(token, new Date(now.getTime() + 100));
      const after = cacheStats().find((c) => c.name === "sessions")!;
      expect([after.misses - before.misses, after.hits - before.hits]).toEqual([1, 1]);
      expect(after.size).toBeGreaterThan(0);
      expect(JSON.stringify(cacheStats())).not.toContain(sessionId);
      const published: unknown[] = [];
      setInvalidationPublisher((message) => published.push(message));
      try {
        forgetUserSessions(user.id);
        forgetSession(sessionId);
      } finally {
        setInvalidationPublisher(null);
      }
      expect(published).toEqual([
        { cache: "sessions", op: "group", group: user.id },
        { cache: "sessions", op: "key", key: sessionId },
      ]);
    });

    it("a lookup under way while the session is forgotten does not fill the cache", async () => {
      const { token, sessionId } = await person();
      const pending = validateSessionCached(token);
      forgetSession(sessionId);
      expect(await pending).not.toBeNull();
      await deleteRow(sessionId);
      expect(await validateSessionCached(token)).toBeNull();
    });
  });
}
