import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { archiveEvents, sessions, users } from "#db/schema";
import { PRIVACY_NOTICE_VERSION } from "~/modules/accounts/privacy-notice.server";
import { changePassword } from "~/modules/accounts/change-password.server";
import { registerCandidate } from "~/modules/accounts/register-candidate.server";
import { registerSchema } from "~/modules/accounts/schemas";
import { loginWithPassword } from "~/modules/auth/login.server";
import { sessionIdFromToken } from "~/modules/auth/session-token";
import { createSession, deleteExpiredSessions, validateSessionToken } from "~/modules/auth/session.server";
import { createPlace, createUser, makeIdNumber, PASSWORD } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";
import { verifyArchive } from "~/modules/archive/verify.server";

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`accounts on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
    });
    afterAll(async () => {
      // every archive writer exercised by these tests left unbroken chains (decision 019)
      const { broken } = await verifyArchive(db());
      await drop();
      expect(broken).toEqual([]);
    });

    const form = (overrides: Record<string, string> = {}) =>
      registerSchema.parse({
        name: "王小红",
        phone: "13600000001",
        idNumber: makeIdNumber(901),
        password: "secret sail 2026",
        passwordConfirm: "secret sail 2026",
        consent: "on",
        partyStatus: "full",
        partyPost: "secretary",
        organizationId: String(place.organization.id),
        ...overrides,
      });

    it("registers a candidate with a session, a candidate role and an archive entry", async () => {
      const result = await registerCandidate(form(), { ip: "10.9.0.1" });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const [user] = await db().select().from(users).where(eq(users.id, result.userId));
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      // the notice agreed to, and when (PIPL: the consent can be shown later)
      expect(user.privacyConsentVersion).toBe(PRIVACY_NOTICE_VERSION);
      expect(Math.abs(user.privacyConsentAt!.getTime() - Date.now())).toBeLessThan(60_000);
      const session = await validateSessionToken(result.token);
      expect(session?.actor.grants).toEqual([{ role: "candidate", countyId: null, townId: null }]);
      const events = await db().select().from(archiveEvents).where(eq(archiveEvents.userId, result.userId));
      expect(events.map((e) => e.type)).toEqual(["registered"]);
      expect(events[0].data).toMatchObject({ privacyNotice: PRIVACY_NOTICE_VERSION });
    });

    it("refuses a taken phone or ID number and writes nothing", async () => {
      const before = await db().select({ n: count() }).from(users);
      const result = await registerCandidate(form({ idNumber: makeIdNumber(901), phone: "13600000001" }), { ip: "10.9.0.1" });
      expect(result).toEqual({ ok: false, fieldErrors: { phone: "form.phone.taken", idNumber: "form.idNumber.taken" } });
      const after = await db().select({ n: count() }).from(users);
      expect(after[0].n).toBe(before[0].n);
    });

    it("finds the organization by credit code, and says so when the code is unknown", async () => {
      const ok = await registerCandidate(
        form({ phone: "13600000002", idNumber: makeIdNumber(902), organizationId: "", creditCode: place.organization.creditCode }),
        { ip: "10.9.0.1" },
      );
      expect(ok.ok).toBe(true);
      const unknown = await registerCandidate(
        form({ phone: "13600000003", idNumber: makeIdNumber(903), organizationId: "", creditCode: "91350100M000100Y43" }),
        { ip: "10.9.0.1" },
      );
      expect(unknown).toEqual({ ok: false, fieldErrors: { creditCode: "form.creditCode.unknown" } });
    });

    it("logs in by phone or by ID number and stores only the token's hash", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const byPhone = await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.0.0.1" });
      const byId = await loginWithPassword({ identifier: user.idNumber.toLowerCase(), password: PASSWORD, ip: "10.0.0.1" });
      expect(byPhone.ok && byId.ok).toBe(true);
      if (!byPhone.ok) return;
      const stored = await db().select().from(sessions).where(eq(sessions.userId, user.id));
      expect(stored.map((s) => s.id)).toContain(sessionIdFromToken(byPhone.token));
      expect(stored.map((s) => s.id)).not.toContain(byPhone.token);
      expect(await loginWithPassword({ identifier: user.phone, password: "wrong-one1", ip: "10.0.0.1" })).toEqual({
        ok: false,
        problem: "invalidCredentials",
      });
      expect(await loginWithPassword({ identifier: "13999999999", password: PASSWORD, ip: "10.0.0.1" })).toEqual({
        ok: false,
        problem: "invalidCredentials",
      });
    });

    it("keeps a session's absolute end (no sliding renewal, decision 016) and drops an expired one", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const { token, expiresAt } = await createSession(user.id);
      const id = sessionIdFromToken(token);
      const used = await validateSessionToken(token, new Date(Date.now() + 6 * 3600_000));
      expect(used?.renewed).toBe(false);
      expect(used!.expiresAt.getTime()).toBe(expiresAt.getTime());
      await db()
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(sessions.id, id));
      expect(await validateSessionToken(token)).toBeNull();
      expect(await db().select().from(sessions).where(eq(sessions.id, id))).toEqual([]);
    });

    it("the hourly sweep removes expired sessions and keeps live ones", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const live = await createSession(user.id);
      const old = await createSession(user.id);
      await db()
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 60_000) })
        .where(eq(sessions.id, sessionIdFromToken(old.token)));
      expect(await deleteExpiredSessions()).toBeGreaterThanOrEqual(1);
      const left = await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
      expect(left.map((s) => s.id)).toEqual([sessionIdFromToken(live.token)]);
    });

    it("changing the password ends every other session", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const phone = await createSession(user.id);
      const laptop = await createSession(user.id);
      const wrong = await changePassword({ userId: user.id, currentPassword: "nope-1234", newPassword: "new pass sail 2026" });
      expect(wrong).toEqual({ ok: false, fieldErrors: { currentPassword: "form.password.currentWrong" } });
      expect(await validateSessionToken(phone.token)).not.toBeNull();
      const result = await changePassword({ userId: user.id, currentPassword: PASSWORD, newPassword: "new pass sail 2026" });
      expect(result.ok).toBe(true);
      expect(await validateSessionToken(phone.token)).toBeNull();
      expect(await validateSessionToken(laptop.token)).toBeNull();
      if (result.ok) expect(await validateSessionToken(result.token)).not.toBeNull();
      expect((await loginWithPassword({ identifier: user.phone, password: "new pass sail 2026", ip: "10.2.0.1" })).ok).toBe(true);
    });
  });
}
