import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  /** Embedded PGlite directory when DATABASE_URL is not set. */
  DATA_DIR: z.string().default(".data"),
  /** Load the demo counties, organizations and accounts at start (default: on for the embedded database). */
  SEED_DEMO: z.enum(["true", "false"]).optional(),
  /** Secure cookies: default on in production; turn off only to try the app over plain http on a LAN. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /** Trust X-Forwarded-For from this many proxies (for rate limiting by address). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
});

export type Config = z.infer<typeof schema> & { cookieSecure: boolean; seedDemo: boolean };

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
  };
  return cached;
}
