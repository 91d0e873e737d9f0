import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = `.data/e2e-${process.pid}`;
/** Journeys that change a whole county (an applied 年度考核): they run after every other journey. */
const COUNTY_WIDE = /assessment\.spec\.ts$/;
const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

/**
 * End-to-end journeys against the production build. Browsers cannot be downloaded here: the
 * system Chromium (Debian's `chromium` package) is used, or CHROMIUM_PATH.
 */
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      testIgnore: COUNTY_WIDE,
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: LAUNCH,
      },
    },
    {
      // journeys that change a whole county (an applied 年度考核): after every other journey
      name: "county-wide",
      testMatch: COUNTY_WIDE,
      dependencies: ["chromium"],
      use: { ...devices["Desktop Chrome"], launchOptions: LAUNCH },
    },
  ],
  webServer: {
    command: "node --import tsx server/index.ts",
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      SEED_DEMO: "true",
      // warnings and errors in the suite's output; not an access line per request (decision 033)
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      STUDY_HEARTBEAT_SECONDS: "5",
      STUDY_ATTENTION_MIN_SECONDS: "3",
      STUDY_ATTENTION_MAX_SECONDS: "4",
      // every browser of the suite registers from 127.0.0.1 (the default is 10 an hour per address)
      REGISTRATIONS_PER_ADDRESS_PER_HOUR: "1000",
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : { DATA_DIR: dataDir }),
    },
  },
});
