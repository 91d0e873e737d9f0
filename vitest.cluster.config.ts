import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

/**
 * `npm run test:cluster` (issue 15): three app instances behind nginx on one PostgreSQL database
 * (tests/cluster/harness.ts). Not part of `vitest run`: the journeys start real servers and nginx,
 * one cluster for the whole file, one file at a time.
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ["tests/cluster/**/*.test.ts"],
      environment: "node",
      pool: "forks",
      fileParallelism: false,
      maxWorkers: 1,
      testTimeout: 60_000,
      hookTimeout: 300_000,
    },
  }),
);
