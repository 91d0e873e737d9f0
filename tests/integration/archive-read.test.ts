import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { appendArchiveEvent } from "~/modules/archive/archive.server";
import { archiveTime, contentHash } from "~/modules/archive/chain";
import { archiveSummaryWorkbook } from "~/modules/archive/export.server";
import { renderArchivePdf } from "~/modules/archive/pdf.server";
import { archivePage, recordCorrection, wholeArchive } from "~/modules/archive/read.server";
import { verifyArchive } from "~/modules/archive/verify.server";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../factories";
import { recordCertificate } from "../factories/certificates";
import { createTestDatabase, DRIVERS } from "../support/database";

const meta = { ip: "127.0.0.1" };

/** An event written around the typed writer (as a newer version's kind would be): verify and the export read it all the same. */
async function appendForeignKind(userId: number, type: string, data: Record<string, unknown>) {
  const occurredAt = archiveTime();
  const hash = contentHash({ v: 1, userId, type, occurredAt: occurredAt.toISOString(), actorId: null, reason: null, data });
  await db().execute(sql`insert into archive_events (user_id, type, occurred_at, actor_id, reason, data, v, content_hash)
    values (${userId}, ${type}, ${occurredAt.toISOString()}::timestamptz, null, null, ${JSON.stringify(data)}::jsonb, 1, decode(${hash.toString("hex")}, 'hex'))`);
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`reading the archive on ${driver}: scope, timeline, corrections, PDF, export`, () => {
    let drop: () => Promise<void>;
    const ids = {} as Record<"person" | "other" | "officer" | "foreignOfficer" | "admin" | "qufuAdmin" | "qufuPerson", number>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      const jiaxiang = await createCounty({ code: "370829", name: "嘉祥县" });
      const qufu = await createCounty({ code: "370881", name: "曲阜市" });
      const town = await createTown(jiaxiang.id, "嘉祥街道");
      const otherTown = await createTown(jiaxiang.id, "梁宝寺镇");
      const org = await createOrganization(town.id);
      const otherOrg = await createOrganization(otherTown.id);
      const qufuOrg = await createOrganization((await createTown(qufu.id)).id);
      ids.person = (await createUser({ organizationId: org.id, name: "张明远" })).id;
      ids.other = (await createUser({ organizationId: otherOrg.id, name: "外镇人" })).id;
      ids.qufuPerson = (await createUser({ organizationId: qufuOrg.id, name: "曲阜人" })).id;
      ids.officer = (
        await createUser({ organizationId: org.id, roles: [{ role: "town_officer", countyId: jiaxiang.id, townId: town.id }] })
      ).id;
      ids.foreignOfficer = (
        await createUser({ organizationId: otherOrg.id, roles: [{ role: "town_officer", countyId: jiaxiang.id, townId: otherTown.id }] })
      ).id;
      ids.admin = (
        await createUser({ organizationId: org.id, name: "王建国", roles: [{ role: "county_admin", countyId: jiaxiang.id }] })
      ).id;
      ids.qufuAdmin = (await createUser({ organizationId: qufuOrg.id, roles: [{ role: "county_admin", countyId: qufu.id }] })).id;
      await recordCertificate({
        userId: ids.person,
        countyId: jiaxiang.id,
        countyCode: "370829",
        level: "intermediate",
        holderName: "张明远",
        organizationName: org.name,
      });
      await recordCertificate({
        userId: ids.qufuPerson,
        countyId: qufu.id,
        countyCode: "370881",
        holderName: "曲阜人",
        organizationName: qufuOrg.name,
      });
      await db().execute(
        sql`insert into study_year_totals (user_id, year, online_seconds, offline_seconds) values (${ids.person}, 2025, ${32 * 45 * 60}, 0), (${ids.person}, 2026, 600, 0)`,
      );
      await appendArchiveEvent(db(), { userId: ids.person, type: "registered", actorId: ids.person, data: { organizationId: org.id } });
      await appendArchiveEvent(db(), {
        userId: ids.person,
        type: "applicationApproved",
        actorId: ids.officer,
        reason: "符合条件",
        data: { applicationId: 1 },
      });
      for (let i = 0; i < 60; i++) {
        await appendArchiveEvent(db(), {
          userId: ids.person,
          type: "offlineClassAttended",
          actorId: ids.admin,
          data: { classId: i + 1, title: `线下课${i}`, heldOn: "2026-03-01", creditTenths: 20, seconds: 5400 },
        });
      }
      await appendArchiveEvent(db(), {
        userId: ids.person,
        type: "certificateIssued",
        actorId: null,
        data: { certificateId: 1, number: "HF370829-2026-2-0001-X", level: "intermediate" },
      });
    });
    afterAll(async () => {
      const { broken } = await verifyArchive(db());
      await drop();
      expect(broken).toEqual([]);
    });

    it("the person, their town officer and their county admin read it; another town's officer and another county's admin get 403", async () => {
      for (const reader of [ids.person, ids.officer, ids.admin]) {
        const page = await archivePage(await actorOf(reader), ids.person, { locale: "zh-CN" });
        expect(page.person.name).toBe("张明远");
      }
      for (const reader of [ids.foreignOfficer, ids.qufuAdmin, ids.other]) {
        await expect(archivePage(await actorOf(reader), ids.person, { locale: "zh-CN" })).rejects.toMatchObject({ status: 403 });
        await expect(wholeArchive(await actorOf(reader), ids.person, "zh-CN")).rejects.toMatchObject({ status: 403 });
      }
      await expect(archivePage(await actorOf(ids.admin), 99_999_999, { locale: "zh-CN" })).rejects.toMatchObject({ status: 404 });
    });

    it("timeline newest first, who recorded it, pages by seq, filter by group; 学时 per year against 32", async () => {
      const admin = await actorOf(ids.admin);
      const first = await archivePage(admin, ids.person, { locale: "zh-CN" });
      expect(first.entries).toHaveLength(50);
      expect(first.entries[0]).toMatchObject({ type: "certificateIssued", title: "颁发证书", recordedBy: null });
      expect(first.entries.map((e) => e.seq)).toEqual([...first.entries.map((e) => e.seq)].sort((a, b) => b - a));
      const second = await archivePage(admin, ids.person, { locale: "zh-CN", before: first.nextBefore! });
      expect(second.nextBefore).toBeNull();
      expect(second.entries.at(-1)).toMatchObject({ type: "registered", seq: 1, recordedBy: "张明远" });
      expect(second.entries.find((e) => e.type === "applicationApproved")).toMatchObject({ reason: "符合条件", title: "申请审核通过" });
      const registration = await archivePage(admin, ids.person, { locale: "en", group: "registration" });
      expect(registration.entries.map((e) => e.type)).toEqual(["applicationApproved", "registered"]);
      expect(registration.entries[0].title).toBe("Application approved");
      expect(first.study).toEqual({
        required: 32,
        years: [
          { year: 2026, hours: "0.2", met: false },
          { year: 2025, hours: "32.0", met: true },
        ],
      });
    });

    it("a correction is a new entry pointing at the corrected one; the corrected one stays and links back; only a county admin, not about themselves", async () => {
      const admin = await actorOf(ids.admin);
      const target = (await archivePage(admin, ids.person, { locale: "zh-CN", group: "registration" })).entries[0];
      const id = await recordCorrection(admin, { userId: ids.person, eventId: target.id, note: "审核人应为李秀梅" }, meta);
      const page = await archivePage(admin, ids.person, { locale: "zh-CN" });
      expect(page.entries[0]).toMatchObject({
        id,
        type: "correction",
        detail: "审核人应为李秀梅",
        recordedBy: "王建国",
        corrects: { id: target.id, seq: target.seq },
      });
      const corrections = await archivePage(admin, ids.person, { locale: "zh-CN", group: "registration" });
      expect(corrections.entries[0].correctedBy).toEqual([{ id, seq: page.entries[0].seq }]);
      expect(
        rowsOf(await db().execute(sql`select 1 from audit_log where action = 'archive.correct' and entity_id = ${String(id)}`)),
      ).toHaveLength(1);
      await expect(
        recordCorrection(await actorOf(ids.officer), { userId: ids.person, eventId: target.id, note: "x" }, meta),
      ).rejects.toMatchObject({ status: 403 });
      await expect(recordCorrection(admin, { userId: ids.admin, eventId: target.id, note: "x" }, meta)).rejects.toMatchObject({
        status: 403,
      });
      const before = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from archive_events`))[0].n;
      // an event of someone else: refused, nothing written
      const otherEvent = await appendArchiveEvent(db(), {
        userId: ids.other,
        type: "registered",
        actorId: null,
        data: { organizationId: 1 },
      });
      await expect(recordCorrection(admin, { userId: ids.person, eventId: otherEvent, note: "x" }, meta)).rejects.toMatchObject({
        status: 400,
      });
      expect(rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from archive_events`))[0].n).toBe(before + 1);
    });

    it("prints as a PDF with every entry", async () => {
      const archive = await wholeArchive(await actorOf(ids.officer), ids.person, "zh-CN");
      expect(archive.entries.length).toBeGreaterThan(60);
      const pdf = await renderArchivePdf({ ...archive, printedAt: new Date(), printedBy: "李秀梅" });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    });

    it("the summary workbook: the county's navigators only, with 学时 per year, last grade and last visit when those events exist", async () => {
      await appendForeignKind(ids.person, "assessmentApplied", { roundId: 1, year: 2025, grade: "average", outcome: "downgraded" });
      await appendForeignKind(ids.person, "supervisionRecorded", { recordId: 1, kind: "site_visit", date: "2026-04-02" });
      await appendForeignKind(ids.person, "somethingNewer", { x: 1 });
      const read = async (actorId: number) => {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(
          (await archiveSummaryWorkbook(await actorOf(actorId), 45, 32, new Date("2026-06-01T00:00:00Z"))) as unknown as ArrayBuffer,
        );
        const sheet = book.worksheets[0];
        const rows: unknown[][] = [];
        sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
        return rows;
      };
      const rows = await read(ids.admin);
      expect(rows[0]).toEqual([
        "姓名",
        "镇（街道）",
        "组织",
        "级别",
        "证书编号",
        "状态",
        "2024年度学时",
        "2025年度学时",
        "2026年度学时",
        "2026年度是否达32学时",
        "最近考核等级",
        "最近走访",
      ]);
      expect(rows).toHaveLength(2);
      expect(rows[1]).toEqual([
        "张明远",
        "嘉祥街道",
        expect.any(String),
        "中级",
        expect.stringMatching(/^HF370829-2026-2-/),
        "有效",
        undefined,
        32,
        0.2,
        "否",
        "2025 一般",
        "2026-04-02",
      ]);
      const qufuRows = await read(ids.qufuAdmin);
      expect(qufuRows.map((r) => r[0])).toEqual(["姓名", "曲阜人"]);
      // events of kinds this version does not register still chain and verify
      expect((await verifyArchive(db(), { userId: ids.person })).broken).toEqual([]);
    });
  });
}
