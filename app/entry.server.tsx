import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { localeFromCookie } from "./i18n/i18n";
import { i18nFor } from "./i18n/i18n.server";
import { I18nProvider } from "./i18n/use-locale";
import { log } from "./modules/observability/log.server";
import { NonceProvider } from "./nonce";
import { prefetchLinkHeader } from "./prefetch-links";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * Errors of loaders, actions and rendering, through the logger (docs/decisions/033) instead of
 * Remix's console.error: the request id names the access line it belongs to, and the logger's
 * error serializer leaves out query parameters (a registration's ID number) and PostgreSQL's detail.
 * A request the client abandoned is not an error.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  // a refusal the page answers (403, 404…: a thrown response, or a resource route's thrown data())
  // is the client's doing, not a fault
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (refusalStatus(error) !== null && refusalStatus(error)! < 500) return;
  const reqId = request.headers.get("x-request-id") ?? undefined;
  if (isRouteErrorResponse(error)) log.error({ status: error.status, err: (error as { error?: unknown }).error, reqId }, "route failed");
  else log.error({ err: error, reqId }, "route failed");
}

/** The status of a thrown `data(…, { status })` (React Router's DataWithResponseInit), or null. */
function refusalStatus(error: unknown): number | null {
  const e = error as { type?: unknown; init?: { status?: unknown } | null } | null;
  return e && e.type === "DataWithResponseInit" && typeof e.init?.status === "number" ? e.init.status : null;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce ?? "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  // The reader's language, from the same cookie the root loader reads.
  const i18n = i18nFor(localeFromCookie(request.headers.get("Cookie")));
  // The script of the page the reader opens next, named by the page's routes (handle.prefetchRoutes):
  // fetched by the browser at idle priority while the reader is still here (docs/decisions/031).
  if (responseStatusCode === 200) {
    const prefetch = prefetchLinkHeader(
      remixContext.staticHandlerContext.matches.map((m) => m.route.id),
      (id) => remixContext.routeModules[id]?.handle,
      remixContext.manifest,
    );
    if (prefetch) responseHeaders.append("Link", prefetch);
  }
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nProvider value={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log.error({ err: error, reqId: request.headers.get("x-request-id") ?? undefined }, "page render failed");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
