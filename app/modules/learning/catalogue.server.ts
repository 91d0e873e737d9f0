import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { courses, lessonProgress, lessons, offlineAttendance, offlineClasses, studyBeats, studyYearTotals } from "#db/schema";
import { canAct, type Actor } from "../auth/access";
import { forbidden, notFound } from "../errors";
import { studyAmount, yearProgress } from "../hours/study-hours";
import { trainingYear, yearStart } from "../hours/training-year";
import { listPublishedMicroLessons } from "../micro-lessons/micro-lessons.server";
import { studySettings } from "./config.server";
import { courseProgress, lessonPercent } from "./progress";

function requireStudent(actor: Actor) {
  if (!canAct(actor, "study:lesson", { countyId: actor.countyId, ownerId: actor.userId })) throw forbidden();
}

/** The learner's progress on every lesson (a lesson never started has 0 credited seconds). */
function lessonRowsWithProgress(userId: number) {
  return db()
    .select({
      id: lessons.id,
      courseId: lessons.courseId,
      slug: lessons.slug,
      title: lessons.title,
      minutes: lessons.minutes,
      video: lessons.video,
      creditedSeconds: sql<number>`coalesce(${lessonProgress.creditedSeconds}, 0)::int`,
      completedAt: lessonProgress.completedAt,
    })
    .from(lessons)
    .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, lessons.id), eq(lessonProgress.userId, userId)));
}

/**
 * 课程目录: every course with the learner's progress, computed by `courseProgress` from the same
 * per-lesson rows as the course page (so the two pages always agree).
 */
export async function listCatalogue(actor: Actor) {
  requireStudent(actor);
  const [all, rows] = await Promise.all([
    db().select().from(courses).orderBy(asc(courses.order), asc(courses.id)),
    // published micro lessons (decision 023) are listed by the micro-lessons module, not as a course
    lessonRowsWithProgress(actor.userId).where(eq(lessons.kind, "course")),
  ]);
  const byCourse = new Map<number, typeof rows>();
  for (const row of rows) byCourse.set(row.courseId, [...(byCourse.get(row.courseId) ?? []), row]);
  return all
    .filter((c) => byCourse.has(c.id))
    .map((c) => ({ id: c.id, slug: c.slug, title: c.title, area: c.area, summary: c.summary, ...courseProgress(byCourse.get(c.id)!) }));
}

export async function getCourse(actor: Actor, slug: string) {
  requireStudent(actor);
  const [course] = await db().select().from(courses).where(eq(courses.slug, slug));
  if (!course) throw notFound();
  const rows = await lessonRowsWithProgress(actor.userId)
    .where(eq(lessons.courseId, course.id))
    .orderBy(asc(lessons.order), asc(lessons.id));
  return { course, lessons: rows.map((l) => ({ ...l, percent: lessonPercent(l) })), progress: courseProgress(rows) };
}

export async function getLesson(actor: Actor, slug: string) {
  requireStudent(actor);
  const [row] = await db()
    .select({ lesson: lessons, course: { slug: courses.slug, title: courses.title } })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(eq(lessons.slug, slug));
  if (!row) throw notFound();
  const [progress] = await db()
    .select()
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, actor.userId), eq(lessonProgress.lessonId, row.lesson.id)));
  const siblings = await db()
    .select({ slug: lessons.slug, title: lessons.title })
    .from(lessons)
    .where(eq(lessons.courseId, row.lesson.courseId))
    .orderBy(asc(lessons.order), asc(lessons.id));
  const index = siblings.findIndex((s) => s.slug === slug);
  return {
    lesson: row.lesson,
    course: row.course,
    progress: {
      creditedSeconds: progress?.creditedSeconds ?? 0,
      furthestPosition: progress?.furthestPosition ?? 0,
      completed: Boolean(progress?.completedAt),
    },
    previous: siblings[index - 1] ?? null,
    next: siblings[index + 1] ?? null,
  };
}

/** 我的学时: this training year's credited time per course, the yearly totals of earlier years. */
export async function getMyHours(actor: Actor, now = new Date()) {
  requireStudent(actor);
  const year = trainingYear(now);
  const perCourse = await db()
    .select({
      slug: courses.slug,
      title: courses.title,
      seconds: sql<number>`coalesce(sum(${studyBeats.creditedSeconds}), 0)::int`,
    })
    .from(studyBeats)
    .innerJoin(lessons, eq(lessons.id, studyBeats.lessonId))
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(and(eq(studyBeats.userId, actor.userId), gte(studyBeats.at, yearStart(year)), lt(studyBeats.at, yearStart(year + 1))))
    .groupBy(courses.id)
    .orderBy(asc(courses.order));
  const years = await db()
    .select({ year: studyYearTotals.year, onlineSeconds: studyYearTotals.onlineSeconds, offlineSeconds: studyYearTotals.offlineSeconds })
    .from(studyYearTotals)
    .where(eq(studyYearTotals.userId, actor.userId))
    .orderBy(sql`${studyYearTotals.year} desc`);
  const offline = await db()
    .select({
      title: offlineClasses.title,
      heldOn: offlineClasses.heldOn,
      location: offlineClasses.location,
      seconds: offlineAttendance.creditedSeconds,
    })
    .from(offlineAttendance)
    .innerJoin(offlineClasses, eq(offlineClasses.id, offlineAttendance.classId))
    .where(
      and(
        eq(offlineAttendance.userId, actor.userId),
        gte(offlineClasses.heldOn, `${year}-01-01`),
        lt(offlineClasses.heldOn, `${year + 1}-01-01`),
      ),
    )
    .orderBy(asc(offlineClasses.heldOn));
  const current = years.find((y) => y.year === year) ?? { year, onlineSeconds: 0, offlineSeconds: 0 };
  return { year, current, perCourse: perCourse.filter((c) => c.seconds > 0), offline, earlier: years.filter((y) => y.year !== year) };
}

/** 我的学时 as the page shows it: the year's progress towards the minimum, and every amount in 学时 and minutes. */
export async function getMyHoursPage(actor: Actor, now = new Date()) {
  const [hours, settings] = await Promise.all([getMyHours(actor, now), studySettings()]);
  const amount = (seconds: number) => studyAmount(seconds, settings.minutesPerCreditHour);
  return {
    year: hours.year,
    progress: yearProgress(hours.current.onlineSeconds + hours.current.offlineSeconds, settings),
    online: amount(hours.current.onlineSeconds),
    offline: amount(hours.current.offlineSeconds),
    perCourse: hours.perCourse.map((c) => ({ ...c, ...amount(c.seconds) })),
    offlineClasses: hours.offline.map((o) => ({ ...o, ...amount(o.seconds) })),
    earlier: hours.earlier.map((y) => ({
      year: y.year,
      online: amount(y.onlineSeconds),
      offline: amount(y.offlineSeconds),
      total: amount(y.onlineSeconds + y.offlineSeconds),
    })),
  };
}

/** 课程学习: the catalogue with the person's progress, the six newest micro lessons and the yearly minimum. */
export async function getLearnPage(actor: Actor) {
  const [settings, catalogue, micro] = await Promise.all([
    studySettings(),
    listCatalogue(actor),
    listPublishedMicroLessons(actor, { limit: 6 }),
  ]);
  return { courses: catalogue, micro, required: settings.requiredCreditHours, minutesPerCreditHour: settings.minutesPerCreditHour };
}
