import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { config } from "../config.server";

/**
 * The process's one logger (docs/decisions/033): JSON lines on stdout through pino, every line
 * carrying the instance id (`INSTANCE_ID`, default `<hostname>:<pid>`), the level as a word and an
 * ISO time. Messages are short English sentences; the facts go in fields.
 *
 * What never reaches a line: passwords, cookies, the Authorization header, session tokens and
 * 公民身份号码 (GB 11643). The access lines (server/observability.ts) are built from fixed fields
 * and never copy headers or bodies; `redact` blanks the known field names wherever someone logs an
 * object; errors go through `serializeError`, which keeps the SQL of a failed drizzle query but
 * drops its parameters (drizzle puts them in the message: a registration's ID number, a password
 * hash) and PostgreSQL's `detail` (the duplicate key's value), and masks anything shaped like an
 * ID number in what it keeps.
 *
 * The logger lives on globalThis: the Express server and the Remix server build are separate module
 * graphs and must write through one destination (one buffer, one flush at exit).
 */

/** Field names blanked wherever they occur (top level, or one level down) in a logged object. */
const REDACTED_KEYS = [
  "password",
  "passwordConfirm",
  "currentPassword",
  "newPassword",
  "token",
  "sessionToken",
  "cookie",
  "authorization",
  "set-cookie",
  "idNumber",
  "id_number",
];
export const REDACT_PATHS: readonly string[] = [
  ...REDACTED_KEYS.map((key) => (key.includes("-") ? `["${key}"]` : key)),
  ...REDACTED_KEYS.map((key) => (key.includes("-") ? `*["${key}"]` : `*.${key}`)),
];

/** 18 characters shaped like a 公民身份号码 (17 digits and a digit or X), not part of a longer number. */
const ID_NUMBER_SHAPE = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;

/** Replaces anything shaped like an ID number (checksum or not: a false positive only hides a number). */
export function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBER_SHAPE, "[id-number]");
}

const PARAMS_MARK = "\nparams: ";

/** The message without drizzle's "params: …" (the query's values), ID-shaped runs masked. */
function safeMessage(message: string): string {
  const params = message.indexOf(PARAMS_MARK);
  return maskIdNumbers(params === -1 ? message : `${message.slice(0, params)}${PARAMS_MARK}[not logged]`);
}

/**
 * An error as a log field: its type, message, SQLSTATE code, constraint and table, stack frames and
 * cause — never the query parameters or PostgreSQL's detail.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: maskIdNumbers(String(error)) };
  const e = error as Error & { code?: unknown; constraint_name?: unknown; table_name?: unknown };
  const message = safeMessage(e.message);
  const out: Record<string, unknown> = { type: e.name, message };
  if (typeof e.code === "string") out.code = e.code;
  if (typeof e.constraint_name === "string") out.constraint = e.constraint_name;
  if (typeof e.table_name === "string") out.table = e.table_name;
  if (typeof e.stack === "string") {
    // the stack starts with "<name>: <message>": keep only the frames after the original message
    const head = `${e.name}: ${e.message}`;
    const frames = e.stack.startsWith(head) ? e.stack.slice(head.length) : e.stack.slice(Math.max(0, e.stack.indexOf("\n    at ")));
    out.stack = `${e.name}: ${message}${maskIdNumbers(frames)}`;
  }
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** The logger's settings: the level, the instance in every line, the level as a word, ISO time, the error serializer and the redaction. */
export function loggerOptions(level: string, instance: string): LoggerOptions {
  return {
    level,
    base: { instance },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: [...REDACT_PATHS], censor: "[redacted]" },
  };
}

/** Where the lines go: stdout by default (asynchronous, flushed at exit); tests point it elsewhere with `logTo`. */
class Sink implements DestinationStream {
  constructor(public target: DestinationStream) {}
  write(line: string): void {
    this.target.write(line);
  }
  flushSync(): void {
    (this.target as { flushSync?: () => void }).flushSync?.();
  }
}

interface Holder {
  logger: Logger;
  access: Logger;
  sink: Sink;
  stdout: DestinationStream;
}
const KEY = Symbol.for("hongfan.logger");

function holder(): Holder {
  const g = globalThis as { [KEY]?: Holder };
  const existing = g[KEY];
  if (existing) return existing;
  const env = config();
  // Asynchronous: a write to a slow pipe never blocks a request; lines written while one write is
  // out go together in the next (pino flushes what is left when the process exits).
  const stdout = pino.destination({ dest: 1, sync: false });
  const sink = new Sink(stdout);
  const logger = pino(loggerOptions(env.LOG_LEVEL, env.instanceId), sink);
  // The access lines are built from fixed fields (server/observability.ts) and need no redaction,
  // which costs more than the rest of the line (measured: about 20 µs a line with it, 7.5 µs without).
  const access = pino({ ...loggerOptions(env.LOG_LEVEL, env.instanceId), redact: undefined }, sink);
  return (g[KEY] = { logger, access, sink, stdout });
}

/** The logger. Use `log.info({ fields }, "short message")`; errors as `{ err }`. */
export const log: Logger = holder().logger;

/**
 * The access lines' logger (server/observability.ts only): the same destination, level and fields,
 * without the redaction — every field of an access line is chosen there, none copied from the request.
 */
export const accessLog: Logger = holder().access;

/** Sends the lines to `target` instead of stdout (tests); `null` goes back to stdout. */
export function logTo(target: DestinationStream | null): void {
  const h = holder();
  h.sink.target = target ?? h.stdout;
}

/** Writes out what is buffered (before a deliberate exit). */
export function flushLog(): void {
  holder().sink.flushSync();
}
