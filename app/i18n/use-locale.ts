import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { loader as rootLoader } from "~/root";
import { formatDateTime } from "./format";
import { DEFAULT_LOCALE, type Locale } from "./i18n";

export function useLocale(): Locale {
  return useRouteLoaderData<typeof rootLoader>("root")?.locale ?? DEFAULT_LOCALE;
}

/** t() plus a date formatter in the reader's language. */
export function useT() {
  const { t } = useTranslation();
  const locale = useLocale();
  return { t, locale, date: (value: Date | string | null | undefined, withTime = true) => formatDateTime(value, locale, withTime) };
}
