import { and, eq, lt, ne } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { knownDevices } from "#db/schema";
import { config } from "../config.server";
import { generateSessionToken, sessionIdFromToken } from "./session-token";

/**
 * Known devices (OWASP's "device cookie"; docs/decisions/013). A successful login leaves a
 * long-lived random token in the hf_device cookie and stores its SHA-256 with the account, like a
 * session id: nothing to sign, no secret to share between instances, revocable. A login for an
 * account from a device that carries a token stored for it is not counted against the
 * account-wide limit, so guesses from elsewhere cannot lock the owner out of their own devices.
 */
export const DEVICE_COOKIE = "hf_device";
export const DEVICE_LIFETIME_MS = 365 * 24 * 3600_000;

export function readDeviceTokenFromCookie(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) {
      const value = rest.join("=");
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}

export async function isKnownDevice(token: string | null | undefined, userId: number, now: Date): Promise<boolean> {
  if (!token) return false;
  const [row] = await db()
    .select({ userId: knownDevices.userId, expiresAt: knownDevices.expiresAt })
    .from(knownDevices)
    .where(and(eq(knownDevices.tokenHash, sessionIdFromToken(token)), eq(knownDevices.userId, userId)));
  return Boolean(row && row.expiresAt > now);
}

/** After a successful login: this device is known for the account for another year (a new token when it had none). */
export async function rememberDevice(
  token: string | null | undefined,
  userId: number,
  now: Date,
  tx: DbOrTx = db(),
): Promise<{ token: string; expiresAt: Date }> {
  const deviceToken = token ?? generateSessionToken();
  const expiresAt = new Date(now.getTime() + DEVICE_LIFETIME_MS);
  await tx
    .insert(knownDevices)
    .values({ tokenHash: sessionIdFromToken(deviceToken), userId, expiresAt })
    .onConflictDoUpdate({ target: [knownDevices.tokenHash, knownDevices.userId], set: { expiresAt } });
  await tx.delete(knownDevices).where(and(eq(knownDevices.userId, userId), lt(knownDevices.expiresAt, now)));
  return { token: deviceToken, expiresAt };
}

/** After a password change: only the device that changed it stays known (a thief's device does not). */
export async function forgetOtherDevices(userId: number, keepToken: string | null | undefined, tx: DbOrTx = db()): Promise<void> {
  await tx
    .delete(knownDevices)
    .where(
      keepToken
        ? and(eq(knownDevices.userId, userId), ne(knownDevices.tokenHash, sessionIdFromToken(keepToken)))
        : eq(knownDevices.userId, userId),
    );
}

export function deviceCookie(token: string, expiresAt: Date): string {
  const secure = config().cookieSecure ? "; Secure" : "";
  return `${DEVICE_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure}`;
}
