import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { archiveEvents, auditLog, notifications, supervisionAttachments, supervisionRecords } from "#db/schema";
import { LocalDiskStore } from "~/modules/storage/local-disk.server";
import { setBlobStore } from "~/modules/storage/storage.server";
import { sweepOrphanFiles } from "~/modules/storage/sweep.server";
import {
  myRecords,
  navigatorRecords,
  readAttachment,
  recordSupervision,
  supervisionOverview,
  supervisionSummary,
} from "~/modules/supervision/records.server";
import { supervisionRecordSchema } from "~/modules/supervision/rules";
import { TINY } from "../factories/files";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../factories";
import { recordCertificate } from "../factories/certificates";
import { createTestDatabase, DRIVERS } from "../support/database";
import { rowsOf } from "#db/sql-text.server";

const rowsOfOrg = (result: unknown) => rowsOf<{ id: number }>(result as Parameters<typeof rowsOf>[0]).map((r) => ({ id: Number(r.id) }));

const META = { ip: "127.0.0.1" };
const NOW = new Date("2026-12-06T04:00:00Z");
const input = (overrides: Record<string, string> = {}) =>
  supervisionRecordSchema("2026-12-06").parse({
    kind: "site_visit",
    occurredOn: "2026-11-20",
    partyMembers: "3",
    staff: "12",
    findings: "三会一课按时开展",
    judgement: "good",
    followUp: "",
    ...overrides,
  });

/** Files on disk under the store's root (the orphan check). */
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

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`supervision records on ${driver}`, () => {
    let drop: () => Promise<void>;
    let root: string;
    const ids = {} as Record<
      "jiaxiang" | "qufu" | "townA" | "townB" | "navA" | "navB" | "navQufu" | "officerA" | "jiaxiangAdmin" | "qufuAdmin" | "plain",
      number
    >;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      root = mkdtempSync(join(tmpdir(), "hf-files-"));
      setBlobStore(new LocalDiskStore(root));
      const jiaxiang = await createCounty({ code: "370829", name: "嘉祥县" });
      const qufu = await createCounty({ code: "370881", name: "曲阜市" });
      const townA = await createTown(jiaxiang.id, "嘉祥街道");
      const townB = await createTown(jiaxiang.id, "纸坊镇");
      const townQ = await createTown(qufu.id, "鲁城街道");
      const orgA = await createOrganization(townA.id);
      const orgB = await createOrganization(townB.id);
      const orgQ = await createOrganization(townQ.id);
      Object.assign(ids, { jiaxiang: jiaxiang.id, qufu: qufu.id, townA: townA.id, townB: townB.id });
      for (const [key, org, county, code] of [
        ["navA", orgA, jiaxiang, "370829"],
        ["navB", orgB, jiaxiang, "370829"],
        ["navQufu", orgQ, qufu, "370881"],
      ] as const) {
        const u = await createUser({ organizationId: org.id, name: "领航员" });
        ids[key] = u.id;
        await recordCertificate({ userId: u.id, countyId: county.id, countyCode: code, holderName: "领航员", organizationName: org.name });
      }
      ids.officerA = (
        await createUser({ organizationId: orgA.id, roles: [{ role: "town_officer", countyId: jiaxiang.id, townId: townA.id }] })
      ).id;
      ids.jiaxiangAdmin = (await createUser({ organizationId: orgA.id, roles: [{ role: "county_admin", countyId: jiaxiang.id }] })).id;
      ids.qufuAdmin = (await createUser({ organizationId: orgQ.id, roles: [{ role: "county_admin", countyId: qufu.id }] })).id;
      ids.plain = (await createUser({ organizationId: orgA.id })).id;
      // the county admin is a navigator too (a certificate of their own): nobody records about themselves
      await recordCertificate({
        userId: ids.jiaxiangAdmin,
        countyId: jiaxiang.id,
        countyCode: "370829",
        holderName: "管理员",
        organizationName: orgA.name,
      });
    });
    afterAll(async () => {
      await drop();
      rmSync(root, { recursive: true, force: true });
    });

    it("a town officer records a visit with a photo: record, attachment, audit, archive event and notice in one go; the navigator sees it", async () => {
      const officer = await actorOf(ids.officerA);
      const outcome = await recordSupervision(
        officer,
        ids.navA,
        input(),
        [
          { name: "现场照片.jpg", bytes: TINY.jpeg },
          { name: "签到表.pdf", bytes: TINY.pdf },
        ],
        META,
        NOW,
      );
      expect(outcome.ok).toBe(true);
      const recordId = outcome.ok ? outcome.recordId : 0;
      const [record] = await db().select().from(supervisionRecords).where(eq(supervisionRecords.id, recordId));
      expect(record).toMatchObject({
        userId: ids.navA,
        townId: ids.townA,
        countyId: ids.jiaxiang,
        kind: "site_visit",
        occurredOn: "2026-11-20",
        judgement: "good",
        recordedBy: ids.officerA,
      });
      const files = await db().select().from(supervisionAttachments).where(eq(supervisionAttachments.recordId, recordId));
      expect(files.map((f) => f.mediaType)).toEqual(["image/jpeg", "application/pdf"]);
      const audit = await db()
        .select()
        .from(auditLog)
        .where(sql`${auditLog.entityType} = 'supervision_record' and ${auditLog.entityId} = ${String(recordId)}`);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: "supervision.record", countyId: ids.jiaxiang, actorId: ids.officerA });
      const events = await db().select().from(archiveEvents).where(eq(archiveEvents.userId, ids.navA));
      const event = events.find((e) => e.type === "supervisionRecorded");
      expect(event?.data).toMatchObject({ recordId, kind: "site_visit", date: "2026-11-20", judgement: "good" });
      const notices = await db().select().from(notifications).where(eq(notifications.userId, ids.navA));
      expect(notices.map((n) => n.kind)).toContain("supervisionRecorded");
      // the navigator reads their own record and its attachments
      const navigator = await actorOf(ids.navA);
      const mine = await myRecords(navigator, NOW);
      expect(mine.records.map((r) => r.id)).toEqual([recordId]);
      expect(mine.summary.visits).toBe(1);
      const photo = await readAttachment(navigator, files[0].id);
      expect(photo.mediaType).toBe("image/jpeg");
      expect(Array.from(photo.bytes)).toEqual(Array.from(TINY.jpeg));
    });

    it("the database refuses to change or delete a record or an attachment; a correction is a new record", async () => {
      const [record] = await db().select().from(supervisionRecords).where(eq(supervisionRecords.userId, ids.navA));
      for (const change of [
        db().update(supervisionRecords).set({ judgement: "poor" }).where(eq(supervisionRecords.id, record.id)),
        db().delete(supervisionRecords).where(eq(supervisionRecords.id, record.id)),
        db().delete(supervisionAttachments).where(eq(supervisionAttachments.recordId, record.id)),
        db().execute(sql`truncate supervision_attachments`),
      ]) {
        await expect(change).rejects.toThrow();
      }
      const admin = await actorOf(ids.jiaxiangAdmin);
      const correction = await recordSupervision(
        admin,
        ids.navA,
        input({ judgement: "fairly_good", correctsId: String(record.id) }),
        [],
        META,
        NOW,
      );
      expect(correction.ok).toBe(true);
      const view = await navigatorRecords(admin, ids.navA, NOW);
      const corrected = view.records.find((r) => r.id === record.id)!;
      const replacement = view.records.find((r) => r.correctsId === record.id)!;
      expect(corrected.correctedById).toBe(replacement.id);
      // the correction carries the attachments along (the same stored files)
      expect(replacement.attachments.map((a) => a.mediaType)).toEqual(["image/jpeg", "application/pdf"]);
      expect(view.summary).toMatchObject({ visits: 1, judgements: [{ judgement: "fairly_good" }] });
      // a record is corrected once: correcting it again is a conflict
      await expect(recordSupervision(admin, ids.navA, input({ correctsId: String(record.id) }), [], META, NOW)).rejects.toMatchObject({
        code: "conflict",
      });
      // a correction must be of the same navigator's record
      await expect(recordSupervision(admin, ids.navB, input({ correctsId: String(replacement.id) }), [], META, NOW)).rejects.toMatchObject({
        code: "badRequest",
      });
      const events = await db().select().from(archiveEvents).where(eq(archiveEvents.userId, ids.navA));
      expect(events.filter((e) => e.type === "supervisionRecorded")).toHaveLength(2);
    });

    it("scope: a town officer only their town; 曲阜市's admin nothing of 嘉祥县, records or attachments; nobody about themselves", async () => {
      const officer = await actorOf(ids.officerA);
      const qufuAdmin = await actorOf(ids.qufuAdmin);
      const jiaxiangAdmin = await actorOf(ids.jiaxiangAdmin);
      const plain = await actorOf(ids.plain);
      await expect(recordSupervision(officer, ids.navB, input(), [], META, NOW)).rejects.toMatchObject({ code: "forbidden" });
      await expect(recordSupervision(qufuAdmin, ids.navA, input(), [], META, NOW)).rejects.toMatchObject({ code: "forbidden" });
      await expect(navigatorRecords(qufuAdmin, ids.navA, NOW)).rejects.toMatchObject({ code: "forbidden" });
      await expect(recordSupervision(jiaxiangAdmin, ids.jiaxiangAdmin, input(), [], META, NOW)).rejects.toMatchObject({
        code: "forbidden",
      });
      // someone who never held a certificate is not a navigator
      await expect(recordSupervision(jiaxiangAdmin, ids.plain, input(), [], META, NOW)).rejects.toMatchObject({ code: "notFound" });
      const [file] = await db().select().from(supervisionAttachments).limit(1);
      await expect(readAttachment(qufuAdmin, file.id)).rejects.toMatchObject({ code: "forbidden" });
      await expect(readAttachment(plain, file.id)).rejects.toMatchObject({ code: "forbidden" });
      await expect(readAttachment(officer, 99_999_999)).rejects.toMatchObject({ code: "notFound" });
      expect((await readAttachment(jiaxiangAdmin, file.id)).mediaType).toBe("image/jpeg");
      // the database refuses a record about oneself as well
      await expect(
        db().insert(supervisionRecords).values({
          userId: ids.navA,
          countyId: ids.jiaxiang,
          townId: ids.townA,
          kind: "other",
          occurredOn: "2026-01-01",
          judgement: "good",
          recordedBy: ids.navA,
          recordedAt: NOW,
        }),
      ).rejects.toThrow();
      // overviews: 曲阜市 sees only its own navigator; the town officer only their town
      expect((await supervisionOverview(qufuAdmin, { year: 2026 })).rows.map((r) => r.userId)).toEqual([ids.navQufu]);
      expect((await supervisionOverview(officer, { year: 2026 })).rows.map((r) => r.userId).sort()).toEqual(
        [ids.jiaxiangAdmin, ids.navA].sort(),
      );
    });

    it("bad attachments are refused with nothing written: no record, no rows, no audit, no archive, no notice, no file", async () => {
      const officer = await actorOf(ids.officerA);
      const snapshot = async () => [
        JSON.stringify(
          await db().execute(
            sql`select (select count(*) from supervision_records) as r, (select count(*) from supervision_attachments) as a, (select count(*) from audit_log) as l, (select count(*) from archive_events) as e, (select count(*) from notifications) as n`,
          ),
        ),
        filesUnder(root).length,
      ];
      const before = await snapshot();
      const html = new TextEncoder().encode("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");
      const big = new Uint8Array(10 * 1024 * 1024 + 1);
      big.set(TINY.png);
      const fresh = new Uint8Array([...TINY.png, 1, 2, 3]);
      for (const files of [
        [{ name: "照片.jpg", bytes: html }],
        [
          { name: "ok.png", bytes: fresh },
          { name: "大图.png", bytes: big },
        ],
        Array.from({ length: 6 }, (_, i) => ({ name: `${i}.jpg`, bytes: TINY.jpeg })),
      ]) {
        const outcome = await recordSupervision(officer, ids.navA, input(), files, META, NOW);
        expect(outcome.ok).toBe(false);
      }
      expect(await snapshot()).toEqual(before);
      // a failure inside the transaction (a correction of a record that is not there) leaves no file either
      const other = new Uint8Array([...TINY.jpeg, 9, 9, 9]);
      await expect(
        recordSupervision(officer, ids.navA, input({ correctsId: "99999999" }), [{ name: "新照片.jpg", bytes: other }], META, NOW),
      ).rejects.toMatchObject({ code: "badRequest" });
      expect(await snapshot()).toEqual(before);
    });

    it("warnings and praise: their own archive events, no judgement; the summary for the assessment", async () => {
      const admin = await actorOf(ids.jiaxiangAdmin);
      const warning = await recordSupervision(
        admin,
        ids.navB,
        input({ kind: "admonition", judgement: "", occurredOn: "2026-05-10", findings: "未按时组织主题党日" }),
        [],
        META,
        NOW,
      );
      const praise = await recordSupervision(
        admin,
        ids.navB,
        input({ kind: "commendation", judgement: "", occurredOn: "2026-10-01", findings: "党建引领发展成效明显" }),
        [],
        META,
        NOW,
      );
      const lastYear = await recordSupervision(admin, ids.navB, input({ occurredOn: "2025-09-01", judgement: "average" }), [], META, NOW);
      expect(warning.ok && praise.ok && lastYear.ok).toBe(true);
      const types = (await db().select().from(archiveEvents).where(eq(archiveEvents.userId, ids.navB))).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(["warningRecorded", "praiseRecorded", "supervisionRecorded"]));
      const warningEvent = (await db().select().from(archiveEvents).where(eq(archiveEvents.userId, ids.navB))).find(
        (e) => e.type === "warningRecorded",
      );
      expect(warningEvent?.data).not.toHaveProperty("judgement");
      const summaries = await supervisionSummary(db(), [ids.navB, ids.navA, ids.navQufu], 2026);
      expect(summaries.map((s) => s.userId)).toEqual([ids.navB, ids.navA, ids.navQufu]);
      expect(summaries[0]).toMatchObject({
        visits: 0,
        lastVisitOn: "2025-09-01",
        warnings: [{ kind: "admonition", occurredOn: "2026-05-10" }],
        praise: [{ occurredOn: "2026-10-01" }],
      });
      expect(summaries[1]).toMatchObject({ visits: 1, lastVisitOn: "2026-11-20", judgements: [{ judgement: "fairly_good" }] });
      expect(summaries[2]).toMatchObject({ visits: 0, lastVisitOn: null });
      const overview = await supervisionOverview(admin, { year: 2026, townId: ids.townB });
      expect(overview.rows.map((r) => [r.userId, r.visits])).toEqual([[ids.navB, 0]]);
      expect(overview.notVisited).toBe(1);
    });

    it("a file removed by a concurrent failing request between storing and committing is put back after the commit", async () => {
      const inner = new LocalDiskStore(root);
      // as if another request had stored these bytes first and then, failing, removed them (once)
      let raced = false;
      setBlobStore({
        put: async (bytes) => {
          const result = await inner.put(bytes);
          if (raced) return result;
          raced = true;
          await inner.delete(result.key);
          return { ...result, created: false };
        },
        get: (key) => inner.get(key),
        has: (key) => inner.has(key),
        delete: (key) => inner.delete(key),
        putFile: (path) => inner.putFile(path),
        head: (key) => inner.head(key),
        read: (key, range) => inner.read(key, range),
        list: () => inner.list(),
      });
      try {
        const bytes = new Uint8Array([...TINY.png, 7, 7, 7]);
        const outcome = await recordSupervision(await actorOf(ids.officerA), ids.navA, input(), [{ name: "并发.png", bytes }], META, NOW);
        expect(outcome.ok).toBe(true);
        const [row] = await db()
          .select()
          .from(supervisionAttachments)
          .where(eq(supervisionAttachments.recordId, outcome.ok ? outcome.recordId : 0));
        expect(await inner.has(row.storageKey)).toBe(true);
      } finally {
        setBlobStore(inner);
      }
    });

    it("the sweep removes only unreferenced files older than its age limit", async () => {
      const store = new LocalDiskStore(root);
      const orphan = await store.put(new Uint8Array([...TINY.pdf, 42]));
      const referenced = (await db().select({ key: supervisionAttachments.storageKey }).from(supervisionAttachments)).map((r) => r.key);
      const young = await sweepOrphanFiles({ store, minAgeMs: 3600_000 });
      expect(young.removed).toEqual([]);
      const old = await sweepOrphanFiles({ store, minAgeMs: 0, now: new Date(Date.now() + 1000) });
      expect(old.removed).toEqual([orphan.key]);
      for (const key of referenced) expect(await store.has(key), key).toBe(true);
    });

    it("a navigator who moved town: the new town's officer sees the earlier records and their attachments, the old one no longer", async () => {
      const [orgB] = rowsOfOrg(await db().execute(sql`select o.id from organizations o where o.town_id = ${ids.townB} limit 1`));
      const officerB = (
        await createUser({ organizationId: orgB.id, roles: [{ role: "town_officer", countyId: ids.jiaxiang, townId: ids.townB }] })
      ).id;
      await db().execute(sql`update users set organization_id = ${orgB.id} where id = ${ids.navA}`);
      const [file] = await db().select({ id: supervisionAttachments.id }).from(supervisionAttachments).limit(1);
      expect((await readAttachment(await actorOf(officerB), file.id)).mediaType).toBe("image/jpeg");
      expect((await navigatorRecords(await actorOf(officerB), ids.navA, NOW)).records.length).toBeGreaterThan(0);
      await expect(navigatorRecords(await actorOf(ids.officerA), ids.navA, NOW)).rejects.toMatchObject({ code: "forbidden" });
    });
  });
}

/**
 * The recording route itself (multipart form, as the browser sends it): bad input answers with a
 * clear Chinese message key and writes nothing — unknown kind or judgement, a future date, negative
 * counts, a .jpg that is HTML, a file over 10 MB — and a good submission redirects to the record.
 */
describe("the recording route refuses bad input with nothing written", () => {
  let drop: () => Promise<void>;
  let root: string;
  const ids = {} as { navigator: number; officer: number };
  type RouteModule = { action: (args: unknown) => Promise<unknown> };
  let route: RouteModule;

  beforeAll(async () => {
    ({ drop } = await createTestDatabase("pglite"));
    root = mkdtempSync(join(tmpdir(), "hf-files-"));
    setBlobStore(new LocalDiskStore(root));
    route = (await import("~/routes/admin.supervision.$userId")) as unknown as RouteModule;
    const county = await createCounty({ code: "370829", name: "嘉祥县" });
    const town = await createTown(county.id);
    const org = await createOrganization(town.id);
    ids.navigator = (await createUser({ organizationId: org.id, name: "田志刚" })).id;
    await recordCertificate({
      userId: ids.navigator,
      countyId: county.id,
      countyCode: "370829",
      holderName: "田志刚",
      organizationName: org.name,
    });
    ids.officer = (
      await createUser({ organizationId: org.id, roles: [{ role: "town_officer", countyId: county.id, townId: town.id }] })
    ).id;
  });
  afterAll(async () => {
    await drop();
    rmSync(root, { recursive: true, force: true });
  });

  async function post(fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[] = []) {
    const { sessionCookieFor } = await import("../factories");
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append("files", new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    const request = new Request(`http://localhost/admin/supervision/${ids.navigator}`, {
      method: "POST",
      body: form,
      headers: { Cookie: await sessionCookieFor(ids.officer) },
    });
    try {
      const result = (await route.action({ request, params: { userId: String(ids.navigator) }, context: {} })) as {
        data: unknown;
        init: { status: number };
      };
      return {
        status: result.init?.status ?? 200,
        body: result.data as { errors: Record<string, string>; problems: { code: string }[]; message?: string },
      };
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
      throw thrown;
    }
  }
  const counts = async () => [
    JSON.stringify(
      await db().execute(
        sql`select (select count(*) from supervision_records) as r, (select count(*) from supervision_attachments) as a, (select count(*) from audit_log) as l, (select count(*) from archive_events) as e, (select count(*) from notifications) as n`,
      ),
    ),
    filesUnder(root).length,
  ];
  const good = {
    kind: "site_visit",
    occurredOn: "2026-11-20",
    partyMembers: "3",
    staff: "12",
    findings: "正常",
    judgement: "good",
    followUp: "",
  };

  it("each bad input: its message, nothing written", async () => {
    const before = await counts();
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86400_000).toISOString().slice(0, 10);
    expect((await post({ ...good, kind: "party" })).body).toMatchObject({ errors: { kind: "supervision.form.kindInvalid" } });
    expect((await post({ ...good, judgement: "excellent" })).body).toMatchObject({
      errors: { judgement: "supervision.form.judgementInvalid" },
    });
    expect((await post({ ...good, occurredOn: tomorrow })).body).toMatchObject({ errors: { occurredOn: "supervision.form.dateFuture" } });
    expect((await post({ ...good, partyMembers: "-3" })).body).toMatchObject({
      errors: { partyMembers: "supervision.form.countNegative" },
    });
    const fake = await post(good, [
      { name: "现场照片.jpg", type: "image/jpeg", bytes: new TextEncoder().encode("<html><script>alert(1)</script></html>") },
    ]);
    expect(fake.status).toBe(422);
    expect(fake.body?.problems).toEqual([{ code: "notAllowedType", name: "现场照片.jpg" }]);
    const big = new Uint8Array(10 * 1024 * 1024 + 10);
    big.set(TINY.jpeg);
    const tooLarge = await post(good, [{ name: "大图.jpg", type: "image/jpeg", bytes: big }]);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body?.message).toBe("supervision.files.bodyTooLarge");
    expect(await counts()).toEqual(before);
  });

  it("a good submission with a photo is saved and redirects to the record", async () => {
    const saved = await post(good, [{ name: "现场照片.png", type: "image/png", bytes: TINY.png }]);
    expect(saved.status).toBe(302);
    expect((saved as { location: string }).location).toMatch(new RegExp(`^/admin/supervision/${ids.navigator}\\?saved=1#record-\\d+$`));
    expect(filesUnder(root)).toHaveLength(1);
  });
});
