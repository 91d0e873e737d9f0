import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "#db/client.server";
import { knownDevices, loginThrottle } from "#db/schema";
import { changePassword } from "~/modules/accounts/change-password.server";
import { registerCandidate } from "~/modules/accounts/register-candidate.server";
import { registerSchema } from "~/modules/accounts/schemas";
import { ACCOUNT_POLICY, PAIR_POLICY, PASSWORD_CHECK_POLICY, registrationPolicy } from "~/modules/auth/login-throttle";
import { loginWithPassword, type LoginResult } from "~/modules/auth/login.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { config } from "~/modules/config.server";
import { createPlace, createUser, makeIdNumber, PASSWORD } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

// Count how many attempts reach the password check (issue 8 item 4: "all were evaluated").
vi.mock("~/modules/auth/password.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("~/modules/auth/password.server")>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});
const verified = vi.mocked(verifyPassword);

/** Delays are counted, not waited (no timed tests). */
const delays: number[] = [];
const wait = async (ms: number) => void delays.push(ms);

const outcome = (r: LoginResult) => (r.ok ? "ok" : r.problem);

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`login throttling on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
    });
    afterAll(() => drop());
    beforeEach(() => {
      verified.mockClear();
      delays.length = 0;
    });

    it("evaluates at most the pair's limit of 40 concurrent wrong passwords from one address", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          loginWithPassword({ identifier: user.phone, password: `wrong-${i}-x1`, ip: "10.3.0.1", wait }),
        ),
      );
      expect(verified.mock.calls.length).toBeLessThanOrEqual(PAIR_POLICY.limit);
      expect(results.filter((r) => outcome(r) === "invalidCredentials")).toHaveLength(verified.mock.calls.length);
      expect(results.filter((r) => outcome(r) === "locked")).toHaveLength(40 - verified.mock.calls.length);
      // the evaluated ones past the free attempts were slowed: 1 s, 2 s, 4 s, …
      expect(delays.filter((d) => d > 0).length).toBe(Math.max(0, verified.mock.calls.length - PAIR_POLICY.freeAttempts));
      // and the right password from that address is refused for the rest of the window, too
      expect(outcome(await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.3.0.1", wait }))).toBe("locked");
    }, 60_000);

    it("evaluates at most the account's limit of 200 concurrent wrong passwords from 200 addresses", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          loginWithPassword({ identifier: user.phone, password: `wrong-${i}-x2`, ip: `10.4.${i >> 8}.${i & 255}`, wait }),
        ),
      );
      expect(verified.mock.calls.length).toBeLessThanOrEqual(ACCOUNT_POLICY.limit);
      expect(results.filter((r) => !r.ok && r.problem === "locked" && r.scope === "account")).toHaveLength(
        200 - verified.mock.calls.length,
      );
    }, 120_000);

    it("lets the owner sign in from a known device after an attacker's 50 failures; an unknown device waits", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const first = await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.5.0.1", wait });
      if (!first.ok) throw new Error("the owner could not sign in");
      for (let i = 0; i < 50; i++) {
        await loginWithPassword({ identifier: user.phone, password: `guess-${i}-x3`, ip: `10.6.0.${i}`, wait });
      }
      const other = await createUser({ organizationId: place.organization.id });
      const otherLogin = await loginWithPassword({ identifier: other.phone, password: PASSWORD, ip: "10.5.0.2", wait });
      if (!otherLogin.ok) throw new Error("the other person could not sign in");
      verified.mockClear();
      // a new device, even with the right password, is refused by the account-wide limit …
      const stranger = await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.5.0.1", wait });
      expect(stranger).toMatchObject({ ok: false, problem: "locked", scope: "account" });
      // … and so is a device that is known for another account only
      expect(
        outcome(
          await loginWithPassword({
            identifier: user.phone,
            password: PASSWORD,
            ip: "10.5.0.2",
            deviceToken: otherLogin.device.token,
            wait,
          }),
        ),
      ).toBe("locked");
      expect(verified).not.toHaveBeenCalled();
      // the owner's own device (even from a new address) still signs in
      const owner = await loginWithPassword({
        identifier: user.phone,
        password: PASSWORD,
        ip: "10.5.0.3",
        deviceToken: first.device.token,
        wait,
      });
      expect(owner.ok).toBe(true);
      if (owner.ok) expect(owner.device.token).toBe(first.device.token);
      // a forged device token is just an unknown device
      expect(
        outcome(await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.5.0.4", deviceToken: "a".repeat(32), wait })),
      ).toBe("locked");
    }, 60_000);

    it("a pair refused from one address does not lock the owner out elsewhere, and ends with its window", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const now = new Date();
      for (let i = 0; i < PAIR_POLICY.limit; i++) {
        expect(outcome(await loginWithPassword({ identifier: user.phone, password: `bad-${i}-x4`, ip: "10.7.0.1", now, wait }))).toBe(
          "invalidCredentials",
        );
      }
      expect(delays).toEqual([1000, 2000, 4000, 4000, 4000]);
      expect(await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.7.0.1", now, wait })).toMatchObject({
        ok: false,
        problem: "locked",
        scope: "pair",
        retryAfterMinutes: 15,
      });
      expect((await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.7.0.2", now, wait })).ok).toBe(true);
      const later = new Date(now.getTime() + 16 * 60_000);
      expect((await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.7.0.1", now: later, wait })).ok).toBe(true);
      // the success forgot the pair
      const [pair] = await db()
        .select()
        .from(loginThrottle)
        .where(eq(loginThrottle.key, `pair:${user.phone}|10.7.0.1`));
      expect(pair).toBeUndefined();
    }, 60_000);

    it("refuses the current-password check on /account after a few wrong tries, even the right one", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const now = new Date();
      const tries = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          changePassword({ userId: user.id, currentPassword: `nope-${i}-x5`, newPassword: "new sail pass 2026", now }),
        ),
      );
      expect(verified.mock.calls.length).toBeLessThanOrEqual(PASSWORD_CHECK_POLICY.limit);
      expect(tries.filter((t) => !t.ok && t.throttled)).toHaveLength(12 - verified.mock.calls.length);
      const right = await changePassword({ userId: user.id, currentPassword: PASSWORD, newPassword: "new sail pass 2026", now });
      expect(right).toEqual({ ok: false, fieldErrors: { currentPassword: "form.password.tooManyTries" }, throttled: true });
      const later = await changePassword({
        userId: user.id,
        currentPassword: PASSWORD,
        newPassword: "new sail pass 2026",
        now: new Date(now.getTime() + 16 * 60_000),
      });
      expect(later.ok).toBe(true);
    }, 60_000);

    it("a password change keeps only the device that made it known", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const phone = await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.8.0.1", wait });
      const laptop = await loginWithPassword({ identifier: user.phone, password: PASSWORD, ip: "10.8.0.2", wait });
      if (!phone.ok || !laptop.ok) throw new Error("could not sign in");
      expect(await db().select().from(knownDevices).where(eq(knownDevices.userId, user.id))).toHaveLength(2);
      expect(
        (
          await changePassword({
            userId: user.id,
            currentPassword: PASSWORD,
            newPassword: "new sail pass 2026",
            deviceToken: phone.device.token,
          })
        ).ok,
      ).toBe(true);
      expect(await db().select().from(knownDevices).where(eq(knownDevices.userId, user.id))).toHaveLength(1);
    }, 30_000);

    it("throttles registration per address, before anything else is looked at", async () => {
      const limit = registrationPolicy(config().REGISTRATIONS_PER_ADDRESS_PER_HOUR).limit;
      const form = (n: number, overrides: Record<string, string> = {}) =>
        registerSchema.parse({
          name: "王小明",
          phone: `1370000${String(n).padStart(4, "0")}`,
          idNumber: makeIdNumber(700 + n),
          password: "secret sail 2026",
          passwordConfirm: "secret sail 2026",
          consent: "on",
          partyStatus: "full",
          partyPost: "secretary",
          organizationId: String(place.organization.id),
          ...overrides,
        });
      // probes (an unknown credit code: nothing is written) count as well
      const probes = await Promise.all(
        Array.from({ length: limit + 5 }, (_, i) =>
          registerCandidate(form(i, { organizationId: "", creditCode: "91350100M000100Y43" }), { ip: "10.9.9.1" }),
        ),
      );
      expect(probes.filter((r) => !r.ok && "throttled" in r)).toHaveLength(5);
      expect(await registerCandidate(form(90), { ip: "10.9.9.1" })).toMatchObject({ ok: false, throttled: true, retryAfterMinutes: 60 });
      expect((await registerCandidate(form(91), { ip: "10.9.9.2" })).ok).toBe(true);
    }, 60_000);
  });
}
