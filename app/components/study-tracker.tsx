import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/i18n/use-locale";
import { errorCodeOf, type WordedErrorCode } from "~/contracts/json-errors";
import type { AttentionRequest, AttentionResponse, BeatOk, BeatOutcome, BeatRequest, BeatResponse } from "~/contracts/study-beat";

/** the server's outcome, or the page's own state: before the first answer, no answer, signed out, refused (`problem`) */
type Outcome = BeatOutcome | "connecting" | "offline" | "expired" | "refused";

function newStreamId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The lesson page's side of server-credited study time. It only reports facts (visible? how long
 * since the last interaction? is the video playing, where, how fast?); the server decides what is
 * credited. A start claims the person's single study stream; a beat follows every interval.
 */
export function StudyTracker({
  lessonId,
  heartbeatSeconds,
  idleSeconds,
  initialCreditedSeconds,
  nominalSeconds,
  initialFurthest,
  videoSrc,
  videoTitle,
}: {
  lessonId: number;
  heartbeatSeconds: number;
  idleSeconds: number;
  initialCreditedSeconds: number;
  nominalSeconds: number;
  initialFurthest: number;
  videoSrc: string | null;
  videoTitle: string;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Outcome>("connecting");
  const [credited, setCredited] = useState(initialCreditedSeconds);
  const [askStillThere, setAskStillThere] = useState(false);
  const [attention, setAttention] = useState<BeatOk["attention"] | null>(null);
  /** the code of the server's refusal (status "refused"), worded from the catalog: apiErrors.<code> */
  const [problem, setProblem] = useState<WordedErrorCode | null>(null);
  const [wrongChoice, setWrongChoice] = useState(false);
  const streamId = useRef<string>("");
  const lastInteraction = useRef(Date.now());
  const furthest = useRef(initialFurthest);
  const video = useRef<HTMLVideoElement>(null);

  const send = async (kind: "start" | "beat") => {
    const player = video.current;
    const body: BeatRequest = {
      kind,
      streamId: streamId.current,
      lessonId,
      visible: document.visibilityState === "visible",
      idleSeconds: Math.floor((Date.now() - lastInteraction.current) / 1000),
      ...(player ? { video: { playing: !player.paused && !player.ended, position: player.currentTime, rate: player.playbackRate } } : {}),
    };
    try {
      const response = await fetch("/api/study/beat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
      const answer = (await response.json().catch(() => null)) as BeatResponse | null;
      if (!response.ok || !answer || !("outcome" in answer)) {
        // the server's refusals are codes (app/contracts/json-errors.ts); no code (a proxy, a 5xx): offline
        const code = errorCodeOf(answer);
        if (code === "unauthenticated" || response.status === 401) return setStatus("expired");
        if (code === null || code === "internal" || response.status >= 500) return setStatus("offline");
        setProblem(code);
        return setStatus("refused");
      }
      const result = answer;
      setCredited(result.lessonCreditedSeconds);
      setStatus(result.outcome);
      if (result.attention) setAttention(result.attention);
      if (result.outcome === "seekRefused" && player && result.resumeAt !== undefined) player.currentTime = result.resumeAt;
      if (player && result.outcome !== "seekRefused") furthest.current = Math.max(furthest.current, player.currentTime);
    } catch {
      setStatus("offline");
    }
  };

  useEffect(() => {
    streamId.current = newStreamId();
    const touch = () => {
      lastInteraction.current = Date.now();
    };
    const events = ["pointerdown", "keydown", "scroll", "touchstart", "wheel"] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    let lastMove = 0;
    const move = () => {
      const now = Date.now();
      if (now - lastMove > 1000) {
        lastMove = now;
        touch();
      }
    };
    window.addEventListener("mousemove", move, { passive: true });
    const onVisibility = () => {
      if (document.visibilityState === "visible") {
        touch();
        void send("start");
      } else {
        // Report the moment of leaving; while hidden nothing is sent and nothing is credited.
        void send("beat").then(() => setStatus("hidden"));
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    void send("start");
    const timer = window.setInterval(() => {
      if (Date.now() - lastInteraction.current > idleSeconds * 1000) {
        setAskStillThere(true);
        video.current?.pause();
      }
      if (document.visibilityState === "visible") void send("beat");
    }, heartbeatSeconds * 1000);
    return () => {
      window.clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch);
      window.removeEventListener("mousemove", move);
      document.removeEventListener("visibilitychange", onVisibility);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- send reads refs only; the tracker restarts when the lesson or its timing changes, not on every render
  }, [lessonId, heartbeatSeconds, idleSeconds]);

  const resume = () => {
    lastInteraction.current = Date.now();
    setAskStillThere(false);
    void send("start");
  };

  const answer = async (choice: number) => {
    if (!attention) return;
    const request: AttentionRequest = { checkId: attention.id, choice };
    const response = await fetch("/api/study/attention", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
      credentials: "same-origin",
    }).catch(() => null);
    const result = response ? ((await response.json().catch(() => null)) as AttentionResponse | null) : null;
    if (result && "correct" in result && result.correct) {
      setAttention(null);
      setWrongChoice(false);
      lastInteraction.current = Date.now();
      void send("start");
    } else {
      setWrongChoice(true);
    }
  };

  const minutes = Math.floor(credited / 60);
  const timing = status === "started" || status === "credited" || status === "replay";
  return (
    <div className="space-y-3">
      {videoSrc ? (
        // eslint-disable-next-line jsx-a11y/media-has-caption -- lesson videos come without caption files; the lesson text is on the page
        <video
          ref={video}
          src={videoSrc}
          controls
          preload="metadata"
          playsInline
          className="aspect-video w-full rounded-md bg-black"
          aria-label={videoTitle}
          onSeeking={(e) => {
            // No skipping past what has been watched; going back is fine.
            const player = e.currentTarget;
            if (player.currentTime > furthest.current + 2) player.currentTime = furthest.current;
          }}
          onTimeUpdate={(e) => {
            const player = e.currentTarget;
            if (player.currentTime <= furthest.current + 2) furthest.current = Math.max(furthest.current, player.currentTime);
          }}
          onRateChange={(e) => {
            if (e.currentTarget.playbackRate !== 1) e.currentTarget.playbackRate = 1;
          }}
          onPlay={() => {
            lastInteraction.current = Date.now();
          }}
        />
      ) : null}
      <div
        className={`flex flex-wrap items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm ${timing ? "border-green-300 bg-green-50 text-green-900" : "border-amber-300 bg-amber-50 text-amber-900"}`}
        role="status"
        aria-live="polite"
        data-testid="study-status"
        data-outcome={status}
      >
        <span>{status === "refused" ? t(`apiErrors.${problem ?? "badRequest"}`) : t(`learn.status.${status}`)}</span>
        <span data-testid="credited-minutes" data-seconds={credited}>
          {t("learn.credited", { minutes, total: Math.round(nominalSeconds / 60) })}
        </span>
        {status === "otherStream" || status === "wrongLesson" ? (
          <button type="button" className="btn-secondary min-h-9 py-1" onClick={resume}>
            {t("learn.resumeHere")}
          </button>
        ) : null}
      </div>
      {attention ? (
        <div
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="attention-title"
          className="fixed inset-0 z-30 flex items-center justify-center bg-black/40 p-4"
        >
          <div className="card max-w-sm text-center" data-testid="attention-check">
            <h2 id="attention-title" className="text-lg font-semibold">
              {t("learn.attentionTitle")}
            </h2>
            <p className="mt-2 text-stone-700">{t("learn.attentionPromptPicture")}</p>
            {/* the digit is drawn by the server: the page never knows which choice is right */}
            <img
              src={`/api/study/attention/${attention.id}.svg`}
              alt={t("learn.attentionPictureAlt")}
              width={60}
              height={100}
              className="mx-auto mt-2"
              data-testid="attention-picture"
            />
            <div className="mt-4 grid grid-cols-4 gap-2">
              {attention.choices.map((c) => (
                <button key={c} type="button" className="btn-secondary" onClick={() => void answer(c)}>
                  {c}
                </button>
              ))}
            </div>
            {wrongChoice ? (
              <p className="mt-2 text-sm text-red-700" role="alert">
                {t("learn.attentionWrong")}
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
      {askStillThere ? (
        <div
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="still-there"
          className="fixed inset-0 z-20 flex items-center justify-center bg-black/40 p-4"
        >
          <div className="card max-w-sm text-center">
            <h2 id="still-there" className="text-lg font-semibold">
              {t("learn.stillThere")}
            </h2>
            <p className="mt-2 text-stone-700">{t("learn.stillThereHint")}</p>
            {/* eslint-disable-next-line jsx-a11y/no-autofocus -- a modal question: focus goes to its one button (WAI-ARIA dialog pattern) */}
            <button type="button" className="btn-primary mt-4" onClick={resume} autoFocus>
              {t("learn.continue")}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
