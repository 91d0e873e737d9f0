import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The two kinds of Rollup warning `npm run build` printed that nobody can act on, and only those:
 *
 * - zod 4 ships prose comments that mention `@__PURE__` (explaining why its code is shaped as it
 *   is); Rollup reads them as misplaced annotations and says it "cannot interpret" them
 *   (INVALID_ANNOTATION). Filtered for files under node_modules/zod only: our own code still warns.
 * - A resource route (a file in app/routes with a loader or action and no component: exports,
 *   logout, set-locale, the catalog) has nothing for the browser, so its client chunk is empty
 *   (EMPTY_BUNDLE, "Generated an empty chunk"). Filtered for exactly those routes: an empty chunk
 *   for a page with a component still warns.
 */
export interface RollupWarningLike {
  code?: string;
  id?: string;
  names?: string[];
  message: string;
}

/** Chunk names of the routes without a default export (Remix names chunks by the file, `$` → `_`). */
export function resourceRouteChunks(routesDir: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(routesDir)) {
    if (!/\.(tsx?|jsx?)$/.test(file)) continue;
    const source = readFileSync(join(routesDir, file), "utf8");
    if (/export\s+default\b/.test(source)) continue;
    names.add(chunkName(file));
  }
  return names;
}

export function chunkName(routeFile: string): string {
  return routeFile.replace(/\.(tsx?|jsx?)$/, "").replace(/\$/g, "_");
}

export function isKnownNoise(warning: RollupWarningLike, resourceChunks: Set<string>): boolean {
  if (warning.code === "INVALID_ANNOTATION") {
    return typeof warning.id === "string" && /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id);
  }
  if (warning.code === "EMPTY_BUNDLE") {
    const names = warning.names ?? [/Generated an empty chunk: "([^"]+)"/.exec(warning.message)?.[1] ?? ""];
    return names.length > 0 && names.every((name) => resourceChunks.has(name));
  }
  return false;
}
