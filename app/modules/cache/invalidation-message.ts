import { z } from "zod";
import type { Invalidation } from "./cache";

/**
 * The wire format of cache invalidations between instances (docs/decisions/032): what one
 * instance sends with PostgreSQL NOTIFY and every other one applies. Pure: encoding into payloads
 * that fit NOTIFY's limit, and parsing what arrives (anything malformed is dropped, never thrown).
 *
 * A payload is `{"o":"<origin>","m":[{"c":"sessions","op":"group","g":17}, …]}`: the sending
 * instance (so it can skip its own messages, which PostgreSQL delivers to its listener too) and the
 * invalidations in the order they were made.
 */
export type InvalidationMessage = { cache: string } & Invalidation;

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay well below. */
export const MAX_PAYLOAD_BYTES = 7_000;

type Wire = { c: string; op: "key"; k: string | number } | { c: string; op: "group"; g: string | number } | { c: string; op: "clear" };

const keySchema = z.union([z.string().max(512), z.number().finite()]);
const wireSchema = z.discriminatedUnion("op", [
  z.object({ c: z.string().min(1).max(64), op: z.literal("key"), k: keySchema }),
  z.object({ c: z.string().min(1).max(64), op: z.literal("group"), g: keySchema }),
  z.object({ c: z.string().min(1).max(64), op: z.literal("clear") }),
]);
const payloadSchema = z.object({ o: z.string().min(1).max(64), m: z.array(z.unknown()).max(1_000) });

function toWire(message: InvalidationMessage): Wire {
  if (message.op === "key") return { c: message.cache, op: "key", k: message.key };
  if (message.op === "group") return { c: message.cache, op: "group", g: message.group };
  return { c: message.cache, op: "clear" };
}

function fromWire(wire: Wire): InvalidationMessage {
  if (wire.op === "key") return { cache: wire.c, op: "key", key: wire.k };
  if (wire.op === "group") return { cache: wire.c, op: "group", group: wire.g };
  return { cache: wire.c, op: "clear" };
}

/**
 * The messages as NOTIFY payloads, in order, each below MAX_PAYLOAD_BYTES. A single message too
 * large to send (a key of several kilobytes) becomes a `clear` of its cache: the receivers forget
 * more than needed, never less.
 */
export function encodeInvalidations(origin: string, messages: readonly InvalidationMessage[]): string[] {
  const payloads: string[] = [];
  const head = `{"o":${JSON.stringify(origin)},"m":[`;
  let parts: string[] = [];
  let bytes = head.length + 2;
  const flush = () => {
    if (parts.length) payloads.push(`${head}${parts.join(",")}]}`);
    parts = [];
    bytes = head.length + 2;
  };
  for (const message of messages) {
    let part = JSON.stringify(toWire(message));
    if (Buffer.byteLength(part) + head.length + 2 > MAX_PAYLOAD_BYTES) part = JSON.stringify(toWire({ cache: message.cache, op: "clear" }));
    const size = Buffer.byteLength(part) + 1;
    if (bytes + size > MAX_PAYLOAD_BYTES) flush();
    parts.push(part);
    bytes += size;
  }
  flush();
  return payloads;
}

/** A received payload: its origin and the well-formed invalidations in it (null: not ours at all). */
export function decodeInvalidations(payload: string): { origin: string; messages: InvalidationMessage[] } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  const outer = payloadSchema.safeParse(parsed);
  if (!outer.success) return null;
  const messages: InvalidationMessage[] = [];
  for (const item of outer.data.m) {
    const wire = wireSchema.safeParse(item);
    if (wire.success) messages.push(fromWire(wire.data));
  }
  return { origin: outer.data.o, messages };
}
