import type { i18n as I18n } from "i18next";
import { createHash } from "node:crypto";
import { createI18n, isLocale, LOCALES, type Locale } from "./i18n";
import en from "./messages/en";
import zhCN from "./messages/zh-CN";

/** Both catalogs live on the server; the browser fetches the reader's one as JSON (see catalogUrl). */
export const catalogs = { "zh-CN": zhCN, en } as const;

const instances = new Map<Locale, I18n>();

/**
 * One i18next instance per locale, built once and reused (building one per request is measurably
 * slow).
 */
export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createI18n(locale, catalogs[locale]);
    instances.set(locale, instance);
  }
  return instance;
}

/** A catalog as the browser receives it: JSON under a content-hashed name, cacheable for good. */
export interface CatalogFile {
  locale: Locale;
  hash: string;
  json: string;
}

const files = new Map<Locale, CatalogFile>(
  LOCALES.map((locale) => {
    const json = JSON.stringify(catalogs[locale]);
    const hash = createHash("sha256").update(json).digest("hex").slice(0, 12);
    return [locale, { locale, hash, json }];
  }),
);

export const CATALOG_PATH = "/i18n";

/** Where the browser fetches the locale's catalog (served by app/routes/i18n.$catalog.tsx). */
export function catalogUrl(locale: Locale): string {
  const file = files.get(locale)!;
  return `${CATALOG_PATH}/${locale}.${file.hash}.json`;
}

/**
 * The catalog a name such as `zh-CN.0123abcd4567.json` asks for, and whether the hash is the
 * current one (an outdated page asking for an older hash gets today's catalog, not cached for good).
 */
export function catalogFor(name: string): { file: CatalogFile; current: boolean } | null {
  const match = /^([A-Za-z-]+)\.([0-9a-f]+)\.json$/.exec(name);
  if (!match || !isLocale(match[1])) return null;
  const file = files.get(match[1])!;
  return { file, current: match[2] === file.hash };
}
