import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Blueprint } from "../../app/modules/exams/types";
import { contentTotal } from "../../app/modules/classes/rules";
import { trainingYear, yearStart } from "../../app/modules/hours/training-year";
import type { Db } from "../client.server";
import {
  counties,
  courses,
  exams,
  examSittings,
  lessonProgress,
  lessons,
  notifications,
  questionBanks,
  studyBeats,
  studyYearTotals,
  towns,
  trainingClasses,
  trainingClassItems,
  trainingClassMembers,
  users,
} from "../schema";

/**
 * The demo training class (网上班级) of 嘉祥街道 for this training year, opened by 李秀梅 (town
 * officer): members 张明远, 李红梅 and 冯雪梅; the curriculum's courses in order until they reach
 * 32 学时; and its closing test, an annual test (年度测试) of 嘉祥县 drawn from the official banks,
 * objective questions only (released at submission), with a sitting open for 90 days. 李红梅 has
 * already studied three lessons of the class (real judged study rows, 30 s each), so the progress
 * page has something to show. Idempotent: nothing is added when the class exists.
 */
export const DEMO_CLASS = {
  county: "370829",
  town: "嘉祥街道",
  officerPhone: "13800000004",
  adminPhone: "13800000002",
  memberPhones: ["13800000006", "13800000011", "13800000018"],
  studentPhone: "13800000011",
  title: (year: number) => `${year}年度嘉祥街道红帆领航员网上班级（演示）`,
  description: "本班级为嘉祥街道“两新”组织党组织书记和党务工作者的年度培训：完成不少于 32 学时的线上学习，参加结业测试。",
  exam: {
    title: (year: number) => `${year}年度嘉祥县红帆领航员年度测试（演示）`,
    bankSlugs: ["theory", "basics", "practice", "experience"],
    blueprint: {
      sections: [
        { area: "theory", type: "single", count: 10, pointsTenths: 40, difficultyMin: 1, difficultyMax: 5 },
        { area: "basics", type: "multiple", count: 5, pointsTenths: 60, difficultyMin: 1, difficultyMax: 5 },
        { area: "practice", type: "truefalse", count: 10, pointsTenths: 20, difficultyMin: 1, difficultyMax: 5 },
        { area: "experience", type: "fill", count: 2, pointsTenths: 50, difficultyMin: 1, difficultyMax: 5 },
      ],
    } satisfies Blueprint,
    durationMinutes: 45,
    passMarkTenths: 600,
    instructions: "网上班级结业测试，共27题，满分100分，60分合格，限时45分钟。只有班级成员可以参加。",
  },
} as const;

export async function seedDemoClasses(db: Db, now = new Date()): Promise<number> {
  const year = trainingYear(now);
  const [county] = await db.select().from(counties).where(eq(counties.code, DEMO_CLASS.county));
  if (!county) return 0;
  const [town] = await db
    .select()
    .from(towns)
    .where(and(eq(towns.countyId, county.id), eq(towns.name, DEMO_CLASS.town)));
  const [existing] = await db
    .select({ id: trainingClasses.id })
    .from(trainingClasses)
    .where(and(eq(trainingClasses.countyId, county.id), eq(trainingClasses.title, DEMO_CLASS.title(year))));
  if (!town || existing) return 0;
  const banks = await db
    .select({ id: questionBanks.id })
    .from(questionBanks)
    .where(inArray(questionBanks.slug, [...DEMO_CLASS.exam.bankSlugs]));
  if (banks.length !== DEMO_CLASS.exam.bankSlugs.length) return 0; // official banks not imported
  const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO_CLASS.officerPhone));
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO_CLASS.adminPhone));
  const members = await db
    .select({ id: users.id, phone: users.phone })
    .from(users)
    .where(inArray(users.phone, [...DEMO_CLASS.memberPhones]));
  // the curriculum's courses in order until the content reaches the yearly 32 学时 (45 minutes each)
  const allCourses = await db.select({ id: courses.id }).from(courses).orderBy(asc(courses.order), asc(courses.id));
  const allLessons = await db
    .select({ id: lessons.id, courseId: lessons.courseId, minutes: lessons.minutes, order: lessons.order })
    .from(lessons)
    .orderBy(asc(lessons.order), asc(lessons.id));
  const chosen: { courseId: number }[] = [];
  for (const c of allCourses) {
    if (contentTotal(chosen, allLessons, 45).tenths >= 320) break;
    chosen.push({ courseId: c.id });
  }
  if (contentTotal(chosen, allLessons, 45).tenths < 320) return 0; // curriculum missing
  const day = 24 * 3600_000;
  return db.transaction(async (tx) => {
    const [exam] = await tx
      .insert(exams)
      .values({
        countyId: county.id,
        title: DEMO_CLASS.exam.title(year),
        kind: "annual",
        level: null,
        bankIds: banks.map((b) => b.id).sort((a, b) => a - b),
        blueprint: DEMO_CLASS.exam.blueprint,
        durationMinutes: DEMO_CLASS.exam.durationMinutes,
        passMarkTenths: DEMO_CLASS.exam.passMarkTenths,
        attemptsAllowed: 2,
        reviewPolicy: "after_release",
        partialCredit: true,
        instructions: DEMO_CLASS.exam.instructions,
        status: "published",
        createdBy: admin?.id ?? null,
      })
      .returning({ id: exams.id });
    await tx.insert(examSittings).values({
      examId: exam.id,
      title: "结业测试（演示）",
      opensAt: new Date(now.getTime() - day),
      closesAt: new Date(now.getTime() + 90 * day),
      capacity: 500,
      location: "线上考试",
      status: "published",
      createdBy: admin?.id ?? null,
    });
    const [klass] = await tx
      .insert(trainingClasses)
      .values({
        countyId: county.id,
        townId: town.id,
        year,
        title: DEMO_CLASS.title(year),
        description: DEMO_CLASS.description,
        state: "open",
        examId: exam.id,
        createdBy: officer?.id ?? null,
        openedAt: now,
      })
      .returning({ id: trainingClasses.id });
    await tx.insert(trainingClassItems).values(chosen.map((c, i) => ({ classId: klass.id, courseId: c.courseId, position: i + 1 })));
    if (members.length) {
      await tx.insert(trainingClassMembers).values(members.map((m) => ({ classId: klass.id, userId: m.id, addedBy: officer?.id ?? null })));
      await tx.insert(notifications).values(
        members.map((m) => ({
          userId: m.id,
          kind: "classOpened",
          params: { classId: klass.id, title: DEMO_CLASS.title(year), year },
          senderId: officer?.id ?? null,
        })),
      );
    }
    // 李红梅's study of the first three lessons of the first course: judged 30-second beats, the lesson progress and the yearly rollup
    const student = members.find((m) => m.phone === DEMO_CLASS.studentPhone);
    const studied = allLessons.filter((l) => l.courseId === chosen[0].courseId).slice(0, 3);
    if (student && studied.length) {
      const start = Math.max(yearStart(year).getTime() + 60_000, now.getTime() - 3 * day);
      let t = start;
      let total = 0;
      const beats: (typeof studyBeats.$inferInsert)[] = [];
      for (const l of studied) {
        for (let s = 0; s < l.minutes * 60; s += 30) {
          t += 30_000;
          beats.push({
            userId: student.id,
            lessonId: l.id,
            streamId: "demo-class",
            outcome: "credited",
            creditedSeconds: 30,
            at: new Date(t),
          });
        }
        total += l.minutes * 60;
        await tx
          .insert(lessonProgress)
          .values({ userId: student.id, lessonId: l.id, creditedSeconds: l.minutes * 60, furthestPosition: 0, completedAt: new Date(t) })
          .onConflictDoNothing();
      }
      for (let i = 0; i < beats.length; i += 500) await tx.insert(studyBeats).values(beats.slice(i, i + 500));
      await tx
        .insert(studyYearTotals)
        .values({ userId: student.id, year, onlineSeconds: total })
        .onConflictDoUpdate({
          target: [studyYearTotals.userId, studyYearTotals.year],
          set: { onlineSeconds: sql`${studyYearTotals.onlineSeconds} + ${total}` },
        });
    }
    return 3 + chosen.length + members.length;
  });
}
