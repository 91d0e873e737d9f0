import { hostname } from "node:os";
import { z } from "zod";

/** postgres.js's URLs, several hosts included (which URL parsers refuse): scheme, then no spaces */
const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** postgres://user:pass@host/db; several hosts for a failover pair: postgres://h1:5432,h2:5432/db?target_session_attrs=read-write (docs/deploy.md) */
  DATABASE_URL: z.string().regex(POSTGRES_URL, "a postgres:// URL").optional(),
  /**
   * A direct connection (a real session) for LISTEN/NOTIFY between instances and the start-up lock,
   * when DATABASE_URL goes through a transaction-mode pooler such as PgBouncer (default: DATABASE_URL).
   */
  DATABASE_SESSION_URL: z.string().regex(POSTGRES_URL, "a postgres:// URL").optional(),
  /** Connections in each instance's pool (docs/deploy.md §10: instances × (pool + 1) within max_connections). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Embedded PGlite directory when DATABASE_URL is not set. */
  DATA_DIR: z.string().default(".data"),
  /** Uploaded attachments (content-addressed, docs/decisions/020); default `<DATA_DIR>/files`. */
  FILES_DIR: z.string().min(1).optional(),
  /** An S3-compatible bucket for the stored files instead of FILES_DIR (decision 022), with its endpoint and keys. */
  S3_BUCKET: z.string().min(1).optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** path-style URLs (MinIO, s3rver; most Chinese clouds want virtual-hosted: false) */
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
  /** Load the demo counties, organizations and accounts at start (default: on for the embedded database). */
  SEED_DEMO: z.enum(["true", "false"]).optional(),
  /** Secure cookies: default on in production; turn off only to try the app over plain http on a LAN. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /** Trust X-Forwarded-For from this many proxies (for rate limiting by address). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** Registrations accepted from one address per hour (docs/decisions/013; the e2e suite raises it: all its browsers share 127.0.0.1). */
  REGISTRATIONS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** Saves one exam attempt may send in a burst (issue 8 item 7, app/modules/exams/save-input.ts SAVE_BURST; bench:exams raises it: its candidates save far faster than a page). */
  EXAM_SAVE_BURST: z.coerce.number().int().min(1).default(120),
  /** The site's public address printed in certificates' QR codes (default: the request's own origin). */
  PUBLIC_ORIGIN: z.string().url().optional(),
  /** Seconds between runs of the exam deadline sweeper (default SWEEP_INTERVAL_SECONDS, 15; the cluster tests run it every second). */
  EXAM_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  /** Lookups of the public certificate verification page per address and minute (per app instance). */
  VERIFY_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** The key-encryption key of the Open Badges issuer key (decision 018; else the file DATA_DIR/issuer-kek). */
  HF_ISSUER_KEK: z.string().min(43).optional(),
  /** The least level logged (docs/decisions/033): debug adds the access lines of probes and scrapes. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** This instance's name in every log line (default `<hostname>:<pid>`). */
  INSTANCE_ID: z
    .string()
    .regex(/^[\w.:@-]{1,100}$/, "letters, digits and . : @ _ - only")
    .or(z.literal(""))
    .optional(),
  /** The bearer token that opens /metrics on the app's port (without it and METRICS_PORT, /metrics does not exist). */
  METRICS_TOKEN: z.string().min(32, "at least 32 characters").optional(),
  /** A port on 127.0.0.1 that serves /metrics without a token (for a scraper on the same machine). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Config = z.infer<typeof schema> & { cookieSecure: boolean; seedDemo: boolean; instanceId: string };

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : env.NODE_ENV === "production",
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === "true" : !env.DATABASE_URL,
    instanceId: env.INSTANCE_ID || `${hostname()}:${process.pid}`,
  };
  return cached;
}
