import { preparedQuery } from "#db/prepared.server";
import { config } from "../config.server";
import { parseCertificateNumber } from "./number";
import { RateWindow } from "./rate-window";
import { publicCertificate, type PublicCertificate, type VerifyRow } from "./verify";

/**
 * Public verification (/verify/<number>): the number is checked (shape, then the MOD 11-2 check
 * character) before any lookup; the lookup is one prepared statement on the unique index of
 * certificates.number. Rate-limited per address.
 */

const LOOKUP = `
  select c.number, c.level, c.status, co.name as county_name, c.holder_name,
    (extract(epoch from c.issued_at) * 1000)::float8 as issued_ms,
    e.kind as last_kind, (extract(epoch from e.at) * 1000)::float8 as last_ms, e.data::text as last_data,
    (select n.level from certificates n where n.supersedes_id = c.id order by n.id limit 1) as next_level,
    exists (select 1 from certificate_status_events h where h.certificate_id = c.id and h.kind = 'on_hold') as was_held
  from certificates c
  join counties co on co.id = c.county_id
  cross join lateral (select kind, at, data from certificate_status_events s where s.certificate_id = c.id order by s.id desc limit 1) e
  where c.number = $1`;

export type VerifyOutcome =
  { kind: "found"; certificate: PublicCertificate } | { kind: "format" | "check"; input: string } | { kind: "notFound"; number: string };

export async function verifyCertificateNumber(input: string): Promise<VerifyOutcome> {
  const trimmed = input.slice(0, 64);
  const parsed = parseCertificateNumber(trimmed);
  if (!parsed.ok) return { kind: parsed.reason, input: trimmed };
  const [row] = await preparedQuery<VerifyRow & Record<string, unknown>>(LOOKUP, [parsed.number]);
  if (!row) return { kind: "notFound", number: parsed.number };
  return { kind: "found", certificate: publicCertificate(row) };
}

/**
 * The per-address limit of verification lookups (VERIFY_RATE_PER_MINUTE, default 30 a minute). Kept
 * on globalThis: the lean page (loaded by server/index.ts) and the Remix routes (the server build,
 * a module graph of its own) count in the same windows.
 */
const KEY = Symbol.for("hongfan.verifyLimiter");
const holder = globalThis as unknown as { [KEY]?: RateWindow };

export function verifyLimiter(): RateWindow {
  holder[KEY] ??= new RateWindow({ limit: config().VERIFY_RATE_PER_MINUTE, windowMs: 60_000, maxKeys: 50_000 });
  return holder[KEY];
}

/** For tests: a fresh limiter with this policy. */
export function resetVerifyLimiter(limit?: number): void {
  holder[KEY] = limit ? new RateWindow({ limit, windowMs: 60_000, maxKeys: 50_000 }) : undefined;
}

export const RATE_LIMITED_MESSAGE = "查询过于频繁，请一分钟后再试。";
