import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { archiveEvents, auditLog, lecturerCandidacies, lecturerEvents, notifications, offlineClasses, roleGrants } from "#db/schema";
import { assignLecturer, changePoolStatus, poolList, poolMember } from "~/modules/lecturers/pool.server";
import {
  candidacyDetail,
  decideCandidacy,
  myLecturerStatus,
  nominateLecturer,
  readSample,
  recordTrial,
  scheduleTrial,
  selfNominate,
} from "~/modules/lecturers/candidacies.server";
import { nominationSchema, profileSchema } from "~/modules/lecturers/rules";
import { LocalDiskStore } from "~/modules/storage/local-disk.server";
import { setBlobStore } from "~/modules/storage/storage.server";
import { TINY } from "../factories/files";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

const META = { ip: "127.0.0.1" };
const NOW = new Date("2026-12-06T04:00:00Z");
const profile = profileSchema.parse({
  areas: ["party_history", "party_building"],
  title: "党校讲师",
  employer: "嘉祥县委党校",
  bio: "长期从事党史和党建教学工作。",
  sampleOutline: "一、百年党史中的初心；二、红色家书。",
});
const panel = [
  { judgeName: "刘评委", judgeRole: "县委组织部", score: 82, comment: "" },
  { judgeName: "陈评委", judgeRole: "县委党校", score: 88, comment: "条理清楚" },
  { judgeName: "周评委", judgeRole: "宣讲团", score: 85, comment: "" },
];

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: import("node:fs").Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else out.push(join(dir, e.name));
    }
  };
  walk(root);
  return out;
}

const count = async (table: typeof lecturerCandidacies | typeof lecturerEvents | typeof auditLog | typeof archiveEvents) =>
  Number(
    (
      await db()
        .select({ n: sql<number>`count(*)` })
        .from(table)
    )[0].n,
  );

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`lecturer pool on ${driver}`, () => {
    let drop: () => Promise<void>;
    let root: string;
    const ids = {} as Record<
      | "jiaxiang"
      | "qufu"
      | "orgA"
      | "person"
      | "second"
      | "officer"
      | "admin"
      | "admin2"
      | "qufuAdmin"
      | "classId"
      | "qufuClass"
      | "qufuOrg",
      number
    >;
    const phones = {} as Record<"second" | "admin2", string>;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      root = mkdtempSync(join(tmpdir(), "hf-lect-"));
      setBlobStore(new LocalDiskStore(root));
      const jiaxiang = await createCounty({ code: "370829", name: "嘉祥县" });
      const qufu = await createCounty({ code: "370881", name: "曲阜市" });
      const townA = await createTown(jiaxiang.id, "嘉祥街道");
      const townQ = await createTown(qufu.id, "鲁城街道");
      const orgA = await createOrganization(townA.id);
      const orgQ = await createOrganization(townQ.id);
      ids.jiaxiang = jiaxiang.id;
      ids.qufu = qufu.id;
      ids.orgA = orgA.id;
      ids.person = (await createUser({ organizationId: orgA.id, name: "孙自荐" })).id;
      const second = await createUser({ organizationId: orgA.id, name: "吴受邀" });
      ids.second = second.id;
      phones.second = second.phone;
      ids.officer = (
        await createUser({ organizationId: orgA.id, roles: [{ role: "town_officer", countyId: jiaxiang.id, townId: townA.id }] })
      ).id;
      ids.admin = (await createUser({ organizationId: orgA.id, roles: [{ role: "county_admin", countyId: jiaxiang.id }] })).id;
      const admin2 = await createUser({ organizationId: orgA.id, roles: [{ role: "county_admin", countyId: jiaxiang.id }] });
      ids.admin2 = admin2.id;
      phones.admin2 = admin2.phone;
      ids.qufuOrg = orgQ.id;
      ids.qufuAdmin = (await createUser({ organizationId: orgQ.id, roles: [{ role: "county_admin", countyId: qufu.id }] })).id;
      const [cls] = await db()
        .insert(offlineClasses)
        .values({
          countyId: jiaxiang.id,
          title: "党史专题培训",
          heldOn: "2026-11-10",
          location: "县委党校",
          creditTenths: 40,
          organizer: "县委组织部",
        })
        .returning();
      const [clsQ] = await db()
        .insert(offlineClasses)
        .values({ countyId: qufu.id, title: "曲阜培训", heldOn: "2026-11-10", location: "曲阜", creditTenths: 40, organizer: "市委组织部" })
        .returning();
      ids.classId = cls.id;
      ids.qufuClass = clsQ.id;
    });
    afterAll(async () => {
      await drop();
      rmSync(root, { recursive: true, force: true });
    });

    let candidacyId = 0;
    let memberId = 0;

    it("self-nomination with a PDF sample → trial scheduled → scores recorded → admitted: pool member, lecturer role granted, audited, archived, told", async () => {
      const person = await actorOf(ids.person);
      const admin = await actorOf(ids.admin);
      const nominated = await selfNominate(person, profile, [{ name: "讲稿.pdf", bytes: TINY.pdf }], META, NOW);
      expect(nominated.ok).toBe(true);
      candidacyId = (nominated as { candidacyId: number }).candidacyId;
      expect(await selfNominate(person, profile, [], META, NOW)).toEqual({ ok: false, code: "alreadyOpen" });
      expect((await readSample(person, candidacyId)).mediaType).toBe("application/pdf");
      expect((await readSample(admin, candidacyId)).bytes.length).toBe(TINY.pdf.length);

      await scheduleTrial(admin, candidacyId, { trialOn: "2026-12-10", trialTopic: "红色家书里的初心" }, META, NOW);
      expect(await decideCandidacy(admin, candidacyId, { decision: "admit", reason: "" }, META, NOW)).toMatchObject({
        ok: false,
        code: "notRecorded",
      });
      expect(await recordTrial(admin, candidacyId, panel, META, NOW)).toEqual({ averageTenths: 850 });
      await expect(recordTrial(admin, candidacyId, panel, META, NOW)).rejects.toMatchObject({ status: 409 });
      expect(await decideCandidacy(admin, candidacyId, { decision: "admit", reason: "试讲优秀" }, META, NOW)).toEqual({ ok: true });

      const refreshed = await actorOf(ids.person);
      expect(refreshed.grants).toContainEqual(expect.objectContaining({ role: "lecturer", countyId: ids.jiaxiang }));
      const mine = await myLecturerStatus(refreshed);
      expect(mine.memberships).toMatchObject([{ status: "active" }]);
      expect(mine.history.map((h) => h.kind)).toEqual(["applied", "trial_scheduled", "trial_recorded", "admitted"]);
      memberId = mine.memberships[0].id;
      const kinds = (await db().select({ type: archiveEvents.type }).from(archiveEvents).where(eq(archiveEvents.userId, ids.person))).map(
        (r) => r.type,
      );
      expect(kinds).toEqual(expect.arrayContaining(["lecturerNominated", "lecturerTrialRecorded", "lecturerAdmitted"]));
      const actions = (await db().select({ action: auditLog.action }).from(auditLog)).map((r) => r.action);
      expect(actions).toEqual(
        expect.arrayContaining(["lecturer.apply", "lecturer.trial.schedule", "lecturer.trial.record", "lecturer.admit", "role.grant"]),
      );
      const notices = (await db().select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, ids.person))).map(
        (r) => r.kind,
      );
      expect(notices).toEqual(expect.arrayContaining(["lecturerTrialScheduled", "lecturerDecision"]));
    });

    it("the county admin assigns the lecturer to a class of the county; a class of another county is refused", async () => {
      const admin = await actorOf(ids.admin);
      expect(await assignLecturer(admin, memberId, { offlineClassId: ids.classId, topic: "党史" }, META, NOW)).toEqual({ ok: true });
      expect(await assignLecturer(admin, memberId, { offlineClassId: ids.classId, topic: "" }, META, NOW)).toEqual({
        ok: false,
        code: "alreadyAssigned",
      });
      expect(await assignLecturer(admin, memberId, { offlineClassId: ids.qufuClass, topic: "" }, META, NOW)).toEqual({
        ok: false,
        code: "classNotInCounty",
      });
      const page = await poolMember(admin, memberId, NOW);
      expect(page.activity).toEqual({ year: 2026, thisYear: 1, lastYear: 0 });
      expect(page.lessons).toEqual([]);
    });

    it("suspension takes the lecturer role away, reinstatement gives it back; both audited and archived", async () => {
      const admin = await actorOf(ids.admin);
      expect(await changePoolStatus(admin, memberId, { step: "suspend", reason: "长期未参加调配" }, META, NOW)).toBe("suspended");
      expect((await actorOf(ids.person)).grants.some((g) => g.role === "lecturer")).toBe(false);
      expect(await assignLecturer(admin, memberId, { offlineClassId: ids.classId, topic: "" }, META, NOW)).toEqual({
        ok: false,
        code: "notActive",
      });
      await expect(changePoolStatus(admin, memberId, { step: "suspend", reason: "再次" }, META, NOW)).rejects.toMatchObject({
        status: 409,
      });
      expect(await changePoolStatus(admin, memberId, { step: "reinstate", reason: "已说明情况" }, META, NOW)).toBe("active");
      expect((await actorOf(ids.person)).grants.some((g) => g.role === "lecturer")).toBe(true);
      const actions = (await db().select({ action: auditLog.action }).from(auditLog)).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(["lecturer.suspend", "role.revoke", "lecturer.reinstate"]));
      const statuses = await db()
        .select({ id: archiveEvents.id })
        .from(archiveEvents)
        .where(and(eq(archiveEvents.userId, ids.person), eq(archiveEvents.type, "lecturerPoolStatus")));
      expect(statuses).toHaveLength(2);
    });

    it("out of scope is 403 whatever id is typed; towns read the pool; nobody decides about themselves", async () => {
      const qufuAdmin = await actorOf(ids.qufuAdmin);
      await expect(poolMember(qufuAdmin, memberId)).rejects.toMatchObject({ status: 403 });
      await expect(candidacyDetail(qufuAdmin, candidacyId)).rejects.toMatchObject({ status: 403 });
      await expect(changePoolStatus(qufuAdmin, memberId, { step: "suspend", reason: "越权" }, META)).rejects.toMatchObject({ status: 403 });
      await expect(poolList(qufuAdmin, { countyId: ids.jiaxiang })).rejects.toMatchObject({ status: 403 });
      const officer = await actorOf(ids.officer);
      const list = await poolList(officer, {});
      expect(list.rows.map((r) => r.id)).toContain(memberId);
      expect(list.canManage).toBe(false);
      expect((await poolMember(officer, memberId)).canManage).toBe(false);
      await expect(changePoolStatus(officer, memberId, { step: "suspend", reason: "镇街" }, META)).rejects.toMatchObject({ status: 403 });

      // a county admin applies themselves: another admin decides; they may not
      const admin2 = await actorOf(ids.admin2);
      const own = await selfNominate(admin2, profile, [], META, NOW);
      expect(own.ok).toBe(true);
      const ownId = (own as { candidacyId: number }).candidacyId;
      await expect(scheduleTrial(admin2, ownId, { trialOn: "2026-12-10", trialTopic: "自己" }, META)).rejects.toMatchObject({
        status: 403,
      });
      await expect(decideCandidacy(admin2, ownId, { decision: "reject", reason: "自己" }, META)).rejects.toMatchObject({ status: 403 });
      expect((await candidacyDetail(admin2, ownId)).steps).toEqual([]);
      await expect(
        nominateLecturer(admin2, nominationSchema.parse({ ...profile, route: "invitation", phone: phones.admin2 }), [], META),
      ).resolves.toEqual({ ok: false, code: "self" });
      await expect(changePoolStatus(await actorOf(ids.person), memberId, { step: "retire", reason: "自己" }, META)).rejects.toMatchObject({
        status: 403,
      });
    });

    it("bad input writes nothing: a renamed executable, an unknown phone, an organization of another county", async () => {
      const before = {
        candidacies: await count(lecturerCandidacies),
        events: await count(lecturerEvents),
        audit: await count(auditLog),
        archive: await count(archiveEvents),
      };
      const filesBefore = filesUnder(root).length;
      const second = await actorOf(ids.second);
      const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff]);
      expect(await selfNominate(second, profile, [{ name: "讲稿.pdf", bytes: exe }], META, NOW)).toMatchObject({
        ok: false,
        code: "file",
        problems: [{ code: "notAllowedType" }],
      });
      const admin = await actorOf(ids.admin);
      expect(
        await nominateLecturer(admin, nominationSchema.parse({ ...profile, route: "invitation", phone: "13999999999" }), [], META),
      ).toEqual({ ok: false, code: "personNotFound" });
      const qufuOrgId = ids.qufuOrg;
      const secondUser = { phone: phones.second };
      expect(
        await nominateLecturer(
          admin,
          nominationSchema.parse({
            ...profile,
            route: "recommendation",
            phone: secondUser.phone,
            organizationId: String(qufuOrgId),
            recommendation: "该同志宣讲经验丰富，推荐入库。",
          }),
          [],
          META,
        ),
      ).toEqual({ ok: false, code: "orgNotInCounty" });
      // NUL in a field is refused by the schema, before any use case
      expect(profileSchema.safeParse({ ...profile, bio: "党史\u0000教学工作十余年" }).success).toBe(false);
      expect({
        candidacies: await count(lecturerCandidacies),
        events: await count(lecturerEvents),
        audit: await count(auditLog),
        archive: await count(archiveEvents),
      }).toEqual(before);
      expect(filesUnder(root).length).toBe(filesBefore);
      // a recommendation by a unit of the county goes through
      expect(
        await nominateLecturer(
          admin,
          nominationSchema.parse({
            ...profile,
            route: "recommendation",
            phone: secondUser.phone,
            organizationId: String(ids.orgA),
            recommendation: "该同志宣讲经验丰富，推荐入库。",
          }),
          [],
          META,
        ),
      ).toMatchObject({ ok: true });
      expect(
        await db()
          .select()
          .from(roleGrants)
          .where(and(eq(roleGrants.userId, ids.second), eq(roleGrants.role, "lecturer"))),
      ).toHaveLength(0);
    });
  });
}
