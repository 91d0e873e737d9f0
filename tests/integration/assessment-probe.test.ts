import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { assessmentOutcomes, certificates } from "#db/schema";
import {
  applyRound,
  correctOutcome,
  navigatorOverview,
  openRound,
  previewApply,
  proposeGrade,
  roundPage,
} from "~/modules/assessment/assessment.server";
import { trainingYear } from "~/modules/hours/training-year";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../factories";
import { addStatusEvent, recordCertificate } from "../factories/certificates";
import { createTestDatabase, DRIVERS } from "../support/database";

const meta = { ip: "127.0.0.1" };
const YEAR = trainingYear(new Date());

/**
 * Defects found by probing 年度考核 as an attacker (probe-assess): a correction after the person's
 * certificate changed since the round, a town officer's probe of people outside their towns, a
 * preview of an applied round.
 */
for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`annual assessment, probed, on ${driver}`, () => {
    let drop: () => Promise<void>;
    let county: { id: number; code: string };
    let admin: Awaited<ReturnType<typeof actorOf>>;
    let officer: Awaited<ReturnType<typeof actorOf>>;
    let roundId: number;
    let upgraded: { id: number; certId: number };
    let kept: { id: number; certId: number };
    let otherTownNoCert: number;
    let otherCountyPerson: number;
    let org1: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      const c = await createCounty({ name: "嘉祥县" });
      county = { id: c.id, code: c.code };
      const town1 = (await createTown(c.id, "嘉祥街道")).id;
      const town2 = (await createTown(c.id, "纸坊镇")).id;
      org1 = (await createOrganization(town1)).id;
      const org2 = (await createOrganization(town2)).id;
      admin = await actorOf((await createUser({ organizationId: org1, roles: [{ role: "county_admin", countyId: c.id }] })).id);
      officer = await actorOf((await createUser({ organizationId: org1, roles: [{ role: "town_officer", townId: town1 }] })).id);
      const mk = async (name: string, level: "junior" | "intermediate" | "senior") => {
        const user = await createUser({ organizationId: org1, name });
        const cert = await recordCertificate({
          userId: user.id,
          countyId: c.id,
          countyCode: c.code,
          level,
          holderName: name,
          organizationName: "x",
          year: YEAR - 1,
          issuedAt: new Date(`${YEAR - 1}-03-01T02:00:00Z`),
        });
        return { id: user.id, certId: cert.id };
      };
      upgraded = await mk("高晓燕", "intermediate");
      kept = await mk("田志刚", "junior");
      otherTownNoCert = (await createUser({ organizationId: org2, name: "纸坊无证" })).id;
      const qufu = await createCounty({ name: "曲阜市" });
      otherCountyPerson = (
        await createUser({ organizationId: (await createOrganization((await createTown(qufu.id)).id)).id, name: "曲阜某人" })
      ).id;
      roundId = ((await openRound(admin, c.id, YEAR, meta)) as { roundId: number }).roundId;
      const reason = "学时按线下签到表核定";
      expect(await proposeGrade(officer, roundId, { userId: upgraded.id, grade: "good", basis: "较好", reason }, meta)).toEqual({
        ok: true,
      });
      expect(await proposeGrade(officer, roundId, { userId: kept.id, grade: "good", basis: "较好", reason }, meta)).toEqual({ ok: true });
    });
    afterAll(() => drop());

    it("a county-sized round asks for a town instead of sending every card; the counts still cover everyone", async () => {
      const big = await roundPage(admin, roundId, {}, 1);
      expect(big.members).toEqual([]);
      expect(big.tooMany).toBe(2);
      expect(big.counts.find((c) => c.townId === null)).toMatchObject({ good: 2, missing: 0 });
      const [town] = big.towns.filter((t) => t.name === "嘉祥街道");
      const one = await roundPage(admin, roundId, { townId: town.id }, 1);
      expect(one.tooMany).toBe(0);
      expect(one.members).toHaveLength(2);
      expect((await roundPage(admin, roundId, {})).members).toHaveLength(2);
    });

    it("a town officer cannot tell whether someone outside their towns is in the round", async () => {
      await expect(proposeGrade(officer, roundId, { userId: otherTownNoCert, grade: "good", basis: "x" }, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(proposeGrade(officer, roundId, { userId: otherCountyPerson, grade: "good", basis: "x" }, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(proposeGrade(officer, roundId, { userId: 2_000_000_000, grade: "good", basis: "x" }, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      // the county admin still gets the plain answer
      expect(await proposeGrade(admin, roundId, { userId: otherTownNoCert, grade: "good", basis: "x" }, meta)).toEqual({
        ok: false,
        problems: ["notMember"],
      });
    });

    it("the apply refuses a plan that changed after the preview, and writes nothing", async () => {
      const seen = await previewApply(admin, roundId, true);
      expect(seen.counts).toEqual({ unchanged: 2, downgraded: 0, revoked: 0, unassessed: 0 });
      // the town changes a grade between the admin's preview and the click on 应用
      expect(await proposeGrade(officer, roundId, { userId: kept.id, grade: "poor", basis: "补充走访：业主意见差" }, meta)).toEqual({
        ok: true,
      });
      expect(await applyRound(admin, roundId, true, meta, new Date(), seen.fingerprint)).toEqual({
        ok: false,
        error: "assessment.planChanged",
      });
      expect(await db().select().from(assessmentOutcomes)).toHaveLength(0);
      const [cert] = await db().select().from(certificates).where(eq(certificates.id, kept.certId));
      expect(cert.status).toBe("valid");
      // back as it was: the earlier preview holds again (the fingerprint is of the plan, not of the moment)
      expect(
        await proposeGrade(officer, roundId, { userId: kept.id, grade: "good", basis: "较好", reason: "学时按线下签到表核定" }, meta),
      ).toEqual({ ok: true });
      expect((await previewApply(admin, roundId, true)).fingerprint).toBe(seen.fingerprint);
    });

    it("an applied round has no preview", async () => {
      const seen = await previewApply(admin, roundId, true);
      expect(await applyRound(admin, roundId, true, meta, new Date(), seen.fingerprint)).toMatchObject({ ok: true });
      await expect(previewApply(admin, roundId, true)).rejects.toMatchObject({ code: "conflict" });
    });

    it("a correction after the person was upgraded by exam is refused and writes nothing (it used to downgrade the new certificate)", async () => {
      // 高晓燕 kept 中级 in the round, then passed the 高级 exam: a senior certificate supersedes the intermediate one
      await addStatusEvent(upgraded.certId, "superseded", { data: { byLevel: "senior" } });
      const senior = await recordCertificate({
        userId: upgraded.id,
        countyId: county.id,
        countyCode: county.code,
        level: "senior",
        holderName: "高晓燕",
        organizationName: "x",
        year: YEAR,
        supersedesId: upgraded.certId,
      });
      const outcomesBefore = await db().select().from(assessmentOutcomes);
      expect(await correctOutcome(admin, roundId, { userId: upgraded.id, grade: "excellent", reason: "复核：表彰材料补充" }, meta)).toEqual(
        { ok: false, error: "assessment.changedSince" },
      );
      expect(await correctOutcome(admin, roundId, { userId: upgraded.id, grade: "average", reason: "复核：业主意见" }, meta)).toEqual({
        ok: false,
        error: "assessment.changedSince",
      });
      const [seniorNow] = await db().select().from(certificates).where(eq(certificates.id, senior.id));
      expect(seniorNow.status).toBe("valid");
      expect(await db().select().from(certificates).where(eq(certificates.userId, upgraded.id))).toHaveLength(2);
      expect(await db().select().from(assessmentOutcomes)).toHaveLength(outcomesBefore.length);
    });

    it("a correction while the person still holds what the round left works as before", async () => {
      expect(await correctOutcome(admin, roundId, { userId: kept.id, grade: "good", reason: "复核" }, meta)).toEqual({
        ok: false,
        error: "assessment.sameGrade",
      });
      // a double-submitted correction form: one correction, one notice
      const twice = await Promise.all(
        [1, 2].map(() => correctOutcome(admin, roundId, { userId: kept.id, grade: "average", reason: "复核：多次约谈" }, meta)),
      );
      expect(twice).toContainEqual({ ok: true, outcome: "revoked" });
      expect(twice).toContainEqual({ ok: false, error: "assessment.sameGrade" });
      expect(
        (await db().select().from(assessmentOutcomes).where(eq(assessmentOutcomes.userId, kept.id))).filter((o) => o.correctsId !== null),
      ).toHaveLength(1);
      // and the next correction starts from what that correction left (no certificate)
      expect(await correctOutcome(admin, roundId, { userId: kept.id, grade: "good", reason: "再次复核" }, meta)).toEqual({
        ok: true,
        outcome: "restored",
      });
    });

    it("领航员概况 counts navigators, not certificates: a revocation undone by a correction is not 已撤销", async () => {
      // 田志刚: junior revoked by a correction, then a new junior by the next; 高晓燕: intermediate superseded by senior
      const [town] = await navigatorOverview(admin);
      expect(town.levels).toEqual({ junior: 1, intermediate: 0, senior: 1 });
      expect(town.statuses).toMatchObject({ on_hold: 0, downgraded: 0, revoked: 0 });
      // someone downgraded and not restored is counted once: at the lower level, and as 已降级
      const user = await createUser({ organizationId: org1, name: "马建军" });
      const senior = await recordCertificate({
        userId: user.id,
        countyId: county.id,
        countyCode: county.code,
        level: "senior",
        holderName: "马建军",
        organizationName: "x",
        year: YEAR - 1,
      });
      await addStatusEvent(senior.id, "downgraded", { reason: "年度考核一般", data: { toLevel: "intermediate" } });
      await recordCertificate({
        userId: user.id,
        countyId: county.id,
        countyCode: county.code,
        level: "intermediate",
        holderName: "马建军",
        organizationName: "x",
        year: YEAR,
        supersedesId: senior.id,
      });
      const [after] = await navigatorOverview(admin);
      expect(after.levels).toEqual({ junior: 1, intermediate: 1, senior: 1 });
      expect(after.statuses).toMatchObject({ on_hold: 0, downgraded: 1, revoked: 0 });
    });
  });
}
