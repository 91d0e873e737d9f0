import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import {
  archiveEvents,
  assessmentOutcomes,
  assessmentProposals,
  assessmentRounds,
  auditLog,
  certificates,
  notifications,
  studyYearTotals,
} from "#db/schema";
import {
  applyRound,
  correctOutcome,
  lastAssessmentOf,
  openRound,
  previewApply,
  proposeGrade,
  roundPage,
} from "~/modules/assessment/assessment.server";
import { levelFactsOf } from "~/modules/certificates/read.server";
import { verifyCertificateNumber } from "~/modules/certificates/verify.server";
import { trainingYear } from "~/modules/hours/training-year";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../factories";
import { recordCertificate } from "../factories/certificates";
import { createTestDatabase, DRIVERS } from "../support/database";

const meta = { ip: "127.0.0.1" };
const YEAR = trainingYear(new Date());

/**
 * 年度考核 end to end on the use cases: open, propose (scope, the 学时 rule), preview, apply in one
 * transaction (all or nothing, once), the consequences on certificates, the verification page,
 * the archive, notices and the level rule; corrections as new decisions.
 */
for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`annual assessment on ${driver}`, () => {
    let drop: () => Promise<void>;
    type Person = { id: number; certId: number; number: string };
    let county: { id: number; code: string };
    let town1: number;
    let town2: number;
    let admin: Awaited<ReturnType<typeof actorOf>>;
    let officer1: Awaited<ReturnType<typeof actorOf>>;
    let otherAdmin: Awaited<ReturnType<typeof actorOf>>;
    const p: Record<"senior" | "intermediate" | "junior" | "juniorT2" | "good", Person> = {} as never;
    let outsider: number;

    async function navigator(orgId: number, level: "junior" | "intermediate" | "senior", name: string): Promise<Person> {
      const user = await createUser({ organizationId: orgId, name });
      const cert = await recordCertificate({
        userId: user.id,
        countyId: county.id,
        countyCode: county.code,
        level,
        holderName: name,
        organizationName: "测试有限公司",
        year: YEAR - 1,
        issuedAt: new Date(`${YEAR - 1}-03-01T02:00:00Z`),
      });
      return { id: user.id, certId: cert.id, number: cert.number };
    }

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      const c = await createCounty({ name: "嘉祥县" });
      county = { id: c.id, code: c.code };
      town1 = (await createTown(c.id, "卧龙山街道")).id;
      town2 = (await createTown(c.id, "纸坊镇")).id;
      const org1 = (await createOrganization(town1)).id;
      const org2 = (await createOrganization(town2)).id;
      admin = await actorOf((await createUser({ organizationId: org1, roles: [{ role: "county_admin", countyId: c.id }] })).id);
      officer1 = await actorOf((await createUser({ organizationId: org1, roles: [{ role: "town_officer", townId: town1 }] })).id);
      const qufu = await createCounty({ name: "曲阜市" });
      const qufuOrg = (await createOrganization((await createTown(qufu.id)).id)).id;
      otherAdmin = await actorOf((await createUser({ organizationId: qufuOrg, roles: [{ role: "county_admin", countyId: qufu.id }] })).id);
      p.senior = await navigator(org1, "senior", "田志刚");
      p.intermediate = await navigator(org1, "intermediate", "高晓燕");
      p.junior = await navigator(org1, "junior", "韩卫东");
      p.good = await navigator(org1, "junior", "周立新");
      p.juniorT2 = await navigator(org2, "junior", "孙海波");
      outsider = (await createUser({ organizationId: org1, name: "没有证书" })).id;
      // 高晓燕 and 韩卫东 met the year's 学时; 田志刚 did not
      await db()
        .insert(studyYearTotals)
        .values([
          { userId: p.intermediate.id, year: YEAR, onlineSeconds: 40 * 45 * 60 },
          { userId: p.junior.id, year: YEAR, onlineSeconds: 32 * 45 * 60 },
          { userId: p.good.id, year: YEAR, onlineSeconds: 33 * 45 * 60 },
        ]);
    });
    afterAll(() => drop());

    let roundId: number;

    it("the county admin opens one round per year, this year or last; another county's admin cannot", async () => {
      expect(await openRound(admin, county.id, YEAR - 2, meta)).toEqual({ ok: false, error: "assessment.yearOutOfRange" });
      await expect(openRound(otherAdmin, county.id, YEAR, meta)).rejects.toMatchObject({ code: "forbidden" });
      await expect(openRound(officer1, county.id, YEAR, meta)).rejects.toMatchObject({ code: "forbidden" });
      const opened = await openRound(admin, county.id, YEAR, meta);
      expect(opened.ok).toBe(true);
      roundId = (opened as { roundId: number }).roundId;
      expect(await openRound(admin, county.id, YEAR, meta)).toEqual({ ok: false, error: "assessment.roundExists" });
      await expect(roundPage(otherAdmin, roundId, {})).rejects.toMatchObject({ code: "forbidden" });
    });

    it("a town officer sees and proposes for their own town only, with the evidence; the 学时 rule holds", async () => {
      const page = await roundPage(officer1, roundId, {});
      expect(page.members.map((m) => m.name).sort()).toEqual(["周立新", "田志刚", "韩卫东", "高晓燕"].sort());
      const mid = page.members.find((m) => m.userId === p.intermediate.id)!;
      expect(mid.evidence.metHours).toBe(true);
      expect(page.members.find((m) => m.userId === p.senior.id)!.evidence.metHours).toBe(false);

      await expect(
        proposeGrade(officer1, roundId, { userId: p.juniorT2.id, grade: "good", basis: "x", reason: null }, meta),
      ).rejects.toMatchObject({ code: "forbidden" });
      expect(await proposeGrade(officer1, roundId, { userId: outsider, grade: "good", basis: "x", reason: null }, meta)).toEqual({
        ok: false,
        problems: ["notMember"],
      });
      expect(await proposeGrade(officer1, roundId, { userId: p.senior.id, grade: "good", basis: "工作积极", reason: null }, meta)).toEqual({
        ok: false,
        problems: ["hoursReasonRequired"],
      });
      expect(await proposeGrade(officer1, roundId, { userId: p.senior.id, grade: "good", basis: "", reason: null }, meta)).toEqual({
        ok: false,
        problems: ["basisRequired", "hoursReasonRequired"],
      });
      expect(await db().select().from(assessmentProposals)).toHaveLength(0);

      expect(
        await proposeGrade(
          officer1,
          roundId,
          { userId: p.senior.id, grade: "good", basis: "工作积极", reason: "下半年病休，经镇党委同意" },
          meta,
        ),
      ).toEqual({ ok: true });
      expect(
        await proposeGrade(officer1, roundId, { userId: p.intermediate.id, grade: "average", basis: "走访中业主反映作用发挥一般" }, meta),
      ).toEqual({ ok: true });
      expect(await proposeGrade(officer1, roundId, { userId: p.junior.id, grade: "poor", basis: "多次约谈仍未改进" }, meta)).toEqual({
        ok: true,
      });
      expect(await proposeGrade(officer1, roundId, { userId: p.good.id, grade: "excellent", basis: "组织活动出色" }, meta)).toEqual({
        ok: true,
      });
      // the town re-proposes: the latest row counts, the first stays
      expect(await proposeGrade(officer1, roundId, { userId: p.good.id, grade: "good", basis: "组织活动较好" }, meta)).toEqual({
        ok: true,
      });
      const audits = await db().select().from(auditLog).where(eq(auditLog.action, "assessment.propose"));
      expect(audits).toHaveLength(5);
    });

    it("the county changes a town's grade only with a reason, and the town cannot overwrite it", async () => {
      expect(await proposeGrade(admin, roundId, { userId: p.good.id, grade: "excellent", basis: "县级评选", reason: null }, meta)).toEqual({
        ok: false,
        problems: ["changeReasonRequired"],
      });
      expect(
        await proposeGrade(admin, roundId, { userId: p.good.id, grade: "excellent", basis: "县级评选", reason: "获县级表彰" }, meta),
      ).toEqual({ ok: true });
      expect(await proposeGrade(officer1, roundId, { userId: p.good.id, grade: "good", basis: "x" }, meta)).toEqual({
        ok: false,
        problems: ["changedByCounty"],
      });
      const page = await roundPage(admin, roundId, {});
      expect(page.members.find((m) => m.userId === p.good.id)!.proposal).toMatchObject({ grade: "excellent", stage: "changed" });
      expect(page.counts.find((c) => c.townId === null)).toMatchObject({ excellent: 1, good: 1, average: 1, poor: 1, missing: 1 });
    });

    it("the preview lists every consequence and who is missing; applying with someone missing writes nothing", async () => {
      const preview = await previewApply(admin, roundId, false);
      expect(preview.blocked).toBe(true);
      expect(preview.missing.map((m) => m.userId)).toEqual([p.juniorT2.id]);
      expect(preview.counts).toEqual({ unchanged: 2, downgraded: 1, revoked: 1, unassessed: 1 });
      await expect(previewApply(officer1, roundId, false)).rejects.toMatchObject({ code: "forbidden" });
      await expect(applyRound(otherAdmin, roundId, true, meta)).rejects.toMatchObject({ code: "forbidden" });
      expect(await applyRound(admin, roundId, false, meta)).toEqual({ ok: false, error: "assessment.missingProposals", missing: 1 });
      expect(await db().select().from(assessmentOutcomes)).toHaveLength(0);
    });

    it("a failure midway leaves nothing applied (one transaction)", async () => {
      await db().execute(
        sql.raw(`
        create or replace function test_fail_notice() returns trigger as $$ begin
          if new.kind = 'assessmentResult' and new.user_id = ${p.juniorT2.id} then raise exception 'injected failure'; end if; return new; end $$ language plpgsql`),
      );
      await db().execute(
        sql.raw(`create trigger test_fail_notice before insert on notifications for each row execute function test_fail_notice()`),
      );
      await expect(applyRound(admin, roundId, true, meta)).rejects.toThrow();
      await db().execute(sql.raw(`drop trigger test_fail_notice on notifications`));
      expect(await db().select().from(assessmentOutcomes)).toHaveLength(0);
      const [round] = await db().select().from(assessmentRounds).where(eq(assessmentRounds.id, roundId));
      expect(round.state).toBe("open");
      const [mid] = await db().select().from(certificates).where(eq(certificates.id, p.intermediate.certId));
      expect(mid.status).toBe("valid");
      expect(await db().select().from(certificates).where(eq(certificates.userId, p.intermediate.id))).toHaveLength(1);
    });

    it("applying (twice at once) applies once: downgrades, revokes, issues the lower level, archives, notifies", async () => {
      const results = await Promise.all([applyRound(admin, roundId, true, meta), applyRound(admin, roundId, true, meta)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: "assessment.alreadyApplied" });
      expect(results.find((r) => r.ok)).toEqual({ ok: true, counts: { unchanged: 2, downgraded: 1, revoked: 1, unassessed: 1 } });
      expect(await applyRound(admin, roundId, true, meta)).toEqual({ ok: false, error: "assessment.alreadyApplied" });

      const outcomes = await db().select().from(assessmentOutcomes).where(eq(assessmentOutcomes.roundId, roundId));
      expect(outcomes).toHaveLength(5);
      const byUser = new Map(outcomes.map((o) => [o.userId, o]));
      expect(byUser.get(p.intermediate.id)).toMatchObject({
        grade: "average",
        outcome: "downgraded",
        levelBefore: "intermediate",
        levelAfter: "junior",
      });
      expect(byUser.get(p.junior.id)).toMatchObject({ grade: "poor", outcome: "revoked", levelAfter: null });
      expect(byUser.get(p.senior.id)).toMatchObject({ grade: "good", outcome: "unchanged", levelAfter: "senior" });
      expect(byUser.get(p.juniorT2.id)).toMatchObject({ grade: null, outcome: "unassessed" });

      // certificates: the intermediate is 已降级 and a junior one of this year replaces it
      const mine = await db().select().from(certificates).where(eq(certificates.userId, p.intermediate.id));
      expect(mine.map((c) => [c.level, c.status]).sort()).toEqual([
        ["intermediate", "downgraded"],
        ["junior", "valid"],
      ]);
      const lower = mine.find((c) => c.level === "junior")!;
      expect(lower.number).toMatch(new RegExp(`^HF${county.code}-${YEAR}-1-\\d{4}-[0-9X]$`));
      expect(lower.supersedesId).toBe(p.intermediate.certId);
      expect((await db().select().from(certificates).where(eq(certificates.id, p.junior.certId)))[0].status).toBe("revoked");

      // the public page says so at once
      const old = await verifyCertificateNumber(p.intermediate.number);
      expect(old).toMatchObject({ kind: "found", certificate: { status: { kind: "downgraded", toLevel: "junior" } } });
      expect(await verifyCertificateNumber(p.junior.number)).toMatchObject({
        kind: "found",
        certificate: { status: { kind: "revoked", reason: "assessment" } },
      });

      // archive, notice, audit for each member
      const archived = await db().select().from(archiveEvents).where(eq(archiveEvents.type, "assessmentApplied"));
      expect(archived).toHaveLength(5);
      const notices = await db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.kind, "assessmentResult"), eq(notifications.userId, p.intermediate.id)));
      expect(notices).toHaveLength(1);
      expect(notices[0].params).toMatchObject({ outcome: "downgraded", levelAfter: "junior", newCertificateNumber: lower.number });
      expect(await db().select().from(auditLog).where(eq(auditLog.action, "assessment.apply"))).toHaveLength(5);

      // the level rule follows: the last assessment is known
      expect(await lastAssessmentOf(p.senior.id)).toBe("good");
      expect((await levelFactsOf(p.intermediate.id, county.id)).current?.level).toBe("junior");
      expect(await lastAssessmentOf(p.juniorT2.id)).toBeNull();
    });

    it("a closed round takes no proposals; a correction is a new decision that restores the level", async () => {
      expect(await proposeGrade(officer1, roundId, { userId: p.senior.id, grade: "poor", basis: "x" }, meta)).toEqual({
        ok: false,
        problems: ["roundClosed"],
      });
      expect(await correctOutcome(admin, roundId, { userId: p.intermediate.id, grade: "good", reason: "" }, meta)).toEqual({
        ok: false,
        error: "assessment.reasonRequired",
      });
      await expect(
        correctOutcome(officer1, roundId, { userId: p.intermediate.id, grade: "good", reason: "复核" }, meta),
      ).rejects.toMatchObject({ code: "forbidden" });
      expect(
        await correctOutcome(admin, roundId, { userId: p.intermediate.id, grade: "good", reason: "复核认定走访记录有误" }, meta),
      ).toEqual({ ok: true, outcome: "restored" });
      const mine = await db().select().from(certificates).where(eq(certificates.userId, p.intermediate.id));
      expect(mine.filter((c) => c.status === "valid").map((c) => c.level)).toEqual(["intermediate"]);
      expect(mine.map((c) => c.status).sort()).toEqual(["downgraded", "superseded", "valid"]);
      const rows = await db().select().from(assessmentOutcomes).where(eq(assessmentOutcomes.userId, p.intermediate.id));
      expect(rows).toHaveLength(2);
      expect(rows[1].correctsId).toBe(rows[0].id);
      expect(await lastAssessmentOf(p.intermediate.id)).toBe("good");
      const corrected = await db()
        .select()
        .from(archiveEvents)
        .where(and(eq(archiveEvents.type, "assessmentCorrected"), eq(archiveEvents.userId, p.intermediate.id)));
      expect(corrected[0].data).toMatchObject({ correctsOutcomeId: rows[0].id, levelAfter: "intermediate" });
      // a revoked junior whose grade is corrected gets a junior certificate again
      expect(await correctOutcome(admin, roundId, { userId: p.junior.id, grade: "good", reason: "复核" }, meta)).toEqual({
        ok: true,
        outcome: "restored",
      });
      expect((await levelFactsOf(p.junior.id, county.id)).current?.level).toBe("junior");
    });

    it("an admin who is in the round leaves applying it to a colleague", async () => {
      const c = await createCounty();
      const org = (await createOrganization((await createTown(c.id)).id)).id;
      const selfAdmin = await createUser({ organizationId: org, roles: [{ role: "county_admin", countyId: c.id }, { role: "candidate" }] });
      await recordCertificate({ userId: selfAdmin.id, countyId: c.id, countyCode: c.code, holderName: "管理员", organizationName: "x" });
      const actor = await actorOf(selfAdmin.id);
      const opened = await openRound(actor, c.id, YEAR, meta);
      const id = (opened as { roundId: number }).roundId;
      await expect(proposeGrade(actor, id, { userId: selfAdmin.id, grade: "excellent", basis: "x" }, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      expect(await applyRound(actor, id, true, meta)).toEqual({ ok: false, error: "assessment.selfMember" });
    });
  });
}
