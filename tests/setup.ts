import { randomBytes } from "node:crypto";
import { afterEach, vi } from "vitest";

// The issuer key's key-encryption key (decision 018): one per test process, never a file in .data.
process.env.HF_ISSUER_KEK ??= randomBytes(32).toString("base64url");

// An unexpected console.error fails the test that caused it.
const original = console.error;
let errors: unknown[][] = [];
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};
afterEach(() => {
  const seen = errors;
  errors = [];
  vi.restoreAllMocks();
  if (seen.length) throw new Error(`unexpected console.error: ${String(seen[0][0])}`);
});
