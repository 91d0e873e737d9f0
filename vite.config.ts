import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { isKnownNoise, resourceRouteChunks } from "./scripts/build-warnings";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const isTest = process.env.VITEST === "true";
const resourceChunks = resourceRouteChunks(fileURLToPath(new URL("./app/routes", import.meta.url)));

export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "#db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  server: { port: 3000 },
  // i18next is prebundled up front so a fresh dev server does not re-optimise (and reload) on the first page.
  optimizeDeps: { include: ["i18next"], exclude: ["@node-rs/argon2", "@electric-sql/pglite"] },
  // pdfkit reads its .afm files relative to itself and fontkit is large: loaded from node_modules, never bundled.
  ssr: {
    external: ["@node-rs/argon2", "@electric-sql/pglite", "postgres", "pdfkit", "fontkit", "qrcode", "@expo-google-fonts/noto-sans-sc"],
  },
  build: {
    target: "es2020",
    rollupOptions: {
      // Only the two known, harmless warnings are dropped (see scripts/build-warnings.ts); every other warning still prints.
      onwarn(warning, warn) {
        if (isKnownNoise(warning, resourceChunks)) return;
        warn(warning);
      },
    },
  },
  plugins: [
    tailwindcss(),
    !isTest &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
          v3_routeConfig: true,
        },
      }),
  ],
});
