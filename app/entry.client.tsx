import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { createI18n, DEFAULT_LOCALE, isLocale, type Locale } from "./i18n/i18n";
import { I18nProvider } from "./i18n/use-locale";
import type { Messages } from "./i18n/messages/zh-CN";

/**
 * Only the reader's message catalog reaches the browser, as JSON (app/routes/i18n.$catalog.tsx),
 * not as JavaScript: the page names it in a preload link, so it downloads beside the scripts, and
 * it is fetched here before hydrating, so the first client render has the server's texts. Should
 * it not arrive, the page stays as the server rendered it (forms work without JavaScript) and the
 * fetch is retried.
 */
async function loadCatalog(): Promise<{ locale: Locale; messages: Messages }> {
  const locale = pageLocale();
  const url = document.querySelector<HTMLLinkElement>("link[data-catalog]")?.href ?? `/i18n/${locale}.0.json`;
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) return { locale, messages: (await response.json()) as Messages };
    } catch {
      // offline for a moment: try again below
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)));
  }
}

function pageLocale(): Locale {
  const lang = document.documentElement.lang;
  return isLocale(lang) ? lang : DEFAULT_LOCALE;
}

void loadCatalog().then(({ locale, messages }) => {
  const i18n = createI18n(locale, messages);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nProvider value={i18n}>
          <RemixBrowser />
        </I18nProvider>
      </StrictMode>,
    );
  });
});
