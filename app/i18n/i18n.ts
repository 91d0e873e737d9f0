import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { fastTranslator } from "./fast-t";
import type { Messages } from "./messages/zh-CN";

/**
 * Locales and the i18next set-up, for the server and the browser alike. The catalogs themselves are
 * not imported here: the server holds both (i18n.server.ts); the browser receives only the reader's,
 * as JSON (entry.client.tsx), so no catalog ships as JavaScript.
 */

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "hf_lang";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The reader's language: the cookie they chose, else Simplified Chinese. */
export function localeFromCookie(cookieHeader: string | null): Locale {
  if (!cookieHeader) return DEFAULT_LOCALE;
  const match = /(?:^|;\s*)hf_lang=([^;]+)/.exec(cookieHeader);
  const value = match ? decodeURIComponent(match[1]) : null;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** i18next as the app sets it up, without the fast path: initialised synchronously from the catalog. */
export function plainI18n(locale: string, messages: object): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: messages } },
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}

/** An i18next instance for one locale, initialised synchronously from its catalog. */
export function createI18n(locale: Locale, messages: Messages): I18n {
  const instance = plainI18n(locale, messages);
  // plain messages without i18next's resolution (fast-t.ts); the rest through it
  instance.t = fastTranslator(messages, instance.t.bind(instance) as never) as unknown as TFunction;
  return instance;
}
