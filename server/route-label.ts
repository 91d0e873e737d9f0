import { readdirSync } from "node:fs";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";
import { JSON_ENDPOINT_PATHS } from "./hot-path";

/**
 * The route of a request as a fixed label for the metrics and the access lines (docs/decisions/033):
 * never the raw path, whose ids (attempts, users, certificate numbers) and whatever a scanner tries
 * would make one time series per URL. The server's own endpoints get their pattern; everything
 * Remix answers gets the id of the deepest matching route (`routes/exams.attempts.$attemptId`,
 * its single-fetch `.data` requests too; unknown paths land on the catch-all `routes/$`). Without
 * a build (the dev server) Remix's requests are all `remix`.
 */

const FIXED = new Map<string, string>([
  ...JSON_ENDPOINT_PATHS.map((path): [string, string] => [path, path]),
  ["/healthz", "/healthz"],
  ["/readyz", "/readyz"],
  ["/metrics", "/metrics"],
  ["/uploads", "/uploads"],
  ["/__manifest", "/__manifest"],
]);

const PREFIXES: readonly [string, string][] = [
  ["/assets/", "/assets/*"],
  ["/media/videos/", "/media/videos/*"],
  ["/media/assets/", "/media/assets/:assetId"],
  ["/media/uploads/", "/media/uploads/:uploadId"],
  ["/uploads/", "/uploads/*"],
  ["/api/study/attention/", "/api/study/attention/:checkId.svg"],
];

/** Paths labelled so far (a bounded memo: matching the route table is the costly part). */
const MEMO_SIZE = 5000;

export function createRouteLabels(build: ServerBuild | null, staticFiles: ReadonlySet<string> = new Set()): (path: string) => string {
  const tree = build ? routeTree(build) : null;
  const memo = new Map<string, string>();

  const remixRoute = (path: string): string => {
    if (!tree) return "remix";
    // single fetch: /x.data is the data of /x, /_root.data that of /
    const page = path.endsWith(".data") ? (path === "/_root.data" ? "/" : path.slice(0, -5)) : path;
    const matches = matchRoutes(tree, page);
    return matches?.length ? matches[matches.length - 1].route.id! : "unmatched";
  };

  return function routeLabel(path: string): string {
    const fixed = FIXED.get(path);
    if (fixed) return fixed;
    for (const [prefix, label] of PREFIXES) if (path.startsWith(prefix)) return label;
    if (staticFiles.has(path)) return "static";
    let label = memo.get(path);
    if (label === undefined) {
      label = remixRoute(path);
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(path, label);
    }
    return label;
  };
}

/** The build's flat route manifest as the nested route objects the router matches. */
function routeTree(build: ServerBuild): AgnosticRouteObject[] {
  type Node = AgnosticRouteObject & { children?: Node[] };
  const nodes = new Map<string, Node>();
  for (const route of Object.values(build.routes)) {
    if (!route) continue;
    nodes.set(
      route.id,
      route.index
        ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
        : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: [] },
    );
  }
  const roots: Node[] = [];
  for (const route of Object.values(build.routes)) {
    if (!route) continue;
    const node = nodes.get(route.id)!;
    const parent = route.parentId ? nodes.get(route.parentId) : undefined;
    if (parent && !parent.index) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** The public files express.static serves from `dir` (outside /assets, which has its own label), as paths. */
export function staticFilesOf(dir: string): Set<string> {
  const files = new Set<string>();
  try {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = `${entry.parentPath.slice(dir.length)}/${entry.name}`.replace(/\\/g, "/").replace(/^\/*/, "/");
      if (!path.startsWith("/assets/")) files.add(path);
    }
  } catch {
    // no build (the dev server): nothing is served from it
  }
  return files;
}
