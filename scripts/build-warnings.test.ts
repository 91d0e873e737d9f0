import { describe, expect, it } from "vitest";
import type { UserConfig } from "vite";
import viteConfig from "../vite.config";
import { chunkName, isKnownNoise, resourceRouteChunks } from "./build-warnings";

const routes = resourceRouteChunks("app/routes");
const zodWarning = {
  code: "INVALID_ANNOTATION",
  id: "/work/app/node_modules/zod/v4/core/util.js",
  message: "A comment ... contains an annotation that Rollup cannot interpret due to the position of the comment.",
};

describe("the build's warnings", () => {
  it("knows the resource routes (no component) whose client chunks are empty", () => {
    expect(chunkName("admin.exams.$examId.export.tsx")).toBe("admin.exams._examId.export");
    for (const name of [
      "admin.exams._examId.export",
      "admin.hours.export",
      "i18n._catalog",
      "logout",
      "notifications.read",
      "question-banks._bankId.export",
      "question-banks.template",
      "set-locale",
    ]) {
      expect(routes.has(name), name).toBe(true);
    }
    expect(routes.has("register")).toBe(false);
  });

  it("drops only zod's comment warnings and the resource routes' empty chunks", () => {
    expect(isKnownNoise(zodWarning, routes)).toBe(true);
    expect(isKnownNoise({ ...zodWarning, id: "/work/app/app/modules/forms.ts" }, routes)).toBe(false);
    expect(isKnownNoise({ code: "EMPTY_BUNDLE", names: ["logout"], message: 'Generated an empty chunk: "logout".' }, routes)).toBe(true);
    expect(isKnownNoise({ code: "EMPTY_BUNDLE", message: 'Generated an empty chunk: "set-locale".' }, routes)).toBe(true);
    expect(isKnownNoise({ code: "EMPTY_BUNDLE", names: ["register"], message: 'Generated an empty chunk: "register".' }, routes)).toBe(
      false,
    );
    expect(isKnownNoise({ code: "CIRCULAR_DEPENDENCY", message: "Circular dependency" }, routes)).toBe(false);
  });

  it("is wired into vite.config: the noise is dropped, any other warning still reaches the handler", () => {
    const onwarn = (viteConfig as UserConfig).build?.rollupOptions?.onwarn;
    expect(onwarn).toBeTypeOf("function");
    const printed: string[] = [];
    const handler = (w: unknown) => printed.push(typeof w === "string" ? w : (w as { message: string }).message);
    onwarn!(zodWarning as never, handler as never);
    onwarn!(
      { code: "EMPTY_BUNDLE", names: ["i18n._catalog"], message: 'Generated an empty chunk: "i18n._catalog".' } as never,
      handler as never,
    );
    onwarn!({ code: "UNUSED_EXTERNAL_IMPORT", message: "something real" } as never, handler as never);
    expect(printed).toEqual(["something real"]);
  });
});

describe("npm's install-script notice", () => {
  it("every package in the lockfile with an install script has been reviewed in package.json's allowScripts", async () => {
    const { readFileSync } = await import("node:fs");
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { allowScripts?: Record<string, boolean> };
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([path, entry]) => path && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of new Set(withScripts)) expect(pkg.allowScripts?.[name], name).toBeTypeOf("boolean");
  });
});
