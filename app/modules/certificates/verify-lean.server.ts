import type { IncomingMessage, ServerResponse } from "node:http";
import { readdirSync } from "node:fs";
import { localeFromCookie } from "~/i18n/i18n";
import { i18nFor } from "~/i18n/i18n.server";
import { longDate, statusDetail, STATUS_TONE } from "./verify";
import type { VerifyBody } from "./verify-page.server";
import { verifyLookup } from "./verify-page.server";
import { log } from "../observability/log.server";

/**
 * The lean /verify/<number> (docs/decisions/017): what a QR code opens is answered in front of
 * Remix for visitors without a session — one prepared lookup and a small HTML string with the
 * app's stylesheet and no scripts, the same facts and words as the Remix page
 * (routes/verify.$number.tsx), which still answers signed-in visitors (with the navigation).
 * A full Remix render costs ~10 ms of CPU, which held the page to a few percent of a bare
 * node:http server's throughput (bench/README.md).
 */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

let cssHref: string | null | undefined;
/** The built stylesheet (build/client/assets/app-<hash>.css), found once. */
function stylesheet(): string | null {
  if (cssHref !== undefined) return cssHref;
  try {
    const file = readdirSync("build/client/assets").find((f) => /^app-[\w-]+\.css$/.test(f));
    cssHref = file ? `/assets/${file}` : null;
  } catch {
    cssHref = null;
  }
  return cssHref;
}

export function renderVerifyHtml(body: VerifyBody, locale: "zh-CN" | "en", css: string | null): string {
  const { t } = i18nFor(locale);
  let main: string;
  if (body.kind === "found") {
    const c = body.certificate;
    const d = statusDetail(c.status, locale);
    const values: Record<string, string> = { ...d.values };
    if (values.reasonKey) values.reason = t(values.reasonKey);
    if (values.levelKey) values.level = t(values.levelKey);
    const row = (label: string, value: string, extra = "", testid = "") =>
      `<dt class="text-stone-600">${escape(label)}</dt><dd${extra ? ` class="${extra}"` : ""}${testid ? ` data-testid="${testid}"` : ""}>${escape(value)}</dd>`;
    main = `<section class="card space-y-4" aria-labelledby="verify-status" data-testid="verify-result">
<div class="rounded border-l-4 p-3 ${STATUS_TONE[c.status.kind]}"><h2 id="verify-status" class="text-2xl font-bold" data-testid="verify-status">${escape(t(`certificates.statuses.${c.status.kind}`))}</h2><p class="mt-1">${escape(t(d.key, values))}</p></div>
<dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">${row(t("certificates.number"), c.number, "font-mono break-all")}${row(t("certificates.holder"), c.maskedName, "", "verify-holder")}${row(t("certificates.level"), t(`verify.levelTitles.${c.level}`))}${row(t("verify.county"), c.countyName)}${row(t("certificates.issuedAt"), longDate(c.issuedAt, locale))}</dl>
<p class="text-sm text-stone-600">${escape(t("verify.privacy"))}</p></section>`;
  } else {
    const message = body.kind === "rateLimited" ? body.message : t(`verify.problems.${body.kind}`);
    main = `<div role="alert" class="rounded-md border px-4 py-3 border-red-300 bg-red-50 text-red-900">${escape(message)}</div>`;
  }
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="theme-color" content="#a31515"><meta name="robots" content="noindex"><title>${escape(t("verify.title"))} · 红帆</title>${css ? `<link rel="stylesheet" href="${css}">` : ""}<link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
<body class="flex min-h-screen flex-col"><header class="bg-brand-700 text-white"><div class="mx-auto flex max-w-5xl items-center gap-2 px-4 py-2"><a href="/" class="flex items-center gap-2 text-lg font-bold text-white no-underline"><img src="/favicon.svg" alt="" width="28" height="28"><span>${escape(t("app.name"))}</span></a></div></header>
<main id="main" class="mx-auto w-full max-w-5xl flex-1 px-4 py-6"><div class="mx-auto max-w-xl space-y-4"><h1 class="text-2xl font-bold">${escape(t("verify.title"))}</h1>${main}<p><a href="/verify" class="link">${escape(t("verify.another"))}</a></p></div></main></body></html>`;
}

/**
 * Answers GET /verify/<number> for a visitor without a session cookie (true), or leaves it to the
 * app (false): signed-in visitors, and development (no built stylesheet).
 */
export function handleLeanVerify(
  req: IncomingMessage,
  res: ServerResponse,
  options: { clientIp: string; hasSession: boolean; cookieSecure: boolean },
): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  // not /verify/<number>.data (the Remix client's data request) nor any other path below /verify/
  const m = /^\/verify\/([^/?#.]{1,200})(?:\?.*)?$/.exec(req.url ?? "");
  if (!m || options.hasSession) return false;
  const css = stylesheet();
  if (!css) return false;
  let input: string;
  try {
    input = decodeURIComponent(m[1]);
  } catch {
    return false;
  }
  const locale = localeFromCookie(req.headers.cookie ?? null);
  verifyLookup(input, options.clientIp).then(
    ({ body, status, headers }) => {
      const html = renderVerifyHtml(body, locale, css);
      res.writeHead(status, {
        ...headers,
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": Buffer.byteLength(html),
        "Content-Security-Policy":
          "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        Vary: "Cookie",
        ...(options.cookieSecure ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : html);
    },
    (error: unknown) => {
      log.error({ err: error }, "verify page failed");
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("服务器暂时无法完成验证，请稍后再试。");
    },
  );
  return true;
}
