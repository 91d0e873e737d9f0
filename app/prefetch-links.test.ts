import { describe, expect, it } from "vitest";
import { MAX_PREFETCH_FILES, prefetchLinkHeader, type RouteAssetsManifest } from "./prefetch-links";

const manifest: RouteAssetsManifest = {
  entry: { module: "/assets/entry.client-a.js", imports: ["/assets/react-b.js"] },
  routes: {
    root: { module: "/assets/root-c.js", imports: ["/assets/react-b.js", "/assets/form-d.js"], css: ["/assets/app-e.css"] },
    "routes/exams.sittings.$sittingId": { module: "/assets/sitting-f.js", imports: ["/assets/format-g.js", "/assets/form-d.js"] },
    "routes/exams.attempts.$attemptId": {
      module: "/assets/attempt-h.js",
      imports: ["/assets/format-g.js", "/assets/saver-i.js", "/assets/react-b.js"],
      css: ["/assets/app-e.css", "/assets/exam-j.css"],
    },
  },
};
const handles: Record<string, unknown> = {
  "routes/exams.sittings.$sittingId": { prefetchRoutes: ["routes/exams.attempts.$attemptId"] },
};

describe("prefetchLinkHeader", () => {
  it("names the next route's files the page does not load itself", () => {
    expect(prefetchLinkHeader(["root", "routes/exams.sittings.$sittingId"], (id) => handles[id], manifest)).toBe(
      "</assets/attempt-h.js>; rel=prefetch, </assets/saver-i.js>; rel=prefetch, </assets/exam-j.css>; rel=prefetch",
    );
  });

  it("is null for a page whose routes name nothing, or only what the page loads", () => {
    expect(prefetchLinkHeader(["root", "routes/exams.attempts.$attemptId"], (id) => handles[id], manifest)).toBeNull();
    expect(prefetchLinkHeader(["root", "routes/exams.attempts.$attemptId"], () => ({ prefetchRoutes: ["root"] }), manifest)).toBeNull();
  });

  it("ignores unknown routes and handles of another shape", () => {
    const odd: Record<string, unknown> = {
      root: { prefetchRoutes: "routes/exams.attempts.$attemptId" },
      "routes/exams.sittings.$sittingId": { prefetchRoutes: ["routes/nowhere", 7] },
    };
    expect(prefetchLinkHeader(["root", "routes/exams.sittings.$sittingId"], (id) => odd[id], manifest)).toBeNull();
    expect(prefetchLinkHeader(["root"], () => null, manifest)).toBeNull();
  });

  it("names at most MAX_PREFETCH_FILES files", () => {
    const imports = Array.from({ length: 40 }, (_, i) => `/assets/chunk-${i}.js`);
    const big: RouteAssetsManifest = { ...manifest, routes: { ...manifest.routes, "routes/big": { module: "/assets/big.js", imports } } };
    const header = prefetchLinkHeader(["root"], () => ({ prefetchRoutes: ["routes/big"] }), big);
    expect(header?.split(", ")).toHaveLength(MAX_PREFETCH_FILES);
    expect(header?.startsWith("</assets/big.js>; rel=prefetch")).toBe(true);
  });
});
