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
import { createCounty, createOrganization, createPlace, createTown, createUser, sessionCookieFor } from "../factories";
import { recordCertificate } from "../factories/certificates";
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

async function call(
  fn: (args: unknown) => Promise<unknown>,
  method: "GET" | "POST",
  path: string,
  cookie: string | null,
): Promise<Outcome> {
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
  return `/${name
    .replace(/\$[A-Za-z]+/g, "999999")
    .replace(/\._index$/, "")
    .replace(/\./g, "/")
    .replace(/\$$/, "unknown")}`;
}

describe("route access", () => {
  let drop: () => Promise<void>;
  const users = new Map<Role, number>();

  beforeAll(async () => {
    ({ drop } = await createTestDatabase("pglite"));
    const { county, town, organization } = await createPlace();
    for (const role of ROLES) {
      const grant =
        role === "town_officer"
          ? { role, countyId: county.id, townId: town.id }
          : role === "county_admin" || role === "lecturer"
            ? { role, countyId: county.id }
            : { role };
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

/**
 * Certificate PDFs by typed URL: a 曲阜市 admin cannot download 嘉祥县's certificates (one, a
 * selection, or "all valid" of their own county, which holds none of them), a holder only their own.
 */
describe("certificate PDF downloads by typed URL", () => {
  let drop: () => Promise<void>;
  const ids = {} as { cert: number; jiaxiangAdmin: number; qufuAdmin: number; holder: number; other: number };

  beforeAll(async () => {
    ({ drop } = await createTestDatabase("pglite"));
    const jiaxiang = await createCounty({ code: "370829", name: "嘉祥县" });
    const qufu = await createCounty({ code: "370881", name: "曲阜市" });
    const org = await createOrganization((await createTown(jiaxiang.id)).id);
    const qufuOrg = await createOrganization((await createTown(qufu.id)).id);
    ids.holder = (await createUser({ organizationId: org.id, name: "张明远" })).id;
    ids.other = (await createUser({ organizationId: org.id })).id;
    ids.jiaxiangAdmin = (await createUser({ organizationId: org.id, roles: [{ role: "county_admin", countyId: jiaxiang.id }] })).id;
    ids.qufuAdmin = (await createUser({ organizationId: qufuOrg.id, roles: [{ role: "county_admin", countyId: qufu.id }] })).id;
    ids.cert = (
      await recordCertificate({
        userId: ids.holder,
        countyId: jiaxiang.id,
        countyCode: "370829",
        holderName: "张明远",
        organizationName: org.name,
      })
    ).id;
  });
  afterAll(() => drop());

  async function get(mod: RouteModule, path: string, userId: number, params: Record<string, string> = {}): Promise<number> {
    const request = new Request(`http://localhost${path}`, { headers: { Cookie: await sessionCookieFor(userId) } });
    try {
      const response = (await mod.loader!({ request, params, context: {} })) as Response;
      return response.status;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      return (thrown as { init?: { status?: number } }).init?.status ?? 500;
    }
  }

  it("the county admin downloads their county's certificate; 曲阜市's admin gets 403 for it and nothing for 'all valid'", async () => {
    const admin = modules["/app/routes/admin.certificates[.pdf].tsx"];
    expect(await get(admin, `/admin/certificates.pdf?id=${ids.cert}`, ids.jiaxiangAdmin)).toBe(200);
    expect(await get(admin, `/admin/certificates.pdf?id=${ids.cert}`, ids.qufuAdmin)).toBe(403);
    expect(await get(admin, `/admin/certificates.pdf?all=valid`, ids.qufuAdmin)).toBe(404);
    expect(await get(admin, `/admin/certificates.pdf?id=${ids.cert}`, ids.holder)).toBe(403);
  });

  it("the holder downloads their own certificate; another person gets 404 for it", async () => {
    const own = modules["/app/routes/certificates.$certificateId[.pdf].tsx"];
    expect(await get(own, `/certificates/${ids.cert}.pdf`, ids.holder, { certificateId: String(ids.cert) })).toBe(200);
    expect(await get(own, `/certificates/${ids.cert}.pdf`, ids.other, { certificateId: String(ids.cert) })).toBe(404);
    const json = modules["/app/routes/certificates.$certificateId[.json].tsx"];
    expect(await get(json, `/certificates/${ids.cert}.json`, ids.holder, { certificateId: String(ids.cert) })).toBe(200);
    expect(await get(json, `/certificates/${ids.cert}.json`, ids.other, { certificateId: String(ids.cert) })).toBe(404);
    // a county admin is not a holder: no credential downloads (403), whatever the county
    expect(await get(json, `/certificates/${ids.cert}.json`, ids.jiaxiangAdmin, { certificateId: String(ids.cert) })).toBe(403);
  });
});

/**
 * Supervision records by typed URL: 曲阜市's admin gets 403 for a 嘉祥县 navigator's page and for
 * the attachment of a record about them; the town officer of another town too; the navigator reads
 * their own attachment, with its stored type, nosniff and a sandboxing CSP.
 */
describe("supervision records and attachments by typed URL", () => {
  let drop: () => Promise<void>;
  let root: string;
  const ids = {} as { navigator: number; jiaxiangAdmin: number; qufuAdmin: number; otherTownOfficer: number; attachment: number };

  beforeAll(async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { LocalDiskStore } = await import("~/modules/storage/local-disk.server");
    const { setBlobStore } = await import("~/modules/storage/storage.server");
    const { recordSupervision } = await import("~/modules/supervision/records.server");
    const { supervisionRecordSchema } = await import("~/modules/supervision/rules");
    const { actorOf } = await import("../factories");
    const { TINY } = await import("../factories/files");
    const { db } = await import("#db/client.server");
    const { supervisionAttachments } = await import("#db/schema");
    ({ drop } = await createTestDatabase("pglite"));
    root = mkdtempSync(join(tmpdir(), "hf-files-"));
    setBlobStore(new LocalDiskStore(root));
    const jiaxiang = await createCounty({ code: "370829", name: "嘉祥县" });
    const qufu = await createCounty({ code: "370881", name: "曲阜市" });
    const town = await createTown(jiaxiang.id);
    const otherTown = await createTown(jiaxiang.id);
    const org = await createOrganization(town.id);
    const qufuOrg = await createOrganization((await createTown(qufu.id)).id);
    ids.navigator = (await createUser({ organizationId: org.id, name: "田志刚" })).id;
    await recordCertificate({
      userId: ids.navigator,
      countyId: jiaxiang.id,
      countyCode: "370829",
      holderName: "田志刚",
      organizationName: org.name,
    });
    ids.jiaxiangAdmin = (await createUser({ organizationId: org.id, roles: [{ role: "county_admin", countyId: jiaxiang.id }] })).id;
    ids.qufuAdmin = (await createUser({ organizationId: qufuOrg.id, roles: [{ role: "county_admin", countyId: qufu.id }] })).id;
    ids.otherTownOfficer = (
      await createUser({ organizationId: org.id, roles: [{ role: "town_officer", countyId: jiaxiang.id, townId: otherTown.id }] })
    ).id;
    const input = supervisionRecordSchema("2026-12-06").parse({
      kind: "site_visit",
      occurredOn: "2026-11-20",
      judgement: "good",
      findings: "正常",
    });
    await recordSupervision(await actorOf(ids.jiaxiangAdmin), ids.navigator, input, [{ name: "现场.jpg", bytes: TINY.jpeg }], {
      ip: "127.0.0.1",
    });
    [{ id: ids.attachment }] = await db().select({ id: supervisionAttachments.id }).from(supervisionAttachments);
  });
  afterAll(async () => {
    await drop();
    (await import("node:fs")).rmSync(root, { recursive: true, force: true });
  });

  async function get(mod: RouteModule, path: string, userId: number, params: Record<string, string>): Promise<Response | number> {
    const request = new Request(`http://localhost${path}`, { headers: { Cookie: await sessionCookieFor(userId) } });
    try {
      const result = await mod.loader!({ request, params, context: {} });
      return result instanceof Response ? result : 200;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      return (thrown as { init?: { status?: number } }).init?.status ?? 500;
    }
  }
  const statusOf = (r: Response | number) => (typeof r === "number" ? r : r.status);

  it("the navigator page: their county admin 200, 曲阜市's admin and another town's officer 403", async () => {
    const page = modules["/app/routes/admin.supervision.$userId.tsx"];
    const params = { userId: String(ids.navigator) };
    expect(statusOf(await get(page, `/admin/supervision/${ids.navigator}`, ids.jiaxiangAdmin, params))).toBe(200);
    expect(statusOf(await get(page, `/admin/supervision/${ids.navigator}`, ids.qufuAdmin, params))).toBe(403);
    expect(statusOf(await get(page, `/admin/supervision/${ids.navigator}`, ids.otherTownOfficer, params))).toBe(403);
  });

  it("the attachment: the navigator and their county admin get it with safe headers; 曲阜市's admin 403", async () => {
    const file = modules["/app/routes/supervision.attachments.$attachmentId.tsx"];
    const params = { attachmentId: String(ids.attachment) };
    const path = `/supervision/attachments/${ids.attachment}`;
    const own = await get(file, path, ids.navigator, params);
    expect(own).toBeInstanceOf(Response);
    const response = own as Response;
    expect(response.headers.get("Content-Type")).toBe("image/jpeg");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Disposition")).toMatch(/^inline; filename="attachment\.jpg"; filename\*=UTF-8''/);
    expect(response.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(statusOf(await get(file, path, ids.jiaxiangAdmin, params))).toBe(200);
    expect(statusOf(await get(file, path, ids.qufuAdmin, params))).toBe(403);
    expect(statusOf(await get(file, path, ids.otherTownOfficer, params))).toBe(403);
  });
});
