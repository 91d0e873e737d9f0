import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { users } from "#db/schema";
import { normalizeIdNumber } from "../accounts/id-number";
import { normalizePhone } from "../accounts/phone";
import { isKnownDevice, rememberDevice } from "./device.server";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  combineDecisions,
  decideAttempt,
  PAIR_POLICY,
  retryAfterMinutes,
  type ThrottlePolicy,
} from "./login-throttle";
import { dummyHash, verifyPassword } from "./password.server";
import { createSession } from "./session.server";
import { countAttempts, resetAttempts, takeBackAttempts } from "./throttle.server";

export type LoginResult =
  | { ok: true; userId: number; token: string; expiresAt: Date; device: { token: string; expiresAt: Date } }
  | { ok: false; problem: "invalidCredentials" }
  /** `account`: the account-wide limit for unknown devices refused it (a known device still may sign in). */
  | { ok: false; problem: "locked"; retryAfterMinutes: number; scope: "pair" | "account" | "address" };

/** Phone or ID number: both are unique. */
function identifierKey(identifier: string): { column: "phone" | "idNumber"; value: string } {
  const phone = normalizePhone(identifier);
  if (/^\d{11}$/.test(phone)) return { column: "phone", value: phone };
  return { column: "idNumber", value: normalizeIdNumber(identifier) };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Signs in with phone or ID number (docs/decisions/013). The attempt is counted first — one atomic
 * upsert for the pair (account, address), the account (unless this device has signed in to it
 * before: a valid hf_device cookie) and the address — and decided from the returned numbers; only
 * an allowed attempt (after its progressive delay) reaches the password check. A success forgets
 * the pair and gives its attempt back to the account and the address, and marks the device known.
 * Unknown identifiers are counted and answered exactly like wrong passwords.
 */
export async function loginWithPassword(input: {
  identifier: string;
  password: string;
  ip: string;
  /** The hf_device cookie's token, if the browser sent one. */
  deviceToken?: string | null;
  now?: Date;
  /** How a delay is waited (tests count instead of waiting). */
  wait?: (ms: number) => Promise<void>;
}): Promise<LoginResult> {
  const now = input.now ?? new Date();
  const { column, value } = identifierKey(input.identifier);
  const [user] = await db()
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(column === "phone" ? eq(users.phone, value) : eq(users.idNumber, value));
  const knownDevice = user ? await isKnownDevice(input.deviceToken, user.id, now) : false;

  const keys: { key: string; policy: ThrottlePolicy; scope: "pair" | "account" | "address" }[] = [
    { key: `pair:${value}|${input.ip}`, policy: PAIR_POLICY, scope: "pair" },
    ...(knownDevice ? [] : [{ key: `account:${value}`, policy: ACCOUNT_POLICY, scope: "account" as const }]),
    { key: `ip:${input.ip}`, policy: ADDRESS_POLICY, scope: "address" },
  ];
  const counts = await countAttempts(keys, now);
  const decisions = keys.map((k) => ({ ...k, decision: decideAttempt(counts.get(k.key)!, now, k.policy) }));
  const decision = combineDecisions(decisions.map((d) => d.decision));
  if (!decision.allowed) {
    // Not evaluated: the keys that would have let it through get their attempt back, so that
    // hammering a refused pair does not use up the account's or the address's room as well.
    await takeBackAttempts(
      decisions.filter((d) => d.decision.allowed).map((d) => d.key),
      now,
    );
    const refusing = decisions.filter((d) => !d.decision.allowed).map((d) => d.scope);
    const scope = refusing.includes("account") ? "account" : refusing.includes("pair") ? "pair" : "address";
    return { ok: false, problem: "locked", retryAfterMinutes: retryAfterMinutes(decision.retryAfterMs), scope };
  }
  if (decision.delayMs > 0) await (input.wait ?? sleep)(decision.delayMs);

  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
  if (!user || !valid) return { ok: false, problem: "invalidCredentials" };

  await resetAttempts(keys[0].key);
  await takeBackAttempts(
    keys.slice(1).map((k) => k.key),
    now,
  );
  const device = await rememberDevice(knownDevice ? input.deviceToken : null, user.id, now);
  const session = await createSession(user.id);
  return { ok: true, userId: user.id, ...session, device };
}
