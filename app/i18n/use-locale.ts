import type { i18n as I18n, TFunction } from "i18next";
import { createContext, useContext } from "react";
import { formatDateTime } from "./format";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n";

/**
 * The page's i18next instance, provided above the whole app: by entry.server.tsx (the instance of
 * the reader's locale) and by entry.client.tsx (one built from the catalog it fetched). A few lines
 * instead of react-i18next: the page never changes language in place (the switch reloads it).
 */
const I18nContext = createContext<I18n | null>(null);
export const I18nProvider = I18nContext.Provider;

function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("No I18nProvider above this component (entry.server.tsx / entry.client.tsx provide it).");
  return i18n;
}

/** react-i18next's shape: `const { t } = useTranslation()`. */
export function useTranslation(): { t: TFunction; i18n: I18n } {
  const i18n = useI18n();
  return { t: i18n.t, i18n };
}

/** The language the page is rendered in. */
export function useLocale(): Locale {
  const language = useI18n().language;
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

/** t() plus a date formatter in the reader's language. */
export function useT() {
  const { t } = useTranslation();
  const locale = useLocale();
  return { t, locale, date: (value: Date | string | null | undefined, withTime = true) => formatDateTime(value, locale, withTime) };
}
