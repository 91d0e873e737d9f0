import { count, sql, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { auditLog, counties, organizations, roleGrants, users, certificates } from "#db/schema";
import { DEMO_PEOPLE } from "#db/seed/demo-data";
import { seedDemo } from "#db/seed/seed-demo.server";
import { getPerson, grantRole, listPeople, revokeRole } from "~/modules/accounts/people.server";
import { listAuditEntries } from "~/modules/audit/audit.server";
import { completeCreditCode } from "~/modules/org-tree/credit-code";
import {
  createCounty,
  createOrganization,
  createTown,
  getTownWithOrganizations,
  listAdministeredCounties,
  updateOrganization,
} from "~/modules/org-tree/org-tree.server";
import { actorOf, createPlace, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

const meta = { ip: "127.0.0.1" };

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`organization tree and roles on ${driver}`, () => {
    let drop: () => Promise<void>;
    let home: Awaited<ReturnType<typeof createPlace>>;
    let away: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      home = await createPlace();
      away = await createPlace();
    });
    afterAll(() => drop());

    const countyAdmin = async (countyId: number) =>
      actorOf((await createUser({ organizationId: home.organization.id, roles: [{ role: "county_admin", countyId }] })).id);

    it("only a system admin creates counties; the code is unique and audited", async () => {
      const sys = await actorOf((await createUser({ organizationId: home.organization.id, roles: [{ role: "system_admin" }] })).id);
      const admin = await countyAdmin(home.county.id);
      await expect(createCounty(admin, { code: "370811", name: "任城区" }, meta)).rejects.toMatchObject({ code: "forbidden" });
      expect(await createCounty(sys, { code: "370811", name: "任城区" }, meta)).toMatchObject({ ok: true });
      expect(await createCounty(sys, { code: "370811", name: "重复" }, meta)).toEqual({
        ok: false,
        fieldErrors: { code: "form.countyCode.taken" },
      });
      const [row] = await db().select().from(counties).where(eq(counties.code, "370811"));
      const audit = await db()
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(row.id)));
      expect(audit[0]).toMatchObject({ action: "county.create", actorId: sys.userId, after: { code: "370811", name: "任城区" } });
      expect((await listAdministeredCounties(admin)).map((c) => c.id)).toEqual([home.county.id]);
    });

    it("a county admin adds towns and organizations in the county, never in another", async () => {
      const admin = await countyAdmin(home.county.id);
      const town = await createTown(admin, home.county.id, { name: "新建街道" }, meta);
      expect(town.ok).toBe(true);
      expect(await createTown(admin, home.county.id, { name: "新建街道" }, meta)).toEqual({
        ok: false,
        fieldErrors: { name: "form.town.taken" },
      });
      await expect(createTown(admin, away.county.id, { name: "越权街道" }, meta)).rejects.toMatchObject({ code: "forbidden" });
      const good = completeCreditCode("52370829MJD000099");
      expect(
        await createOrganization(admin, { name: "测试社会组织", type: "social", creditCode: good, townId: home.town.id }, meta),
      ).toMatchObject({ ok: true });
      expect(await createOrganization(admin, { name: "另一组织", type: "social", creditCode: good, townId: home.town.id }, meta)).toEqual({
        ok: false,
        fieldErrors: { creditCode: "form.creditCode.taken" },
      });
      await expect(
        createOrganization(
          admin,
          { name: "越权组织", type: "enterprise", creditCode: completeCreditCode("91370881MA3D00099"), townId: away.town.id },
          meta,
        ),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(getTownWithOrganizations(admin, away.town.id)).rejects.toMatchObject({ code: "forbidden" });
    });

    it("moving an organization to a town of another county is refused for a county admin", async () => {
      const admin = await countyAdmin(home.county.id);
      const [org] = await db().select().from(organizations).where(eq(organizations.id, home.organization.id));
      await expect(
        updateOrganization(admin, org.id, { name: org.name, type: org.type, creditCode: org.creditCode, townId: away.town.id }, meta),
      ).rejects.toMatchObject({ code: "forbidden" });
      expect(
        await updateOrganization(
          admin,
          org.id,
          { name: "改名后的公司", type: org.type, creditCode: org.creditCode, townId: home.town.id },
          meta,
        ),
      ).toMatchObject({ ok: true });
    });

    it("a county admin grants and revokes roles inside the county; people and audit stay in scope", async () => {
      const admin = await countyAdmin(home.county.id);
      const person = await createUser({ organizationId: home.organization.id, name: "待授权" });
      const stranger = await createUser({ organizationId: away.organization.id, name: "外县人员" });
      expect(await grantRole(admin, { userId: person.id, role: "town_officer", townId: home.town.id }, meta)).toEqual({ ok: true });
      expect(await grantRole(admin, { userId: person.id, role: "town_officer", townId: home.town.id }, meta)).toEqual({
        ok: false,
        fieldErrors: { role: "form.role.alreadyHeld" },
      });
      await expect(grantRole(admin, { userId: person.id, role: "town_officer", townId: away.town.id }, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(grantRole(admin, { userId: person.id, role: "system_admin" }, meta)).rejects.toMatchObject({ code: "forbidden" });
      await expect(grantRole(admin, { userId: stranger.id, role: "lecturer", countyId: home.county.id }, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(getPerson(admin, stranger.id)).rejects.toMatchObject({ code: "forbidden" });
      const names = (await listPeople(admin, { q: "", page: 1 })).people.map((p) => p.name);
      expect(names).toContain("待授权");
      expect(names).not.toContain("外县人员");
      const detail = await getPerson(admin, person.id);
      expect(detail.person.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      const grant = detail.grants.find((g) => g.role === "town_officer")!;
      await revokeRole(admin, { userId: person.id, grantId: grant.id }, meta);
      const left = await db().select().from(roleGrants).where(eq(roleGrants.userId, person.id));
      expect(left.map((g) => g.role)).toEqual(["candidate"]);
      const audit = await listAuditEntries(admin, { page: 1 });
      expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(["role.grant", "role.revoke"]));
      const otherAdmin = await countyAdmin(away.county.id);
      const theirs = await listAuditEntries(otherAdmin, { page: 1 });
      expect(theirs.entries.map((e) => e.action)).not.toContain("role.grant");
    });

    it("loads the demo data once, however often it runs", async () => {
      const first = await seedDemo(db());
      expect(first.inserted).toBeGreaterThan(DEMO_PEOPLE.length);
      const before = await db().select({ n: count() }).from(users);
      expect(await seedDemo(db())).toEqual({ inserted: 0 });
      const after = await db().select({ n: count() }).from(users);
      expect(after[0].n).toBe(before[0].n);
      // supervision records of the three demo navigators, this year and last: one 约谈提醒, one 通报表扬
      const kindList = rowsOf<{ kind: string }>(await db().execute(sql`select kind from supervision_records order by id`)).map(
        (r) => r.kind,
      );
      expect(kindList).toHaveLength(7);
      expect(kindList.filter((k) => k === "admonition")).toHaveLength(1);
      expect(kindList.filter((k) => k === "commendation")).toHaveLength(1);
      // navigators holding each level; one junior certificate upgraded (已升级); last year's 年度考核
      // moved 马建军 from 高级 down to 中级 (已降级, a new intermediate certificate)
      const held = await db().select({ level: certificates.level, status: certificates.status }).from(certificates);
      expect(
        held
          .filter((c) => c.status === "valid")
          .map((c) => c.level)
          .sort(),
      ).toEqual(["intermediate", "intermediate", "junior", "senior"]);
      expect(held.filter((c) => c.status === "superseded").map((c) => c.level)).toEqual(["junior"]);
      expect(held.filter((c) => c.status === "downgraded").map((c) => c.level)).toEqual(["senior"]);
      const rounds = rowsOf<{ state: string; outcomes: number }>(
        await db().execute(
          sql`select r.state, (select count(*)::int from assessment_outcomes o where o.round_id = r.id) as outcomes from assessment_rounds r`,
        ),
      );
      expect(rounds).toEqual([{ state: "applied", outcomes: 4 }]);
    });
  });
}
