import { randomBytes } from "node:crypto";
import { afterEach, vi } from "vitest";
import { log, logTo } from "../app/modules/observability/log.server";

// The issuer key's key-encryption key (decision 018): one per test process, never a file in .data.
process.env.HF_ISSUER_KEK ??= randomBytes(32).toString("base64url");

// An unexpected console.error fails the test that caused it.
const original = console.error;
let errors: unknown[][] = [];
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};

// The logger's lines (docs/decisions/033): warnings and errors printed, the rest dropped unless
// LOG_LEVEL asks; an error line fails the test that caused it, as console.error does.
log.level = process.env.LOG_LEVEL ?? "warn";
logTo({
  write(line: string) {
    const { level, msg } = JSON.parse(line) as { level: string; msg: string };
    if (level === "error" || level === "fatal") errors.push([`log: ${msg}`]);
    process.stderr.write(line);
  },
});

afterEach(() => {
  const seen = errors;
  errors = [];
  vi.restoreAllMocks();
  if (seen.length) throw new Error(`unexpected console.error: ${String(seen[0][0])}`);
});
