import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { archiveEvents, offlineAttendance, studyYearTotals } from "#db/schema";
import { organizations, users } from "#db/schema";
import { IMPORT_LIMITS } from "~/modules/imports/limits";
import { addAttendees, createOfflineClass, getOfflineClass, previewAttendanceFile } from "~/modules/hours/offline-classes.server";
import { offlineClassSchema } from "~/modules/hours/schemas";
import { getMyHours } from "~/modules/learning/catalogue.server";
import { fieldErrorsOf } from "~/modules/forms";
import { actorOf, createPlace, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";
import { verifyArchive } from "~/modules/archive/verify.server";

const meta = { ip: "127.0.0.1" };

async function workbook(values: string[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("名单");
  sheet.addRow(["身份证号"]);
  for (const v of values) sheet.addRow([v]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`offline classes on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let other: Awaited<ReturnType<typeof createPlace>>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      other = await createPlace();
    });
    afterAll(async () => {
      // every archive writer exercised by these tests left unbroken chains (decision 019)
      const { broken } = await verifyArchive(db());
      await drop();
      expect(broken).toEqual([]);
    });

    it("validates the class form with Chinese message keys", () => {
      const bad = offlineClassSchema.safeParse({
        title: "",
        heldOn: "2026-13-40",
        location: "党校",
        creditHours: "4.25",
        organizer: "组织部",
      });
      expect(bad.success || fieldErrorsOf(bad.error)).toEqual({
        title: "form.required",
        heldOn: "form.date.invalid",
        creditHours: "offline.creditHoursInvalid",
      });
      expect(
        offlineClassSchema.parse({
          title: "党务培训",
          heldOn: "2026-05-20",
          location: "县委党校",
          creditHours: "2.5",
          organizer: "县委组织部",
        }).creditHours,
      ).toBe(25);
    });

    it("an upload with bad rows writes nothing; confirming the good rows credits them in the class's year", async () => {
      const admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      const classId = await createOfflineClass(
        admin,
        { title: "党务培训", heldOn: "2026-05-20", location: "县委党校", creditTenths: 40, organizer: "县委组织部" },
        meta,
      );
      const a = await createUser({ organizationId: place.organization.id, name: "参训甲" });
      const b = await createUser({ organizationId: place.organization.id, name: "参训乙" });
      const outsider = await createUser({ organizationId: other.organization.id, name: "外县丙" });
      const preview = await previewAttendanceFile(admin, classId, await workbook([a.idNumber, b.phone, "123", outsider.idNumber, a.phone]));
      expect(preview.ok).toBe(true);
      if (!preview.ok) return;
      expect(preview.matches.map((m) => m.name)).toEqual(["参训甲", "参训乙"]);
      expect(preview.problems.map((p) => [p.line, p.code])).toEqual([
        [4, "invalidIdentifier"],
        [5, "unknownPerson"],
        [6, "alreadyAttending"],
      ]);
      expect(await db().select().from(offlineAttendance)).toEqual([]);
      expect(await addAttendees(admin, { classId, userIds: preview.matches.map((m) => m.userId), minutesPerCreditHour: 45 }, meta)).toBe(2);
      expect(await addAttendees(admin, { classId, userIds: [a.id], minutesPerCreditHour: 45 }, meta)).toBe(0);
      const [totals] = await db().select().from(studyYearTotals).where(eq(studyYearTotals.userId, a.id));
      expect(totals).toMatchObject({ year: 2026, offlineSeconds: 4 * 45 * 60, onlineSeconds: 0 });
      const events = await db().select().from(archiveEvents).where(eq(archiveEvents.userId, a.id));
      expect(events.map((e) => e.type)).toEqual(["offlineClassAttended"]);
      await expect(addAttendees(admin, { classId, userIds: [outsider.id], minutesPerCreditHour: 45 }, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      expect((await getOfflineClass(admin, classId)).attendees).toHaveLength(2);
      const mine = await getMyHours(await actorOf(a.id), new Date("2026-12-01T00:00:00Z"));
      expect(mine.offline).toEqual([expect.objectContaining({ title: "党务培训", heldOn: "2026-05-20", seconds: 4 * 45 * 60 })]);
      expect(mine.current.offlineSeconds).toBe(4 * 45 * 60);
      const foreign = await actorOf(
        (await createUser({ organizationId: other.organization.id, roles: [{ role: "county_admin", countyId: other.county.id }] })).id,
      );
      await expect(getOfflineClass(foreign, classId)).rejects.toMatchObject({ code: "forbidden" });
    });

    it("answers the same for a number registered in another county as for an unknown one (issue 8 item 11)", async () => {
      const admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      const classId = await createOfflineClass(
        admin,
        { title: "保密培训", heldOn: "2026-06-20", location: "县委党校", creditTenths: 20, organizer: "县委组织部" },
        meta,
      );
      const outsider = await createUser({ organizationId: other.organization.id, name: "外县丁" });
      const preview = await previewAttendanceFile(
        admin,
        classId,
        await workbook([outsider.phone, "13912345678", outsider.idNumber, "11010519491231002X"]),
      );
      if (!preview.ok) throw new Error("unreadable");
      expect(preview.problems.map((p) => [p.line, p.code])).toEqual([
        [2, "unknownPerson"],
        [3, "unknownPerson"],
        [4, "unknownPerson"],
        [5, "unknownPerson"],
      ]);
      expect(preview.matches).toEqual([]);
    });

    it("refuses a list above the row cap, lists at most the first problems, and records a long list in chunks (issue 8 item 3)", async () => {
      const admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      const classId = await createOfflineClass(
        admin,
        { title: "大型培训", heldOn: "2026-07-01", location: "体育馆", creditTenths: 10, organizer: "县委组织部" },
        meta,
      );
      const tooMany = await previewAttendanceFile(
        admin,
        classId,
        await workbook(Array.from({ length: IMPORT_LIMITS.attendanceRows + 1 }, (_, i) => `bad${i}`)),
      );
      expect(tooMany).toEqual({ ok: false, reason: "tooManyRows", max: IMPORT_LIMITS.attendanceRows });
      await expect(
        addAttendees(
          admin,
          { classId, userIds: Array.from({ length: IMPORT_LIMITS.attendanceRows + 1 }, (_, i) => i + 1), minutesPerCreditHour: 45 },
          meta,
        ),
      ).rejects.toMatchObject({
        code: "badRequest",
      });

      const bad = await previewAttendanceFile(admin, classId, await workbook(Array.from({ length: 250 }, (_, i) => `bad${i}`)));
      if (!bad.ok) throw new Error("refused");
      expect(bad.problems).toHaveLength(IMPORT_LIMITS.shownProblems);
      expect(bad.moreProblems).toBe(250 - IMPORT_LIMITS.shownProblems);
      expect(bad.problemCount).toBe(250);

      // 1,200 people: more than two chunks of the preview's lookups and of the inserts.
      const [org] = await db().select().from(organizations).where(eq(organizations.id, place.organization.id));
      const people = await db()
        .insert(users)
        .values(
          Array.from({ length: 1200 }, (_, i) => ({
            name: `参训${i}`,
            phone: `137${String(i).padStart(8, "0")}`,
            idNumber: `9${String(i).padStart(16, "0")}X`,
            passwordHash: "-",
            organizationId: org.id,
            partyStatus: "full" as const,
            partyPost: "other" as const,
          })),
        )
        .returning({ id: users.id, phone: users.phone });
      const preview = await previewAttendanceFile(admin, classId, await workbook(people.map((p) => p.phone)));
      if (!preview.ok) throw new Error("refused");
      expect(preview.problems).toEqual([]);
      expect(preview.matches).toHaveLength(1200);
      expect(await addAttendees(admin, { classId, userIds: preview.matches.map((m) => m.userId), minutesPerCreditHour: 45 }, meta)).toBe(
        1200,
      );
      expect((await db().select().from(offlineAttendance).where(eq(offlineAttendance.classId, classId))).length).toBe(1200);
      const archived = await db()
        .select({ userId: archiveEvents.userId })
        .from(archiveEvents)
        .where(eq(archiveEvents.type, "offlineClassAttended"));
      expect(archived.filter((a) => people.some((p) => p.id === a.userId))).toHaveLength(1200);
    });
  });
}
