import { and, asc, desc, eq, ilike, inArray, notInArray, or, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { offlineAttendance, offlineClasses, organizations, roleGrants, studyYearTotals, towns, users } from "#db/schema";
import { maskPhone } from "../accounts/phone";
import { appendArchiveEvents } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, scopeOf, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import { capProblems, chunks, IMPORT_LIMITS } from "../imports/limits";
import { readFirstWorksheet } from "../question-bank/excel.server";
import { parseAttendanceList, type AttendanceProblem } from "./attendance";
import { tenthsToSeconds } from "./study-hours";
import { studySettings } from "../learning/config.server";
import { joinPersonPlace } from "../org-tree/person-place.server";

function managedCounties(actor: Actor): number[] {
  const ids = scopeOf(actor, "manage:offline").countyIds;
  if (!ids.length) throw forbidden();
  return ids;
}

export async function listOfflineClasses(actor: Actor) {
  const counties = managedCounties(actor);
  return db()
    .select({
      id: offlineClasses.id,
      title: offlineClasses.title,
      heldOn: offlineClasses.heldOn,
      location: offlineClasses.location,
      creditTenths: offlineClasses.creditTenths,
      organizer: offlineClasses.organizer,
      attendees: sql<number>`(select count(*)::int from ${offlineAttendance} where ${offlineAttendance.classId} = ${offlineClasses.id})`,
    })
    .from(offlineClasses)
    .where(inArray(offlineClasses.countyId, counties))
    .orderBy(desc(offlineClasses.heldOn), desc(offlineClasses.id));
}

export async function createOfflineClass(
  actor: Actor,
  input: { title: string; heldOn: string; location: string; creditTenths: number; organizer: string },
  meta: RequestMeta,
): Promise<number> {
  const counties = managedCounties(actor);
  if (counties.length !== 1) throw new AppError("badRequest", "choose a county");
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(offlineClasses)
      .values({ ...input, countyId: counties[0], createdBy: actor.userId })
      .returning({ id: offlineClasses.id });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "offline.create",
      entityType: "offline_class",
      entityId: row.id,
      countyId: counties[0],
      after: input,
      meta,
    });
    return row.id;
  });
}

async function loadClass(actor: Actor, classId: number) {
  const [row] = await db().select().from(offlineClasses).where(eq(offlineClasses.id, classId));
  if (!row) throw notFound();
  if (!canAct(actor, "manage:offline", { countyId: row.countyId })) throw forbidden();
  return row;
}

const learnerColumns = {
  userId: users.id,
  name: users.name,
  phone: users.phone,
  idNumber: users.idNumber,
  organizationName: organizations.name,
  townName: towns.name,
  countyId: towns.countyId,
};

export async function getOfflineClass(actor: Actor, classId: number, q = "") {
  const offlineClass = await loadClass(actor, classId);
  const attendees = await joinPersonPlace(
    db()
      .select({ ...learnerColumns, recordedAt: offlineAttendance.recordedAt })
      .from(offlineAttendance)
      .innerJoin(users, eq(users.id, offlineAttendance.userId))
      .$dynamic(),
  )
    .where(eq(offlineAttendance.classId, classId))
    .orderBy(asc(towns.name), asc(users.name));
  const query = q.trim();
  const candidates = query
    ? await joinPersonPlace(db().select(learnerColumns).from(users).$dynamic())
        .where(
          and(
            eq(towns.countyId, offlineClass.countyId),
            sql`exists (select 1 from ${roleGrants} where ${roleGrants.userId} = ${users.id} and ${roleGrants.role} = 'candidate')`,
            or(
              ilike(users.name, `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
              eq(users.phone, query),
              eq(users.idNumber, query.toUpperCase()),
            ),
            attendees.length
              ? notInArray(
                  users.id,
                  attendees.map((a) => a.userId),
                )
              : undefined,
          ),
        )
        .orderBy(asc(users.name))
        .limit(20)
    : [];
  const hide = <T extends { phone: string; idNumber: string }>({ idNumber: _id, phone, ...rest }: T) => ({
    ...rest,
    phone: maskPhone(phone),
  });
  return { offlineClass, attendees: attendees.map(hide), candidates: candidates.map(hide) };
}

/**
 * The people an uploaded list names, checked against the class's county; nothing is written. The
 * workbook is streamed (first column only) and refused above IMPORT_LIMITS.attendanceRows; people are
 * looked up in chunks, and only in the class's county: a number registered in another county gets the
 * same answer as an unknown one, so the preview tells a county admin nothing about other counties.
 * At most IMPORT_LIMITS.shownProblems problems are returned, with the number of the others.
 */
export async function previewAttendanceFile(actor: Actor, classId: number, bytes: Uint8Array) {
  const offlineClass = await loadClass(actor, classId);
  const max = IMPORT_LIMITS.attendanceRows;
  const cells: { line: number; value: string }[] = [];
  let tooMany = false;
  const read = await readFirstWorksheet(bytes, (values, line) => {
    const value = values[0] ?? "";
    if (value.trim() === "") return true;
    // One more than the cap: a header row may be among them (parseAttendanceList skips it).
    if (cells.length > max) {
      tooMany = true;
      return false;
    }
    cells.push({ line, value });
    return true;
  });
  if (read.fileProblems.length) return { ok: false as const, reason: "unreadable" as const };
  const { identifiers, problems } = parseAttendanceList(cells);
  if (tooMany || identifiers.length + problems.length > max) return { ok: false as const, reason: "tooManyRows" as const, max };
  const found: { userId: number; name: string; organizationName: string; phone: string; idNumber: string }[] = [];
  for (const chunk of chunks(identifiers.map((i) => i.value))) {
    found.push(
      ...(await joinPersonPlace(db().select(learnerColumns).from(users).$dynamic()).where(
        and(eq(towns.countyId, offlineClass.countyId), or(inArray(users.phone, chunk), inArray(users.idNumber, chunk))),
      )),
    );
  }
  const byPhone = new Map(found.map((p) => [p.phone, p]));
  const byIdNumber = new Map(found.map((p) => [p.idNumber, p]));
  const attending = new Set(
    (await db().select({ userId: offlineAttendance.userId }).from(offlineAttendance).where(eq(offlineAttendance.classId, classId))).map(
      (a) => a.userId,
    ),
  );
  const matches: { line: number; userId: number; name: string; organizationName: string }[] = [];
  const matched = new Set<number>();
  const all: AttendanceProblem[] = [...problems];
  for (const identifier of identifiers) {
    const person = (identifier.kind === "phone" ? byPhone : byIdNumber).get(identifier.value);
    if (!person) all.push({ line: identifier.line, value: identifier.value, code: "unknownPerson" });
    else if (attending.has(person.userId) || matched.has(person.userId))
      all.push({ line: identifier.line, value: identifier.value, code: "alreadyAttending" });
    else {
      matched.add(person.userId);
      matches.push({ line: identifier.line, userId: person.userId, name: person.name, organizationName: person.organizationName });
    }
  }
  const { shown, more } = capProblems(all.sort((a, b) => a.line - b.line));
  return { ok: true as const, matches, problems: shown, problemCount: all.length, moreProblems: more };
}

/**
 * Records attendance: each person (of the class's county, not yet recorded) is credited the class's
 * 学时 in the year it was held (at the study settings' minutes per 学时 unless given), and the archive notes it. All or nothing.
 */
export async function addAttendees(
  actor: Actor,
  input: { classId: number; userIds: number[]; minutesPerCreditHour?: number },
  meta: RequestMeta,
): Promise<number> {
  const offlineClass = await loadClass(actor, input.classId);
  const ids = [...new Set(input.userIds)];
  if (!ids.length) return 0;
  if (ids.length > IMPORT_LIMITS.attendanceRows) throw new AppError("badRequest", "too many people");
  let eligible = 0;
  for (const chunk of chunks(ids)) {
    const rows = await joinPersonPlace(db().select({ userId: users.id }).from(users).$dynamic()).where(
      and(inArray(users.id, chunk), eq(towns.countyId, offlineClass.countyId)),
    );
    eligible += rows.length;
  }
  if (eligible !== ids.length) throw forbidden();
  const seconds = tenthsToSeconds(offlineClass.creditTenths, input.minutesPerCreditHour ?? (await studySettings()).minutesPerCreditHour);
  const year = Number(offlineClass.heldOn.slice(0, 4));
  return db().transaction(async (tx) => {
    let added = 0;
    // In chunks: one statement per few hundred people, never one statement for the whole list.
    for (const chunk of chunks(ids)) {
      const inserted = await tx
        .insert(offlineAttendance)
        .values(chunk.map((userId) => ({ classId: offlineClass.id, userId, creditedSeconds: seconds, recordedBy: actor.userId })))
        .onConflictDoNothing()
        .returning({ userId: offlineAttendance.userId });
      if (!inserted.length) continue;
      added += inserted.length;
      await tx
        .insert(studyYearTotals)
        .values(inserted.map(({ userId }) => ({ userId, year, offlineSeconds: seconds })))
        .onConflictDoUpdate({
          target: [studyYearTotals.userId, studyYearTotals.year],
          set: { offlineSeconds: sql`${studyYearTotals.offlineSeconds} + ${seconds}`, updatedAt: new Date() },
        });
      const data = {
        classId: offlineClass.id,
        title: offlineClass.title,
        heldOn: offlineClass.heldOn,
        creditTenths: offlineClass.creditTenths,
        seconds,
      };
      await appendArchiveEvents(
        tx,
        inserted.map(({ userId }) => ({ userId, type: "offlineClassAttended" as const, actorId: actor.userId, data })),
      );
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "offline.attendance",
      entityType: "offline_class",
      entityId: offlineClass.id,
      countyId: offlineClass.countyId,
      after: { added },
      meta,
    });
    return added;
  });
}
