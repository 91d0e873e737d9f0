/**
 * A plain HTTP client with a cookie jar for the cluster journeys: what a browser does with forms
 * and cookies, without a browser (redirects are not followed: the journeys read them).
 */

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** the Location of a redirect */
  location: string | null;
  /** the parsed JSON body, when it is JSON */
  json: unknown;
  response: Response;
}

export class Client {
  readonly cookies = new Map<string, string>();

  /**
   * `replay`: the cookies never change, whatever the answers set — a copied cookie replayed by
   * someone else (a browser would drop a session cookie the server clears, and the next request
   * would prove nothing about the session).
   */
  constructor(
    cookies?: Iterable<[string, string]>,
    private readonly replay = false,
  ) {
    if (cookies) for (const [k, v] of cookies) this.cookies.set(k, v);
  }

  /** a copy with the same cookies: another tab of the same browser, or (`replay`) a copied cookie */
  clone(options: { replay?: boolean } = {}): Client {
    return new Client(this.cookies, options.replay ?? false);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  sessionCookie(): string | undefined {
    for (const [k, v] of this.cookies) if (/^(__Host-)?hf_session$/.test(k)) return v;
    return undefined;
  }

  private keep(response: Response) {
    if (this.replay) return;
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /**
   * A request to `base` + `path`. `form`: an urlencoded POST; `json`: a JSON POST. Mutations carry
   * the Origin of `base`, as a page of that site would.
   */
  async request(
    base: string,
    path: string,
    init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<Answer> {
    const method = init.method ?? (init.form || init.json !== undefined ? "POST" : "GET");
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader();
    if (cookie) headers.Cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    if (method !== "GET" && method !== "HEAD") headers.Origin = base;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
    this.keep(response);
    const text = await response.text();
    let json: unknown = undefined;
    if ((response.headers.get("content-type") ?? "").includes("json")) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: response.status, headers: response.headers, text, location: response.headers.get("location"), json, response };
  }

  /** Signs in with the login form; throws unless the server answers with the redirect of a success. */
  async signIn(base: string, identifier: string, password: string): Promise<void> {
    const answer = await this.request(base, "/login", { form: { identifier, password, redirectTo: "/" } });
    if (answer.status !== 302 || !this.sessionCookie()) throw new Error(`sign-in of ${identifier} answered ${answer.status}`);
  }
}
