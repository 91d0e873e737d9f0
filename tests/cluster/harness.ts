/**
 * Several app instances on one PostgreSQL database behind nginx, on loopback (issue 15): what
 * `npm run test:cluster` runs its journeys against and what `npm run bench:cluster` loads.
 *
 * `startCluster()` creates a fresh database, starts N real servers (server/index.ts, production
 * build; each in a process group of its own, so a signal reaches the whole server), waits until
 * each answers /healthz (and /readyz when the server has it), writes an nginx configuration into a
 * temporary directory and starts Debian's nginx as a child (`-g 'daemon off;'`): one upstream of
 * the instances, round-robin, no sticky sessions, keep-alive connections to the upstreams, a
 * request passed to the next instance only on a connection error or timeout — never a
 * non-idempotent one already sent (`proxy_next_upstream error timeout`, without `non_idempotent`)
 * — and X-Request-Id / X-Forwarded-For / X-Forwarded-Proto set for the app (TRUST_PROXY=1).
 * nginx adds `X-Upstream-Addr` ($upstream_addr) to every answer, so a client can tell which
 * instance answered (`instanceOf(response)`), whatever the route, without help from the app.
 *
 * `stop()` removes everything: the servers, nginx, the temporary directory and the database; it
 * also runs when the test process exits without calling it (the processes are killed, the
 * database is left to the suite's own clean-up of hf_<run>_* databases).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { freePort } from "../../bench/support/processes";

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

export interface ClusterOptions {
  /** app instances (default 3) */
  instances?: number;
  /** PostgreSQL admin URL allowing CREATE DATABASE (default TEST_PG_ADMIN_URL, else postgres://postgres@127.0.0.1:5432/postgres) */
  adminUrl?: string;
  /**
   * Ports: the proxy on basePort, instance i on basePort + 1 + i (default CLUSTER_BASE_PORT; without
   * it, free ports the system picks).
   */
  basePort?: number;
  /** extra environment of every instance (e.g. EXAM_SWEEP_INTERVAL_SECONDS) */
  env?: Record<string, string>;
  /** start the first instance alone, then the others (default: all at the same time, on the empty database) */
  staggered?: boolean;
  /** ms to wait for an instance to answer /healthz (and /readyz) after it was started (default 120 s) */
  readyTimeoutMs?: number;
  /** nginx: ms before an upstream that did not answer counts as failed (proxy_read_timeout; default 30 s) */
  proxyReadTimeoutMs?: number;
  /** nginx: how long an instance that failed is left out (fail_timeout; default 2 s) */
  failTimeoutSeconds?: number;
  /** nginx access log in the temporary directory (default on: the journeys read it when a test fails) */
  accessLog?: boolean;
  /** label in the database name (hf_<run>_<label>_<hex>) */
  label?: string;
  /** build the production bundle first when it is missing or stale (default true) */
  build?: boolean;
}

export interface Instance {
  index: number;
  /** INSTANCE_ID of the process: app0, app1, … */
  id: string;
  port: number;
  url: string;
  pid: number;
  child: ChildProcess;
  /** resolves when the process has exited: its exit code or the signal that ended it */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** the output (stdout and stderr) of the process so far, from its log file */
  output(): string;
}

export interface Cluster {
  proxyUrl: string;
  proxyPort: number;
  databaseUrl: string;
  /** the temporary directory: nginx.conf, logs, the instances' DATA_DIR */
  dir: string;
  instances: Instance[];
  /** which instance answered a response that came through the proxy (from X-Upstream-Addr), or null */
  instanceOf(response: Response | { headers: Headers }): Instance | null;
  /** sends a signal to instance i's process group; SIGKILL / SIGTERM / SIGINT wait until it has exited */
  kill(i: number, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null>;
  /** starts instance i again on its port (after it exited; a running one is killed first) and waits until it is ready */
  restart(i: number): Promise<Instance>;
  /** nginx's error log and access log so far */
  nginxLogs(): { error: string; access: string };
  /**
   * Points nginx's upstream at these ports (on 127.0.0.1: some of the instances, or another server
   * such as a benchmark's baseline) and reloads it; resolves once every answer comes from them.
   */
  route(ports: number[]): Promise<void>;
  /** stops everything and drops the database; safe to call twice */
  stop(): Promise<void>;
}

/** The environment of a child process outside the test runner (vite.config.ts drops Remix under VITEST). */
function plainEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "TEST" || key === "NODE_ENV") delete env[key];
  return { ...env, ...extra };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The production build the servers serve: built when missing or stale (scripts/ensure.mjs). */
export function ensureProductionBuild(): void {
  const build = spawnSync(process.execPath, ["--input-type=module", "-e", "import('./scripts/ensure.mjs').then((m) => m.ensureBuild())"], {
    stdio: "inherit",
    env: plainEnv({}),
  });
  if (build.status !== 0) throw new Error("build failed");
}

/** Whether Debian's nginx is installed (.ci/run installs it). */
export function nginxAvailable(): boolean {
  return existsSync(NGINX);
}

/** Processes still to kill if the test process ends without stop(): process group ids. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

/** Spawns a command in a process group of its own, its output appended to `logPath`. */
function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, logPath: string) {
  const fd = openSync(logPath, "a");
  const child = spawn(command, args, { env, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  const pid = child.pid!;
  liveGroups.add(pid);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      liveGroups.delete(pid);
      resolve({ code, signal });
    }),
  );
  return { child, pid, exited };
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

function readTail(path: string, max = 20_000): string {
  try {
    const text = readFileSync(path, "utf8");
    return text.length > max ? text.slice(-max) : text;
  } catch {
    return "";
  }
}

async function fetchStatus(url: string, timeoutMs = 2_000): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * Waits until the instance answers /healthz 200 and, when the server has /readyz (it answers
 * anything but 404), /readyz 200. Throws when the process exits first or after `timeoutMs`.
 */
export async function waitUntilReady(instance: Instance, timeoutMs: number): Promise<void> {
  let gone: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void instance.exited.then((e) => (gone = e));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (gone) {
      const { code, signal } = gone as { code: number | null; signal: NodeJS.Signals | null };
      throw new Error(`${instance.id} exited (${code ?? signal}) before it was ready:\n${instance.output().slice(-4000)}`);
    }
    if ((await fetchStatus(`${instance.url}/healthz`)) === 200) {
      const ready = await fetchStatus(`${instance.url}/readyz`);
      if (ready === 200 || ready === 404) return;
    }
    await sleep(150);
  }
  throw new Error(`${instance.id} not ready within ${Math.round(timeoutMs / 1000)} s:\n${instance.output().slice(-4000)}`);
}

function nginxConfig(o: {
  dir: string;
  proxyPort: number;
  ports: number[];
  readTimeoutMs: number;
  failTimeoutSeconds: number;
  accessLog: boolean;
}): string {
  const d = o.dir;
  return `# written by tests/cluster/harness.ts
worker_processes 1;
error_log ${d}/nginx-error.log warn;
pid ${d}/nginx.pid;
events { worker_connections 4096; }
http {
  ${o.accessLog ? `log_format upstream '$remote_addr "$request" $status $request_id upstream=$upstream_addr status=$upstream_status rt=$request_time';\n  access_log ${d}/nginx-access.log upstream;` : "access_log off;"}
  client_body_temp_path ${d}/nginx-tmp/client_body;
  proxy_temp_path ${d}/nginx-tmp/proxy;
  fastcgi_temp_path ${d}/nginx-tmp/fastcgi;
  uwsgi_temp_path ${d}/nginx-tmp/uwsgi;
  scgi_temp_path ${d}/nginx-tmp/scgi;
  # the app caps every body itself (server/request-limits.ts), with the right answer per route
  client_max_body_size 0;

  upstream hongfan {
    # round-robin, no sticky sessions: any instance may answer any request
${o.ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=${o.failTimeoutSeconds}s;`).join("\n")}
    keepalive 64;
    # shorter than the app's keepAliveTimeout (65 s): nginx closes an idle connection first
    keepalive_timeout 60s;
  }

  server {
    listen 127.0.0.1:${o.proxyPort} backlog=4096;
    location / {
      proxy_pass http://hongfan;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Request-Id $request_id;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # another instance only when this one could not be reached or did not answer in time; a
      # POST already sent is never sent again (no non_idempotent): the app's own retry decides
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries ${o.ports.length};
      proxy_connect_timeout 2s;
      proxy_read_timeout ${Math.max(1, Math.round(o.readTimeoutMs / 1000))}s;
      proxy_buffering off;
      add_header X-Upstream-Addr $upstream_addr always;
    }
  }
}
`;
}

export interface Proxy {
  url: string;
  port: number;
  pid: number;
  /** nginx's error log and access log so far */
  logs(): { error: string; access: string };
  /** rewrites the upstream to these ports and reloads nginx (SIGHUP); resolves once every answer comes from them */
  route(ports: number[]): Promise<void>;
  /** stops nginx (SIGQUIT: graceful, then SIGKILL after 3 s) */
  stop(): Promise<void>;
}

/**
 * Debian's nginx on 127.0.0.1:`port` in front of `upstreams` (ports on 127.0.0.1), with the
 * configuration of the cluster (see the top of this file), its files in `dir` (which must exist);
 * resolves once it answers /healthz through an upstream. startCluster uses it; a benchmark can
 * put its own upstream (the bare baseline server) behind the same configuration.
 */
export async function startProxy(o: {
  dir: string;
  port: number;
  upstreams: number[];
  readTimeoutMs?: number;
  failTimeoutSeconds?: number;
  accessLog?: boolean;
  /** the path that answers 200 once an upstream is there (default /healthz) */
  probePath?: string;
}): Promise<Proxy> {
  if (!nginxAvailable()) throw new Error(`nginx not found at ${NGINX} (apt-get install nginx; .ci/run does it)`);
  installExitHook();
  // nginx's workers run as nobody when the master is root: they need to reach their temp paths
  chmodSync(o.dir, 0o755);
  mkdirSync(join(o.dir, "nginx-tmp"), { recursive: true });
  const conf = join(o.dir, "nginx.conf");
  const write = (ports: number[]) =>
    writeFileSync(
      conf,
      nginxConfig({
        dir: o.dir,
        proxyPort: o.port,
        ports,
        readTimeoutMs: o.readTimeoutMs ?? 30_000,
        failTimeoutSeconds: o.failTimeoutSeconds ?? 2,
        accessLog: o.accessLog ?? true,
      }),
    );
  write(o.upstreams);
  const nginx = spawnGroup(NGINX, ["-c", conf, "-p", o.dir, "-g", "daemon off;"], process.env, join(o.dir, "nginx-stdout.log"));
  const url = `http://127.0.0.1:${o.port}`;
  const logs = () => ({ error: readTail(join(o.dir, "nginx-error.log")), access: readTail(join(o.dir, "nginx-access.log"), 200_000) });
  const stop = async () => {
    if (!liveGroups.has(nginx.pid)) return;
    signalGroup(nginx.pid, "SIGQUIT");
    const timer = setTimeout(() => signalGroup(nginx.pid, "SIGKILL"), 3_000);
    await nginx.exited;
    clearTimeout(timer);
  };
  const until = Date.now() + 10_000;
  for (;;) {
    if (nginx.child.exitCode !== null) throw new Error(`nginx exited:\n${logs().error}`);
    if ((await fetchStatus(`${url}${o.probePath ?? "/healthz"}`)) === 200) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`nginx not answering on ${url}:\n${logs().error}`);
    }
    await sleep(100);
  }
  const route = async (ports: number[]) => {
    write(ports);
    // the master alone: it starts workers with the new configuration and retires the old ones
    process.kill(nginx.pid, "SIGHUP");
    const wanted = new Set(ports.map((p) => `127.0.0.1:${p}`));
    const until = Date.now() + 15_000;
    let inARow = 0;
    // a fresh connection per probe: an old worker may still hold a kept-alive one
    while (inARow < 2 * ports.length + 2) {
      if (Date.now() > until) throw new Error(`nginx still answers from other upstreams after a reload:\n${logs().error}`);
      const res = await fetch(`${url}${o.probePath ?? "/healthz"}`, { headers: { Connection: "close" } }).catch(() => null);
      await res?.arrayBuffer().catch(() => undefined);
      const from = res?.headers.get("x-upstream-addr")?.split(",").pop()?.trim();
      inARow = res?.ok && from && wanted.has(from) ? inARow + 1 : 0;
      if (!inARow) await sleep(50);
    }
  };
  return { url, port: o.port, pid: nginx.pid, logs, route, stop };
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  installExitHook();
  const n = options.instances ?? 3;
  const adminUrl = options.adminUrl ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  if (!nginxAvailable()) throw new Error(`nginx not found at ${NGINX} (apt-get install nginx; .ci/run does it)`);
  if (options.build ?? true) ensureProductionBuild();

  const basePort = options.basePort ?? (process.env.CLUSTER_BASE_PORT ? Number(process.env.CLUSTER_BASE_PORT) : undefined);
  const proxyPort = basePort ?? (await freePort());
  const ports: number[] = [];
  for (let i = 0; i < n; i++) ports.push(basePort ? basePort + 1 + i : await freePort());

  const dir = mkdtempSync(join(tmpdir(), "hongfan-cluster-"));
  mkdirSync(join(dir, "data"));

  const name = `hf_${process.env.TEST_RUN_ID ?? "local"}_${options.label ?? "cluster"}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  await admin.unsafe(`create database "${name}"`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const databaseUrl = dbUrl.toString();

  // one key-encryption key for all (decision 018: instances sharing a database must share it)
  const kek = randomBytes(32).toString("base64url");
  const instances: Instance[] = [];
  let nginx: Proxy | null = null;
  let stopped = false;

  const launch = (index: number): Instance => {
    const port = ports[index];
    const id = `app${index}`;
    const logPath = join(dir, `${id}.log`);
    const env = plainEnv({
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "true",
      INSTANCE_ID: id,
      TRUST_PROXY: "1",
      DATA_DIR: join(dir, "data"),
      HF_ISSUER_KEK: kek,
      ...options.env,
    });
    const { child, pid, exited } = spawnGroup(process.execPath, ["--import", "tsx", "server/index.ts"], env, logPath);
    const instance: Instance = { index, id, port, url: `http://127.0.0.1:${port}`, pid, child, exited, output: () => readTail(logPath) };
    instances[index] = instance;
    return instance;
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await nginx?.stop();
    await Promise.all(
      instances.map(async (instance) => {
        if (!instance || !liveGroups.has(instance.pid)) return;
        signalGroup(instance.pid, "SIGCONT");
        signalGroup(instance.pid, "SIGTERM");
        const timer = setTimeout(() => signalGroup(instance.pid, "SIGKILL"), 8_000);
        await instance.exited;
        clearTimeout(timer);
      }),
    );
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
      if (process.env.CLUSTER_KEEP_DIR !== "1") rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    if (options.staggered) {
      await waitUntilReady(launch(0), readyTimeoutMs);
      for (let i = 1; i < n; i++) launch(i);
    } else {
      for (let i = 0; i < n; i++) launch(i);
    }
    await Promise.all(instances.map((instance) => waitUntilReady(instance, readyTimeoutMs)));

    nginx = await startProxy({
      dir,
      port: proxyPort,
      upstreams: ports,
      readTimeoutMs: options.proxyReadTimeoutMs,
      failTimeoutSeconds: options.failTimeoutSeconds,
      accessLog: options.accessLog,
    });
    const proxyUrl = nginx.url;

    const byAddr = new Map(ports.map((p, i) => [`127.0.0.1:${p}`, i]));
    const cluster: Cluster = {
      proxyUrl,
      proxyPort,
      databaseUrl,
      dir,
      instances,
      instanceOf(response) {
        // "127.0.0.1:4751" or, after a retry, "127.0.0.1:4751, 127.0.0.1:4752": the last one answered
        const addr = response.headers.get("x-upstream-addr")?.split(",").pop()?.trim();
        const index = addr === undefined ? undefined : byAddr.get(addr);
        return index === undefined ? null : instances[index];
      },
      async kill(i, signal) {
        const instance = instances[i];
        signalGroup(instance.pid, signal);
        if (signal === "SIGKILL" || signal === "SIGTERM" || signal === "SIGINT") {
          if (signal !== "SIGKILL") signalGroup(instance.pid, "SIGCONT");
          return instance.exited;
        }
        return null;
      },
      async restart(i) {
        const old = instances[i];
        if (liveGroups.has(old.pid)) {
          signalGroup(old.pid, "SIGKILL");
          await old.exited;
        }
        const instance = launch(i);
        await waitUntilReady(instance, readyTimeoutMs);
        return instance;
      },
      nginxLogs: () => nginx!.logs(),
      route: (ports) => nginx!.route(ports),
      stop,
    };
    return cluster;
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
