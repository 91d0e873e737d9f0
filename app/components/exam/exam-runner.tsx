import { useNavigate, useSubmit } from "@remix-run/react";
import type { EventRequest, ExamEventKind } from "~/contracts/exam-save";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "~/i18n/use-locale";
import { secondsLeft } from "~/modules/exams/deadline";
import { isUnanswered } from "~/modules/exams/answer-state";
import { overlayUnsent } from "~/modules/exams/save-queue";
import type { PaperSlot } from "~/modules/exams/candidate.server";
import { DEFAULT_SAVE_GRACE_SECONDS, type RawAnswer } from "~/modules/exams/types";
import { clock as formatClock, points } from "./format";
import { QuestionFields, type SlotValue } from "./question-fields";
import { useExamSaver, type SaveStatus } from "./use-exam-saver";

export interface RunnerProps {
  attemptId: number;
  deadlineAt: string;
  serverNow: string;
  slots: PaperSlot[];
  answers: Record<number, SlotValue>;
  lastSeq: Record<number, number>;
  /** the question shown first (0-based) */
  initialIndex?: number;
}

// Full class names (Tailwind finds only literal ones in the sources).
const MAP_STYLE = {
  answered: "exam-map-answered",
  unanswered: "exam-map-unanswered",
  flagged: "exam-map-flagged",
  current: "exam-map-current",
} as const;

const STATUS_STYLE: Record<SaveStatus, string> = {
  saved: "bg-green-100 text-green-900",
  saving: "bg-amber-100 text-amber-900",
  retrying: "bg-amber-100 text-amber-900",
  offline: "bg-stone-700 text-white",
  closed: "bg-red-100 text-red-900",
  expired: "bg-red-100 text-red-900",
  tooFast: "bg-amber-100 text-amber-900",
  stepLimit: "bg-red-100 text-red-900",
  rejected: "bg-red-100 text-red-900",
};

/**
 * The exam page once JavaScript runs: one question per screen with a question map, flags, the
 * countdown from the server's deadline (corrected for clock skew), the save state, leave-page
 * events, and the submit dialog (which first sends every pending save).
 */
export function ExamRunner(props: RunnerProps) {
  const { t } = useTranslation();
  const { attemptId, slots } = props;
  const navigate = useNavigate();
  const submit = useSubmit();
  const resultUrl = `/exams/attempts/${attemptId}/result`;
  const [closedMessage, setClosedMessage] = useState(false);
  const onClosed = useCallback(() => {
    setClosedMessage(true);
    window.setTimeout(() => navigate(resultUrl), 2500);
  }, [navigate, resultUrl]);
  const saver = useExamSaver({ attemptId, lastSeq: props.lastSeq, deadlineAt: props.deadlineAt, serverNow: props.serverNow, onClosed });
  const [answers, setAnswers] = useState<Record<number, SlotValue>>(props.answers);
  // the first question of the page the candidate had before JavaScript ran (?page=)
  const [index, setIndex] = useState(() => Math.min(Math.max(0, props.initialIndex ?? 0), Math.max(0, slots.length - 1)));
  const [now, setNow] = useState(() => Date.now());
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Answers kept locally from an earlier visit (offline, a crash) are newer than the server's.
  useEffect(() => {
    if (saver.restored) setAnswers((current) => overlayUnsent(current, saver.restored!));
  }, [saver.restored]);

  // Where the candidate was (this tab), so a reload does not send them back to question 1.
  const positionKey = `hf-exam-pos-${attemptId}`;
  useEffect(() => {
    const saved = Number(window.sessionStorage.getItem(positionKey));
    if (Number.isInteger(saved) && saved > 0 && saved < slots.length) setIndex(saved);
  }, [positionKey, slots.length]);
  const go = (next: number) => {
    const bounded = Math.max(0, Math.min(slots.length - 1, next));
    setIndex(bounded);
    window.sessionStorage.setItem(positionKey, String(bounded));
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: "start" });
  };

  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(tick);
  }, []);

  // Leaving the page is logged for the proctor (never punished).
  useEffect(() => {
    // fire and forget: the proctor's log, nothing the candidate has to know about
    const send = (kind: ExamEventKind) =>
      void fetch("/api/exam/event", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        keepalive: true,
        body: JSON.stringify({ attemptId, kind } satisfies EventRequest),
      }).catch(() => {});
    // A reload (or leaving the exam page itself) fires "pagehide" before the page turns hidden:
    // that hide is the page going away, not the candidate looking elsewhere, so it is not sent.
    let unloading = false;
    const pagehide = () => {
      unloading = true;
    };
    const pageshow = () => {
      unloading = false;
    };
    const visibility = () => {
      if (document.visibilityState === "hidden") {
        if (!unloading) send("hidden");
      } else send("visible");
    };
    const blur = () => {
      if (!unloading) send("blur");
    };
    const focus = () => send("visible");
    window.addEventListener("pagehide", pagehide);
    window.addEventListener("pageshow", pageshow);
    document.addEventListener("visibilitychange", visibility);
    window.addEventListener("blur", blur);
    window.addEventListener("focus", focus);
    // The page is (back) on screen: after a reload this closes the short "hidden" of the old page,
    // which the proctor's count then ignores (proctor.ts countLeaves).
    if (document.visibilityState === "visible") send("visible");
    return () => {
      window.removeEventListener("pagehide", pagehide);
      window.removeEventListener("pageshow", pageshow);
      document.removeEventListener("visibilitychange", visibility);
      window.removeEventListener("blur", blur);
      window.removeEventListener("focus", focus);
    };
  }, [attemptId]);

  const left = secondsLeft(saver.clock.deadlineMs, now, saver.clock.offsetMs);
  const timeUp = left <= 0;
  const locked = timeUp || saver.status === "closed" || submitting;

  // At the deadline: send what is pending, then go to the result once the server has closed the
  // attempt (after the grace for saves in flight).
  const finishing = useRef(false);
  useEffect(() => {
    if (!timeUp || finishing.current) return;
    finishing.current = true;
    void saver.flush(true).finally(() => {
      const serverNow = Date.now() + saver.clock.offsetMs;
      const wait = Math.max(0, saver.clock.deadlineMs + (DEFAULT_SAVE_GRACE_SECONDS + 1) * 1000 - serverNow);
      window.setTimeout(() => {
        saver.forget();
        navigate(resultUrl);
      }, wait);
    });
  }, [timeUp, saver, navigate, resultUrl]);

  const change = (slotNo: number, next: Partial<SlotValue>) => {
    if (locked) return;
    const current = answers[slotNo] ?? { answer: null, flagged: false };
    const value = { ...current, ...next };
    setAnswers({ ...answers, [slotNo]: value });
    saver.record(slotNo, value.answer, value.flagged);
  };

  const unanswered = useMemo(
    () => slots.filter((s) => isUnanswered(answers[s.slotNo]?.answer ?? null)).map((s) => s.slotNo),
    [slots, answers],
  );
  const flagged = useMemo(() => slots.filter((s) => answers[s.slotNo]?.flagged).map((s) => s.slotNo), [slots, answers]);

  const confirmSubmit = async () => {
    setSubmitting(true);
    setSubmitError(false);
    const ok = await saver.flush(true);
    if (!ok) {
      setSubmitting(false);
      setSubmitError(true);
      return;
    }
    saver.forget();
    submit({ intent: "submit" }, { method: "post", replace: true });
  };

  const slot = slots[index];
  const value = answers[slot.slotNo];
  return (
    <div className="space-y-4" data-testid="exam-runner">
      <div className="sticky top-0 z-10 -mx-4 flex items-center justify-between gap-2 border-b border-stone-200 bg-white/95 px-4 py-2">
        <p className="text-sm">
          <span className="text-stone-600">{t("examTake.timeLeft")} </span>
          <span className="font-mono text-lg font-semibold tabular-nums" data-testid="time-left" role="timer" aria-live="off">
            {formatClock(left)}
          </span>
        </p>
        <p className={`badge text-sm ${STATUS_STYLE[saver.status]}`} role="status" data-testid="save-status">
          {saver.status === "rejected" ? t(`apiErrors.${saver.problem ?? "badRequest"}`) : t(`examTake.save.${saver.status}`)}
        </p>
      </div>

      {closedMessage || timeUp ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-red-900">
          <p>{closedMessage ? t("examTake.save.closed") : t("examTake.timeUp")}</p>
          <a href={resultUrl}>{t("examTake.closedGoResult")}</a>
        </div>
      ) : null}

      <article className="card space-y-4" aria-labelledby="question-heading" data-testid="question" data-slot={slot.slotNo}>
        <h2 id="question-heading" ref={heading} tabIndex={-1} className="scroll-mt-16 text-base font-semibold">
          {t("examTake.questionOf", { n: index + 1, total: slots.length })}
          <span className="ml-2 text-sm font-normal text-stone-600">
            {t(`examTake.types.${slot.type}`)} · {t("examTake.maxPoints", { points: points(slot.maxMarkTenths) })}
          </span>
        </h2>
        <div className="exam-stem" dangerouslySetInnerHTML={{ __html: slot.stemHtml }} />
        <QuestionFields
          key={slot.slotNo}
          slot={slot}
          value={value}
          disabled={locked}
          onChange={(answer: RawAnswer | null) => change(slot.slotNo, { answer })}
        />
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-5 accent-amber-600"
            checked={Boolean(value?.flagged)}
            disabled={locked}
            onChange={(e) => change(slot.slotNo, { flagged: e.target.checked })}
          />
          {t("examTake.flag")}
        </label>
      </article>

      <nav className="grid grid-cols-2 gap-2" aria-label={t("examTake.map")}>
        <button type="button" className="btn-secondary" onClick={() => go(index - 1)} disabled={index === 0}>
          ← {t("examTake.previous")}
        </button>
        <button type="button" className="btn-secondary" onClick={() => go(index + 1)} disabled={index === slots.length - 1}>
          {t("examTake.next")} →
        </button>
      </nav>

      <section className="card space-y-3" aria-labelledby="map-heading">
        <h2 id="map-heading" className="font-semibold">
          {t("examTake.map")}
        </h2>
        <ol className="grid grid-cols-6 gap-2 sm:grid-cols-10" data-testid="question-map">
          {slots.map((s, i) => {
            const state =
              i === index
                ? "current"
                : answers[s.slotNo]?.flagged
                  ? "flagged"
                  : isUnanswered(answers[s.slotNo]?.answer ?? null)
                    ? "unanswered"
                    : "answered";
            return (
              <li key={s.slotNo}>
                <button
                  type="button"
                  onClick={() => go(i)}
                  className={`${MAP_STYLE[state]} exam-map-item`}
                  aria-current={i === index ? "step" : undefined}
                  aria-label={t("examTake.mapItem", { n: i + 1, state: t(`examTake.mapLegend.${state}`) })}
                  data-state={state}
                >
                  {i + 1}
                </button>
              </li>
            );
          })}
        </ol>
        <ul className="flex flex-wrap gap-3 text-xs text-stone-700" aria-hidden="true">
          {(["answered", "unanswered", "flagged", "current"] as const).map((state) => (
            <li key={state} className="flex items-center gap-1">
              <span className={`${MAP_STYLE[state]} exam-map-swatch`} />
              {t(`examTake.mapLegend.${state}`)}
            </li>
          ))}
        </ul>
      </section>

      <button type="button" className="btn-primary w-full" disabled={locked} onClick={() => dialog.current?.showModal()}>
        {t("examTake.submit")}
      </button>

      <dialog ref={dialog} className="exam-dialog" aria-labelledby="submit-heading" data-testid="submit-dialog">
        <h2 id="submit-heading" className="mb-3 text-lg font-semibold">
          {t("examTake.submitTitle")}
        </h2>
        <div className="space-y-2 text-sm">
          {unanswered.length ? (
            <p data-testid="submit-unanswered">{t("examTake.submitUnanswered", { list: numbersOf(unanswered, slots) })}</p>
          ) : (
            <p>{t("examTake.submitAllAnswered")}</p>
          )}
          {flagged.length ? <p data-testid="submit-flagged">{t("examTake.submitFlagged", { list: numbersOf(flagged, slots) })}</p> : null}
          <p>{t("examTake.submitWarning")}</p>
          {submitError ? (
            <p role="alert" className="text-red-800">
              {t("examTake.submitFailed")}
            </p>
          ) : null}
        </div>
        <div className="mt-4 grid grid-cols-2 gap-2">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()} disabled={submitting}>
            {t("examTake.submitCancel")}
          </button>
          <button type="button" className="btn-primary" onClick={() => void confirmSubmit()} disabled={submitting}>
            {submitting ? t("examTake.submitting") : t("examTake.submitConfirm")}
          </button>
        </div>
      </dialog>
    </div>
  );
}

/** Question numbers as shown (the slot order): "3、7、12". */
function numbersOf(slotNos: number[], slots: PaperSlot[]): string {
  const position = new Map(slots.map((s, i) => [s.slotNo, i + 1]));
  return slotNos.map((n) => position.get(n)).join("、");
}
