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

/**
 * The autosave baseline (bench:exams, bench:cluster): ONE upsert per POST — the request's first
 * save, kept when its seq is newer than the stored one — into bench_saves.
 */
export async function serveSaveBaseline(): Promise<void> {
  await serveBaseline({
    setup: (sql) =>
      sql`create table if not exists bench_saves (attempt_id integer not null, slot_no integer not null, seq integer not null, answer jsonb, flagged boolean not null, primary key (attempt_id, slot_no))`,
    handle: async (req, text, sql) => {
      if (req.method !== "POST") return { status: 404 };
      const body = parseJson<{ attemptId: number; saves: { slotNo: number; seq: number; answer: unknown; flagged: boolean }[] }>(text);
      if (!body) return { status: 400 };
      const save = body.saves[0];
      const rows = await sql`insert into bench_saves (attempt_id, slot_no, seq, answer, flagged)
          values (${body.attemptId}, ${save.slotNo}, ${save.seq}, ${sql.json(save.answer as never)}, ${save.flagged})
          on conflict (attempt_id, slot_no) do update set seq = excluded.seq, answer = excluded.answer, flagged = excluded.flagged
          where bench_saves.seq < excluded.seq
          returning seq`;
      return {
        status: 200,
        body: JSON.stringify({ ok: true, results: [{ slotNo: save.slotNo, seq: save.seq, stored: rows.length > 0 }] }),
      };
    },
  });
}

/** Every baseline upsert acknowledged as stored holds (at least) its seq in bench_saves; `acks`: highest acknowledged seq per "attempt:slot". */
export async function checkBaselineSaves(dbUrl: string, acks: ReadonlyMap<string, { count: number; maxSeq: number }>): Promise<string> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ attempt_id: number; slot_no: number; seq: number }[]>`select attempt_id, slot_no, seq from bench_saves`;
    const stored = new Map(rows.map((r) => [`${r.attempt_id}:${r.slot_no}`, r.seq]));
    let acked = 0;
    let behind = 0;
    for (const [key, a] of acks) {
      acked += a.count;
      if ((stored.get(key) ?? 0) < a.maxSeq) behind++;
    }
    return `${acked.toLocaleString()} upserts acknowledged, ${rows.length} (attempt, slot) rows hold the latest acknowledged seq → ${behind === 0 ? "all present" : `${behind} BEHIND`}`;
  } finally {
    await sql.end({ timeout: 2 });
  }
}
