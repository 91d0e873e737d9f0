import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { notifications, studyYearTotals } from "#db/schema";
import { getHoursDashboard, getLearnerHours, listLearnersForExport, remindLearnersBelowTarget } from "~/modules/hours/dashboard.server";
import { hoursWorkbook } from "~/modules/hours/export.server";
import { requiredSeconds } from "~/modules/hours/study-hours";
import { listUnreadNotifications, markNotificationRead } from "~/modules/notifications/notifications.server";
import ExcelJS from "exceljs";
import { actorOf, createOrganization, createPlace, createTown, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

const SETTINGS = { requiredCreditHours: 32, minutesPerCreditHour: 45 };
const REQUIRED = requiredSeconds(SETTINGS);
const meta = { ip: "127.0.0.1" };

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`hours dashboard on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let otherTown: { id: number };
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      otherTown = await createTown(place.county.id);
      const otherOrg = await createOrganization(otherTown.id);
      const learners: [string, number, number, number][] = [
        ["达标甲", place.organization.id, REQUIRED, 0],
        ["一半乙", place.organization.id, REQUIRED / 2, 0],
        ["零丙", place.organization.id, 0, 0],
        ["外镇丁", otherOrg.id, REQUIRED - 60, 120],
      ];
      for (const [name, org, online, offline] of learners) {
        const user = await createUser({ organizationId: org, name });
        ids[name] = user.id;
        if (online || offline)
          await db().insert(studyYearTotals).values({ userId: user.id, year: 2026, onlineSeconds: online, offlineSeconds: offline });
      }
    });
    afterAll(() => drop());

    const officer = async () =>
      actorOf(
        (
          await createUser({
            organizationId: place.organization.id,
            roles: [{ role: "town_officer", countyId: place.county.id, townId: place.town.id }],
          })
        ).id,
      );
    const admin = async () =>
      actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );

    it("a county admin sees the whole county: learners, share met (offline counts), bands, towns", async () => {
      const d = await getHoursDashboard(await admin(), { year: 2026, page: 1 }, SETTINGS);
      expect(d.summary).toMatchObject({ learners: 4, met: 2 });
      expect(d.distribution).toEqual([1, 0, 1, 0, 2]);
      expect(d.byTown.map((t) => t.learners).sort()).toEqual([1, 3]);
      expect(d.people.map((p) => p.name)).toEqual(["零丙", "一半乙", "达标甲", "外镇丁"]);
    });

    it("a town officer sees their town only; filters work; the export has the same people", async () => {
      const me = await officer();
      const d = await getHoursDashboard(me, { year: 2026, page: 1 }, SETTINGS);
      expect(d.people.map((p) => p.name).sort()).toEqual(["一半乙", "达标甲", "零丙"]);
      const notMet = await getHoursDashboard(me, { year: 2026, met: "notMet", page: 1 }, SETTINGS);
      expect(notMet.people.map((p) => p.name).sort()).toEqual(["一半乙", "零丙"]);
      const outside = await getHoursDashboard(me, { year: 2026, townId: otherTown.id, page: 1 }, SETTINGS);
      expect(outside.summary.learners).toBe(0);
      const rows = await listLearnersForExport(me, { year: 2026, page: 1 }, SETTINGS);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await hoursWorkbook({ year: 2026, minutesPerCreditHour: 45, rows })).buffer as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.getRow(1).values).toContain("合计学时");
      expect(sheet.rowCount).toBe(4);
      await expect(getLearnerHours(me, ids["外镇丁"], 2026)).rejects.toMatchObject({ code: "forbidden" });
      expect((await getLearnerHours(me, ids["达标甲"], 2026)).totals.onlineSeconds).toBe(REQUIRED);
    });

    it("reminds only learners below target, in scope, for the current year", async () => {
      const me = await officer();
      await expect(
        remindLearnersBelowTarget(me, { filter: { year: 2025, page: 1 }, currentYear: 2026, settings: SETTINGS }, meta),
      ).rejects.toMatchObject({ code: "badRequest" });
      const sent = await remindLearnersBelowTarget(me, { filter: { year: 2026, page: 1 }, currentYear: 2026, settings: SETTINGS }, meta);
      expect(sent).toBe(2);
      const rows = await db().select().from(notifications);
      expect(rows.map((r) => r.userId).sort()).toEqual([ids["一半乙"], ids["零丙"]].sort());
      const half = await actorOf(ids["一半乙"]);
      const unread = await listUnreadNotifications(half);
      expect(unread[0]).toMatchObject({ kind: "hoursReminder", params: { year: 2026, required: 32, hours: 16 } });
      await markNotificationRead(await actorOf(ids["零丙"]), unread[0].id); // not theirs: nothing changes
      expect(await listUnreadNotifications(half)).toHaveLength(1);
      await markNotificationRead(half, unread[0].id);
      expect(await listUnreadNotifications(half)).toHaveLength(0);
      const [row] = await db().select().from(notifications).where(eq(notifications.id, unread[0].id));
      expect(row.readAt).not.toBeNull();
    });
  });
}

describe("study settings", () => {
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ drop } = await createTestDatabase("pglite"));
  });
  afterAll(() => drop());

  it("only a system admin changes them; the change is audited and applies from then on", async () => {
    const { loadStudySettingValues, updateStudySettings, studySettings } = await import("~/modules/learning/config.server");
    const { auditLog } = await import("#db/schema");
    const place = await createPlace();
    const sys = await actorOf((await createUser({ organizationId: place.organization.id, roles: [{ role: "system_admin" }] })).id);
    const admin = await actorOf(
      (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
    );
    const before = await loadStudySettingValues();
    expect(before.minutesPerCreditHour).toBe(45);
    await expect(updateStudySettings(admin, { ...before, minutesPerCreditHour: 40 }, meta)).rejects.toMatchObject({ code: "forbidden" });
    await updateStudySettings(sys, { ...before, minutesPerCreditHour: 40, requiredCreditHours: 30 }, meta);
    const after = await studySettings();
    expect(after).toMatchObject({ minutesPerCreditHour: 40, requiredCreditHours: 30 });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, "settings.update"));
    expect(audit).toMatchObject({
      before: { minutesPerCreditHour: 45, requiredCreditHours: 32 },
      after: { minutesPerCreditHour: 40, requiredCreditHours: 30 },
    });
    await updateStudySettings(sys, { ...before }, meta); // back to the defaults for other tests in this process
  });
});
