import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import {
  courses,
  examAttempts,
  exams,
  lessons,
  organizations,
  roleGrants,
  towns,
  trainingClasses,
  trainingClassItems,
  trainingClassMembers,
  users,
} from "#db/schema";
import { maskPhone } from "../accounts/phone";
import { appendArchiveEvent } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, hasAnyScope, scopeOf, type Actor } from "../auth/access";
import { townScopeWhere } from "../auth/scope-sql.server";
import { AppError, forbidden, notFound } from "../errors";
import { creditedSecondsByLesson } from "../hours/credited.server";
import { formatTenths } from "../hours/study-hours";
import { studySettings } from "../learning/config.server";
import { notifyPerson } from "../notifications/notifications.server";
import {
  contentLessons,
  contentTotal,
  mayEdit,
  memberFits,
  memberProgress,
  openBlockers,
  type ClassState,
  type ContentItem,
  type ContentLesson,
  type OpenBlocker,
  type TestAttempt,
} from "./rules";
import type { AddContentInput, AddMembersInput, ClassDetailsInput } from "./schemas";
import { joinPersonPlace } from "../org-tree/person-place.server";

/**
 * 网上班级 use cases. Scope (`manage:class`): a town officer manages their town's classes and adds
 * their town's people; a county admin their county's (county-wide classes included). A class
 * outside the actor's scope is 403 whatever its id (a missing id is 404). Every change
 * writes an audit row in its transaction; opening notifies the members; closing writes each
 * member's outcome to their 专项档案 (archive event `trainingClassClosed`) with a notice.
 */

type ClassRow = typeof trainingClasses.$inferSelect;

const PERMISSION = "manage:class" as const;

/** The class, if the actor may manage it; a class outside their scope is 403, a missing one 404. */
async function classInScope(actor: Actor, classId: number, tx: DbOrTx = db()): Promise<ClassRow> {
  if (!hasAnyScope(scopeOf(actor, PERMISSION))) throw forbidden();
  const [row] = await tx.select().from(trainingClasses).where(eq(trainingClasses.id, classId));
  if (!row) throw notFound(`class ${classId}`);
  if (!canAct(actor, PERMISSION, { countyId: row.countyId, townId: row.townId })) throw forbidden(`class ${classId}`);
  return row;
}

function requireEditable(row: ClassRow, what: Parameters<typeof mayEdit>[1]): void {
  if (!mayEdit(row.state, what)) throw new AppError("conflict", `class ${row.id} is ${row.state}: ${what} cannot change`);
}

async function settings() {
  const s = await studySettings();
  return { minutesPerCreditHour: s.minutesPerCreditHour, requiredCreditHours: s.requiredCreditHours };
}

/* ------------------------------------------------------------------ content */

export interface ContentView {
  items: {
    id: number;
    kind: "course" | "lesson";
    courseId: number | null;
    lessonId: number | null;
    title: string;
    group: string | null;
    lessons: number;
    minutes: number;
  }[];
  lessons: (ContentLesson & { title: string; slug: string; courseTitle: string | null })[];
  total: { lessons: number; seconds: number; tenths: number; hours: string };
}

/**
 * A class's content: its items and the lessons they amount to. Lessons are read with a LEFT join
 * to courses, so a lesson without a course (a micro lesson, 微党课) lists too (group null).
 */
async function contentOf(classIds: readonly number[], minutesPerCreditHour: number, tx: DbOrTx = db()): Promise<Map<number, ContentView>> {
  const out = new Map<number, ContentView>();
  if (!classIds.length) return out;
  const items = await tx
    .select({
      id: trainingClassItems.id,
      classId: trainingClassItems.classId,
      courseId: trainingClassItems.courseId,
      lessonId: trainingClassItems.lessonId,
    })
    .from(trainingClassItems)
    .where(inArray(trainingClassItems.classId, [...classIds]))
    .orderBy(asc(trainingClassItems.position), asc(trainingClassItems.id));
  const courseIds = [...new Set(items.map((i) => i.courseId).filter((v): v is number => v != null))];
  const lessonIds = [...new Set(items.map((i) => i.lessonId).filter((v): v is number => v != null))];
  const lessonRows =
    courseIds.length || lessonIds.length
      ? await tx
          .select({
            id: lessons.id,
            courseId: lessons.courseId,
            minutes: lessons.minutes,
            title: lessons.title,
            slug: lessons.slug,
            order: lessons.order,
            courseTitle: courses.title,
          })
          .from(lessons)
          .leftJoin(courses, eq(courses.id, lessons.courseId))
          .where(
            or(
              courseIds.length ? inArray(lessons.courseId, courseIds) : sql`false`,
              lessonIds.length ? inArray(lessons.id, lessonIds) : sql`false`,
            ),
          )
          .orderBy(asc(lessons.order), asc(lessons.id))
      : [];
  const courseTitles = courseIds.length
    ? new Map(
        (await tx.select({ id: courses.id, title: courses.title }).from(courses).where(inArray(courses.id, courseIds))).map((c) => [
          c.id,
          c.title,
        ]),
      )
    : new Map<number, string>();
  for (const classId of classIds) {
    const mine = items.filter((i) => i.classId === classId);
    const asItems: ContentItem[] = mine.map((i) => (i.courseId != null ? { courseId: i.courseId } : { lessonId: i.lessonId! }));
    const list = contentLessons(asItems, lessonRows);
    const total = contentTotal(asItems, lessonRows, minutesPerCreditHour);
    out.set(classId, {
      items: mine.map((i) => {
        if (i.courseId != null) {
          const ls = lessonRows.filter((l) => l.courseId === i.courseId);
          return {
            id: i.id,
            kind: "course" as const,
            courseId: i.courseId,
            lessonId: null,
            title: courseTitles.get(i.courseId) ?? "",
            group: null,
            lessons: ls.length,
            minutes: ls.reduce((s, l) => s + l.minutes, 0),
          };
        }
        const l = lessonRows.find((r) => r.id === i.lessonId);
        return {
          id: i.id,
          kind: "lesson" as const,
          courseId: null,
          lessonId: i.lessonId,
          title: l?.title ?? "",
          group: l?.courseTitle ?? null,
          lessons: 1,
          minutes: l?.minutes ?? 0,
        };
      }),
      lessons: list
        .map((l) => lessonRows.find((r) => r.id === l.id)!)
        .map((r) => ({ id: r.id, courseId: r.courseId, minutes: r.minutes, title: r.title, slug: r.slug, courseTitle: r.courseTitle })),
      total: { ...total, hours: formatTenths(total.tenths) },
    });
  }
  return out;
}

/* ------------------------------------------------------------------ list, create, edit */

/** 网上班级: the classes in the actor's scope, newest year first, with members, content total and test. */
export async function listClasses(actor: Actor, filter: { year?: number } = {}) {
  const scope = scopeOf(actor, PERMISSION);
  if (!hasAnyScope(scope)) throw forbidden();
  const where: SQL[] = [];
  if (!scope.all) {
    const parts: SQL[] = [];
    if (scope.countyIds.length) parts.push(inArray(trainingClasses.countyId, scope.countyIds));
    if (scope.townIds.length) parts.push(inArray(trainingClasses.townId, scope.townIds));
    where.push(parts.length ? or(...parts)! : sql`false`);
  }
  if (filter.year) where.push(eq(trainingClasses.year, filter.year));
  const rows = await db()
    .select({
      id: trainingClasses.id,
      title: trainingClasses.title,
      year: trainingClasses.year,
      state: trainingClasses.state,
      townId: trainingClasses.townId,
      townName: towns.name,
      examTitle: exams.title,
      members: sql<number>`(select count(*)::int from training_class_members m where m.class_id = "training_classes"."id")`,
    })
    .from(trainingClasses)
    .leftJoin(towns, eq(towns.id, trainingClasses.townId))
    .leftJoin(exams, eq(exams.id, trainingClasses.examId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(trainingClasses.year), desc(trainingClasses.id))
    .limit(500);
  const s = await settings();
  const content = await contentOf(
    rows.map((r) => r.id),
    s.minutesPerCreditHour,
  );
  return {
    required: s.requiredCreditHours,
    classes: rows.map((r) => ({
      ...r,
      members: Number(r.members),
      hours: content.get(r.id)?.total.hours ?? "0.0",
      tenths: content.get(r.id)?.total.tenths ?? 0,
    })),
  };
}

/** The towns the actor may create classes for (a county admin may also leave the town empty). */
export async function townsForClasses(actor: Actor) {
  const rows = await db()
    .select({ id: towns.id, name: towns.name, countyId: towns.countyId })
    .from(towns)
    .where(townScopeWhere(actor, PERMISSION))
    .orderBy(asc(towns.id));
  const scope = scopeOf(actor, PERMISSION);
  return { towns: rows, countyWide: scope.all || scope.countyIds.length > 0 };
}

/** Where a new or edited class sits: the chosen town (in scope), or — county admins only — the whole county. */
async function placeFor(actor: Actor, townId: number | null): Promise<{ countyId: number; townId: number | null } | null> {
  const scope = scopeOf(actor, PERMISSION);
  if (townId != null) {
    const [town] = await db().select({ id: towns.id, countyId: towns.countyId }).from(towns).where(eq(towns.id, townId));
    if (!town || !canAct(actor, PERMISSION, { countyId: town.countyId, townId: town.id })) return null;
    return { countyId: town.countyId, townId: town.id };
  }
  if (scope.countyIds.length) return { countyId: scope.countyIds[0], townId: null };
  if (scope.townIds.length === 1) {
    const [town] = await db().select({ id: towns.id, countyId: towns.countyId }).from(towns).where(eq(towns.id, scope.townIds[0]));
    return town ? { countyId: town.countyId, townId: town.id } : null;
  }
  return null;
}

export type SaveOutcome = { ok: true; classId: number } | { ok: false; errors: Record<string, string> };

export async function createClass(actor: Actor, input: ClassDetailsInput, meta: RequestMeta, now = new Date()): Promise<SaveOutcome> {
  if (!hasAnyScope(scopeOf(actor, PERMISSION))) throw forbidden();
  const place = await placeFor(actor, input.townId);
  if (!place) return { ok: false, errors: { townId: "classes.errors.town" } };
  const classId = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(trainingClasses)
      .values({
        countyId: place.countyId,
        townId: place.townId,
        year: input.year,
        title: input.title,
        description: input.description,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: trainingClasses.id });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "class.create",
      entityType: "training_class",
      entityId: row.id,
      countyId: place.countyId,
      after: { ...input, townId: place.townId },
      meta,
    });
    return row.id;
  });
  return { ok: true, classId };
}

export async function updateClassDetails(
  actor: Actor,
  classId: number,
  input: ClassDetailsInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<SaveOutcome> {
  const row = await classInScope(actor, classId);
  requireEditable(row, "details");
  // the place changes only in a draft (members were picked for it)
  const place = row.state === "draft" ? await placeFor(actor, input.townId) : { countyId: row.countyId, townId: row.townId };
  if (!place || place.countyId !== row.countyId) return { ok: false, errors: { townId: "classes.errors.town" } };
  if (row.state === "draft" && place.townId !== row.townId && place.townId != null) {
    const members = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(trainingClassMembers)
      .where(eq(trainingClassMembers.classId, row.id));
    if (Number(members[0].n) > 0) return { ok: false, errors: { townId: "classes.errors.townHasMembers" } };
  }
  const year = row.state === "draft" ? input.year : row.year;
  await db().transaction(async (tx) => {
    await tx
      .update(trainingClasses)
      .set({ title: input.title, description: input.description, year, townId: place.townId, updatedAt: now })
      .where(eq(trainingClasses.id, row.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "class.update",
      entityType: "training_class",
      entityId: row.id,
      countyId: row.countyId,
      before: { title: row.title, description: row.description, year: row.year, townId: row.townId },
      after: { title: input.title, description: input.description, year, townId: place.townId },
      meta,
    });
  });
  return { ok: true, classId: row.id };
}

/* ------------------------------------------------------------------ members */

/** People who may be members: holders of the candidate role, with their place. */
function peopleQuery() {
  return joinPersonPlace(
    db()
      .select({
        id: users.id,
        name: users.name,
        phone: users.phone,
        organizationId: organizations.id,
        organizationName: organizations.name,
        townId: towns.id,
        townName: towns.name,
        countyId: towns.countyId,
      })
      .from(users)
      .$dynamic(),
  );
}
const isCandidate = sql`exists (select 1 from ${roleGrants} g where g.user_id = ${users.id} and g.role = 'candidate')`;

export type MembersOutcome = { ok: true; added: number } | { ok: false; error: string };

/**
 * Adds members: picked people, or everyone (holding the candidate role) of a town or an
 * organization. Everyone must be in the actor's scope and fit the class (its county; its town for a
 * town's class); a pick that does not is refused as a whole — nothing is written. People already in
 * the class are skipped.
 */
export async function addMembers(actor: Actor, classId: number, input: AddMembersInput, meta: RequestMeta): Promise<MembersOutcome> {
  const row = await classInScope(actor, classId);
  requireEditable(row, "members");
  const conditions: SQL[] = [];
  if (input.userIds.length) conditions.push(inArray(users.id, input.userIds));
  if (input.townId != null) conditions.push(eq(towns.id, input.townId));
  if (input.organizationId != null) conditions.push(eq(organizations.id, input.organizationId));
  const found = await peopleQuery().where(and(isCandidate, or(...conditions)));
  const picked = new Set(input.userIds);
  // every picked id must be a person who may be a member here
  const usable = found.filter((p) => memberFits(row, p) && canAct(actor, PERMISSION, { countyId: p.countyId, townId: p.townId }));
  if (usable.filter((p) => picked.has(p.id)).length !== picked.size) return { ok: false, error: "classes.errors.memberOutOfScope" };
  // a town or organization outside the class or the scope is refused, not silently empty
  if ((input.townId != null || input.organizationId != null) && found.some((p) => !picked.has(p.id) && !usable.includes(p)))
    return { ok: false, error: "classes.errors.memberOutOfScope" };
  if (!usable.length) return { ok: false, error: "classes.errors.nobodyFound" };
  const added = await db().transaction(async (tx) => {
    const rows = await tx
      .insert(trainingClassMembers)
      .values(usable.map((p) => ({ classId: row.id, userId: p.id, addedBy: actor.userId })))
      .onConflictDoNothing()
      .returning({ userId: trainingClassMembers.userId });
    if (rows.length) {
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "class.members.add",
        entityType: "training_class",
        entityId: row.id,
        countyId: row.countyId,
        after: { userIds: rows.map((r) => r.userId), townId: input.townId, organizationId: input.organizationId },
        meta,
      });
      // an open class: the new members are told at once (a draft's members are told when it opens)
      if (row.state === "open")
        for (const r of rows)
          await notifyPerson(tx, r.userId, "classOpened", { classId: row.id, title: row.title, year: row.year }, actor.userId);
    }
    return rows.length;
  });
  return { ok: true, added };
}

export async function removeMember(actor: Actor, classId: number, userId: number, meta: RequestMeta): Promise<void> {
  const row = await classInScope(actor, classId);
  requireEditable(row, "members");
  await db().transaction(async (tx) => {
    const gone = await tx
      .delete(trainingClassMembers)
      .where(and(eq(trainingClassMembers.classId, row.id), eq(trainingClassMembers.userId, userId)))
      .returning({ userId: trainingClassMembers.userId });
    if (gone.length)
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "class.members.remove",
        entityType: "training_class",
        entityId: row.id,
        countyId: row.countyId,
        before: { userId },
        meta,
      });
  });
}

/* ------------------------------------------------------------------ content and test */

export type ContentOutcome = { ok: true } | { ok: false; error: string };

export async function addContent(actor: Actor, classId: number, input: AddContentInput, meta: RequestMeta): Promise<ContentOutcome> {
  const row = await classInScope(actor, classId);
  requireEditable(row, "content");
  if (input.courseId != null) {
    const [course] = await db().select({ id: courses.id }).from(courses).where(eq(courses.id, input.courseId));
    if (!course) return { ok: false, error: "classes.errors.noSuchContent" };
  } else {
    const [lesson] = await db().select({ id: lessons.id }).from(lessons).where(eq(lessons.id, input.lessonId!));
    if (!lesson) return { ok: false, error: "classes.errors.noSuchContent" };
  }
  await db().transaction(async (tx) => {
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${trainingClassItems.position}), 0)::int + 1` })
      .from(trainingClassItems)
      .where(eq(trainingClassItems.classId, row.id));
    const added = await tx
      .insert(trainingClassItems)
      .values({ classId: row.id, courseId: input.courseId, lessonId: input.lessonId, position: Number(next) })
      .onConflictDoNothing()
      .returning({ id: trainingClassItems.id });
    if (added.length)
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "class.content.add",
        entityType: "training_class",
        entityId: row.id,
        countyId: row.countyId,
        after: input,
        meta,
      });
  });
  return { ok: true };
}

export async function removeContent(actor: Actor, classId: number, itemId: number, meta: RequestMeta): Promise<void> {
  const row = await classInScope(actor, classId);
  requireEditable(row, "content");
  await db().transaction(async (tx) => {
    const gone = await tx
      .delete(trainingClassItems)
      .where(and(eq(trainingClassItems.id, itemId), eq(trainingClassItems.classId, row.id)))
      .returning();
    if (gone.length)
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "class.content.remove",
        entityType: "training_class",
        entityId: row.id,
        countyId: row.countyId,
        before: { courseId: gone[0].courseId, lessonId: gone[0].lessonId },
        meta,
      });
  });
}

/** The annual tests a class of this county may close with (not archived). */
async function annualExamsOf(countyId: number) {
  return db()
    .select({ id: exams.id, title: exams.title, status: exams.status })
    .from(exams)
    .where(and(eq(exams.countyId, countyId), eq(exams.kind, "annual"), ne(exams.status, "archived")))
    .orderBy(desc(exams.id));
}

export async function setClosingTest(actor: Actor, classId: number, examId: number | null, meta: RequestMeta): Promise<ContentOutcome> {
  const row = await classInScope(actor, classId);
  requireEditable(row, "test");
  if (examId != null) {
    const [exam] = await db()
      .select({ id: exams.id, kind: exams.kind, countyId: exams.countyId, status: exams.status })
      .from(exams)
      .where(eq(exams.id, examId));
    if (!exam || exam.countyId !== row.countyId || exam.kind !== "annual" || exam.status === "archived")
      return { ok: false, error: "classes.errors.testNotAnnual" };
  }
  await db().transaction(async (tx) => {
    await tx.update(trainingClasses).set({ examId, updatedAt: new Date() }).where(eq(trainingClasses.id, row.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "class.test",
      entityType: "training_class",
      entityId: row.id,
      countyId: row.countyId,
      before: { examId: row.examId },
      after: { examId },
      meta,
    });
  });
  return { ok: true };
}

/* ------------------------------------------------------------------ the edit page */

/** Everything the edit page shows: the class, its members, content with the running total, the pickers. */
export async function getClassForEdit(actor: Actor, classId: number, search = "") {
  const row = await classInScope(actor, classId);
  const s = await settings();
  const [content, members, allCourses, allLessons, annual, scopeTowns, orgs, test] = await Promise.all([
    contentOf([row.id], s.minutesPerCreditHour).then((m) => m.get(row.id)!),
    joinPersonPlace(
      db()
        .select({ id: users.id, name: users.name, phone: users.phone, organizationName: organizations.name, townName: towns.name })
        .from(trainingClassMembers)
        .innerJoin(users, eq(users.id, trainingClassMembers.userId))
        .$dynamic(),
    )
      .where(eq(trainingClassMembers.classId, row.id))
      .orderBy(asc(towns.name), asc(organizations.name), asc(users.name)),
    // (drizzle leaves a one-table query's columns unqualified: the outer id is spelled out)
    db()
      .select({
        id: courses.id,
        title: courses.title,
        minutes: sql<number>`(select coalesce(sum(l.minutes), 0)::int from lessons l where l.course_id = "courses"."id")`,
        lessons: sql<number>`(select count(*)::int from lessons l where l.course_id = "courses"."id")`,
      })
      .from(courses)
      .orderBy(asc(courses.order), asc(courses.id)),
    db()
      .select({ id: lessons.id, title: lessons.title, minutes: lessons.minutes, courseId: lessons.courseId, courseTitle: courses.title })
      .from(lessons)
      .leftJoin(courses, eq(courses.id, lessons.courseId))
      .orderBy(asc(courses.order), asc(lessons.order), asc(lessons.id)),
    annualExamsOf(row.countyId),
    db()
      .select({ id: towns.id, name: towns.name })
      .from(towns)
      .where(
        and(townScopeWhere(actor, PERMISSION), eq(towns.countyId, row.countyId), row.townId != null ? eq(towns.id, row.townId) : undefined),
      )
      .orderBy(asc(towns.id)),
    db()
      .select({ id: organizations.id, name: organizations.name, townName: towns.name })
      .from(organizations)
      .innerJoin(towns, eq(towns.id, organizations.townId))
      .where(
        and(townScopeWhere(actor, PERMISSION), eq(towns.countyId, row.countyId), row.townId != null ? eq(towns.id, row.townId) : undefined),
      )
      .orderBy(asc(towns.name), asc(organizations.name))
      .limit(500),
    row.examId
      ? db()
          .select({ id: exams.id, title: exams.title, kind: exams.kind, countyId: exams.countyId })
          .from(exams)
          .where(eq(exams.id, row.examId))
          .then((r) => r[0] ?? null)
      : Promise.resolve(null),
  ]);
  const memberIds = new Set(members.map((m) => m.id));
  const q = search.trim();
  const found = q
    ? (
        await peopleQuery()
          .where(
            and(
              isCandidate,
              townScopeWhere(actor, PERMISSION),
              eq(towns.countyId, row.countyId),
              row.townId != null ? eq(towns.id, row.townId) : undefined,
              or(
                sql`position(${q} in ${users.name}) > 0`,
                sql`position(${q} in ${users.phone}) > 0`,
                sql`position(${q} in ${organizations.name}) > 0`,
              ),
            ),
          )
          .orderBy(asc(users.name))
          .limit(50)
      ).filter((p) => !memberIds.has(p.id))
    : [];
  const blockers = openBlockers({
    state: row.state,
    countyId: row.countyId,
    contentTenths: content.total.tenths,
    requiredCreditHours: s.requiredCreditHours,
    test: test ? { kind: test.kind, countyId: test.countyId } : null,
    members: members.length,
  });
  const [town] = row.townId ? await db().select({ name: towns.name }).from(towns).where(eq(towns.id, row.townId)) : [];
  return {
    klass: { ...row, townName: town?.name ?? null },
    required: s.requiredCreditHours,
    content,
    members: members.map((m) => ({ ...m, phone: maskPhone(m.phone) })),
    courses: allCourses.filter((c) => Number(c.lessons) > 0),
    lessons: allLessons,
    annualExams: annual,
    test,
    towns: scopeTowns,
    organizations: orgs,
    found: found.map((p) => ({
      id: p.id,
      name: p.name,
      phone: maskPhone(p.phone),
      organizationName: p.organizationName,
      townName: p.townName,
    })),
    blockers,
    may: {
      content: mayEdit(row.state, "content"),
      members: mayEdit(row.state, "members"),
      details: mayEdit(row.state, "details"),
      test: mayEdit(row.state, "test"),
    },
  };
}

/* ------------------------------------------------------------------ open, close */

export type OpenOutcome = { ok: true } | { ok: false; blockers: OpenBlocker[] };

/** Opens a draft (every rule in openBlockers), tells each member; audited. */
export async function openClass(actor: Actor, classId: number, meta: RequestMeta, now = new Date()): Promise<OpenOutcome> {
  const row = await classInScope(actor, classId);
  const s = await settings();
  const content = (await contentOf([row.id], s.minutesPerCreditHour)).get(row.id)!;
  const [test] = row.examId
    ? await db().select({ kind: exams.kind, countyId: exams.countyId }).from(exams).where(eq(exams.id, row.examId))
    : [];
  const members = await db()
    .select({ userId: trainingClassMembers.userId })
    .from(trainingClassMembers)
    .where(eq(trainingClassMembers.classId, row.id));
  const blockers = openBlockers({
    state: row.state,
    countyId: row.countyId,
    contentTenths: content.total.tenths,
    requiredCreditHours: s.requiredCreditHours,
    test: test ?? null,
    members: members.length,
  });
  if (blockers.length) return { ok: false, blockers };
  await db().transaction(async (tx) => {
    // the state moves only from draft (a concurrent open or close changes nothing twice)
    const moved = await tx
      .update(trainingClasses)
      .set({ state: "open", openedAt: now, updatedAt: now })
      .where(and(eq(trainingClasses.id, row.id), eq(trainingClasses.state, "draft")))
      .returning({ id: trainingClasses.id });
    if (!moved.length) throw new AppError("conflict", `class ${row.id} is no longer a draft`);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "class.open",
      entityType: "training_class",
      entityId: row.id,
      countyId: row.countyId,
      before: { state: "draft" },
      after: { state: "open", contentTenths: content.total.tenths, examId: row.examId, members: members.length },
      meta,
    });
    for (const m of members)
      await notifyPerson(tx, m.userId, "classOpened", { classId: row.id, title: row.title, year: row.year }, actor.userId);
  });
  return { ok: true };
}

/** Closes an open class: each member's outcome goes to their archive and to them; audited; one transaction. */
export async function closeClass(actor: Actor, classId: number, meta: RequestMeta, now = new Date()): Promise<{ members: number }> {
  const row = await classInScope(actor, classId);
  if (row.state !== "open") throw new AppError("conflict", `class ${row.id} is ${row.state}`);
  const progress = await progressOf(row);
  await db().transaction(async (tx) => {
    const moved = await tx
      .update(trainingClasses)
      .set({ state: "closed", closedAt: now, updatedAt: now })
      .where(and(eq(trainingClasses.id, row.id), eq(trainingClasses.state, "open")))
      .returning({ id: trainingClasses.id });
    if (!moved.length) throw new AppError("conflict", `class ${row.id} is no longer open`);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "class.close",
      entityType: "training_class",
      entityId: row.id,
      countyId: row.countyId,
      before: { state: "open" },
      after: { state: "closed", members: progress.rows.length, completed: progress.rows.filter((r) => r.outcome === "completed").length },
      meta,
    });
    for (const r of progress.rows) {
      const data = {
        classId: row.id,
        title: row.title,
        year: row.year,
        outcome: r.outcome,
        creditedTenths: r.tenths,
        contentTenths: progress.content.total.tenths,
        requiredTenths: Math.round(progress.required * 10),
        test: r.test.state,
        markTenths: r.test.markTenths,
        maxMarkTenths: r.test.maxMarkTenths,
      };
      await appendArchiveEvent(tx, { userId: r.userId, type: "trainingClassClosed", actorId: actor.userId, data });
      await notifyPerson(
        tx,
        r.userId,
        "classClosed",
        { classId: row.id, title: row.title, year: row.year, outcome: r.outcome, hours: formatTenths(r.tenths) },
        actor.userId,
      );
    }
  });
  return { members: progress.rows.length };
}

/* ------------------------------------------------------------------ progress */

async function attemptsOf(examId: number | null, userIds: readonly number[]): Promise<Map<number, TestAttempt[]>> {
  const out = new Map<number, TestAttempt[]>();
  if (examId == null || !userIds.length) return out;
  const rows = await db()
    .select({
      userId: examAttempts.userId,
      state: examAttempts.state,
      markTenths: examAttempts.markTenths,
      maxMarkTenths: examAttempts.maxMarkTenths,
      passed: examAttempts.passed,
    })
    .from(examAttempts)
    .where(and(eq(examAttempts.examId, examId), inArray(examAttempts.userId, [...userIds])));
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r]);
  return out;
}

/** Each member's 学时 in the class content (the class's training year), share done and test result. */
async function progressOf(row: ClassRow, onlyUserId?: number) {
  const s = await settings();
  const content = (await contentOf([row.id], s.minutesPerCreditHour)).get(row.id)!;
  const members = await joinPersonPlace(
    db()
      .select({ userId: users.id, name: users.name, phone: users.phone, organizationName: organizations.name, townName: towns.name })
      .from(trainingClassMembers)
      .innerJoin(users, eq(users.id, trainingClassMembers.userId))
      .$dynamic(),
  )
    .where(and(eq(trainingClassMembers.classId, row.id), onlyUserId != null ? eq(trainingClassMembers.userId, onlyUserId) : undefined))
    .orderBy(asc(towns.name), asc(organizations.name), asc(users.name));
  const ids = members.map((m) => m.userId);
  const [credited, attempts] = await Promise.all([
    creditedSecondsByLesson(
      ids,
      content.lessons.map((l) => l.id),
      row.year,
    ),
    attemptsOf(row.examId, ids),
  ]);
  const rows = members.map((m) => {
    const p = memberProgress({
      classLessons: content.lessons,
      creditedByLesson: credited.get(m.userId) ?? new Map(),
      minutesPerCreditHour: s.minutesPerCreditHour,
      requiredCreditHours: s.requiredCreditHours,
      attempts: attempts.get(m.userId) ?? [],
    });
    return { ...m, phone: maskPhone(m.phone), ...p, hours: formatTenths(p.tenths) };
  });
  return { content, rows, required: s.requiredCreditHours, minutesPerCreditHour: s.minutesPerCreditHour, credited };
}

/** The class progress page (and the Excel export): per member 学时 in class content, share, test. */
export async function classProgress(actor: Actor, classId: number) {
  const row = await classInScope(actor, classId);
  const p = await progressOf(row);
  const [test] = row.examId ? await db().select({ id: exams.id, title: exams.title }).from(exams).where(eq(exams.id, row.examId)) : [];
  const [town] = row.townId ? await db().select({ name: towns.name }).from(towns).where(eq(towns.id, row.townId)) : [];
  const { credited: _c, ...rest } = p;
  return {
    klass: { id: row.id, title: row.title, year: row.year, state: row.state as ClassState, townName: town?.name ?? null },
    test: test ?? null,
    ...rest,
    summary: {
      members: p.rows.length,
      studyDone: p.rows.filter((r) => r.studyDone).length,
      passed: p.rows.filter((r) => r.test.state === "passed").length,
      behind: p.rows.filter((r) => r.behind).length,
    },
  };
}

/** 一键提醒: an in-app reminder to every member of an open class who is behind (study or test); audited. */
export async function remindBehind(actor: Actor, classId: number, meta: RequestMeta): Promise<number> {
  const row = await classInScope(actor, classId);
  if (row.state !== "open") throw new AppError("conflict", `class ${row.id} is ${row.state}`);
  const p = await progressOf(row);
  const behind = p.rows.filter((r) => r.behind);
  if (!behind.length) return 0;
  await db().transaction(async (tx) => {
    for (const r of behind) {
      await notifyPerson(
        tx,
        r.userId,
        "classReminder",
        { classId: row.id, title: row.title, year: row.year, hours: r.hours, required: p.required, test: r.test.state },
        actor.userId,
      );
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "class.remind",
      entityType: "training_class",
      entityId: row.id,
      countyId: row.countyId,
      after: { userIds: behind.map((r) => r.userId) },
      meta,
    });
  });
  return behind.length;
}

/* ------------------------------------------------------------------ members' side */

function requireLearner(actor: Actor): void {
  if (!canAct(actor, "study:lesson", { countyId: actor.countyId, ownerId: actor.userId })) throw forbidden();
}

/** 我的班级 (the home page card): the open and closed classes the person is a member of, with their progress. */
export async function myClasses(actor: Actor) {
  requireLearner(actor);
  const rows = await db()
    .select()
    .from(trainingClasses)
    .innerJoin(
      trainingClassMembers,
      and(eq(trainingClassMembers.classId, trainingClasses.id), eq(trainingClassMembers.userId, actor.userId)),
    )
    .where(ne(trainingClasses.state, "draft"))
    .orderBy(desc(trainingClasses.year), desc(trainingClasses.id))
    .limit(20);
  const out = [];
  for (const { training_classes: row } of rows) {
    const p = await progressOf(row, actor.userId);
    const mine = p.rows[0];
    out.push({
      id: row.id,
      title: row.title,
      year: row.year,
      state: row.state,
      hours: mine?.hours ?? "0.0",
      contentHours: p.content.total.hours,
      required: p.required,
      percent: mine?.percent ?? 0,
      test: mine?.test.state ?? "notTaken",
    });
  }
  return out;
}

/** A member's class page: the content with their progress per lesson (this class's year) and the closing test's state. */
export async function myClass(actor: Actor, classId: number) {
  requireLearner(actor);
  const [row] = await db().select().from(trainingClasses).where(eq(trainingClasses.id, classId));
  if (!row || row.state === "draft") throw notFound();
  const [member] = await db()
    .select({ userId: trainingClassMembers.userId })
    .from(trainingClassMembers)
    .where(and(eq(trainingClassMembers.classId, row.id), eq(trainingClassMembers.userId, actor.userId)));
  if (!member) throw notFound();
  const p = await progressOf(row, actor.userId);
  const mine = p.rows[0];
  const perLesson = p.credited.get(actor.userId) ?? new Map<number, number>();
  const [test] = row.examId ? await db().select({ title: exams.title }).from(exams).where(eq(exams.id, row.examId)) : [];
  // lessons grouped by course; lessons without a course are the 微党课 group (group null)
  const groups: {
    title: string | null;
    lessons: { slug: string; title: string; minutes: number; creditedMinutes: number; percent: number }[];
  }[] = [];
  for (const l of p.content.lessons) {
    let g = groups.find((x) => x.title === l.courseTitle);
    if (!g) groups.push((g = { title: l.courseTitle, lessons: [] }));
    const seconds = Math.min(l.minutes * 60, perLesson.get(l.id) ?? 0);
    g.lessons.push({
      slug: l.slug,
      title: l.title,
      minutes: l.minutes,
      creditedMinutes: Math.floor(seconds / 60),
      percent: Math.floor((seconds * 100) / (l.minutes * 60)),
    });
  }
  return {
    klass: { id: row.id, title: row.title, description: row.description, year: row.year, state: row.state },
    required: p.required,
    content: { hours: p.content.total.hours, lessons: p.content.lessons.length },
    groups,
    mine: mine ? { hours: mine.hours, percent: mine.percent, studyDone: mine.studyDone, test: mine.test, outcome: mine.outcome } : null,
    test: test ? { title: test.title } : null,
  };
}
