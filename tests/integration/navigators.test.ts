import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { archiveEvents, auditLog, navigatorApplications, notifications } from "#db/schema";
import { listUnreadNotifications, markNotificationRead } from "~/modules/notifications/notifications.server";
import {
  decideApplication,
  getApplicationForReview,
  getApplicationOverview,
  listApplicationsForReview,
  submitApplication,
} from "~/modules/navigators/applications.server";
import { AppError } from "~/modules/errors";
import { actorOf, createPlace, createTown, createOrganization, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";
import { verifyArchive } from "~/modules/archive/verify.server";

const meta = { ip: "127.0.0.1" };

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`navigator applications on ${driver}`, () => {
    let drop: () => Promise<void>;
    let jiaxiang: Awaited<ReturnType<typeof createPlace>>;
    let qufu: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      jiaxiang = await createPlace();
      qufu = await createPlace();
    });
    afterAll(async () => {
      // every archive writer exercised by these tests left unbroken chains (decision 019)
      const { broken } = await verifyArchive(db());
      await drop();
      expect(broken).toEqual([]);
    });

    it("an eligible candidate applies once; a second submission is refused", async () => {
      const user = await createUser({ organizationId: jiaxiang.organization.id, partyPost: "deputy_secretary" });
      const actor = await actorOf(user.id);
      expect((await getApplicationOverview(actor)).eligibility).toEqual({ eligible: true });
      const first = await submitApplication(actor, { statement: "申请" });
      expect(first.ok).toBe(true);
      const second = await submitApplication(actor, { statement: "再次申请" });
      expect(second).toEqual({ ok: false, eligibility: { eligible: false, reasons: ["applicationPending"] } });
      const rows = await db().select().from(navigatorApplications).where(eq(navigatorApplications.userId, user.id));
      expect(rows).toHaveLength(1);
    });

    it("a probationary member or a member without a post cannot submit", async () => {
      const probationary = await actorOf((await createUser({ organizationId: jiaxiang.organization.id, partyStatus: "probationary" })).id);
      expect(await submitApplication(probationary, { statement: "" })).toEqual({
        ok: false,
        eligibility: { eligible: false, reasons: ["notFullMember"] },
      });
      const noPost = await actorOf((await createUser({ organizationId: jiaxiang.organization.id, partyPost: "other" })).id);
      expect(await submitApplication(noPost, { statement: "" })).toEqual({
        ok: false,
        eligibility: { eligible: false, reasons: ["postNotEligible"] },
      });
    });

    it("a town officer sees applications of their town only; a county admin the whole county", async () => {
      const otherTown = await createTown(jiaxiang.county.id);
      const otherOrg = await createOrganization(otherTown.id);
      const here = await actorOf((await createUser({ organizationId: jiaxiang.organization.id })).id);
      const there = await actorOf((await createUser({ organizationId: otherOrg.id, name: "外镇申请人" })).id);
      await submitApplication(here, { statement: "" });
      await submitApplication(there, { statement: "" });
      const officer = await actorOf(
        (
          await createUser({
            organizationId: jiaxiang.organization.id,
            roles: [{ role: "town_officer", countyId: jiaxiang.county.id, townId: jiaxiang.town.id }],
          })
        ).id,
      );
      const admin = await actorOf(
        (await createUser({ organizationId: jiaxiang.organization.id, roles: [{ role: "county_admin", countyId: jiaxiang.county.id }] }))
          .id,
      );
      const officerQueue = await listApplicationsForReview(officer, { status: "pending", page: 1 });
      expect(officerQueue.applications.map((a) => a.townName)).not.toContain(otherTown.name);
      expect(officerQueue.applications.length).toBeGreaterThan(0);
      const adminQueue = await listApplicationsForReview(admin, { status: "pending", page: 1 });
      expect(adminQueue.applications.map((a) => a.townName)).toContain(otherTown.name);
      expect(adminQueue.pending).toBe(adminQueue.applications.length);
    });

    it("a county admin of another county gets 403 for an application id typed by hand", async () => {
      const applicant = await actorOf((await createUser({ organizationId: jiaxiang.organization.id })).id);
      const submitted = await submitApplication(applicant, { statement: "" });
      if (!submitted.ok) throw new Error("not submitted");
      const foreignAdmin = await actorOf(
        (await createUser({ organizationId: qufu.organization.id, roles: [{ role: "county_admin", countyId: qufu.county.id }] })).id,
      );
      await expect(getApplicationForReview(foreignAdmin, submitted.applicationId)).rejects.toMatchObject({
        code: "forbidden",
        status: 403,
      });
      await expect(
        decideApplication(foreignAdmin, { applicationId: submitted.applicationId, decision: "approve", reason: "" }, meta),
      ).rejects.toBeInstanceOf(AppError);
      const queue = await listApplicationsForReview(foreignAdmin, { status: "all", page: 1 });
      expect(queue.applications.map((a) => a.id)).not.toContain(submitted.applicationId);
      const [row] = await db().select().from(navigatorApplications).where(eq(navigatorApplications.id, submitted.applicationId));
      expect(row.status).toBe("pending");
      await expect(getApplicationForReview(foreignAdmin, 99_999_999)).rejects.toMatchObject({ code: "notFound" });
    });

    it("approving writes the decision, an audit row and an archive event; deciding twice is refused", async () => {
      const applicant = await actorOf((await createUser({ organizationId: jiaxiang.organization.id })).id);
      const submitted = await submitApplication(applicant, { statement: "" });
      if (!submitted.ok) throw new Error("not submitted");
      const officer = await actorOf(
        (
          await createUser({
            organizationId: jiaxiang.organization.id,
            roles: [{ role: "town_officer", countyId: jiaxiang.county.id, townId: jiaxiang.town.id }],
          })
        ).id,
      );
      expect(await decideApplication(officer, { applicationId: submitted.applicationId, decision: "reject", reason: "" }, meta)).toEqual({
        ok: false,
        problem: "reasonRequired",
      });
      expect(await decideApplication(officer, { applicationId: submitted.applicationId, decision: "approve", reason: "" }, meta)).toEqual({
        ok: true,
      });
      expect(
        await decideApplication(officer, { applicationId: submitted.applicationId, decision: "reject", reason: "改判" }, meta),
      ).toEqual({ ok: false, problem: "alreadyDecided" });
      const audits = await db()
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(submitted.applicationId)));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        action: "application.approve",
        actorId: officer.userId,
        before: { status: "pending" },
        countyId: jiaxiang.county.id,
      });
      const events = await db().select().from(archiveEvents).where(eq(archiveEvents.userId, applicant.userId));
      expect(events.map((e) => e.type)).toEqual(["applicationSubmitted", "applicationApproved"]);
      const overview = await getApplicationOverview(applicant);
      expect(overview.eligibility).toEqual({ eligible: false, reasons: ["alreadyApproved"] });
    });

    it("a rejection carries its reason to the candidate, who may apply again", async () => {
      const applicant = await actorOf((await createUser({ organizationId: jiaxiang.organization.id })).id);
      const submitted = await submitApplication(applicant, { statement: "" });
      if (!submitted.ok) throw new Error("not submitted");
      const admin = await actorOf(
        (await createUser({ organizationId: jiaxiang.organization.id, roles: [{ role: "county_admin", countyId: jiaxiang.county.id }] }))
          .id,
      );
      await decideApplication(admin, { applicationId: submitted.applicationId, decision: "reject", reason: "请先补充党内职务证明" }, meta);
      const overview = await getApplicationOverview(applicant);
      expect(overview.applications[0]).toMatchObject({ status: "rejected", reason: "请先补充党内职务证明" });
      expect(overview.eligibility).toEqual({ eligible: true });
    });

    it("every decision reaches the applicant as an unread notice (with the 审核意见), in the decision's transaction", async () => {
      const approvedOne = await actorOf((await createUser({ organizationId: jiaxiang.organization.id })).id);
      const rejectedOne = await actorOf((await createUser({ organizationId: jiaxiang.organization.id })).id);
      const a = await submitApplication(approvedOne, { statement: "" });
      const r = await submitApplication(rejectedOne, { statement: "" });
      if (!a.ok || !r.ok) throw new Error("not submitted");
      expect(await listUnreadNotifications(approvedOne)).toEqual([]);
      const admin = await actorOf(
        (await createUser({ organizationId: jiaxiang.organization.id, roles: [{ role: "county_admin", countyId: jiaxiang.county.id }] }))
          .id,
      );
      // a refused decision (no reason for a rejection) tells nobody anything
      await decideApplication(admin, { applicationId: r.applicationId, decision: "reject", reason: " " }, meta);
      expect(await listUnreadNotifications(rejectedOne)).toEqual([]);
      await decideApplication(admin, { applicationId: a.applicationId, decision: "approve", reason: "" }, meta);
      await decideApplication(admin, { applicationId: r.applicationId, decision: "reject", reason: "请补充任职证明" }, meta);
      const [approvedNotice] = await listUnreadNotifications(approvedOne);
      expect(approvedNotice).toMatchObject({ kind: "applicationApproved", params: { applicationId: a.applicationId, reason: null } });
      const rejected = await listUnreadNotifications(rejectedOne);
      expect(rejected).toEqual([
        expect.objectContaining({ kind: "applicationRejected", params: { applicationId: r.applicationId, reason: "请补充任职证明" } }),
      ]);
      const [row] = await db().select().from(notifications).where(eq(notifications.id, approvedNotice.id));
      expect(row.senderId).toBe(admin.userId);
      // shown until read; someone else cannot mark it read
      await markNotificationRead(rejectedOne, approvedNotice.id);
      expect(await listUnreadNotifications(approvedOne)).toHaveLength(1);
      await markNotificationRead(approvedOne, approvedNotice.id);
      expect(await listUnreadNotifications(approvedOne)).toEqual([]);
    });

    it("the database refuses to change or delete archive events and audit rows", async () => {
      await expect(db().execute(sql`update archive_events set type = 'x'`)).rejects.toThrow();
      await expect(db().execute(sql`delete from archive_events`)).rejects.toThrow();
      await expect(db().execute(sql`delete from audit_log`)).rejects.toThrow();
    });
  });
}
