/**
 * `npm run bench:exam-network` — the exam page on a weak phone network (issue 14); prints figures,
 * asserts nothing (see bench/README.md).
 *
 * Setup: a throwaway PostgreSQL database (admin URL from BENCH_DATABASE_URL or TEST_PG_ADMIN_URL,
 * dropped at the end, also on error or Ctrl-C) with the official question banks (content/questions,
 * imported as the server does), a published certification exam whose blueprint draws 100 questions
 * from them, an open sitting and one eligible candidate (approved application, hours, a session)
 * per measured run. The real app server (production build) is started as the other benchmarks do.
 *
 * Each run is one candidate in a fresh Chromium context (empty HTTP cache), a 360 px phone
 * viewport, the network throttled through CDP (Network.emulateNetworkConditions: BENCH_LATENCY_MS
 * 400 ms added to every request, BENCH_KBITS 400 kbit/s down and up) and, in the *-cpu4 variants,
 * the CPU slowed 4× (Emulation.setCPUThrottlingRate). The candidate opens the sitting page
 * /exams/sittings/<id> and presses 开始考试:
 *
 *   cold: as soon as the sitting page is hydrated (the first visit: nothing of the exam page cached,
 *         whatever the sitting page fetches after hydrating still on its way);
 *   warm: after waiting on the sitting page until the network is quiet (the candidate who opened it
 *         before the opening minute: everything it fetches or prefetches is in the cache);
 *   *-client: the same form submitted through Remix's router (what a <Form> without reloadDocument
 *         does), a client-side navigation, to compare with the page's own document POST.
 *
 * Measured from the click (the page's own clock: performance.timeOrigin + performance.now()):
 *   a. usable: the first question's text painted with its answer inputs (the first animation frame
 *      in which the stem has a box, its inputs are in the DOM and every stylesheet is loaded), and
 *      whether that came from the server's HTML (the no-JavaScript form list) or from the script;
 *   b. Largest Contentful Paint of the exam page (buffered PerformanceObserver); a client-side
 *      navigation has none of its own (LCP stops at the first input), printed as "-";
 *   c. interactive: the exam runner (the page once its script runs: one question per screen,
 *      autosave) is on screen; hydrated: <html data-hydrated> set by the root route's effect;
 *   d. the second question: 下一题 clicked in the page, time to the frame showing "第 2 题", and the
 *      network requests made meanwhile;
 *   e. bytes on the wire from the click until interactive (+1 s), per resource type (CDP Network
 *      events: encodedDataLength; requests answered by the cache counted apart).
 * Each variant BENCH_RUNS (3) times; medians printed, with the load average.
 */
import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { chromium, type Browser, type CDPSession } from "playwright";
import { readCpuCount } from "./support/cpu";
import { BLUEPRINT, createCandidates } from "./support/exam-fixture";
import { run, sleep, startServer } from "./support/processes";
import { fmt, fmtLoad, percentile } from "./support/stats";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VARIANTS = (process.env.BENCH_VARIANTS ?? "cold,warm,cold-cpu4,warm-cpu4,cold-client,cold-cpu4-client")
  .split(",")
  .map((v) => v.trim());
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 400);
const KBITS = Number(process.env.BENCH_KBITS ?? 400);
const CPU_RATE = Number(process.env.BENCH_CPU_RATE ?? 4);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const VERBOSE = process.env.BENCH_VERBOSE === "1";
const STEP_TIMEOUT_MS = Number(process.env.BENCH_STEP_TIMEOUT_MS ?? 90_000);

/** The certification paper of bench/exams.ts: 100 questions, 100 points, every area and type, drawn from the official banks. */

const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Runs in every document of the page before its own scripts (Playwright addInitScript): watches,
 * one animation frame at a time, for the first question and the exam runner, and keeps the LCP
 * entries. Times are absolute (ms since the epoch, this machine's clock).
 */
function pageProbe() {
  type Probe = {
    usable: number | null;
    usableFrom: string | null;
    runner: number | null;
    hydrated: number | null;
    lcp: { at: number; size: number; element: string } | null;
  };
  const w = window as unknown as { __bench: Probe };
  const probe: Probe = { usable: null, usableFrom: null, runner: null, hydrated: null, lcp: null };
  w.__bench = probe;
  const now = () => performance.timeOrigin + performance.now();
  const sheetsLoaded = () =>
    Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')).every((link) => link.sheet !== null);
  const shown = (el: Element | null) => el !== null && el.getBoundingClientRect().height > 0;
  const frame = () => {
    const t = now();
    if (probe.usable === null && sheetsLoaded()) {
      // without JavaScript: the first of the server's per-question forms; with it: the runner's question
      const candidates: [string, Element | null][] = [
        ["server HTML", document.querySelector('[data-testid="exam-static"] form')],
        ["script", document.querySelector('[data-testid="question"]')],
      ];
      for (const [from, box] of candidates) {
        if (!box) continue;
        const stem = box.querySelector(".exam-stem");
        const inputs = box.querySelectorAll('input:not([type="hidden"]), textarea');
        if (shown(stem) && (stem!.textContent ?? "").trim() && inputs.length > 0) {
          probe.usable = t;
          probe.usableFrom = from;
          break;
        }
      }
    }
    if (probe.runner === null && shown(document.querySelector('[data-testid="exam-runner"]'))) probe.runner = t;
    if (probe.hydrated === null && document.documentElement.dataset.hydrated) probe.hydrated = t;
    if (probe.usable === null || probe.runner === null || probe.hydrated === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { size: number; element: Element | null })[]) {
        const el = entry.element;
        probe.lcp = {
          at: performance.timeOrigin + entry.startTime,
          size: entry.size,
          element: el
            ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className ? `.${String(el.className).split(" ")[0]}` : ""}`
            : "?",
        };
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
  } catch {
    // no LCP in this browser
  }
}

interface Resource {
  url: string;
  type: string;
  bytes: number;
  cached: boolean;
  status: number;
  startedAt: number;
  done: boolean;
}

/** Network events of one page over CDP: each request's type, bytes on the wire and whether the cache answered it. */
function recordNetwork(cdp: CDPSession) {
  const byId = new Map<string, Resource>();
  const all: Resource[] = [];
  cdp.on("Network.requestWillBeSent", (e) => {
    if (e.redirectResponse) {
      const previous = byId.get(e.requestId);
      if (previous) {
        previous.status = e.redirectResponse.status;
        previous.bytes = e.redirectResponse.encodedDataLength ?? 0;
      }
    }
    const r: Resource = {
      url: e.request.url,
      type: e.type ?? "Other",
      bytes: 0,
      cached: false,
      status: 0,
      startedAt: e.wallTime * 1000,
      done: false,
    };
    byId.set(e.requestId, r);
    all.push(r);
  });
  cdp.on("Network.requestServedFromCache", (e) => {
    const r = byId.get(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.type = e.type ?? r.type;
    r.status = e.response.status;
    r.bytes = e.response.encodedDataLength ?? 0; // the header bytes so far
    if (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker) r.cached = true;
  });
  // loadingFinished's total is sometimes 0 for a streamed fetch body (a single-fetch .data answer):
  // the larger of it and the response's header bytes plus every received chunk
  const streamed = new Map<string, number>();
  cdp.on("Network.dataReceived", (e) => streamed.set(e.requestId, (streamed.get(e.requestId) ?? 0) + e.encodedDataLength));
  cdp.on("Network.loadingFinished", (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.bytes = r.cached ? 0 : Math.max(e.encodedDataLength, r.bytes + (streamed.get(e.requestId) ?? 0));
    r.done = true;
  });
  cdp.on("Network.loadingFailed", (e) => {
    const r = byId.get(e.requestId);
    if (r) r.done = true;
  });
  return { all };
}

interface RunResult {
  usableMs: number;
  usableFrom: string;
  lcpMs: number | null;
  lcpElement: string;
  /** a document navigation: the exam page's HTML received whole */
  htmlMs: number | null;
  hydratedMs: number | null;
  timeline: Record<string, number | null>;
  interactiveMs: number;
  secondMs: number;
  secondRequests: string[];
  navigation: "document" | "client-side";
  sittingMs: number;
  resources: Resource[];
}

async function measureRun(browser: Browser, baseUrl: string, sittingId: number, token: string, variant: string): Promise<RunResult> {
  const parts = new Set(variant.split("-"));
  const warm = parts.has("warm");
  const cpu = parts.has("cpu4");
  const client = parts.has("client");
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  try {
    // production mode: the Secure, host-only session cookie (decision 016); set for https://localhost, Chromium sends it to http://localhost too (a trustworthy origin)
    await context.addCookies([
      { name: "__Host-hf_session", value: token, url: baseUrl.replace("http:", "https:"), httpOnly: true, secure: true, sameSite: "Lax" },
    ]);
    // tsx (esbuild) names functions with a `__name` helper that the page does not have: defined here
    // for the probe and for the functions evaluated in the page below.
    await context.addInitScript({ content: `globalThis.__name ??= (f) => f; (${pageProbe.toString()})();` });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: LATENCY_MS,
      downloadThroughput: (KBITS * 1024) / 8,
      uploadThroughput: (KBITS * 1024) / 8,
    });
    if (cpu) await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_RATE });
    const net = recordNetwork(cdp);

    // The sitting page (its own load is not what is measured here).
    const s0 = performance.now();
    await page.goto(`/exams/sittings/${sittingId}`, { waitUntil: "commit", timeout: STEP_TIMEOUT_MS });
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true", null, { timeout: STEP_TIMEOUT_MS, polling: 20 });
    const sittingMs = performance.now() - s0;
    if (warm) {
      await page.waitForLoadState("networkidle", { timeout: STEP_TIMEOUT_MS });
      await sleep(1000);
    }

    const button = await page.getByRole("button", { name: "开始考试" }).elementHandle({ timeout: STEP_TIMEOUT_MS });
    const firstRequest = net.all.length;
    const clickAt = await button!.evaluate((el: HTMLButtonElement, viaRouter: boolean) => {
      const t = performance.timeOrigin + performance.now();
      window.sessionStorage.setItem("bench-click-at", String(t));
      const router = (window as unknown as { __remixRouter?: { navigate: (to: string, opts: object) => Promise<void> } }).__remixRouter;
      // *-client: the start form submitted as a Remix <Form> without reloadDocument does it (useSubmit →
      // router.navigate with the form's data), whatever the page's form says
      if (viaRouter && router) void router.navigate(location.pathname, { formMethod: "post", formData: new FormData(el.form!) });
      else el.click();
      return t;
    }, client);
    await page.waitForSelector('[data-testid="exam-runner"]', { state: "visible", timeout: STEP_TIMEOUT_MS });
    await page
      .waitForFunction(
        () => {
          const b = (window as unknown as { __bench?: { usable: number | null; runner: number | null } }).__bench;
          return Boolean(b && b.usable !== null && b.runner !== null);
        },
        null,
        { timeout: STEP_TIMEOUT_MS, polling: 50 },
      )
      .catch(async (error: Error) => {
        const state = await page.evaluate(() => ({
          url: location.href,
          probe: (window as unknown as { __bench?: unknown }).__bench,
          sheets: Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')).map(
            (l) => `${l.href} ${l.sheet !== null}`,
          ),
          question: document.querySelector('[data-testid="question"]')?.outerHTML.slice(0, 600),
        }));
        throw new Error(`${error.message}\n${JSON.stringify(state, null, 1)}`);
      });
    const probe = await page.evaluate(() => {
      const b = (window as unknown as { __bench: Record<string, unknown> }).__bench;
      const nav = window.performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      const at = (t: number | undefined) => (t ? performance.timeOrigin + t : null);
      const scripts = (window.performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((r) =>
        /\/assets\/.*\.js$/.test(new URL(r.name).pathname),
      );
      return {
        ...b,
        navStart: performance.timeOrigin,
        htmlEnd: at(nav?.responseEnd),
        // the page's own count of bytes per resource (Resource Timing), for the answers CDP counts short
        transfers: (window.performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((r) => [r.name, r.transferSize]),
        // where the time goes after the HTML (BENCH_VERBOSE): DOMContentLoaded (module scripts ran), load, the last script in
        timeline: {
          domContentLoaded: at(nav?.domContentLoadedEventEnd),
          load: at(nav?.loadEventEnd),
          lastScript: at(Math.max(0, ...scripts.map((r) => r.responseEnd))),
        },
      } as unknown as {
        usable: number;
        usableFrom: string;
        runner: number;
        hydrated: number | null;
        lcp: { at: number; size: number; element: string } | null;
        navStart: number;
        htmlEnd: number | null;
        timeline: Record<string, number | null>;
        transfers: [string, number][];
      };
    });
    // a document navigation started at the click; a client-side one kept the sitting page's document
    const navigation = probe.navStart >= clickAt - 50 ? "document" : "client-side";
    await sleep(1000); // what the runner sends once it is up (its "visible" event) counts with the page
    const pageResources = net.all.slice(firstRequest);

    // d. the second question
    const beforeSecond = net.all.length;
    const next = await page.getByRole("button", { name: /下一题/ }).elementHandle({ timeout: STEP_TIMEOUT_MS });
    const secondMs = await next!.evaluate(
      (el: HTMLElement) =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          el.click();
          const check = () => {
            const heading = document.querySelector('[data-testid="question"] h2');
            // two frames: the one that lays the change out, and the next (the change is on screen)
            if (heading && (heading.textContent ?? "").includes("第 2 题")) requestAnimationFrame(() => resolve(performance.now() - t0));
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
    );
    await sleep(300);
    // every request of the page to its end (a streamed answer may finish after the page used it)
    for (let waited = 0; waited < 5000 && pageResources.some((r) => !r.done); waited += 100) await sleep(100);
    // CDP's loadingFinished sometimes reports only the headers of a streamed fetch answer (the
    // single-fetch .data of a client-side navigation): the page's Resource Timing has its size
    const transfers = new Map(probe.transfers);
    for (const r of pageResources) if (!r.cached && (transfers.get(r.url) ?? 0) > r.bytes) r.bytes = transfers.get(r.url)!;
    const secondRequests = net.all.slice(beforeSecond).map((r) => `${r.type} ${new URL(r.url).pathname}${r.cached ? " (cache)" : ""}`);

    return {
      usableMs: probe.usable - clickAt,
      // a client-side navigation renders the page's form list first too, but only once its script ran
      usableFrom: navigation === "document" ? "server HTML" : "script",
      lcpMs: probe.lcp && probe.lcp.at >= clickAt ? probe.lcp.at - clickAt : null,
      lcpElement: probe.lcp?.element ?? "-",
      timeline: Object.fromEntries(Object.entries(probe.timeline).map(([k, v]) => [k, v === null ? null : v - clickAt])),
      htmlMs: navigation === "document" && probe.htmlEnd !== null ? probe.htmlEnd - clickAt : null,
      hydratedMs: probe.hydrated !== null && probe.hydrated >= clickAt ? probe.hydrated - clickAt : null,
      interactiveMs: probe.runner - clickAt,
      secondMs,
      secondRequests,
      navigation,
      sittingMs,
      resources: pageResources,
    };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => percentile(Float64Array.from(values).sort(), 50);
const s = (msValue: number | null) => (msValue === null || !Number.isFinite(msValue) ? "-" : `${fmt(msValue / 1000, 2)} s`);

function bytesByType(resources: Resource[]) {
  const types = new Map<string, { requests: number; cached: number; bytes: number }>();
  for (const r of resources) {
    const t = types.get(r.type) ?? { requests: 0, cached: 0, bytes: 0 };
    t.requests++;
    if (r.cached) t.cached++;
    t.bytes += r.bytes;
    types.set(r.type, t);
  }
  return types;
}

let interrupted = false;

async function main() {
  const children: ChildProcess[] = [];
  process.on("SIGINT", () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.log("\nSIGINT: finishing the current run, then cleaning up (Ctrl-C again to quit at once)");
  });

  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  const dbName = `hf_bench_net_${randomBytes(3).toString("hex")}`;
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const url = dbUrl.toString();
  let created = false;
  let database: Awaited<ReturnType<typeof import("../db/client.server").openDatabase>> | undefined;
  let browser: Browser | undefined;

  try {
    if (!existsSync("build/server/index.js")) {
      console.log("no production build: running `npx remix vite:build` once");
      await run("npx", ["remix", "vite:build"]);
    }
    const [{ version }] = await admin`select version()`;
    await admin.unsafe(`create database "${dbName}"`);
    created = true;

    const { openDatabase, setDatabase } = await import("../db/client.server");
    const schema = await import("../db/schema");
    const { importQuestionContent } = await import("../app/modules/question-bank/import-content.server");
    const { completeCreditCode } = await import("../app/modules/org-tree/credit-code");
    const { isNotNull } = await import("drizzle-orm");

    database = await openDatabase({ url, max: 4 });
    setDatabase(database);
    const db = database.db;
    const content = await importQuestionContent(db);
    const banks = await db.select({ id: schema.questionBanks.id }).from(schema.questionBanks).where(isNotNull(schema.questionBanks.slug));
    const [county] = await db.insert(schema.counties).values({ code: "379996", name: "弱网基准县" }).returning();
    const [town] = await db.insert(schema.towns).values({ countyId: county.id, name: "弱网基准镇" }).returning();
    const [org] = await db
      .insert(schema.organizations)
      .values({ townId: town.id, name: "弱网基准公司", type: "enterprise", creditCode: completeCreditCode("91379996MA0000001") })
      .returning();
    const now = new Date();
    const [exam] = await db
      .insert(schema.exams)
      .values({
        countyId: county.id,
        title: "2026年弱网基准县初级红帆领航员认证考试",
        kind: "certification",
        level: "junior",
        bankIds: banks.map((b) => b.id).sort((a, b) => a - b),
        blueprint: BLUEPRINT,
        durationMinutes: 120,
        passMarkTenths: 600,
        attemptsAllowed: 3,
        reviewPolicy: "after_release",
        partialCredit: true,
        status: "published",
      })
      .returning();
    const [sitting] = await db
      .insert(schema.examSittings)
      .values({
        examId: exam.id,
        title: "第一场",
        opensAt: new Date(now.getTime() - 3600_000),
        closesAt: new Date(now.getTime() + 86_400_000),
        capacity: 10_000,
        status: "published",
      })
      .returning();
    const people = VARIANTS.length * RUNS;
    const tokens = (await createCandidates(org.id, people, 6, "弱网考生")).map((c) => c.token);

    console.log(`Exam page on a weak network — ${new Date().toISOString()}`);
    console.log(`  PostgreSQL: ${String(version).split(" ").slice(0, 2).join(" ")}, throwaway database ${dbName}`);
    console.log(`  Node ${process.version}, ${readCpuCount()} cores, load average at start ${fmtLoad()}`);
    console.log(
      `  setup: official banks (${content.inserted} questions), a certification exam of ${BLUEPRINT.sections.reduce((n, x) => n + x.count, 0)} questions, ${people} candidates`,
    );

    const app = await startServer(
      "app",
      children,
      ["--import", "tsx", "server/index.ts"],
      { NODE_ENV: "production", DATABASE_URL: url, SEED_DEMO: "false" },
      { timeoutMs: 90_000, showErrors: true },
    );
    // localhost, not 127.0.0.1: the same origin the browser and the server agree on (as the e2e suite)
    const baseUrl = `http://localhost:${app.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    console.log(
      `  Chromium ${browser.version()}; network ${KBITS} kbit/s down and up, ${LATENCY_MS} ms latency per request; viewport 360 × 740`,
    );

    const results = new Map<string, RunResult[]>();
    let person = 0;
    for (let round = 0; round < RUNS && !interrupted; round++) {
      // variants take turns, so a change in the machine's other load falls on all of them
      for (const variant of VARIANTS) {
        if (interrupted) break;
        const r = await measureRun(browser, baseUrl, sitting.id, tokens[person++], variant);
        const list = results.get(variant) ?? [];
        list.push(r);
        results.set(variant, list);
        const wire = r.resources.reduce((sum, x) => sum + x.bytes, 0);
        console.log(
          `  ${variant.padEnd(10)} run ${round + 1}: ${r.navigation} navigation; usable ${s(r.usableMs)} (${r.usableFrom}), LCP ${s(r.lcpMs)}, ` +
            `${r.htmlMs !== null ? `HTML complete ${s(r.htmlMs)}, ` : ""}hydrated ${s(r.hydratedMs)}, interactive ${s(r.interactiveMs)}; 2nd question ${fmt(r.secondMs, 0)} ms, ` +
            `${r.secondRequests.length} requests; ${(wire / 1024).toFixed(1)} KB on the wire; sitting page hydrated after ${s(r.sittingMs)}; load ${fmtLoad()}`,
        );
        if (VERBOSE)
          console.log(
            `      ${Object.entries(r.timeline)
              .map(([k, v]) => `${k} ${s(v)}`)
              .join(", ")}`,
          );
        if (VERBOSE)
          for (const x of r.resources)
            console.log(
              `      ${x.type.padEnd(10)} ${String(x.status).padStart(3)} ${(x.bytes / 1024).toFixed(1).padStart(6)} KB${x.cached ? " cache" : "      "} ${new URL(x.url).pathname}${new URL(x.url).search}`,
            );
        if (r.secondRequests.length) console.log(`      during the 2nd question: ${r.secondRequests.join(", ")}`);
      }
    }

    console.log(`\nMedians over ${RUNS} runs (from the click on 开始考试; load average now ${fmtLoad()})`);
    console.log("  variant     navigation   usable (HTML/JS)     LCP       interactive  2nd question   on the wire");
    for (const [variant, list] of results) {
      const usable = median(list.map((r) => r.usableMs));
      const lcps = list.map((r) => r.lcpMs).filter((x): x is number => x !== null);
      const from = [...new Set(list.map((r) => r.usableFrom))].join("/");
      const nav = [...new Set(list.map((r) => r.navigation))].join("/");
      const wire = median(list.map((r) => r.resources.reduce((sum, x) => sum + x.bytes, 0)));
      const secondReq = Math.max(...list.map((r) => r.secondRequests.length));
      console.log(
        `  ${variant.padEnd(11)} ${nav.padEnd(12)} ${`${s(usable)} (${from})`.padEnd(20)} ${`${s(lcps.length ? median(lcps) : null)}${nav === "document" ? "" : "*"}`.padEnd(9)} ` +
          `${s(median(list.map((r) => r.interactiveMs))).padEnd(12)} ${`${fmt(median(list.map((r) => r.secondMs)), 0)} ms, ${secondReq} req`.padEnd(14)} ${(wire / 1024).toFixed(1)} KB`,
      );
    }
    console.log(
      "  * a client-side navigation keeps the sitting page's document: its LCP entries after the (synthetic) click; a real tap would end LCP",
    );
    console.log("\nBytes on the wire per resource type, from the click until interactive + 1 s (median run of each variant by total):");
    for (const [variant, list] of results) {
      const sorted = [...list].sort((a, b) => a.resources.reduce((x, r) => x + r.bytes, 0) - b.resources.reduce((x, r) => x + r.bytes, 0));
      const mid = sorted[Math.floor((sorted.length - 1) / 2)];
      const types = [...bytesByType(mid.resources)]
        .sort((a, b) => b[1].bytes - a[1].bytes)
        .map(([type, t]) => `${type} ${(t.bytes / 1024).toFixed(1)} KB (${t.requests} req${t.cached ? `, ${t.cached} from cache` : ""})`);
      console.log(`  ${variant.padEnd(10)} ${types.join("; ")}`);
    }
    console.log(
      `\nGoals (issue 14): usable ≤ 3 s and interactive ≤ 8 s after the click on ${KBITS} kbit/s with ${LATENCY_MS} ms; the second question without the network.`,
    );
  } finally {
    if (browser) await browser.close().catch(() => {});
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    if (database) await database.close().catch(() => {});
    if (created)
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch((e) => console.error(`could not drop ${dbName}:`, e));
    await admin.end({ timeout: 2 });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
