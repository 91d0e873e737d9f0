import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: [
        "app/**/*.test.{ts,tsx}",
        "server/**/*.test.ts",
        "scripts/**/*.test.ts",
        "db/**/*.test.ts",
        "tests/integration/**/*.test.ts",
      ],
      environment: "node",
      setupFiles: ["tests/setup.ts"],
      pool: "forks",
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);
