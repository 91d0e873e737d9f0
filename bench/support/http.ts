import http from "node:http";

/**
 * One HTTP request from a benchmark's load generator, its answer read in full. A failure carries
 * `reusedSocket`: whether it was sent on a keep-alive connection already used — a reset there is
 * the connection the server closed while the request was on its way (bench/README.md, issue 14).
 */
export function httpRequest(
  port: number,
  agent: http.Agent | undefined,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  body: string,
  timeoutMs = 15_000,
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", (error: Error & { reusedSocket?: boolean }) => {
      error.reusedSocket = req.reusedSocket;
      reject(error);
    });
    req.end(body);
  });
}

/** How a failed request is counted: its code, and "on a reused connection" when it was. */
export function errorKind(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
  return `${e.code ?? e.message}${e.reusedSocket ? " (reused keep-alive connection)" : ""}`;
}
