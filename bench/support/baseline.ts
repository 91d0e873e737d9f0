import http from "node:http";
import postgres from "postgres";

/**
 * The bare node:http baseline the benchmarks compare the app with (bench/README.md): a server in its
 * own process (the benchmark file run with --baseline-server), DATABASE_URL and PORT from the
 * environment, a postgres.js pool of 10 like the app, GET /healthz, keep-alive, and one handler
 * per request doing what the benchmark deems the least the app's endpoint must do (one upsert…).
 * Stops on SIGTERM / SIGINT.
 */
export interface BaselineAnswer {
  status: number;
  body?: string;
  contentType?: string;
}

export async function serveBaseline(options: {
  /** creates what the handler writes to */
  setup?: (sql: postgres.Sql) => Promise<unknown>;
  /** requests other than GET /healthz, with the body read in full ("" for GET and HEAD) */
  handle: (req: http.IncomingMessage, body: string, sql: postgres.Sql) => Promise<BaselineAnswer>;
}): Promise<void> {
  const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
  await options.setup?.(sql);
  const answer = (res: http.ServerResponse, a: BaselineAnswer) => {
    if (a.body === undefined) return void res.writeHead(a.status).end();
    res
      .writeHead(a.status, { "content-type": a.contentType ?? "application/json", "content-length": Buffer.byteLength(a.body) })
      .end(a.body);
  };
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") return answer(res, { status: 200, body: '{"ok":true}' });
    const respond = (body: string) =>
      options.handle(req, body, sql).then(
        (a) => answer(res, a),
        (error) => {
          console.error(error);
          res.writeHead(500).end();
        },
      );
    if (req.method === "GET" || req.method === "HEAD") return void respond("");
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => void respond(Buffer.concat(chunks).toString("utf8")));
  });
  server.keepAliveTimeout = 5_000;
  server.listen(Number(process.env.PORT), "127.0.0.1");
  const stop = () => server.close(() => void sql.end({ timeout: 2 }).finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** The body as JSON, or undefined (the baseline answers 400). */
export function parseJson<T>(body: string): T | undefined {
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined;
  }
}
