import type { Locale } from "~/i18n/i18n";

/**
 * Exam times in China Standard Time, short: "11月25日 09:00" (zh-CN), "November 25 at 09:00" (en);
 * with the year when it is not this year's ("2027年2月22日 09:00").
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function shortDateTime(value: Date | string, locale: Locale): string {
  const date = typeof value === "string" ? new Date(value) : value;
  const withYear =
    new Date(date.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear() !== new Date(Date.now() + SHANGHAI_OFFSET_MS).getUTCFullYear();
  const key = `${locale}:${withYear}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: "Asia/Shanghai",
      ...(withYear ? { year: "numeric" } : {}),
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}

/** Points from tenths: 30 → "3", 25 → "2.5". */
export function points(tenths: number): string {
  return Number.isInteger(tenths / 10) ? String(tenths / 10) : (tenths / 10).toFixed(1);
}

/** "mm:ss", or "h:mm:ss" from an hour on. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}
