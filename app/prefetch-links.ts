/**
 * Prefetching the next page's script (docs/decisions/031). A route names, in its `handle`, the
 * routes its reader most likely opens next (the sitting page: the exam page). The page's answer then
 * carries `Link: <…>; rel=prefetch` headers for those routes' script and style files — hashed,
 * immutable assets — so the browser fetches them while the reader is still on the page, at idle
 * priority, and the next page finds them in its cache. The page's own files are left out (it loads
 * them anyway). Only assets: a next page's data depends on what the reader does (an attempt that
 * does not exist yet) and is not prefetched.
 */

/** What a route module may put in its `handle` for this. */
export interface PrefetchHandle {
  /** route ids (as in the manifest, e.g. "routes/exams.attempts.$attemptId") */
  prefetchRoutes?: readonly string[];
}

/** The part of Remix's assets manifest read here (AssetsManifest of @remix-run/react). */
export interface RouteAssetsManifest {
  entry: { module: string; imports: readonly string[] };
  routes: Record<string, { module: string; imports?: readonly string[]; css?: readonly string[] } | undefined>;
}

/** At most this many files are named: a handle cannot make a page announce the whole build. */
export const MAX_PREFETCH_FILES = 24;

function filesOf(manifest: RouteAssetsManifest, routeId: string): string[] {
  const route = manifest.routes[routeId];
  return route ? [route.module, ...(route.imports ?? []), ...(route.css ?? [])] : [];
}

function prefetchRoutesOf(handle: unknown): readonly string[] {
  if (typeof handle !== "object" || handle === null) return [];
  const routes = (handle as PrefetchHandle).prefetchRoutes;
  return Array.isArray(routes) ? routes.filter((r): r is string => typeof r === "string") : [];
}

/**
 * The `Link` header value for the page whose matched routes are `matchedRouteIds` (root first),
 * given each route's `handle`; null when none of them names a route to prefetch (or all of its
 * files are the page's own).
 */
export function prefetchLinkHeader(
  matchedRouteIds: readonly string[],
  handleOf: (routeId: string) => unknown,
  manifest: RouteAssetsManifest,
): string | null {
  const own = new Set<string>([
    manifest.entry.module,
    ...manifest.entry.imports,
    ...matchedRouteIds.flatMap((id) => filesOf(manifest, id)),
  ]);
  const wanted = new Set<string>();
  for (const id of matchedRouteIds)
    for (const next of prefetchRoutesOf(handleOf(id))) for (const file of filesOf(manifest, next)) if (!own.has(file)) wanted.add(file);
  const files = [...wanted].slice(0, MAX_PREFETCH_FILES);
  return files.length ? files.map((file) => `<${file}>; rel=prefetch`).join(", ") : null;
}
