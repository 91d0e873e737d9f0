import type { Locale } from "./i18n";

/** Dates are shown in China Standard Time whatever the server's or the phone's zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(value: Date | string | null | undefined, locale: Locale, withTime = true): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  const key = `${locale}:${withTime}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}
