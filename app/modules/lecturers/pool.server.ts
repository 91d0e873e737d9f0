import { and, asc, desc, eq, gte, notInArray, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { lecturerAssignments, lecturerEvents, lecturerPool, offlineClasses, organizations, towns, users } from "#db/schema";
import { addRoleGrantInTx, removeCountyRoleGrantInTx } from "../accounts/people.server";
import { appendArchiveEvent } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import type { Actor } from "../auth/access";
import { forgetUserSessions } from "../auth/session-cache.server";
import { AppError, notFound } from "../errors";
import { trainingYear } from "../hours/training-year";
import { publishedLessonStatsByAuthor } from "../micro-lessons/micro-lessons.server";
import { notifyPerson } from "../notifications/notifications.server";
import {
  holdsLecturerRole,
  mayBeAssigned,
  nextPoolStatus,
  poolSteps,
  yearlyActivity,
  type LecturerArea,
  type PoolStatus,
  type PoolStep,
} from "./rules";
import { assertManage, assertRead, countiesNamed, manageScope, readableCounties } from "./scope.server";
import { joinPersonPlace } from "../org-tree/person-place.server";

/**
 * 师资库 membership (docs/decisions/024): the pool list (county admin; the county's towns read
 * only), a lecturer's page, suspension / retirement / reinstatement (the `lecturer` role follows),
 * and 调配 to an offline class of the county.
 */

/** A lecturer's published micro lessons (微党课) with learners and average rating, per person in `userIds`. */
export const lecturerLessonStats = publishedLessonStatsByAuthor;

export interface PoolFilter {
  countyId?: number;
  area?: LecturerArea;
  status?: PoolStatus;
}

/** The pool of one county the actor may read (the first such county by default), with this year's assignments. */
export async function poolList(actor: Actor, filter: PoolFilter, now = new Date()) {
  const readable = await readableCounties(actor);
  const counties = await countiesNamed(readable.countyIds, readable.all);
  if (!counties.length) throw new AppError("forbidden", "no county pool in scope");
  const countyId = filter.countyId ?? counties[0].id;
  await assertRead(actor, countyId);
  const year = trainingYear(now);
  const rows = await joinPersonPlace(
    db()
      .select({
        id: lecturerPool.id,
        userId: lecturerPool.userId,
        name: users.name,
        townName: towns.name,
        status: lecturerPool.status,
        areas: lecturerPool.areas,
        title: lecturerPool.title,
        employer: lecturerPool.employer,
        admittedAt: lecturerPool.admittedAt,
        assignmentsThisYear: sql<number>`(select count(*)::int from lecturer_assignments a join offline_classes c on c.id = a.offline_class_id where a.member_id = ${lecturerPool.id} and extract(year from c.held_on) = ${year})`,
      })
      .from(lecturerPool)
      .innerJoin(users, eq(users.id, lecturerPool.userId))
      .$dynamic(),
  )
    .where(
      and(
        eq(lecturerPool.countyId, countyId),
        filter.status ? eq(lecturerPool.status, filter.status) : sql`true`,
        filter.area ? sql`${filter.area} = any(${lecturerPool.areas})` : sql`true`,
      ),
    )
    .orderBy(
      sql`case ${lecturerPool.status} when 'active' then 0 when 'suspended' then 1 else 2 end`,
      asc(users.name),
      asc(lecturerPool.id),
    )
    .limit(1000);
  const { all, countyIds } = manageScope(actor);
  return {
    counties,
    countyId,
    year,
    rows: rows.map((r) => ({ ...r, assignmentsThisYear: Number(r.assignmentsThisYear) })),
    canManage: all || countyIds.includes(countyId),
  };
}

async function memberRow(tx: DbOrTx, memberId: number, lock = false) {
  const query = tx.select().from(lecturerPool).where(eq(lecturerPool.id, memberId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound(`lecturer ${memberId}`);
  return row;
}

/** A lecturer's pool page: profile, areas, status history, offline classes taught, yearly activity, 微党课. */
export async function poolMember(actor: Actor, memberId: number, now = new Date()) {
  const member = await memberRow(db(), memberId);
  await assertRead(actor, member.countyId);
  const [person] = await joinPersonPlace(
    db().select({ name: users.name, organizationName: organizations.name, townName: towns.name }).from(users).$dynamic(),
  ).where(eq(users.id, member.userId));
  const history = await db()
    .select({
      id: lecturerEvents.id,
      kind: lecturerEvents.kind,
      reason: lecturerEvents.reason,
      occurredAt: lecturerEvents.occurredAt,
      actorName: users.name,
    })
    .from(lecturerEvents)
    .innerJoin(users, eq(users.id, lecturerEvents.actorId))
    .where(and(eq(lecturerEvents.userId, member.userId), eq(lecturerEvents.countyId, member.countyId)))
    .orderBy(asc(lecturerEvents.occurredAt), asc(lecturerEvents.id));
  const assignments = await db()
    .select({
      id: lecturerAssignments.id,
      classId: offlineClasses.id,
      title: offlineClasses.title,
      heldOn: offlineClasses.heldOn,
      location: offlineClasses.location,
      topic: lecturerAssignments.topic,
      assignedAt: lecturerAssignments.assignedAt,
    })
    .from(lecturerAssignments)
    .innerJoin(offlineClasses, eq(offlineClasses.id, lecturerAssignments.offlineClassId))
    .where(eq(lecturerAssignments.memberId, member.id))
    .orderBy(desc(offlineClasses.heldOn), desc(lecturerAssignments.id));
  const year = trainingYear(now);
  const { all, countyIds } = manageScope(actor);
  const self = member.userId === actor.userId;
  const canManage = (all || countyIds.includes(member.countyId)) && !self;
  // classes of the county from last year on that this lecturer does not teach yet (the 调配 form)
  const assignable =
    canManage && mayBeAssigned(member.status)
      ? await db()
          .select({ id: offlineClasses.id, title: offlineClasses.title, heldOn: offlineClasses.heldOn, location: offlineClasses.location })
          .from(offlineClasses)
          .where(
            and(
              eq(offlineClasses.countyId, member.countyId),
              gte(offlineClasses.heldOn, `${year - 1}-01-01`),
              assignments.length
                ? notInArray(
                    offlineClasses.id,
                    assignments.map((a) => a.classId),
                  )
                : sql`true`,
            ),
          )
          .orderBy(desc(offlineClasses.heldOn))
          .limit(200)
      : [];
  return {
    member: {
      id: member.id,
      userId: member.userId,
      status: member.status,
      areas: member.areas,
      title: member.title,
      employer: member.employer,
      bio: member.bio,
      admittedAt: member.admittedAt,
      ...person,
    },
    history,
    assignments,
    activity: {
      year,
      ...yearlyActivity(
        assignments.map((a) => a.heldOn),
        year,
      ),
    },
    lessons: await lecturerLessonStats(db(), [member.userId]),
    canManage,
    steps: canManage ? poolSteps(member.status) : [],
    assignable,
  };
}

/** 暂停 / 恢复 / 退出 with a reason: the `lecturer` role in the county follows (audited), archive event, notice. */
export async function changePoolStatus(
  actor: Actor,
  memberId: number,
  input: { step: PoolStep; reason: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<PoolStatus> {
  const result = await db().transaction(async (tx) => {
    const member = await memberRow(tx, memberId, true);
    assertManage(actor, { countyId: member.countyId, subjectId: member.userId });
    const next = nextPoolStatus(member.status, input.step);
    if (!next) throw new AppError("conflict", `lecturer is ${member.status}; ${input.step} not allowed`);
    await tx.update(lecturerPool).set({ status: next }).where(eq(lecturerPool.id, member.id));
    const kind = input.step === "suspend" ? "suspended" : input.step === "reinstate" ? "reinstated" : "retired";
    await tx.insert(lecturerEvents).values({
      userId: member.userId,
      countyId: member.countyId,
      memberId: member.id,
      kind,
      reason: input.reason,
      actorId: actor.userId,
      occurredAt: now,
    });
    if (holdsLecturerRole(next) && !holdsLecturerRole(member.status)) {
      await addRoleGrantInTx(tx, {
        userId: member.userId,
        role: "lecturer",
        countyId: member.countyId,
        townId: null,
        actorId: actor.userId,
        auditCountyId: member.countyId,
        meta,
        reason: `lecturer.${input.step}`,
      });
    } else if (!holdsLecturerRole(next) && holdsLecturerRole(member.status)) {
      await removeCountyRoleGrantInTx(tx, {
        userId: member.userId,
        role: "lecturer",
        countyId: member.countyId,
        actorId: actor.userId,
        meta,
        reason: `lecturer.${input.step}`,
      });
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      action: `lecturer.${input.step}`,
      entityType: "lecturer",
      entityId: member.id,
      countyId: member.countyId,
      before: { status: member.status },
      after: { status: next, reason: input.reason },
      meta,
    });
    await appendArchiveEvent(tx, {
      userId: member.userId,
      type: "lecturerPoolStatus",
      actorId: actor.userId,
      reason: input.reason,
      occurredAt: now,
      data: { memberId: member.id, status: next, step: input.step },
    });
    await notifyPerson(tx, member.userId, "lecturerPoolStatus", { memberId: member.id, status: next, reason: input.reason }, actor.userId);
    return { userId: member.userId, status: next };
  });
  forgetUserSessions(result.userId);
  return result.status;
}

export type AssignOutcome = { ok: true } | { ok: false; code: "notActive" | "classNotInCounty" | "alreadyAssigned" };

/** 调配: an active pool lecturer to an offline class of the same county (any of its towns). */
export async function assignLecturer(
  actor: Actor,
  memberId: number,
  input: { offlineClassId: number; topic: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<AssignOutcome> {
  return db().transaction(async (tx): Promise<AssignOutcome> => {
    const member = await memberRow(tx, memberId, true);
    assertManage(actor, { countyId: member.countyId, subjectId: member.userId });
    if (!mayBeAssigned(member.status)) return { ok: false, code: "notActive" };
    const [cls] = await tx.select().from(offlineClasses).where(eq(offlineClasses.id, input.offlineClassId));
    if (!cls || cls.countyId !== member.countyId) return { ok: false, code: "classNotInCounty" };
    const inserted = await tx
      .insert(lecturerAssignments)
      .values({ memberId: member.id, offlineClassId: cls.id, topic: input.topic, assignedBy: actor.userId, assignedAt: now })
      .onConflictDoNothing()
      .returning({ id: lecturerAssignments.id });
    if (!inserted.length) return { ok: false, code: "alreadyAssigned" };
    await tx.insert(lecturerEvents).values({
      userId: member.userId,
      countyId: member.countyId,
      memberId: member.id,
      kind: "assigned",
      reason: `${cls.heldOn} ${cls.title}`,
      actorId: actor.userId,
      occurredAt: now,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "lecturer.assign",
      entityType: "lecturer",
      entityId: member.id,
      countyId: member.countyId,
      after: { offlineClassId: cls.id, topic: input.topic },
      meta,
    });
    await appendArchiveEvent(tx, {
      userId: member.userId,
      type: "lecturerAssigned",
      actorId: actor.userId,
      occurredAt: now,
      data: { memberId: member.id, offlineClassId: cls.id, classTitle: cls.title, heldOn: cls.heldOn },
    });
    await notifyPerson(
      tx,
      member.userId,
      "lecturerAssigned",
      { memberId: member.id, classTitle: cls.title, heldOn: cls.heldOn },
      actor.userId,
    );
    return { ok: true };
  });
}
