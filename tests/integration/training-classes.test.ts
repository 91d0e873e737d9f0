import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import {
  archiveEvents,
  auditLog,
  courses,
  examAttempts,
  lessons,
  notifications,
  studyBeats,
  trainingClasses,
  trainingClassItems,
  trainingClassMembers,
} from "#db/schema";
import {
  addContent,
  addMembers,
  classProgress,
  closeClass,
  createClass,
  getClassForEdit,
  listClasses,
  myClass,
  myClasses,
  openClass,
  remindBehind,
  setClosingTest,
} from "~/modules/classes/classes.server";
import { classDetailsSchema } from "~/modules/classes/schemas";
import { listMyExams } from "~/modules/exams/candidate.server";
import { startAttempt, StartBlockedError } from "~/modules/exams/attempts.server";
import { AppError } from "~/modules/errors";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../factories";
import { createBankWithQuestions, createExam, createReadyCandidate, createSitting } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

const META = { ip: "127.0.0.1" };

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`training classes on ${driver}`, () => {
    let drop: () => Promise<void>;
    const ids = {} as Record<
      | "jiaxiang"
      | "qufu"
      | "townA"
      | "townB"
      | "orgA"
      | "orgB"
      | "officerA"
      | "officerB"
      | "admin"
      | "qufuAdmin"
      | "m1"
      | "m2"
      | "other"
      | "outsider"
      | "exam"
      | "sitting"
      | "certExam"
      | "course1"
      | "course2"
      | "micro",
      number
    >;
    let classId = 0;
    let year = 0;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      const { trainingYear } = await import("~/modules/hours/training-year");
      year = trainingYear(new Date());
      const jiaxiang = await createCounty({ code: "370829", name: "嘉祥县" });
      const qufu = await createCounty({ code: "370881", name: "曲阜市" });
      const townA = await createTown(jiaxiang.id, "嘉祥街道");
      const townB = await createTown(jiaxiang.id, "纸坊镇");
      const orgA = await createOrganization(townA.id);
      const orgB = await createOrganization(townB.id);
      const orgQ = await createOrganization((await createTown(qufu.id, "鲁城街道")).id);
      Object.assign(ids, { jiaxiang: jiaxiang.id, qufu: qufu.id, townA: townA.id, townB: townB.id, orgA: orgA.id, orgB: orgB.id });
      ids.officerA = (
        await createUser({ organizationId: orgA.id, roles: [{ role: "town_officer", countyId: jiaxiang.id, townId: townA.id }] })
      ).id;
      ids.officerB = (
        await createUser({ organizationId: orgB.id, roles: [{ role: "town_officer", countyId: jiaxiang.id, townId: townB.id }] })
      ).id;
      ids.admin = (await createUser({ organizationId: orgA.id, roles: [{ role: "county_admin", countyId: jiaxiang.id }] })).id;
      ids.qufuAdmin = (await createUser({ organizationId: orgQ.id, roles: [{ role: "county_admin", countyId: qufu.id }] })).id;
      ids.m1 = (await createReadyCandidate(orgA.id, { name: "成员甲" })).id;
      ids.m2 = (await createReadyCandidate(orgA.id, { name: "成员乙" })).id;
      ids.other = (await createReadyCandidate(orgA.id, { name: "非成员" })).id;
      ids.outsider = (await createReadyCandidate(orgB.id, { name: "纸坊镇学员" })).id;
      // curriculum: course 1 = 20 lessons × 45 min (20 学时), course 2 = 16 × 45 min (16 学时), a micro lesson of 10 min without a course
      const [c1] = await db()
        .insert(courses)
        .values({ slug: "c1", title: "党的历史", area: "theory", order: 1, summary: "", intro: "" })
        .returning();
      const [c2] = await db()
        .insert(courses)
        .values({ slug: "c2", title: "党务基础", area: "basics", order: 2, summary: "", intro: "" })
        .returning();
      ids.course1 = c1.id;
      ids.course2 = c2.id;
      for (let i = 0; i < 20; i++)
        await db()
          .insert(lessons)
          .values({ courseId: c1.id, slug: `c1-${i}`, title: `历史${i}`, order: i, minutes: 45, body: "" });
      for (let i = 0; i < 16; i++)
        await db()
          .insert(lessons)
          .values({ courseId: c2.id, slug: `c2-${i}`, title: `基础${i}`, order: i, minutes: 45, body: "" });
      // a micro lesson: a lessons row without a course (as the micro lessons work will add); the column is NOT NULL today
      await db().execute(sql`alter table lessons alter column course_id drop not null`);
      const [micro] = await db()
        .execute(
          sql`insert into lessons (course_id, slug, title, "order", minutes, body) values (null, 'micro-1', '微党课一', 1, 10, '') returning id`,
        )
        .then((r) => (Array.isArray(r) ? r : (r as { rows: { id: number }[] }).rows) as { id: number }[]);
      ids.micro = Number(micro.id);
      const { bankId } = await createBankWithQuestions({ countyId: jiaxiang.id });
      const annual = await createExam(jiaxiang.id, { bankIds: [bankId], kind: "annual", level: null });
      ids.exam = annual.id;
      ids.sitting = (await createSitting(annual.id)).id;
      ids.certExam = (await createExam(jiaxiang.id, { bankIds: [bankId] })).id;
    });
    afterAll(async () => drop());

    const details = (overrides: Record<string, string> = {}) =>
      classDetailsSchema(year).parse({ title: "年度网上班级", description: "", year: String(year), townId: "", ...overrides });

    it("a town officer creates a class for their town; another town is refused, nothing written", async () => {
      const officer = await actorOf(ids.officerA);
      const refused = await createClass(officer, details({ townId: String(ids.townB) }), META);
      expect(refused).toEqual({ ok: false, errors: { townId: "classes.errors.town" } });
      expect(await db().select().from(trainingClasses)).toHaveLength(0);
      const created = await createClass(officer, details({ townId: String(ids.townA) }), META);
      expect(created.ok).toBe(true);
      classId = created.ok ? created.classId : 0;
      const [row] = await db().select().from(trainingClasses).where(eq(trainingClasses.id, classId));
      expect(row).toMatchObject({ countyId: ids.jiaxiang, townId: ids.townA, state: "draft", year });
      expect((await db().select().from(auditLog).where(eq(auditLog.action, "class.create"))).length).toBe(1);
      // a bad year is refused by the schema
      expect(classDetailsSchema(year).safeParse({ title: "x", year: String(year + 5) }).success).toBe(false);
    });

    it("adds members in scope; a person of another town is refused as a whole (nothing written)", async () => {
      const officer = await actorOf(ids.officerA);
      const bad = await addMembers(officer, classId, { userIds: [ids.m1, ids.outsider], townId: null, organizationId: null }, META);
      expect(bad).toEqual({ ok: false, error: "classes.errors.memberOutOfScope" });
      expect(await db().select().from(trainingClassMembers)).toHaveLength(0);
      const badOrg = await addMembers(officer, classId, { userIds: [], townId: null, organizationId: ids.orgB }, META);
      expect(badOrg.ok).toBe(false);
      const ok = await addMembers(officer, classId, { userIds: [ids.m1, ids.m2], townId: null, organizationId: null }, META);
      expect(ok).toEqual({ ok: true, added: 2 });
      const again = await addMembers(officer, classId, { userIds: [ids.m1], townId: null, organizationId: null }, META);
      expect(again).toEqual({ ok: true, added: 0 });
    });

    it("refuses to open under 32 学时 or without the annual test, then opens once both are there", async () => {
      const officer = await actorOf(ids.officerA);
      expect(await addContent(officer, classId, { courseId: ids.course1, lessonId: null }, META)).toEqual({ ok: true });
      expect(await addContent(officer, classId, { courseId: null, lessonId: ids.micro }, META)).toEqual({ ok: true });
      const short = await openClass(officer, classId, META);
      expect(short.ok).toBe(false);
      expect(short.ok ? [] : short.blockers.map((b) => b.code)).toEqual(["contentShort", "noTest"]);
      expect((await db().select().from(trainingClasses).where(eq(trainingClasses.id, classId)))[0].state).toBe("draft");
      // a certification exam is not a closing test
      expect(await setClosingTest(officer, classId, ids.certExam, META)).toEqual({ ok: false, error: "classes.errors.testNotAnnual" });
      expect(await setClosingTest(officer, classId, ids.exam, META)).toEqual({ ok: true });
      // 20 + 16 学时 (the lesson of course 1 listed again counts once)
      await addContent(officer, classId, { courseId: ids.course2, lessonId: null }, META);
      await addContent(
        officer,
        classId,
        { courseId: null, lessonId: (await db().select().from(lessons).where(eq(lessons.slug, "c1-0")))[0].id },
        META,
      );
      const page = await getClassForEdit(officer, classId);
      expect(page.content.total.tenths).toBe(362); // 36 × 45 + 10 = 1630 min → 36.2
      expect(page.content.items.find((i) => i.lessonId === ids.micro)?.group).toBeNull(); // 微党课: no course
      expect(page.blockers).toEqual([]);
      expect(page.courses.map((c) => [c.id, Number(c.lessons), Number(c.minutes)])).toEqual([
        [ids.course1, 20, 900],
        [ids.course2, 16, 720],
      ]);
      expect(await openClass(officer, classId, META)).toEqual({ ok: true });
      expect((await db().select().from(trainingClasses).where(eq(trainingClasses.id, classId)))[0].state).toBe("open");
      expect(
        (
          await db()
            .select()
            .from(notifications)
            .where(and(eq(notifications.userId, ids.m1), eq(notifications.kind, "classOpened")))
        ).length,
      ).toBe(1);
      expect((await db().select().from(auditLog).where(eq(auditLog.action, "class.open"))).length).toBe(1);
      // content is frozen once open
      await expect(addContent(officer, classId, { courseId: ids.course2, lessonId: null }, META)).rejects.toThrow(AppError);
    });

    it("members' progress comes from the year's credited study in class content; the list and the home card agree", async () => {
      const [l0] = await db().select().from(lessons).where(eq(lessons.slug, "c1-0"));
      const [l1] = await db().select().from(lessons).where(eq(lessons.slug, "c1-1"));
      const [outside] = await db().select().from(lessons).where(eq(lessons.slug, "c2-0"));
      const at = new Date();
      // m1: 45 min on l0, 50 min on l1 (capped at 45), 10 min on the micro lesson → 100 min; last year's study does not count
      await db()
        .insert(studyBeats)
        .values([
          { userId: ids.m1, lessonId: l0.id, streamId: "s", outcome: "credited", creditedSeconds: 2700, at },
          { userId: ids.m1, lessonId: l1.id, streamId: "s", outcome: "credited", creditedSeconds: 3000, at },
          { userId: ids.m1, lessonId: ids.micro, streamId: "s", outcome: "credited", creditedSeconds: 600, at },
          {
            userId: ids.m1,
            lessonId: l0.id,
            streamId: "s",
            outcome: "credited",
            creditedSeconds: 2700,
            at: new Date(Date.UTC(year - 1, 5, 1)),
          },
          { userId: ids.m2, lessonId: outside.id, streamId: "s", outcome: "credited", creditedSeconds: 2700, at },
        ]);
      const officer = await actorOf(ids.officerA);
      const p = await classProgress(officer, classId);
      const m1 = p.rows.find((r) => r.userId === ids.m1)!;
      const m2 = p.rows.find((r) => r.userId === ids.m2)!;
      expect(m1).toMatchObject({ seconds: 6000, tenths: 22, hours: "2.2", percent: 6, studyDone: false, behind: true });
      expect(m2).toMatchObject({ seconds: 2700, tenths: 10 }); // course 2 is class content too
      expect(m1.test.state).toBe("notTaken");
      const mine = await myClasses(await actorOf(ids.m1));
      expect(mine).toEqual([expect.objectContaining({ id: classId, hours: "2.2", contentHours: "36.2", percent: 6, test: "notTaken" })]);
      const page = await myClass(await actorOf(ids.m1), classId);
      expect(page.groups.map((g) => g.title)).toContain(null); // the micro lesson's group
      expect(await myClasses(await actorOf(ids.other))).toEqual([]);
      await expect(myClass(await actorOf(ids.other), classId)).rejects.toThrow(AppError);
    });

    it("only members may sit the annual closing test", async () => {
      const other = await actorOf(ids.other);
      const list = await listMyExams(other);
      expect(list.open.find((s) => s.sittingId === ids.sitting)?.blockers.map((b) => b.code)).toEqual(["notClassMember"]);
      await expect(startAttempt(other, ids.sitting)).rejects.toBeInstanceOf(StartBlockedError);
      expect(await db().select().from(examAttempts).where(eq(examAttempts.userId, ids.other))).toHaveLength(0);
      const member = await actorOf(ids.m1);
      expect((await listMyExams(member)).open.find((s) => s.sittingId === ids.sitting)?.blockers).toEqual([]);
      const started = await startAttempt(member, ids.sitting);
      expect(started.resumed).toBe(false);
    });

    it("scope: 曲阜市's admin and another town's officer get 403 whatever the id; the county admin manages the town's class", async () => {
      for (const who of [ids.qufuAdmin, ids.officerB]) {
        const actor = await actorOf(who);
        await expect(openClass(actor, classId, META)).rejects.toMatchObject({ code: "forbidden" });
        await expect(classProgress(actor, classId)).rejects.toMatchObject({ code: "forbidden" });
        await expect(closeClass(actor, classId, META)).rejects.toMatchObject({ code: "forbidden" });
        await expect(
          addMembers(actor, classId, { userIds: [ids.outsider], townId: null, organizationId: null }, META),
        ).rejects.toMatchObject({ code: "forbidden" });
        await expect(openClass(actor, 999_999, META)).rejects.toMatchObject({ code: "notFound" });
        expect((await listClasses(actor)).classes).toEqual([]);
      }
      const admin = await actorOf(ids.admin);
      expect((await listClasses(admin)).classes.map((c) => c.id)).toEqual([classId]);
      // a candidate has no business here
      await expect(listClasses(await actorOf(ids.m1))).rejects.toMatchObject({ code: "forbidden" });
    });

    it("reminds members behind; closing writes each member's outcome to the archive with a notice, audited", async () => {
      const officer = await actorOf(ids.officerA);
      expect(await remindBehind(officer, classId, META)).toBe(2);
      expect((await db().select().from(notifications).where(eq(notifications.kind, "classReminder"))).length).toBe(2);
      const closed = await closeClass(officer, classId, META);
      expect(closed.members).toBe(2);
      const events = await db().select().from(archiveEvents).where(eq(archiveEvents.type, "trainingClassClosed"));
      expect(events.map((e) => e.userId).sort()).toEqual([ids.m1, ids.m2].sort());
      expect(events.find((e) => e.userId === ids.m1)?.data).toMatchObject({
        classId,
        outcome: "incomplete",
        creditedTenths: 22,
        contentTenths: 362,
      });
      expect((await db().select().from(notifications).where(eq(notifications.kind, "classClosed"))).length).toBe(2);
      expect((await db().select().from(auditLog).where(eq(auditLog.action, "class.close"))).length).toBe(1);
      await expect(closeClass(officer, classId, META)).rejects.toMatchObject({ code: "conflict" });
      await expect(addMembers(officer, classId, { userIds: [ids.other], townId: null, organizationId: null }, META)).rejects.toMatchObject({
        code: "conflict",
      });
      expect((await db().select().from(trainingClassItems).where(eq(trainingClassItems.classId, classId))).length).toBe(4);
    });
  });
}
