import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locale } from "~/i18n/i18n";
import { renderMarkdown } from "../markdown";

/**
 * The personal information notice (个人信息保护说明) a person agrees to at registration, written for
 * this project in content/privacy/. PIPL art. 14, 17 and 29: consent on full information, and a
 * separate consent for sensitive personal information (ID number, Party membership). The version
 * agreed to is stored with the person; change it whenever the text changes in substance.
 */
export const PRIVACY_NOTICE_VERSION = "2026-12-06";

const rendered = new Map<Locale, string>();

/** The notice as HTML in the reader's language, rendered once per process. */
export function privacyNoticeHtml(locale: Locale): string {
  let html = rendered.get(locale);
  if (!html) {
    html = renderMarkdown(readFileSync(join("content", "privacy", `notice.${locale}.md`), "utf8"));
    rendered.set(locale, html);
  }
  return html;
}
