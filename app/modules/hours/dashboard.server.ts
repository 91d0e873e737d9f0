import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import {
  courses,
  lessonProgress,
  lessons,
  notifications,
  organizations,
  roleGrants,
  studyBeats,
  studyYearTotals,
  towns,
  users,
} from "#db/schema";
import { maskPhone } from "../accounts/phone";
import { townScopeWhere } from "../auth/scope-sql.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import { studySettings } from "../learning/config.server";
import { BAND_COUNT } from "./dashboard";
import { bandSql } from "./dashboard-sql";
import { lessonPercent } from "../learning/progress";
import { creditHours, formatCreditHours, requiredSeconds as requiredSecondsOf, type CreditHourSettings } from "./study-hours";
import { hoursMetSql } from "./study-hours-sql";
import { yearStart } from "./training-year";
import { joinPersonPlace } from "../org-tree/person-place.server";

export interface HoursFilter {
  year: number;
  townId?: number;
  organizationId?: number;
  met?: "met" | "notMet";
  page: number;
}

export const LEARNER_PAGE_SIZE = 50;

/**
 * Learners (people holding the candidate role) in the actor's scope with their yearly total.
 * Reads the incremental totals table only; the raw beats are never scanned for reports.
 */
function learners(actor: Actor, filter: HoursFilter, settings: CreditHourSettings) {
  const total = sql<number>`(coalesce(${studyYearTotals.onlineSeconds}, 0) + coalesce(${studyYearTotals.offlineSeconds}, 0))`;
  const met = hoursMetSql(total, settings);
  const where = and(
    townScopeWhere(actor, "read:hours"),
    sql`exists (select 1 from ${roleGrants} where ${roleGrants.userId} = ${users.id} and ${roleGrants.role} = 'candidate')`,
    filter.townId ? eq(towns.id, filter.townId) : undefined,
    filter.organizationId ? eq(organizations.id, filter.organizationId) : undefined,
    filter.met === "met" ? met : filter.met === "notMet" ? sql`not ${met}` : undefined,
  );
  const from = joinPersonPlace(
    db()
      .select({
        userId: sql<number>`${users.id}`.as("user_id"),
        name: sql<string>`${users.name}`.as("name"),
        phone: sql<string>`${users.phone}`.as("phone"),
        organizationId: sql<number>`${organizations.id}`.as("organization_id"),
        organizationName: sql<string>`${organizations.name}`.as("organization_name"),
        townId: sql<number>`${towns.id}`.as("town_id"),
        townName: sql<string>`${towns.name}`.as("town_name"),
        onlineSeconds: sql<number>`coalesce(${studyYearTotals.onlineSeconds}, 0)`.as("online_seconds"),
        offlineSeconds: sql<number>`coalesce(${studyYearTotals.offlineSeconds}, 0)`.as("offline_seconds"),
        totalSeconds: sql<number>`(coalesce(${studyYearTotals.onlineSeconds}, 0) + coalesce(${studyYearTotals.offlineSeconds}, 0))`.as(
          "total_seconds",
        ),
        met: sql<boolean>`${met}`.as("met"),
      })
      .from(users)
      .$dynamic(),
  )
    .leftJoin(studyYearTotals, and(eq(studyYearTotals.userId, users.id), eq(studyYearTotals.year, filter.year)))
    .where(where);
  return { from, total, where };
}

/**
 * The dashboard: summary, distribution in five bands (`bandSql`, the pure `bandOf` as SQL), tables
 * by town and by organization, a page of learners. The study settings are read when not given.
 */
export async function getHoursDashboard(actor: Actor, filter: HoursFilter, settings?: CreditHourSettings) {
  const s = settings ?? (await studySettings());
  const base = learners(actor, filter, s).from.as("l");
  const band = bandSql(base.totalSeconds, requiredSecondsOf(s));
  const metExpr = sql<number>`count(*) filter (where ${base.met})::int`;
  const [summary, bands, byTown, byOrganization, people, townOptions] = await Promise.all([
    db()
      .select({ learners: sql<number>`count(*)::int`, met: metExpr, seconds: sql<number>`coalesce(sum(${base.totalSeconds}), 0)::bigint` })
      .from(base),
    db()
      .select({ band, learners: sql<number>`count(*)::int` })
      .from(base)
      .groupBy(sql`1`),
    db()
      .select({
        id: base.townId,
        name: base.townName,
        learners: sql<number>`count(*)::int`,
        met: metExpr,
        avgSeconds: sql<number>`avg(${base.totalSeconds})::float`,
      })
      .from(base)
      .groupBy(base.townId, base.townName)
      .orderBy(asc(base.townName)),
    db()
      .select({
        id: base.organizationId,
        name: base.organizationName,
        townName: base.townName,
        learners: sql<number>`count(*)::int`,
        met: metExpr,
        avgSeconds: sql<number>`avg(${base.totalSeconds})::float`,
      })
      .from(base)
      .groupBy(base.organizationId, base.organizationName, base.townName)
      .orderBy(asc(base.townName), asc(base.organizationName))
      .limit(500),
    db()
      .select()
      .from(base)
      .orderBy(asc(base.totalSeconds), asc(base.userId))
      .limit(LEARNER_PAGE_SIZE + 1)
      .offset((filter.page - 1) * LEARNER_PAGE_SIZE),
    db().select({ id: towns.id, name: towns.name }).from(towns).where(townScopeWhere(actor, "read:hours")).orderBy(asc(towns.id)),
  ]);
  const distribution = Array.from({ length: BAND_COUNT }, (_, i) => bands.find((b) => b.band === i)?.learners ?? 0);
  return {
    settings: { minutesPerCreditHour: s.minutesPerCreditHour, requiredCreditHours: s.requiredCreditHours },
    summary: { learners: summary[0].learners, met: summary[0].met, seconds: Number(summary[0].seconds) },
    distribution,
    byTown,
    byOrganization,
    people: people.slice(0, LEARNER_PAGE_SIZE).map((p) => ({ ...p, phone: maskPhone(p.phone) })),
    hasMore: people.length > LEARNER_PAGE_SIZE,
    towns: townOptions,
  };
}

/** Every learner of the filter, for the Excel export (`met` by the same rule as the dashboard). */
export async function listLearnersForExport(actor: Actor, filter: HoursFilter, settings?: CreditHourSettings) {
  const { from, total } = learners(actor, filter, settings ?? (await studySettings()));
  const rows = await from.orderBy(asc(towns.name), asc(organizations.name), asc(total));
  return rows.map((r) => ({ ...r, phone: maskPhone(r.phone) }));
}

/** 一键提醒: an in-app reminder to every learner of the filter below the requirement (current year). */
export async function remindLearnersBelowTarget(
  actor: Actor,
  input: { filter: HoursFilter; currentYear: number; settings?: CreditHourSettings },
  meta: RequestMeta,
): Promise<number> {
  if (input.filter.year !== input.currentYear) throw new AppError("badRequest", "reminders are for the current year");
  const settings = input.settings ?? (await studySettings());
  const below = await listLearnersForExport(actor, { ...input.filter, met: "notMet" }, settings);
  if (!below.length) return 0;
  await db().transaction(async (tx) => {
    for (let i = 0; i < below.length; i += 500) {
      await tx.insert(notifications).values(
        below.slice(i, i + 500).map((l) => ({
          userId: l.userId,
          kind: "hoursReminder",
          senderId: actor.userId,
          params: {
            year: input.currentYear,
            required: settings.requiredCreditHours,
            hours: creditHours(l.totalSeconds, settings.minutesPerCreditHour),
          },
        })),
      );
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "hours.remind",
      entityType: "hours",
      entityId: input.currentYear,
      countyId: actor.countyId,
      after: { learners: below.length, townId: input.filter.townId ?? null, organizationId: input.filter.organizationId ?? null },
      meta,
    });
  });
  return below.length;
}

/** Drill-down: one learner's 学时 (seconds, and as shown), lessons and judged study requests in a year. */
export async function getLearnerHours(actor: Actor, userId: number, year: number) {
  const [person] = await joinPersonPlace(
    db()
      .select({
        id: users.id,
        name: users.name,
        organizationName: organizations.name,
        townId: towns.id,
        townName: towns.name,
        countyId: towns.countyId,
      })
      .from(users)
      .$dynamic(),
  ).where(eq(users.id, userId));
  if (!person) throw notFound();
  if (!canAct(actor, "read:hours", { countyId: person.countyId, townId: person.townId })) throw forbidden();
  const [totals] = await db()
    .select()
    .from(studyYearTotals)
    .where(and(eq(studyYearTotals.userId, userId), eq(studyYearTotals.year, year)));
  const progress = await db()
    .select({
      lessonTitle: lessons.title,
      courseTitle: courses.title,
      minutes: lessons.minutes,
      creditedSeconds: lessonProgress.creditedSeconds,
      completedAt: lessonProgress.completedAt,
      updatedAt: lessonProgress.updatedAt,
    })
    .from(lessonProgress)
    .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(eq(lessonProgress.userId, userId))
    .orderBy(desc(lessonProgress.updatedAt));
  const beats = await db()
    .select({
      at: studyBeats.at,
      outcome: studyBeats.outcome,
      creditedSeconds: studyBeats.creditedSeconds,
      lessonTitle: lessons.title,
      streamId: studyBeats.streamId,
    })
    .from(studyBeats)
    .innerJoin(lessons, eq(lessons.id, studyBeats.lessonId))
    .where(and(eq(studyBeats.userId, userId), gte(studyBeats.at, yearStart(year)), lt(studyBeats.at, yearStart(year + 1))))
    .orderBy(desc(studyBeats.id))
    .limit(200);
  const { minutesPerCreditHour } = await studySettings();
  const onlineSeconds = totals?.onlineSeconds ?? 0;
  const offlineSeconds = totals?.offlineSeconds ?? 0;
  const shown = (seconds: number) => formatCreditHours(seconds, minutesPerCreditHour);
  return {
    person: { id: person.id, name: person.name, organizationName: person.organizationName, townName: person.townName },
    totals: { onlineSeconds, offlineSeconds },
    hours: { online: shown(onlineSeconds), offline: shown(offlineSeconds), total: shown(onlineSeconds + offlineSeconds) },
    progress: progress.map((p) => ({ ...p, percent: lessonPercent(p) })),
    beats,
  };
}
