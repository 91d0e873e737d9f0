import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type DbOrTx } from "#db/client.server";
import { counties, navigatorApplications, organizations, towns, users } from "#db/schema";
import { maskIdNumber } from "../accounts/id-number";
import { maskPhone } from "../accounts/phone";
import { appendArchiveEvent } from "../archive/archive.server";
import { townScopeWhere } from "../auth/scope-sql.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import { notifyPerson } from "../notifications/notifications.server";
import { checkDecision, checkEligibility, type Eligibility } from "./eligibility";
import { joinPersonCounty, joinPersonPlace } from "../org-tree/person-place.server";

async function loadApplicantFacts(userId: number, tx: DbOrTx = db()) {
  const [person] = await joinPersonCounty(
    tx
      .select({
        partyStatus: users.partyStatus,
        partyPost: users.partyPost,
        organizationId: users.organizationId,
        organizationName: organizations.name,
        organizationType: organizations.type,
        townName: towns.name,
        countyName: counties.name,
      })
      .from(users)
      .$dynamic(),
  ).where(eq(users.id, userId));
  if (!person) throw notFound();
  return person;
}

function ownApplications(userId: number) {
  const decider = alias(users, "decider");
  return db()
    .select({
      id: navigatorApplications.id,
      status: navigatorApplications.status,
      statement: navigatorApplications.statement,
      submittedAt: navigatorApplications.submittedAt,
      decidedAt: navigatorApplications.decidedAt,
      reason: navigatorApplications.reason,
      deciderName: decider.name,
    })
    .from(navigatorApplications)
    .leftJoin(decider, eq(decider.id, navigatorApplications.decidedBy))
    .where(eq(navigatorApplications.userId, userId))
    .orderBy(desc(navigatorApplications.id));
}

/** 申请红帆领航员 page: the person's facts, their applications and whether they may apply now. */
export async function getApplicationOverview(actor: Actor): Promise<{
  person: Awaited<ReturnType<typeof loadApplicantFacts>>;
  applications: Awaited<ReturnType<typeof ownApplications>>;
  eligibility: Eligibility;
}> {
  if (!canAct(actor, "apply:application", { countyId: actor.countyId, ownerId: actor.userId })) throw forbidden();
  const [person, applications] = await Promise.all([loadApplicantFacts(actor.userId), ownApplications(actor.userId)]);
  const eligibility = checkEligibility({ ...person, applications });
  return { person, applications, eligibility };
}

export type SubmitResult = { ok: true; applicationId: number } | { ok: false; eligibility: Eligibility };

export async function submitApplication(actor: Actor, input: { statement: string }): Promise<SubmitResult> {
  if (!canAct(actor, "apply:application", { countyId: actor.countyId, ownerId: actor.userId })) throw forbidden();
  return db().transaction(async (tx) => {
    // Lock the person's row so two submissions at once cannot both pass the check.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, actor.userId)).for("update");
    const person = await loadApplicantFacts(actor.userId, tx);
    const applications = await tx
      .select({ status: navigatorApplications.status })
      .from(navigatorApplications)
      .where(eq(navigatorApplications.userId, actor.userId));
    const eligibility = checkEligibility({ ...person, applications });
    if (!eligibility.eligible) return { ok: false, eligibility };
    const [row] = await tx
      .insert(navigatorApplications)
      .values({
        userId: actor.userId,
        organizationId: person.organizationId,
        partyStatus: person.partyStatus,
        partyPost: person.partyPost,
        statement: input.statement,
      })
      .returning({ id: navigatorApplications.id });
    await appendArchiveEvent(tx, {
      userId: actor.userId,
      type: "applicationSubmitted",
      actorId: actor.userId,
      data: { applicationId: row.id, partyStatus: person.partyStatus, partyPost: person.partyPost, organizationId: person.organizationId },
    });
    return { ok: true, applicationId: row.id };
  });
}

export const REVIEW_PAGE_SIZE = 30;

/** The review queue: applications from organizations in the reviewer's town or county. */
export async function listApplicationsForReview(
  actor: Actor,
  filter: { status: "pending" | "approved" | "rejected" | "all"; page: number },
) {
  const where = and(
    townScopeWhere(actor, "review:application"),
    filter.status === "all" ? undefined : eq(navigatorApplications.status, filter.status),
  );
  const rows = await joinPersonPlace(
    db()
      .select({
        id: navigatorApplications.id,
        status: navigatorApplications.status,
        submittedAt: navigatorApplications.submittedAt,
        decidedAt: navigatorApplications.decidedAt,
        partyStatus: navigatorApplications.partyStatus,
        partyPost: navigatorApplications.partyPost,
        applicantName: users.name,
        organizationName: organizations.name,
        townName: towns.name,
      })
      .from(navigatorApplications)
      .innerJoin(users, eq(users.id, navigatorApplications.userId))
      .$dynamic(),
    navigatorApplications.organizationId,
  )
    .where(where)
    .orderBy(filter.status === "pending" ? navigatorApplications.id : desc(navigatorApplications.id))
    .limit(REVIEW_PAGE_SIZE + 1)
    .offset((filter.page - 1) * REVIEW_PAGE_SIZE);
  const [{ pending }] = await joinPersonPlace(
    db()
      .select({ pending: sql<number>`count(*)::int` })
      .from(navigatorApplications)
      .$dynamic(),
    navigatorApplications.organizationId,
  ).where(and(townScopeWhere(actor, "review:application"), eq(navigatorApplications.status, "pending")));
  return { applications: rows.slice(0, REVIEW_PAGE_SIZE), hasMore: rows.length > REVIEW_PAGE_SIZE, pending };
}

/** One application for a reviewer. Outside the reviewer's scope: 403, whatever the id. */
export async function getApplicationForReview(actor: Actor, applicationId: number) {
  const decider = alias(users, "decider");
  const [row] = await joinPersonCounty(
    db()
      .select({
        id: navigatorApplications.id,
        userId: navigatorApplications.userId,
        status: navigatorApplications.status,
        statement: navigatorApplications.statement,
        partyStatus: navigatorApplications.partyStatus,
        partyPost: navigatorApplications.partyPost,
        submittedAt: navigatorApplications.submittedAt,
        decidedAt: navigatorApplications.decidedAt,
        reason: navigatorApplications.reason,
        deciderName: decider.name,
        applicantName: users.name,
        phone: users.phone,
        idNumber: users.idNumber,
        organizationName: organizations.name,
        organizationType: organizations.type,
        creditCode: organizations.creditCode,
        townId: towns.id,
        townName: towns.name,
        countyId: counties.id,
        countyName: counties.name,
      })
      .from(navigatorApplications)
      .innerJoin(users, eq(users.id, navigatorApplications.userId))
      .$dynamic(),
    navigatorApplications.organizationId,
  )
    .leftJoin(decider, eq(decider.id, navigatorApplications.decidedBy))
    .where(eq(navigatorApplications.id, applicationId));
  if (!row) throw notFound();
  if (!canAct(actor, "review:application", { countyId: row.countyId, townId: row.townId })) throw forbidden();
  const { phone, idNumber, ...rest } = row;
  return { ...rest, phone: maskPhone(phone), idNumber: maskIdNumber(idNumber) };
}

export type DecideResult = { ok: true } | { ok: false; problem: "alreadyDecided" | "reasonRequired" };

/** 审核: approve, or reject with a reason; audited and written to the applicant's archive. */
export async function decideApplication(
  actor: Actor,
  input: { applicationId: number; decision: "approve" | "reject"; reason: string },
  meta: RequestMeta,
): Promise<DecideResult> {
  const application = await getApplicationForReview(actor, input.applicationId);
  return db().transaction(async (tx) => {
    const [current] = await tx
      .select({ status: navigatorApplications.status })
      .from(navigatorApplications)
      .where(eq(navigatorApplications.id, input.applicationId))
      .for("update");
    if (!current) throw new AppError("notFound");
    const check = checkDecision({ currentStatus: current.status, decision: input.decision, reason: input.reason });
    if (!check.ok) return check;
    const status = input.decision === "approve" ? "approved" : "rejected";
    const reason = input.reason.trim() || null;
    await tx
      .update(navigatorApplications)
      .set({ status, reason, decidedAt: new Date(), decidedBy: actor.userId })
      .where(eq(navigatorApplications.id, input.applicationId));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: `application.${input.decision}`,
      entityType: "navigator_application",
      entityId: input.applicationId,
      countyId: application.countyId,
      before: { status: current.status },
      after: { status, reason },
      meta,
    });
    await appendArchiveEvent(tx, {
      userId: application.userId,
      type: status === "approved" ? "applicationApproved" : "applicationRejected",
      actorId: actor.userId,
      reason,
      data: { applicationId: input.applicationId },
    });
    await notifyPerson(
      tx,
      application.userId,
      status === "approved" ? "applicationApproved" : "applicationRejected",
      { applicationId: input.applicationId, reason },
      actor.userId,
    );
    return { ok: true };
  });
}
