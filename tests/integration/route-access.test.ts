/**
 * Every route module against every role. Each module in app/routes (and the root) must export
 * `access`; its loader and action must turn away an anonymous visitor (to /login) and a role
 * without the permission (403), and let the others through. A route added without an access
 * rule, or with a loader that forgets its guard, fails here.
 */
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "~/modules/accounts/enums";
import { routeAllows, type Role, type RouteAccess } from "~/modules/auth/access";
import { createPlace, createUser, sessionCookieFor } from "../factories";
import { createTestDatabase } from "../support/database";

type RouteModule = {
  access?: RouteAccess;
  loader?: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
};

const modules = import.meta.glob<RouteModule>(["/app/routes/*.tsx", "/app/root.tsx"], { eager: true });

type Outcome = "login" | "forbidden" | "through";

function classify(thrown: unknown): Outcome {
  if (thrown instanceof Response) {
    if (thrown.status === 403) return "forbidden";
    if (thrown.status >= 300 && thrown.status < 400 && thrown.headers.get("Location")?.startsWith("/login")) return "login";
    return "through";
  }
  const init = (thrown as { init?: { status?: number } } | null)?.init;
  if (init?.status === 403) return "forbidden";
  if (thrown instanceof Error && !("init" in thrown)) throw thrown;
  return "through";
}

async function call(fn: (args: unknown) => Promise<unknown>, method: "GET" | "POST", path: string, cookie: string | null): Promise<Outcome> {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const init: RequestInit = { method, headers };
  if (method === "POST") {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    init.body = "";
  }
  const request = new Request(`http://localhost${path}`, init);
  try {
    await fn({ request, params: new Proxy({}, { get: () => "999999" }), context: {} });
    return "through";
  } catch (thrown) {
    return classify(thrown);
  }
}

function pathOf(file: string): string {
  const name = file.replace(/^\/app\/routes\//, "").replace(/\.tsx$/, "");
  if (file === "/app/root.tsx" || name === "_index") return "/";
  return `/${name.replace(/\$[A-Za-z]+/g, "999999").replace(/\._index$/, "").replace(/\./g, "/").replace(/\$$/, "unknown")}`;
}

describe("route access", () => {
  let drop: () => Promise<void>;
  const users = new Map<Role, number>();

  beforeAll(async () => {
    ({ drop } = await createTestDatabase("pglite"));
    const { county, town, organization } = await createPlace();
    for (const role of ROLES) {
      const grant = role === "town_officer" ? { role, countyId: county.id, townId: town.id } : role === "county_admin" || role === "lecturer" ? { role, countyId: county.id } : { role };
      const user = await createUser({ organizationId: organization.id, roles: [grant] });
      users.set(role, user.id);
    }
  });
  afterAll(() => drop());

  it("finds every route module on disk", () => {
    const onDisk = readdirSync("app/routes").filter((f) => f.endsWith(".tsx"));
    expect(Object.keys(modules).filter((k) => k.startsWith("/app/routes/"))).toHaveLength(onDisk.length);
    expect(onDisk.length).toBeGreaterThan(10);
  });

  for (const [file, mod] of Object.entries(modules)) {
    it(`${file} declares access and enforces it for every role`, async () => {
      expect(mod.access, `${file} must export access`).toBeDefined();
      expect(["public", "signedIn", "permission"]).toContain(mod.access!.kind);
      expect(mod.loader ?? mod.action, `${file} has no loader or action to guard`).toBeDefined();
      const path = pathOf(file);
      for (const [method, fn] of [
        ["GET", mod.loader],
        ["POST", mod.action],
      ] as const) {
        if (!fn) continue;
        const anonymous = await call(fn, method, path, null);
        expect(anonymous, `${method} ${file} anonymous`).toBe(mod.access!.kind === "public" ? "through" : "login");
        for (const role of ROLES) {
          const outcome = await call(fn, method, path, await sessionCookieFor(users.get(role)!));
          const expected = routeAllows(mod.access!, [role]) ? "through" : "forbidden";
          expect(outcome, `${method} ${file} as ${role}`).toBe(expected);
        }
      }
    });
  }
});
