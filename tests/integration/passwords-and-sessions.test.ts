/**
 * Decision 016 (ASVS 4.0.3 V2.1, V3.3, V3.7): the new-password rule in the use cases, session idle
 * timeout and absolute lifetime, the person's list of sessions, 退出其他设备, and a password change
 * that ends every other session and leaves the person a notice.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { notifications, sessions, users } from "#db/schema";
import { changePassword } from "~/modules/accounts/change-password.server";
import { registerCandidate } from "~/modules/accounts/register-candidate.server";
import { registerSchema } from "~/modules/accounts/schemas";
import { loginWithPassword } from "~/modules/auth/login.server";
import { validateSessionCached } from "~/modules/auth/session-cache.server";
import { SESSION_ABSOLUTE_LIFETIME_MS, SESSION_IDLE_TIMEOUT_MS, sessionIdFromToken } from "~/modules/auth/session-token";
import {
  createSession,
  deleteExpiredSessions,
  invalidateOtherSessions,
  listUserSessions,
  recordSessionDevice,
  validateSessionToken,
} from "~/modules/auth/session.server";
import * as accountRoute from "~/routes/account";
import { createPlace, createUser, makeIdNumber, PASSWORD } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

const HOUR = 3600_000;
const WECHAT_ANDROID =
  "Mozilla/5.0 (Linux; Android 13; V2148A; wv) AppleWebKit/537.36 Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560";
const WINDOWS_EDGE =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`passwords and sessions on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
    });
    afterAll(() => drop());

    const person = () => createUser({ organizationId: place.organization.id });
    const sessionCount = async (userId: number) =>
      (await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))).length;

    describe("the new-password rule in the use cases", () => {
      const form = (password: string, n: number) =>
        registerSchema.parse({
          name: "赵新月",
          phone: `1370000${String(n).padStart(4, "0")}`,
          idNumber: makeIdNumber(700 + n),
          password,
          passwordConfirm: password,
          consent: "on",
          partyStatus: "full",
          partyPost: "other",
          organizationId: String(place.organization.id),
        });

      it("registration refuses a common password (the form cannot know the list) and writes nothing", async () => {
        const input = form("Unbelievable", 1);
        const result = await registerCandidate(input, { ip: "10.9.0.1" });
        expect(result).toEqual({ ok: false, fieldErrors: { password: "form.password.common" } });
        expect(await db().select().from(users).where(eq(users.phone, input.phone))).toEqual([]);
        const ok = await registerCandidate(form("unbelievable red sail", 2), { ip: "10.9.0.1", userAgent: WECHAT_ANDROID });
        expect(ok.ok).toBe(true);
        if (ok.ok) expect((await listUserSessions(ok.userId, null))[0].device).toBe("android/wechat");
      });

      it("a password change refuses a short, common, phone or ID-number password, and changes nothing", async () => {
        const user = await person();
        for (const [newPassword, key] of [
          ["sail2026", "form.password.tooShort"],
          ["masturbation", "form.password.common"],
          [`+86 ${user.phone}`, "form.password.isPhone"],
          [user.idNumber.toLowerCase(), "form.password.isIdNumber"],
        ] as const) {
          expect(await changePassword({ userId: user.id, currentPassword: PASSWORD, newPassword })).toEqual({
            ok: false,
            fieldErrors: { newPassword: key },
          });
        }
        // the old (9-character) password still signs in: the rule is for new passwords only
        expect((await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.9.0.1" })).ok).toBe(true);
      });
    });

    describe("a password change", () => {
      it("ends every other session (in memory too), opens one for this device, and leaves a notice", async () => {
        const user = await person();
        const phone = await createSession(user.id);
        const laptop = await createSession(user.id);
        expect(await validateSessionCached(phone.token)).not.toBeNull();
        const result = await changePassword({
          userId: user.id,
          currentPassword: PASSWORD,
          newPassword: "a new red sail 2026",
          userAgent: WINDOWS_EDGE,
        });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(await validateSessionCached(phone.token)).toBeNull();
        expect(await validateSessionToken(laptop.token)).toBeNull();
        expect(await validateSessionToken(result.token)).toMatchObject({ actor: { userId: user.id } });
        expect(await listUserSessions(user.id, sessionIdFromToken(result.token))).toMatchObject([
          { device: "windows/edge", current: true },
        ]);
        const notices = await db().select().from(notifications).where(eq(notifications.userId, user.id));
        expect(notices).toMatchObject([{ kind: "passwordChanged", readAt: null }]);
      });

      it("a wrong current password changes nothing and leaves no notice", async () => {
        const user = await person();
        await createSession(user.id);
        expect(await changePassword({ userId: user.id, currentPassword: "not it at all", newPassword: "a new red sail 2026" })).toEqual({
          ok: false,
          fieldErrors: { currentPassword: "form.password.currentWrong" },
        });
        expect(await sessionCount(user.id)).toBe(1);
        expect(await db().select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);
      });
    });

    describe("idle timeout (12 h) and absolute lifetime (30 d)", () => {
      it("ends a session unused for 12 hours, and deletes it", async () => {
        const user = await person();
        const t0 = new Date();
        const { token } = await createSession(user.id, db(), { now: t0 });
        expect(await validateSessionToken(token, new Date(t0.getTime() + SESSION_IDLE_TIMEOUT_MS - 1000))).not.toBeNull();
        // that lookup recorded the use: 12 hours from then is the new limit
        const later = new Date(t0.getTime() + 2 * SESSION_IDLE_TIMEOUT_MS - 2000);
        expect(await validateSessionToken(token, later)).not.toBeNull();
        expect(await validateSessionToken(token, new Date(later.getTime() + SESSION_IDLE_TIMEOUT_MS))).toBeNull();
        expect(await sessionCount(user.id)).toBe(0);
      });

      it("ends a session 30 days after sign-in however active, and the cookie says the same end", async () => {
        const user = await person();
        const t0 = new Date();
        const { token, expiresAt } = await createSession(user.id, db(), { now: t0 });
        expect(expiresAt.getTime()).toBe(t0.getTime() + SESSION_ABSOLUTE_LIFETIME_MS);
        // used every 6 hours for 30 days
        for (let t = 6 * HOUR; t < SESSION_ABSOLUTE_LIFETIME_MS; t += 6 * HOUR) {
          const at = new Date(t0.getTime() + t);
          const session = await validateSessionToken(token, at);
          expect(session?.expiresAt.getTime(), `at ${t / HOUR} h`).toBe(expiresAt.getTime());
        }
        expect(await validateSessionToken(token, new Date(expiresAt.getTime() - 1))).not.toBeNull();
        expect(await validateSessionToken(token, expiresAt)).toBeNull();
        expect(await sessionCount(user.id)).toBe(0);
      }, 60_000);

      it("the sweep removes idle and ended sessions and keeps live ones", async () => {
        const user = await person();
        const live = await createSession(user.id);
        const idle = await createSession(user.id);
        const ended = await createSession(user.id);
        await db()
          .update(sessions)
          .set({ lastSeenAt: new Date(Date.now() - SESSION_IDLE_TIMEOUT_MS - 60_000) })
          .where(eq(sessions.id, sessionIdFromToken(idle.token)));
        await db()
          .update(sessions)
          .set({ expiresAt: new Date(Date.now() - 60_000) })
          .where(eq(sessions.id, sessionIdFromToken(ended.token)));
        expect(await deleteExpiredSessions()).toBeGreaterThanOrEqual(2);
        const left = await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
        expect(left.map((s) => s.id)).toEqual([sessionIdFromToken(live.token)]);
      });
    });

    describe("the person's sessions", () => {
      it("lists live sessions with a coarse device, the current one marked, idle ones left out", async () => {
        const user = await person();
        const here = await createSession(user.id, db(), { userAgent: WINDOWS_EDGE });
        const phone = await createSession(user.id);
        await recordSessionDevice(phone.token, WECHAT_ANDROID);
        const idle = await createSession(user.id, db(), { userAgent: WECHAT_ANDROID });
        await db()
          .update(sessions)
          .set({ lastSeenAt: new Date(Date.now() - SESSION_IDLE_TIMEOUT_MS - 1000) })
          .where(eq(sessions.id, sessionIdFromToken(idle.token)));
        const list = await listUserSessions(user.id, sessionIdFromToken(here.token));
        expect(list.map((s) => [s.device, s.current]).sort()).toEqual([
          ["android/wechat", false],
          ["windows/edge", true],
        ]);
        expect(JSON.stringify(list)).not.toContain(sessionIdFromToken(phone.token));
      });

      it("退出其他设备 ends every other session of the person (in memory too), not this one, not anyone else's", async () => {
        const user = await person();
        const other = await person();
        const here = await createSession(user.id);
        const phone = await createSession(user.id);
        const tablet = await createSession(user.id);
        const someoneElse = await createSession(other.id);
        expect(await validateSessionCached(phone.token)).not.toBeNull();
        expect(await invalidateOtherSessions(user.id, sessionIdFromToken(here.token))).toBe(2);
        expect(await validateSessionCached(phone.token)).toBeNull();
        expect(await validateSessionToken(tablet.token)).toBeNull();
        expect(await validateSessionToken(here.token)).not.toBeNull();
        expect(await validateSessionToken(someoneElse.token)).not.toBeNull();
      });

      it("the account page lists them and its 退出其他设备 button ends the others", async () => {
        const user = await person();
        const here = await createSession(user.id, db(), { userAgent: WINDOWS_EDGE });
        const phone = await createSession(user.id, db(), { userAgent: WECHAT_ANDROID });
        const cookie = `hf_session=${here.token}`;
        const loaded = (await accountRoute.loader({
          request: new Request("http://localhost/account", { headers: { Cookie: cookie } }),
          params: {},
          context: {},
        })) as {
          sessions: { device: { os: string; browser: string }; current: boolean }[];
        };
        expect(loaded.sessions).toHaveLength(2);
        expect(loaded.sessions.find((s) => s.current)?.device).toEqual({ os: "windows", browser: "edge" });
        const request = new Request("http://localhost/account", {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: "signOutOthers" }),
        });
        const answer = (await accountRoute.action({ request, params: {}, context: {} })) as unknown as {
          data: { form: string; count: number };
        };
        expect(answer.data).toMatchObject({ form: "sessions", count: 1 });
        expect(await validateSessionToken(phone.token)).toBeNull();
        expect(await validateSessionToken(here.token)).not.toBeNull();
        const rows = await db()
          .select()
          .from(sessions)
          .where(and(eq(sessions.userId, user.id)));
        expect(rows).toHaveLength(1);
      });
    });
  });
}
