import { RATE_LIMITED_MESSAGE, verifyCertificateNumber, verifyLimiter, type VerifyOutcome } from "./verify.server";

export type VerifyBody = VerifyOutcome | { kind: "rateLimited"; message: string };

/**
 * The verification pages' answer: the rate limit per address first (429 with a Chinese message and
 * Retry-After), then the number. A found certificate may be cached for a minute by anyone
 * (public, max-age=60; the server makes it private/no-store for a signed-in visitor); mistakes
 * and unknown numbers are not cached.
 */
export async function verifyLookup(
  input: string,
  clientIp: string | undefined,
  now = Date.now(),
): Promise<{ body: VerifyBody; status: number; headers: Record<string, string> }> {
  const decision = verifyLimiter().take(clientIp ?? "unknown", now);
  if (!decision.allowed) {
    return {
      body: { kind: "rateLimited", message: RATE_LIMITED_MESSAGE },
      status: 429,
      headers: { "Retry-After": String(Math.ceil(decision.retryAfterMs / 1000)), "Cache-Control": "no-store" },
    };
  }
  const outcome = await verifyCertificateNumber(input);
  switch (outcome.kind) {
    case "found":
      return { body: outcome, status: 200, headers: { "Cache-Control": "public, max-age=60" } };
    case "notFound":
      return { body: outcome, status: 404, headers: { "Cache-Control": "no-store" } };
    default:
      return { body: outcome, status: 400, headers: { "Cache-Control": "no-store" } };
  }
}
