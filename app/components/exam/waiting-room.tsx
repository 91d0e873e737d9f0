import { useRevalidator } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useEffect, useRef, useState } from "react";
import type { Locale } from "~/i18n/i18n";
import { countdown, sameShanghaiDay, type Countdown } from "~/modules/exams/waiting-room";
import { shortDateTime } from "./format";

/**
 * 候考 (issue 14) on the page: the countdown's words, the opening time (HH:mm on the same day,
 * with the date otherwise), and the clock that ticks in the browser and asks the server again once
 * the page's delay is up (rules in app/modules/exams/waiting-room.ts).
 */

const timeFormatters = new Map<Locale, Intl.DateTimeFormat>();

/** "09:00" when the opening is today (China Standard Time), "12月8日 09:00" otherwise. */
export function openingTime(opensAt: Date | string, now: Date, locale: Locale): string {
  const at = new Date(opensAt);
  if (!sameShanghaiDay(at, now)) return shortDateTime(at, locale);
  let formatter = timeFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    timeFormatters.set(locale, formatter);
  }
  return formatter.format(at);
}

/** "还有 5 分钟", "还有 42 秒", "还有 2 小时 5 分钟"…; empty once open. */
export function countdownText(t: TFunction, c: Countdown): string {
  switch (c.unit) {
    case "open":
      return "";
    case "seconds":
      return t("examTake.waiting.left.seconds", { seconds: c.seconds });
    case "minutes":
      return t("examTake.waiting.left.minutes", { minutes: c.minutes });
    case "hours":
      return c.minutes
        ? t("examTake.waiting.left.hours", { hours: c.hours, minutes: c.minutes })
        : t("examTake.waiting.left.hoursOnly", { hours: c.hours });
    case "days":
      return c.hours
        ? t("examTake.waiting.left.days", { days: c.days, hours: c.hours })
        : t("examTake.waiting.left.daysOnly", { days: c.days });
  }
}

/**
 * The current time on the server's clock (its `serverNow` plus the time since the page got it),
 * ticking every second while `active`. The first render uses `serverNow` itself, so the server's
 * HTML and the hydrated page agree.
 */
export function useServerClock(serverNow: string, active: boolean): Date {
  const [nowMs, setNowMs] = useState(() => Date.parse(serverNow));
  useEffect(() => {
    const offset = Date.parse(serverNow) - Date.now();
    setNowMs(Date.now() + offset);
    if (!active) return;
    const timer = window.setInterval(() => setNowMs(Date.now() + offset), 1000);
    return () => window.clearInterval(timer);
  }, [serverNow, active]);
  return new Date(nowMs);
}

/**
 * Asks the server again (one loader revalidation) `seconds` after `serverNow` arrived: the delay
 * the server chose (capped, jittered per person, landing just after the opening). A hidden page
 * waits until it is shown again, an offline one until it is back online (a failed revalidation
 * would show the error page). Nothing is scheduled when `seconds` is null.
 */
export function useCheckAgain(serverNow: string, seconds: number | null): void {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  useEffect(() => {
    if (seconds == null) return;
    let due = false;
    const check = () => {
      if (document.visibilityState !== "visible" || !navigator.onLine) {
        due = true;
        return;
      }
      due = false;
      if (ref.current.state === "idle") ref.current.revalidate();
    };
    const timer = window.setTimeout(check, seconds * 1000);
    const onVisible = () => {
      if (due) check();
    };
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("online", onVisible);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("online", onVisible);
    };
  }, [serverNow, seconds]);
}

const FALLBACK_TIMER = "__hfWaitReload";

/**
 * The inline script of the waiting page (with the response's CSP nonce): the same reload as the
 * meta refresh, for a browser that runs scripts but has not (yet) loaded the page's JavaScript —
 * a weak network, a failed download. The hydrated page cancels it (`useCancelFallbackReload`) and
 * takes over; a page rendered in the browser never runs it (React does not execute such scripts).
 */
export function fallbackReloadScript(url: string, seconds: number): string {
  return `window.${FALLBACK_TIMER}=setTimeout(function(){location.replace(${JSON.stringify(url)})},${Math.round(seconds * 1000)});`;
}

/** Cancels the inline fallback reload once the page runs its own JavaScript. */
export function useCancelFallbackReload(): void {
  useEffect(() => {
    const w = window as unknown as Record<string, number | undefined>;
    if (w[FALLBACK_TIMER] != null) window.clearTimeout(w[FALLBACK_TIMER]);
    w[FALLBACK_TIMER] = undefined;
  }, []);
}

/** The countdown sentence: "考试将于 09:00 开始，还有 5 分钟"; at zero, that the button is on its way. */
export function CountdownSentence({
  t,
  locale,
  opensAt,
  now,
  className,
}: {
  t: TFunction;
  locale: Locale;
  opensAt: Date | string;
  now: Date;
  className?: string;
}) {
  const left = countdown(new Date(opensAt), now);
  return (
    <p className={className} data-testid="countdown">
      {left.unit === "open"
        ? t("examTake.waiting.opening")
        : t("examTake.waiting.sentence", { time: openingTime(opensAt, now, locale), left: countdownText(t, left) })}
    </p>
  );
}
