import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { isUniqueViolation } from "#db/pg-errors";
import { lecturerCandidacies, lecturerEvents, lecturerPool, lecturerTrialScores, organizations, towns, users } from "#db/schema";
import { addRoleGrantInTx } from "../accounts/people.server";
import { appendArchiveEvent } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import type { Actor } from "../auth/access";
import { forgetUserSessions } from "../auth/session-cache.server";
import { AppError, forbidden, notFound } from "../errors";
import { notifyPerson } from "../notifications/notifications.server";
import { blobStore } from "../storage/storage.server";
import { removeOrphans, restoreMissing, storeFiles, type StoredFile } from "../storage/stored-files.server";
import { checkUploads, type UploadedFile, type UploadProblem } from "../storage/uploads";
import {
  ADMISSION_THRESHOLD,
  averageTenths,
  candidacySteps,
  isOpenCandidacy,
  mayAdmit,
  nextCandidacyStatus,
  type CandidacyStatus,
  type LecturerRoute,
  type NominationInput,
  type ProfileInput,
} from "./rules";
import { assertManage, manageScope, placesOf, type PersonPlace } from "./scope.server";
import { joinPersonPlace } from "../org-tree/person-place.server";

/**
 * 师资库 candidacies (docs/decisions/024): self-nomination by anyone signed in, invitation or
 * recommendation by a unit recorded by the county admin; the trial lecture (试讲) and its panel
 * scores; the decision. Every step about a person is written with its history row, audit row,
 * archive event and notice in one transaction; admission grants the county's `lecturer` role.
 */

/** The sample file: one image or PDF, at most 10 MB, type by content (the supervision attachments' code path). */
export const SAMPLE_LIMITS = { maxFiles: 1, maxBytes: 10 * 1024 * 1024, maxNameLength: 120 } as const;

export type NominateOutcome =
  | { ok: true; candidacyId: number }
  | {
      ok: false;
      code: "alreadyOpen" | "alreadyMember" | "personNotFound" | "personOutOfCounty" | "self" | "orgNotInCounty";
      problems?: undefined;
    }
  | { ok: false; code: "file"; problems: UploadProblem[] };

/** Whether the person may start a candidacy in the county: none open, not already in the pool (active or suspended). */
async function blockingReason(tx: DbOrTx, userId: number, countyId: number): Promise<"alreadyOpen" | "alreadyMember" | null> {
  const [open] = await tx
    .select({ id: lecturerCandidacies.id })
    .from(lecturerCandidacies)
    .where(
      and(
        eq(lecturerCandidacies.userId, userId),
        eq(lecturerCandidacies.countyId, countyId),
        inArray(lecturerCandidacies.status, ["applied", "trial_scheduled", "trial_recorded"]),
      ),
    );
  if (open) return "alreadyOpen";
  const [member] = await tx
    .select({ status: lecturerPool.status })
    .from(lecturerPool)
    .where(and(eq(lecturerPool.userId, userId), eq(lecturerPool.countyId, countyId)));
  if (member && member.status !== "retired") return "alreadyMember";
  return null;
}

async function createCandidacy(
  actor: Actor,
  person: PersonPlace,
  route: LecturerRoute,
  profile: ProfileInput,
  extra: { organizationId: number | null; recommendation: string },
  files: readonly UploadedFile[],
  meta: RequestMeta,
  now: Date,
): Promise<NominateOutcome> {
  const blocked = await blockingReason(db(), person.userId, person.countyId);
  if (blocked) return { ok: false, code: blocked };
  const checked = checkUploads(files, SAMPLE_LIMITS);
  if (!checked.ok) return { ok: false, code: "file", problems: checked.problems };
  const stored: StoredFile[] = await storeFiles(checked.files);
  const sample = stored[0] ?? null;
  try {
    const candidacyId = await db().transaction(async (tx) => {
      const [row] = await tx
        .insert(lecturerCandidacies)
        .values({
          userId: person.userId,
          countyId: person.countyId,
          route,
          recommendingOrgId: extra.organizationId,
          recommendation: extra.recommendation,
          areas: profile.areas,
          title: profile.title,
          employer: profile.employer,
          bio: profile.bio,
          sampleOutline: profile.sampleOutline,
          sampleKey: sample?.key ?? null,
          sampleName: sample?.name ?? null,
          sampleMediaType: sample?.mediaType ?? null,
          sampleSize: sample?.size ?? null,
          sampleSha256: sample?.sha256 ?? null,
          status: "applied",
          createdBy: actor.userId,
          createdAt: now,
        })
        .returning({ id: lecturerCandidacies.id });
      await tx.insert(lecturerEvents).values({
        userId: person.userId,
        countyId: person.countyId,
        candidacyId: row.id,
        kind: "applied",
        reason: extra.recommendation,
        actorId: actor.userId,
        occurredAt: now,
      });
      await writeAudit(tx, {
        actorId: actor.userId,
        action: `lecturer.${route === "self" ? "apply" : route === "invitation" ? "invite" : "recommend"}`,
        entityType: "lecturer_candidacy",
        entityId: row.id,
        countyId: person.countyId,
        after: {
          userId: person.userId,
          route,
          areas: profile.areas,
          organizationId: extra.organizationId,
          sample: sample ? { sha256: sample.sha256, mediaType: sample.mediaType, size: sample.size } : null,
        },
        meta,
      });
      await appendArchiveEvent(tx, {
        userId: person.userId,
        type: "lecturerNominated",
        actorId: actor.userId,
        reason: extra.recommendation || null,
        occurredAt: now,
        data: { candidacyId: row.id, route, areas: profile.areas, organizationId: extra.organizationId },
      });
      if (route !== "self") await notifyPerson(tx, person.userId, "lecturerNominated", { candidacyId: row.id, route }, actor.userId);
      return row.id;
    });
    await restoreMissing(stored);
    return { ok: true, candidacyId };
  } catch (error) {
    await removeOrphans(stored);
    if (isUniqueViolation(error)) return { ok: false, code: "alreadyOpen" };
    throw error;
  }
}

/** 自荐: the signed-in person applies to their county's pool. */
export async function selfNominate(
  actor: Actor,
  profile: ProfileInput,
  files: readonly UploadedFile[],
  meta: RequestMeta,
  now = new Date(),
): Promise<NominateOutcome> {
  const [person] = await placesOf(db(), { userIds: [actor.userId] });
  if (!person) throw notFound("person");
  return createCandidacy(actor, person, "self", profile, { organizationId: null, recommendation: "" }, files, meta, now);
}

/** 邀请 / 单位推荐: the county admin records a candidacy for a person of their county (never themselves). */
export async function nominateLecturer(
  actor: Actor,
  input: NominationInput,
  files: readonly UploadedFile[],
  meta: RequestMeta,
  now = new Date(),
): Promise<NominateOutcome> {
  const { all, countyIds } = manageScope(actor);
  if (!all && !countyIds.length) throw forbidden();
  const [person] = await placesOf(db(), { phone: input.phone });
  if (!person) return { ok: false, code: "personNotFound" };
  if (!all && !countyIds.includes(person.countyId)) return { ok: false, code: "personOutOfCounty" };
  if (person.userId === actor.userId) return { ok: false, code: "self" };
  let organizationId: number | null = null;
  if (input.route === "recommendation") {
    const [org] = await db()
      .select({ id: organizations.id, countyId: towns.countyId })
      .from(organizations)
      .innerJoin(towns, eq(towns.id, organizations.townId))
      .where(eq(organizations.id, input.organizationId ?? -1));
    if (!org || org.countyId !== person.countyId) return { ok: false, code: "orgNotInCounty" };
    organizationId = org.id;
  }
  const { route, phone: _phone, organizationId: _org, recommendation, ...profile } = input;
  return createCandidacy(
    actor,
    person,
    route,
    profile,
    { organizationId, recommendation: route === "recommendation" ? recommendation : "" },
    files,
    meta,
    now,
  );
}

/** The candidacy row, locked, after the scope and conflict-of-interest check (404 / 403). */
async function lockCandidacy(tx: DbOrTx, actor: Actor, candidacyId: number) {
  const [row] = await tx.select().from(lecturerCandidacies).where(eq(lecturerCandidacies.id, candidacyId)).for("update");
  if (!row) throw notFound(`candidacy ${candidacyId}`);
  assertManage(actor, { countyId: row.countyId, subjectId: row.userId });
  return row;
}

function moveOrConflict(status: CandidacyStatus, step: Parameters<typeof nextCandidacyStatus>[1]): CandidacyStatus {
  const next = nextCandidacyStatus(status, step);
  if (!next) throw new AppError("conflict", `candidacy is ${status}; ${step} not allowed`);
  return next;
}

/** 安排试讲: date and topic (may be moved before it is recorded); the person is told. */
export async function scheduleTrial(
  actor: Actor,
  candidacyId: number,
  input: { trialOn: string; trialTopic: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  await db().transaction(async (tx) => {
    const row = await lockCandidacy(tx, actor, candidacyId);
    const next = moveOrConflict(row.status, "scheduleTrial");
    await tx
      .update(lecturerCandidacies)
      .set({ status: next, trialOn: input.trialOn, trialTopic: input.trialTopic })
      .where(eq(lecturerCandidacies.id, row.id));
    await tx.insert(lecturerEvents).values({
      userId: row.userId,
      countyId: row.countyId,
      candidacyId: row.id,
      kind: "trial_scheduled",
      reason: `${input.trialOn} ${input.trialTopic}`,
      actorId: actor.userId,
      occurredAt: now,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "lecturer.trial.schedule",
      entityType: "lecturer_candidacy",
      entityId: row.id,
      countyId: row.countyId,
      before: { trialOn: row.trialOn, trialTopic: row.trialTopic },
      after: input,
      meta,
    });
    await notifyPerson(
      tx,
      row.userId,
      "lecturerTrialScheduled",
      { candidacyId: row.id, trialOn: input.trialOn, topic: input.trialTopic },
      actor.userId,
    );
  });
}

/** 试讲评分: the panel's scores (written once), their average; into the person's archive. */
export async function recordTrial(
  actor: Actor,
  candidacyId: number,
  judges: readonly { judgeName: string; judgeRole: string; score: number; comment: string }[],
  meta: RequestMeta,
  now = new Date(),
): Promise<{ averageTenths: number }> {
  const average = averageTenths(judges.map((j) => j.score));
  if (average === null) throw new AppError("badRequest", "no scores");
  await db().transaction(async (tx) => {
    const row = await lockCandidacy(tx, actor, candidacyId);
    const next = moveOrConflict(row.status, "recordTrial");
    await tx
      .insert(lecturerTrialScores)
      .values(judges.map((j) => ({ candidacyId: row.id, ...j, recordedBy: actor.userId, recordedAt: now })));
    await tx.update(lecturerCandidacies).set({ status: next, trialAverageTenths: average }).where(eq(lecturerCandidacies.id, row.id));
    await tx.insert(lecturerEvents).values({
      userId: row.userId,
      countyId: row.countyId,
      candidacyId: row.id,
      kind: "trial_recorded",
      reason: "",
      actorId: actor.userId,
      occurredAt: now,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "lecturer.trial.record",
      entityType: "lecturer_candidacy",
      entityId: row.id,
      countyId: row.countyId,
      after: { judges, averageTenths: average },
      meta,
    });
    await appendArchiveEvent(tx, {
      userId: row.userId,
      type: "lecturerTrialRecorded",
      actorId: actor.userId,
      occurredAt: now,
      data: { candidacyId: row.id, trialOn: row.trialOn ?? "", topic: row.trialTopic ?? "", averageTenths: average, judges: judges.length },
    });
  });
  return { averageTenths: average };
}

export type DecideOutcome =
  { ok: true } | { ok: false; code: "notRecorded" | "belowThreshold"; averageTenths: number | null; threshold: number };

/**
 * 入库决定: admit (trial recorded, average ≥ threshold) — pool membership, the county's `lecturer`
 * role (audited as a grant) — or reject with a reason. Never about oneself (403; the database
 * refuses it too).
 */
export async function decideCandidacy(
  actor: Actor,
  candidacyId: number,
  input: { decision: "admit" | "reject"; reason: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<DecideOutcome> {
  const outcome = await db().transaction(async (tx): Promise<DecideOutcome & { userId?: number }> => {
    const row = await lockCandidacy(tx, actor, candidacyId);
    if (input.decision === "admit") {
      const check = mayAdmit(row.status, row.trialAverageTenths, ADMISSION_THRESHOLD);
      if (!check.ok) {
        if (!isOpenCandidacy(row.status)) throw new AppError("conflict", `candidacy is ${row.status}`);
        return check;
      }
    } else moveOrConflict(row.status, "reject");
    const status = input.decision === "admit" ? "admitted" : "rejected";
    await tx
      .update(lecturerCandidacies)
      .set({ status, decisionReason: input.reason, decidedBy: actor.userId, decidedAt: now })
      .where(eq(lecturerCandidacies.id, row.id));
    let memberId: number | null = null;
    if (input.decision === "admit") {
      const [member] = await tx
        .insert(lecturerPool)
        .values({
          userId: row.userId,
          countyId: row.countyId,
          candidacyId: row.id,
          status: "active",
          areas: row.areas,
          title: row.title,
          employer: row.employer,
          bio: row.bio,
          admittedAt: now,
        })
        .onConflictDoUpdate({
          // a retired lecturer admitted again: the membership row starts over (its history stays in lecturer_events)
          target: [lecturerPool.userId, lecturerPool.countyId],
          set: {
            candidacyId: row.id,
            status: "active",
            areas: row.areas,
            title: row.title,
            employer: row.employer,
            bio: row.bio,
            admittedAt: now,
          },
          setWhere: sql`${lecturerPool.status} = 'retired'`,
        })
        .returning({ id: lecturerPool.id });
      if (!member) throw new AppError("conflict", "already in the pool");
      memberId = member.id;
      await addRoleGrantInTx(tx, {
        userId: row.userId,
        role: "lecturer",
        countyId: row.countyId,
        townId: null,
        actorId: actor.userId,
        auditCountyId: row.countyId,
        meta,
        reason: "lecturer.admit",
      });
    }
    await tx.insert(lecturerEvents).values({
      userId: row.userId,
      countyId: row.countyId,
      candidacyId: row.id,
      memberId,
      kind: status,
      reason: input.reason,
      actorId: actor.userId,
      occurredAt: now,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: input.decision === "admit" ? "lecturer.admit" : "lecturer.reject",
      entityType: "lecturer_candidacy",
      entityId: row.id,
      countyId: row.countyId,
      before: { status: row.status },
      after: { status, reason: input.reason, averageTenths: row.trialAverageTenths, memberId },
      meta,
    });
    if (memberId !== null) {
      await appendArchiveEvent(tx, {
        userId: row.userId,
        type: "lecturerAdmitted",
        actorId: actor.userId,
        reason: input.reason || null,
        occurredAt: now,
        data: { candidacyId: row.id, memberId, averageTenths: row.trialAverageTenths },
      });
    } else {
      await appendArchiveEvent(tx, {
        userId: row.userId,
        type: "lecturerRejected",
        actorId: actor.userId,
        reason: input.reason || null,
        occurredAt: now,
        data: { candidacyId: row.id },
      });
    }
    await notifyPerson(tx, row.userId, "lecturerDecision", { candidacyId: row.id, decision: status, reason: input.reason }, actor.userId);
    return { ok: true, userId: row.userId };
  });
  // cached sessions carry the grants: the person's next request sees the lecturer role
  if (outcome.ok && outcome.userId) forgetUserSessions(outcome.userId);
  return outcome.ok ? { ok: true } : outcome;
}

// ---------------------------------------------------------------- reads

export interface CandidacyRow {
  id: number;
  userId: number;
  name: string;
  townName: string;
  route: LecturerRoute;
  areas: string[];
  title: string;
  employer: string;
  status: CandidacyStatus;
  trialOn: string | null;
  trialAverageTenths: number | null;
  createdAt: Date;
  self: boolean;
}

/** 候选人队列: the candidacies of the counties the actor manages, newest first, filtered by route and status. */
export async function candidacyQueue(actor: Actor, filter: { route?: LecturerRoute; status?: CandidacyStatus }): Promise<CandidacyRow[]> {
  const { all, countyIds } = manageScope(actor);
  if (!all && !countyIds.length) throw forbidden();
  const conditions = [
    all ? sql`true` : inArray(lecturerCandidacies.countyId, countyIds),
    filter.route ? eq(lecturerCandidacies.route, filter.route) : sql`true`,
    filter.status ? eq(lecturerCandidacies.status, filter.status) : sql`true`,
  ];
  const rows = await joinPersonPlace(
    db()
      .select({
        id: lecturerCandidacies.id,
        userId: lecturerCandidacies.userId,
        name: users.name,
        townName: towns.name,
        route: lecturerCandidacies.route,
        areas: lecturerCandidacies.areas,
        title: lecturerCandidacies.title,
        employer: lecturerCandidacies.employer,
        status: lecturerCandidacies.status,
        trialOn: lecturerCandidacies.trialOn,
        trialAverageTenths: lecturerCandidacies.trialAverageTenths,
        createdAt: lecturerCandidacies.createdAt,
      })
      .from(lecturerCandidacies)
      .innerJoin(users, eq(users.id, lecturerCandidacies.userId))
      .$dynamic(),
  )
    .where(and(...conditions))
    .orderBy(
      sql`${lecturerCandidacies.status} in ('admitted','rejected')`,
      desc(lecturerCandidacies.createdAt),
      desc(lecturerCandidacies.id),
    )
    .limit(500);
  return rows.map((r) => ({ ...r, self: r.userId === actor.userId }));
}

async function eventsOf(where: ReturnType<typeof eq>) {
  return db()
    .select({
      id: lecturerEvents.id,
      kind: lecturerEvents.kind,
      reason: lecturerEvents.reason,
      occurredAt: lecturerEvents.occurredAt,
      actorName: users.name,
      candidacyId: lecturerEvents.candidacyId,
    })
    .from(lecturerEvents)
    .innerJoin(users, eq(users.id, lecturerEvents.actorId))
    .where(where)
    .orderBy(asc(lecturerEvents.occurredAt), asc(lecturerEvents.id));
}

/** One candidacy for its county's admin: profile, sample, trial panel, history, what may be done. */
export async function candidacyDetail(actor: Actor, candidacyId: number) {
  const [row] = await db().select().from(lecturerCandidacies).where(eq(lecturerCandidacies.id, candidacyId));
  if (!row) throw notFound(`candidacy ${candidacyId}`);
  const { all, countyIds } = manageScope(actor);
  if (!all && !countyIds.includes(row.countyId)) throw forbidden("lecturer pool of another county");
  const [person] = await placesOf(db(), { userIds: [row.userId] });
  const [org] = row.recommendingOrgId
    ? await db().select({ name: organizations.name }).from(organizations).where(eq(organizations.id, row.recommendingOrgId))
    : [];
  const scores = await db()
    .select({
      judgeName: lecturerTrialScores.judgeName,
      judgeRole: lecturerTrialScores.judgeRole,
      score: lecturerTrialScores.score,
      comment: lecturerTrialScores.comment,
    })
    .from(lecturerTrialScores)
    .where(eq(lecturerTrialScores.candidacyId, row.id))
    .orderBy(asc(lecturerTrialScores.id));
  const history = await eventsOf(eq(lecturerEvents.candidacyId, row.id));
  const self = row.userId === actor.userId;
  return {
    candidacy: {
      id: row.id,
      route: row.route,
      areas: row.areas,
      title: row.title,
      employer: row.employer,
      bio: row.bio,
      sampleOutline: row.sampleOutline,
      sample: row.sampleKey ? { name: row.sampleName ?? "", mediaType: row.sampleMediaType, size: row.sampleSize ?? 0 } : null,
      recommendingOrg: org?.name ?? null,
      recommendation: row.recommendation,
      status: row.status,
      trialOn: row.trialOn,
      trialTopic: row.trialTopic,
      trialAverageTenths: row.trialAverageTenths,
      decisionReason: row.decisionReason,
      decidedAt: row.decidedAt,
      createdAt: row.createdAt,
    },
    person: person ?? null,
    scores,
    history,
    self,
    steps: self ? [] : candidacySteps(row.status),
    threshold: ADMISSION_THRESHOLD,
  };
}

/** 申请加入师资库: the person's own candidacies (with their history) and pool memberships. */
export async function myLecturerStatus(actor: Actor) {
  const candidacies = await db()
    .select({
      id: lecturerCandidacies.id,
      countyId: lecturerCandidacies.countyId,
      route: lecturerCandidacies.route,
      areas: lecturerCandidacies.areas,
      status: lecturerCandidacies.status,
      trialOn: lecturerCandidacies.trialOn,
      trialTopic: lecturerCandidacies.trialTopic,
      trialAverageTenths: lecturerCandidacies.trialAverageTenths,
      decisionReason: lecturerCandidacies.decisionReason,
      createdAt: lecturerCandidacies.createdAt,
      hasSample: sql<boolean>`${lecturerCandidacies.sampleKey} is not null`,
    })
    .from(lecturerCandidacies)
    .where(eq(lecturerCandidacies.userId, actor.userId))
    .orderBy(desc(lecturerCandidacies.createdAt), desc(lecturerCandidacies.id));
  const memberships = await db()
    .select({
      id: lecturerPool.id,
      countyId: lecturerPool.countyId,
      status: lecturerPool.status,
      areas: lecturerPool.areas,
      admittedAt: lecturerPool.admittedAt,
    })
    .from(lecturerPool)
    .where(eq(lecturerPool.userId, actor.userId));
  const history = await eventsOf(eq(lecturerEvents.userId, actor.userId));
  const [place] = await placesOf(db(), { userIds: [actor.userId] });
  const blocked = place ? await blockingReason(db(), actor.userId, place.countyId) : null;
  return { candidacies, memberships, history, countyName: place?.countyName ?? "", canApply: blocked === null, blocked };
}

/** The organizations of the counties the actor manages (the 单位推荐 form). */
export async function recommendingOrganizations(actor: Actor) {
  const { all, countyIds } = manageScope(actor);
  if (!all && !countyIds.length) throw forbidden();
  return db()
    .select({ id: organizations.id, name: organizations.name, townName: towns.name })
    .from(organizations)
    .innerJoin(towns, eq(towns.id, organizations.townId))
    .where(all ? sql`true` : inArray(towns.countyId, countyIds))
    .orderBy(towns.name, organizations.name)
    .limit(2000);
}

/** The sample file of a candidacy: to the person themselves or the county's admin (404 / 403 otherwise). */
export async function readSample(actor: Actor, candidacyId: number) {
  const [row] = await db()
    .select({
      userId: lecturerCandidacies.userId,
      countyId: lecturerCandidacies.countyId,
      key: lecturerCandidacies.sampleKey,
      name: lecturerCandidacies.sampleName,
      mediaType: lecturerCandidacies.sampleMediaType,
    })
    .from(lecturerCandidacies)
    .where(eq(lecturerCandidacies.id, candidacyId));
  if (!row || !row.key || !row.mediaType) throw notFound(`sample ${candidacyId}`);
  const { all, countyIds } = manageScope(actor);
  if (row.userId !== actor.userId && !all && !countyIds.includes(row.countyId)) throw forbidden();
  const bytes = await blobStore().get(row.key);
  if (!bytes) throw notFound("sample file missing");
  return { bytes, mediaType: row.mediaType, name: row.name ?? "样稿" };
}
