import { useCallback, useEffect, useRef, useState } from "react";
import { clockOffsetMs } from "~/modules/exams/deadline";
import {
  acknowledge,
  backoffMs,
  hasUnsent,
  markSent,
  nextBatch,
  nextDueAt,
  recordChange,
  restoreQueue,
  sendFailed,
  serializeQueue,
  type SaveQueue,
  type SaveResult,
} from "~/modules/exams/save-queue";
import type { RawAnswer } from "~/modules/exams/types";
import type { SaveOk, SaveRequest, SaveResponse } from "~/contracts/exam-save";
import { errorCodeOf, type WordedErrorCode } from "~/contracts/json-errors";

/** rejected: the server refused a batch for good (its code, worded by the page, is `problem`) */
export type SaveStatus = "saved" | "saving" | "offline" | "retrying" | "closed" | "expired" | "tooFast" | "stepLimit" | "rejected";

/** The deadline and the clock as the page knows them: the server's deadline, and server − client. */
export interface ServerClock {
  deadlineMs: number;
  offsetMs: number;
}

const PING_EVERY_MS = 60_000;

export function storageKey(attemptId: number): string {
  return `hf-exam-${attemptId}`;
}

function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // storage full or disabled: the queue still lives in memory
  }
}

// What the server acknowledges is what the queue takes (a change of the contract is a type error here).
const acknowledgedFits: (results: SaveOk["results"]) => readonly SaveResult[] = (results) => results;
void acknowledgedFits;

/**
 * The exam page's saving machinery around the pure save queue (save-queue.ts): it persists the
 * queue to localStorage on every change, sends due saves in batches to /api/exam/save, retries
 * with backoff, replays on `online`, pings now and then (the deadline may move with extra time)
 * and keeps the server clock offset from each answer's server time. `onClosed` runs once when the
 * server says the attempt is over.
 */
export function useExamSaver(options: {
  attemptId: number;
  lastSeq: Record<number, number>;
  deadlineAt: string;
  serverNow: string;
  onClosed: () => void;
}) {
  const { attemptId } = options;
  const key = storageKey(attemptId);
  const queue = useRef<SaveQueue | null>(null);
  const failures = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const sending = useRef(false);
  const closed = useRef(false);
  const lastContact = useRef(0);
  const onClosed = useRef(options.onClosed);
  onClosed.current = options.onClosed;
  const [status, setStatusState] = useState<SaveStatus>("saved");
  /** the code of the last refusal (status "rejected"), worded by the page: apiErrors.<code> */
  const [problem, setProblem] = useState<WordedErrorCode | null>(null);
  const statusRef = useRef<SaveStatus>("saved");
  const setStatus = useCallback((next: SaveStatus) => {
    statusRef.current = next;
    setStatusState(next);
  }, []);
  // Until the first answer from the save endpoint, the loader's server time stands in for the clock.
  const [clock, setClock] = useState<ServerClock>(() => ({ deadlineMs: Date.parse(options.deadlineAt), offsetMs: 0 }));
  const [restored, setRestored] = useState<SaveQueue | null>(null);
  /** server clock − client clock, as last measured (for the changes' times sent with the saves) */
  const offsetMs = useRef(0);

  const persist = useCallback(() => {
    if (queue.current) writeStorage(key, hasUnsent(queue.current) ? serializeQueue(queue.current) : null);
  }, [key]);

  const schedule = useCallback((delayMs: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flushRef.current(false), Math.max(0, delayMs));
  }, []);

  const settle = useCallback(() => {
    const q = queue.current;
    if (!q || closed.current) return;
    if (!hasUnsent(q)) {
      // the cap's message stays until a later save is stored
      if (statusRef.current !== "stepLimit" && statusRef.current !== "rejected") setStatus("saved");
      return;
    }
    const due = nextDueAt(q);
    if (due !== undefined && !sending.current && failures.current === 0) schedule(due - Date.now());
  }, [schedule, setStatus]);

  /** Sends one batch (or a ping); true when the server answered it. */
  const sendOnce = useCallback(
    async (force: boolean, ping: boolean): Promise<boolean> => {
      const q = queue.current;
      if (!q || closed.current || sending.current) return false;
      const batch = nextBatch(q, Date.now(), { force });
      if (!batch.length && !ping) return true;
      sending.current = true;
      queue.current = markSent(q, batch);
      persist();
      if (batch.length) setStatus("saving");
      const sentAt = Date.now();
      try {
        const request: SaveRequest = {
          attemptId,
          // changedAt in server time as this page knows it (the deadline's clock)
          saves: batch.map(({ dueAt: _dueAt, changedAt, ...s }) =>
            changedAt === undefined ? s : { ...s, changedAt: Math.max(0, Math.round(changedAt + offsetMs.current)) },
          ),
        };
        const response = await fetch("/api/exam/save", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          credentials: "same-origin",
          body: JSON.stringify(request),
        });
        const receivedAt = Date.now();
        const body = (await response.json().catch(() => null)) as SaveResponse | null;
        // The server's error answers are codes (app/contracts/json-errors.ts); a proxy's may have none.
        const code = response.ok ? null : errorCodeOf(body);
        if (code === "closed" || (code === null && response.status === 409)) {
          closed.current = true;
          writeStorage(key, null);
          setStatus("closed");
          onClosed.current();
          return false;
        }
        if (code === "unauthenticated" || (code === null && response.status === 401)) {
          queue.current = sendFailed(queue.current!, Date.now());
          persist();
          setStatus("expired");
          return false;
        }
        if (code === "tooFast" || code === "rateLimited" || response.status === 429) {
          // too many saves at once (item 7): keep them and retry after a pause
          queue.current = sendFailed(queue.current!, Date.now());
          persist();
          failures.current += 1;
          setStatus("tooFast");
          schedule(Math.max(2000, backoffMs(failures.current, Math.random())));
          return false;
        }
        if (code === "stepLimit") {
          // the attempt's or a slot's changes are at their cap (item 7): they will never be stored
          queue.current = acknowledge(
            queue.current!,
            batch.map((s) => ({ slotNo: s.slotNo, seq: s.seq, stored: false })),
          );
          persist();
          setStatus("stepLimit");
          return false;
        }
        if (response.status >= 400 && response.status < 500 && response.status !== 408) {
          // The server will never take these saves (cross-site, too large, not JSON, not of this
          // attempt, not fitting its questions): drop them rather than retry forever, and say why.
          queue.current = acknowledge(
            queue.current!,
            batch.map((s) => ({ slotNo: s.slotNo, seq: s.seq, stored: false })),
          );
          persist();
          setProblem(code ?? "badRequest");
          setStatus("rejected");
          return true;
        }
        if (!response.ok || !body || !("ok" in body)) throw new Error(`HTTP ${response.status}`);
        queue.current = acknowledge(queue.current!, body.results);
        persist();
        failures.current = 0;
        lastContact.current = receivedAt;
        offsetMs.current = clockOffsetMs(Date.parse(body.serverNow), sentAt, receivedAt);
        setClock({ deadlineMs: Date.parse(body.deadlineAt), offsetMs: offsetMs.current });
        // a refusal's message stays until a later save is stored
        if (!hasUnsent(queue.current) && (statusRef.current !== "rejected" || body.results.some((r) => r.stored))) setStatus("saved");
        return true;
      } catch {
        queue.current = sendFailed(queue.current!, Date.now());
        persist();
        failures.current += 1;
        setStatus(navigator.onLine === false ? "offline" : "retrying");
        schedule(backoffMs(failures.current, Math.random()));
        return false;
      } finally {
        sending.current = false;
      }
    },
    [attemptId, key, persist, schedule, setStatus],
  );

  const flush = useCallback(
    async (force: boolean): Promise<boolean> => {
      let ok = true;
      // Keep sending while due saves remain (batches of 50), stopping at the first failure.
      while (ok && queue.current && !closed.current && nextBatch(queue.current, Date.now(), { force }).length) {
        ok = await sendOnce(force, false);
      }
      settle();
      return ok && !!queue.current && !hasUnsent(queue.current);
    },
    [sendOnce, settle],
  );
  const flushRef = useRef(flush);
  flushRef.current = flush;

  /** Records a change of a slot: stored locally at once, sent when due. */
  const record = useCallback(
    (slotNo: number, answer: RawAnswer | null, flagged: boolean) => {
      if (!queue.current || closed.current) return;
      queue.current = recordChange(queue.current, { slotNo, answer, flagged }, Date.now());
      persist();
      if (statusRef.current !== "expired") setStatus(navigator.onLine === false ? "offline" : failures.current ? "retrying" : "saving");
      if (!sending.current && failures.current === 0) schedule(nextDueAt(queue.current)! - Date.now());
    },
    [persist, schedule, setStatus],
  );

  useEffect(() => {
    // Unsent saves of an earlier visit (offline, a crash) come back and are replayed in order.
    // The loader's server time gives a first estimate of the clock offset (off by the time the page
    // took to arrive); the ping below replaces it with a measured one.
    offsetMs.current = Date.parse(options.serverNow) - Date.now();
    setClock({ deadlineMs: Date.parse(options.deadlineAt), offsetMs: offsetMs.current });
    queue.current = restoreQueue(readStorage(key), options.lastSeq, Date.now());
    setRestored(queue.current);
    setStatus(hasUnsent(queue.current) ? (navigator.onLine === false ? "offline" : "saving") : "saved");
    // A ping at once: the server clock's offset and the current deadline.
    void sendOnce(false, true).then(() => flushRef.current(false));
    const online = () => {
      failures.current = 0;
      void flushRef.current(false);
    };
    const offline = () => {
      if (!closed.current) setStatus("offline");
    };
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    const ping = window.setInterval(() => {
      if (!closed.current && !sending.current && Date.now() - lastContact.current > PING_EVERY_MS - 1000) void sendOnce(false, true);
    }, PING_EVERY_MS);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      window.clearInterval(ping);
      window.clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- mount only: the attempt does not change under a mounted page
  }, []);

  const forget = useCallback(() => writeStorage(key, null), [key]);

  return { status, problem, clock, record, flush, restored, forget };
}
