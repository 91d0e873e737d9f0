import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type postgres from "postgres";
import { log } from "../observability/log.server";
import { forgetEverything, receiveInvalidation, setInvalidationPublisher } from "./cache.server";
import { decodeInvalidations, encodeInvalidations, type InvalidationMessage } from "./invalidation-message";

/**
 * Cache invalidation between app instances through PostgreSQL itself (docs/decisions/032): every
 * invalidation made here (logout, password change, role change, a setting, a question edit…) is
 * sent with NOTIFY on one channel; every instance LISTENs on it and applies what the others sent.
 * No broker of our own: the database all instances already share carries it.
 *
 * - Sending: invalidations made in one turn of the event loop go out together, in order, as few
 *   NOTIFY payloads as fit (invalidation-message.ts). A failed NOTIFY is retried (RETRY_DELAYS_MS);
 *   the caches' own time limits bound what a lost message can cost.
 * - Callers invalidate after their transaction committed (and, where a reader could race the
 *   commit, before it too: session.server.ts), so what the others reload is the committed state.
 * - Receiving: postgres.js keeps the LISTEN connection and re-listens after it drops. Whatever was
 *   sent while it was down is lost, so on every re-listen this instance forgets all its caches.
 * - PostgreSQL delivers a NOTIFY to the sender's listener too: messages carry their origin and an
 *   instance skips its own.
 */
export const INVALIDATION_CHANNEL = "hongfan_cache_invalidation";

const RETRY_DELAYS_MS = [100, 1_000, 5_000];

export interface CrossInstanceCounters {
  /** NOTIFY payloads sent, and invalidations in them */
  payloadsSent: number;
  sent: number;
  /** NOTIFYs that failed after every retry (their invalidations are lost to the others) */
  sendFailures: number;
  /** invalidations received from other instances and applied */
  received: number;
  /** payloads that were not ours to read (dropped) */
  malformed: number;
  /** times the listener came back after its connection dropped (every cache was forgotten) */
  relistens: number;
}

export interface CrossInstanceLink {
  readonly origin: string;
  readonly counters: CrossInstanceCounters;
  /** true once LISTEN is in place (and again after a reconnect) */
  listening(): boolean;
  /** waits until everything queued so far was sent (or given up) */
  flushed(): Promise<void>;
  stop(): Promise<void>;
}

export interface LinkOptions {
  /** this instance's name in messages (default host:pid:random) */
  origin?: string;
  /** what to do with another instance's invalidation (default: apply it to this process's caches) */
  apply?: (message: InvalidationMessage) => void;
  /** whether this link sends this process's invalidations (default true; tests link twice in one process) */
  publish?: boolean;
  onError?: (what: string, error: unknown) => void;
}

export async function linkInstances(sql: postgres.Sql, options: LinkOptions = {}): Promise<CrossInstanceLink> {
  const origin = options.origin ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const apply = options.apply ?? receiveInvalidation;
  const onError = options.onError ?? ((what, error) => log.error({ err: error }, `cache invalidation: ${what}`));
  const counters: CrossInstanceCounters = { payloadsSent: 0, sent: 0, sendFailures: 0, received: 0, malformed: 0, relistens: 0 };

  let queue: InvalidationMessage[] = [];
  let scheduled = false;
  let sending: Promise<void> = Promise.resolve();
  let stopped = false;

  const send = async (payload: string, count: number) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql.notify(INVALIDATION_CHANNEL, payload);
        counters.payloadsSent++;
        counters.sent += count;
        return;
      } catch (error) {
        if (attempt >= RETRY_DELAYS_MS.length || stopped) {
          counters.sendFailures++;
          onError("NOTIFY failed", error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
      }
    }
  };

  const flush = () => {
    scheduled = false;
    const messages = queue;
    queue = [];
    const payloads = encodeInvalidations(origin, messages);
    // in order: one payload after the other, and after what an earlier turn queued
    for (const payload of payloads) {
      const count = decodeInvalidations(payload)?.messages.length ?? 0;
      sending = sending.then(() => send(payload, count));
    }
  };

  const publisher = (message: InvalidationMessage) => {
    queue.push(message);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  const onPayload = (payload: string) => {
    const decoded = decodeInvalidations(payload);
    if (!decoded) {
      counters.malformed++;
      return;
    }
    if (decoded.origin === origin) return;
    for (const message of decoded.messages) {
      counters.received++;
      try {
        apply(message);
      } catch (error) {
        onError("applying an invalidation failed", error);
      }
    }
  };

  let listens = 0;
  let isListening = false;
  const onListen = () => {
    listens++;
    isListening = true;
    if (listens > 1) {
      // the connection dropped and came back: what the others sent meanwhile is lost
      counters.relistens++;
      forgetEverything();
    }
  };

  const subscription = await sql.listen(INVALIDATION_CHANNEL, onPayload, onListen);
  if (options.publish !== false) setInvalidationPublisher(publisher);

  return {
    origin,
    counters,
    listening: () => isListening && !stopped,
    flushed: async () => {
      if (scheduled) flush();
      await sending;
    },
    stop: async () => {
      if (options.publish !== false) setInvalidationPublisher(null);
      if (scheduled) flush();
      await sending;
      stopped = true;
      isListening = false;
      await subscription.unlisten().catch(() => {});
    },
  };
}
