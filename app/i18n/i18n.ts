import i18next, { type i18n as I18n } from "i18next";
import en from "./messages/en";
import zhCN from "./messages/zh-CN";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "hf_lang";

export const catalogs = { "zh-CN": zhCN, en } as const;

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

const instances = new Map<Locale, I18n>();

/**
 * One i18next instance per locale, initialised synchronously from the bundled catalog and reused
 * (building one per request is measurably slow).
 */
export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      lng: locale,
      fallbackLng: false,
      resources: { [locale]: { translation: catalogs[locale] } },
      interpolation: { escapeValue: false },
      initImmediate: false,
      returnNull: false,
    });
    instances.set(locale, instance);
  }
  return instance;
}
