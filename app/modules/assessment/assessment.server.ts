import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { assessmentOutcomes, assessmentProposals, assessmentRounds, auditLog, notifications } from "#db/schema";
import { rowsOf } from "#db/sql-text.server";
import { appendArchiveEvent, appendArchiveEvents } from "../archive/archive.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, scopeOf, type Actor } from "../auth/access";
import { changeStatus, issueByDecision, type CertificateRef } from "../certificates/issue.server";
import type { CertificateStatus } from "../certificates/status";
import { AppError, forbidden, notFound } from "../errors";
import { LEVELS, type Level } from "../exams/types";
import {
  formatCreditHours,
  hoursMet,
  requiredSeconds as requiredSecondsOf,
  studyAmount,
  type CreditHourSettings,
} from "../hours/study-hours";
import { trainingYear } from "../hours/training-year";
import { studySettings } from "../learning/config.server";
import { notifyPerson } from "../notifications/notifications.server";
import { supervisionSummary } from "../supervision/records.server";
import {
  correctionChange,
  gradeCounts,
  planApply,
  planKey,
  proposalProblems,
  roundAllows,
  type ApplyPlan,
  type AssessmentGrade,
  type ProposalProblem,
  type RoundMember,
  type RoundState,
} from "./rules";
import { personPlaceJoinSql } from "../org-tree/person-place.server";

/**
 * 年度考核 use cases. The county admin opens a round for a year; town officers propose a grade for
 * each navigator of their town (evidence beside each); the county admin reviews, changes any with a
 * reason, previews the consequences and applies the round in ONE transaction: every certificate
 * status change, every new lower certificate, outcome rows, archive events, audit rows and notices —
 * all or nothing. An applied round is closed; a correction afterwards is a new outcome row.
 *
 * Members of a round: the people of the county who hold a current (valid or on-hold) certificate,
 * read afresh when the round is applied. Nobody proposes, changes or applies a grade about
 * themselves (an admin who is a member of the round leaves applying it to a colleague).
 */

/** Same advisory-lock space as issuance (certificates/issue.server.ts): one decision per person at a time. */
const LOCK_SPACE = 7410;
const CHUNK = 1000;

export interface RoundRow {
  id: number;
  countyId: number;
  countyName: string;
  year: number;
  state: RoundState;
  openedAt: Date;
  appliedAt: Date | null;
}

export interface MemberRow extends RoundMember {
  name: string;
  organizationName: string;
  townName: string;
  certificateId: number;
  number: string;
  status: CertificateStatus;
}

export interface ProposalRow {
  grade: AssessmentGrade;
  basis: string;
  reason: string | null;
  stage: "proposed" | "changed";
  actorName: string;
  at: Date;
}

/* ------------------------------------------------------------------ scope */

function countiesOf(
  actor: Actor,
  action: "propose:assessment" | "decide:assessment",
): { all: boolean; countyIds: number[]; townIds: number[] } {
  const scope = scopeOf(actor, action);
  return { all: scope.all, countyIds: scope.countyIds, townIds: scope.townIds };
}

/** The towns of a round the actor may propose for (null: all of them), or forbidden. */
function proposableTowns(actor: Actor, round: { countyId: number }): number[] | null {
  const scope = countiesOf(actor, "propose:assessment");
  if (scope.all || scope.countyIds.includes(round.countyId)) return null;
  if (scope.townIds.length) return scope.townIds;
  throw forbidden();
}

function mayDecide(actor: Actor, round: { countyId: number }): boolean {
  return canAct(actor, "decide:assessment", { countyId: round.countyId });
}

async function loadRound(tx: DbOrTx, roundId: number, lock = false): Promise<RoundRow> {
  const [row] = rowsOf<{
    id: number;
    county_id: number;
    county_name: string;
    year: number;
    state: RoundState;
    opened_at: Date | string;
    applied_at: Date | string | null;
  }>(
    await tx.execute(sql`
      select r.id, r.county_id, c.name as county_name, r.year, r.state, r.opened_at, r.applied_at
      from assessment_rounds r join counties c on c.id = r.county_id
      where r.id = ${roundId} ${lock ? sql`for update of r` : sql``}`),
  );
  if (!row) throw notFound();
  return {
    id: Number(row.id),
    countyId: Number(row.county_id),
    countyName: row.county_name,
    year: Number(row.year),
    state: row.state,
    openedAt: new Date(row.opened_at),
    appliedAt: row.applied_at ? new Date(row.applied_at) : null,
  };
}

/** A round the actor may see: proposers of its county or of one of its towns, deciders of its county. */
async function visibleRound(actor: Actor, roundId: number): Promise<{ round: RoundRow; towns: number[] | null; decide: boolean }> {
  const round = await loadRound(db(), roundId);
  const decide = mayDecide(actor, round);
  let towns: number[] | null;
  try {
    towns = proposableTowns(actor, round);
  } catch (error) {
    if (!decide) throw error;
    towns = null;
  }
  if (towns) {
    const inCounty = rowsOf<{ id: number }>(
      await db().execute(
        sql`select id from towns where county_id = ${round.countyId} and id in ${sql.raw(`(${towns.map(Number).join(",")})`)}`,
      ),
    );
    if (!inCounty.length && !decide) throw forbidden();
    towns = inCounty.map((t) => Number(t.id));
  }
  return { round, towns, decide };
}

/* ------------------------------------------------------------------ reads */

/** Members of a county's round (optionally only some towns): current certificate holders now. */
async function membersOf(tx: DbOrTx, countyId: number, townIds: number[] | null): Promise<MemberRow[]> {
  const rows = rowsOf<{
    user_id: number;
    town_id: number;
    level: Level;
    name: string;
    organization_name: string;
    town_name: string;
    certificate_id: number;
    number: string;
    status: CertificateStatus;
  }>(
    await tx.execute(sql`
      select c.user_id, o.town_id, c.level, u.name, o.name as organization_name, t.name as town_name, c.id as certificate_id, c.number, c.status
      from certificates c
      join users u on u.id = c.user_id
      ${personPlaceJoinSql}
      where c.county_id = ${countyId} and c.status in ('valid', 'on_hold')
        ${townIds ? sql`and o.town_id in ${sql.raw(`(${townIds.length ? townIds.map(Number).join(",") : "0"})`)}` : sql``}
      order by t.name, array_position(array['senior','intermediate','junior'], c.level), u.name, c.user_id`),
  );
  return rows.map((r) => ({
    userId: Number(r.user_id),
    townId: Number(r.town_id),
    level: r.level,
    name: r.name,
    organizationName: r.organization_name,
    townName: r.town_name,
    certificateId: Number(r.certificate_id),
    number: r.number,
    status: r.status,
  }));
}

/** The latest proposal (or the county's change) per person in a round. */
async function latestProposals(tx: DbOrTx, roundId: number): Promise<Map<number, ProposalRow>> {
  const rows = rowsOf<{
    user_id: number;
    grade: AssessmentGrade;
    basis: string;
    reason: string | null;
    stage: "proposed" | "changed";
    actor_name: string;
    at: Date | string;
  }>(
    await tx.execute(sql`
      select distinct on (p.user_id) p.user_id, p.grade, p.basis, p.reason, p.stage, u.name as actor_name, p.at
      from assessment_proposals p join users u on u.id = p.actor_id
      where p.round_id = ${roundId}
      order by p.user_id, p.id desc`),
  );
  return new Map(
    rows.map((r) => [
      Number(r.user_id),
      { grade: r.grade, basis: r.basis, reason: r.reason, stage: r.stage, actorName: r.actor_name, at: new Date(r.at) },
    ]),
  );
}

export interface Evidence {
  creditedSeconds: number;
  requiredSeconds: number;
  metHours: boolean;
  /** the same as the page shows it: 学时 credited and required (one decimal, rounded down), whole minutes credited */
  display: { hours: string; required: string; minutes: number };
  exams: { title: string; kind: "certification" | "annual"; markTenths: number | null; maxMarkTenths: number; passed: boolean | null }[];
  /** 走访考察 of the year (supervision module): visits, the last one, their judgements, warnings and praise */
  supervision: { visits: number; lastVisitOn: string | null; judgements: string[]; warnings: number; praise: number };
}

/** What a town officer sees beside each navigator: the year's 学时 against the requirement, the year's released exam results. */
async function evidenceOf(tx: DbOrTx, userIds: number[], year: number, settings: CreditHourSettings): Promise<Map<number, Evidence>> {
  const out = new Map<number, Evidence>();
  if (!userIds.length) return out;
  const requiredSeconds = requiredSecondsOf(settings);
  const ids = sql.raw(`(${userIds.map(Number).join(",")})`);
  const [totals, exams] = await Promise.all([
    tx.execute(
      sql`select user_id, online_seconds + offline_seconds as credited from study_year_totals where year = ${year} and user_id in ${ids}`,
    ),
    tx.execute(sql`
      select a.user_id, e.title, e.kind, a.mark_tenths, a.max_mark_tenths, a.passed
      from exam_attempts a join exams e on e.id = a.exam_id
      where a.user_id in ${ids} and a.released_at is not null
        and a.released_at >= ${yearBound(year)} and a.released_at < ${yearBound(year + 1)}
      order by a.released_at`),
  ]);
  for (const id of userIds)
    out.set(id, {
      creditedSeconds: 0,
      requiredSeconds,
      metHours: false,
      display: { hours: "", required: "", minutes: 0 },
      exams: [],
      supervision: { visits: 0, lastVisitOn: null, judgements: [], warnings: 0, praise: 0 },
    });
  for (const s of await supervisionSummary(tx, userIds, year)) {
    const e = out.get(s.userId);
    if (!e) continue;
    e.supervision = {
      visits: s.visits,
      lastVisitOn: s.lastVisitOn,
      judgements: s.judgements.filter((j) => j.occurredOn.startsWith(String(year))).map((j) => j.judgement),
      warnings: s.warnings.filter((w) => w.occurredOn.startsWith(String(year))).length,
      praise: s.praise.filter((p) => p.occurredOn.startsWith(String(year))).length,
    };
  }
  for (const r of rowsOf<{ user_id: number; credited: number | string }>(totals)) {
    const e = out.get(Number(r.user_id))!;
    e.creditedSeconds = Number(r.credited);
  }
  for (const r of rowsOf<{
    user_id: number;
    title: string;
    kind: "certification" | "annual";
    mark_tenths: number | null;
    max_mark_tenths: number;
    passed: boolean | null;
  }>(exams)) {
    out.get(Number(r.user_id))!.exams.push({
      title: r.title,
      kind: r.kind,
      markTenths: r.mark_tenths === null ? null : Number(r.mark_tenths),
      maxMarkTenths: Number(r.max_mark_tenths),
      passed: r.passed,
    });
  }
  const required = formatCreditHours(requiredSeconds, settings.minutesPerCreditHour);
  for (const e of out.values()) {
    e.metHours = hoursMet(e.creditedSeconds, settings);
    const amount = studyAmount(e.creditedSeconds, settings.minutesPerCreditHour);
    e.display = { hours: amount.hours, required, minutes: amount.minutes };
  }
  return out;
}

/** 00:00 of 1 January of a year in Asia/Shanghai, as an ISO string. */
function yearBound(year: number): string {
  return new Date(Date.UTC(year, 0, 1) - 8 * 3600_000).toISOString();
}

/** Rounds the actor may see (their county's), newest year first, with progress. */
export async function listRounds(actor: Actor) {
  const propose = countiesOf(actor, "propose:assessment");
  const decide = countiesOf(actor, "decide:assessment");
  if (!propose.all && !decide.all && !propose.countyIds.length && !propose.townIds.length && !decide.countyIds.length) throw forbidden();
  const countyIds = new Set([...propose.countyIds, ...decide.countyIds]);
  if (propose.townIds.length) {
    for (const r of rowsOf<{ county_id: number }>(
      await db().execute(sql`select distinct county_id from towns where id in ${sql.raw(`(${propose.townIds.map(Number).join(",")})`)}`),
    ))
      countyIds.add(Number(r.county_id));
  }
  const all = propose.all || decide.all;
  const rows = rowsOf<{
    id: number;
    county_id: number;
    county_name: string;
    year: number;
    state: RoundState;
    opened_at: Date | string;
    applied_at: Date | string | null;
  }>(
    await db().execute(sql`
      select r.id, r.county_id, c.name as county_name, r.year, r.state, r.opened_at, r.applied_at
      from assessment_rounds r join counties c on c.id = r.county_id
      where ${all ? sql`true` : sql`r.county_id in ${sql.raw(`(${[...countyIds].join(",") || "0"})`)}`}
      order by r.year desc, c.name`),
  );
  return {
    rounds: rows.map((r) => ({
      id: Number(r.id),
      countyId: Number(r.county_id),
      countyName: r.county_name,
      year: Number(r.year),
      state: r.state,
      openedAt: new Date(r.opened_at),
      appliedAt: r.applied_at ? new Date(r.applied_at) : null,
    })),
    /** the counties where the actor may open a round */
    openableCountyIds: decide.countyIds,
  };
}

/** More members than this on one page (a county of 5,000: megabytes of cards) and the page asks for a town first. */
export const ROUND_PAGE_MEMBERS = 300;

/**
 * The round page: members in the actor's towns with evidence and grade; counts per grade by town.
 * When the actor sees more than `pageLimit` members and chose no town, the cards are left out
 * (`tooMany`: how many there are) and the page asks for a town; the counts still cover everyone.
 */
export async function roundPage(actor: Actor, roundId: number, filter: { townId?: number }, pageLimit = ROUND_PAGE_MEMBERS) {
  const { round, towns, decide } = await visibleRound(actor, roundId);
  let townIds = towns;
  if (filter.townId) townIds = (towns ?? [filter.townId]).filter((t) => t === filter.townId);
  if (round.state === "applied") {
    const outcomes = await outcomesOf(db(), round.id, townIds);
    return { round, decide, members: [], tooMany: 0, outcomes, counts: [], missing: 0, towns: await townsOf(round.countyId, towns) };
  }
  const members = await membersOf(db(), round.countyId, townIds);
  const tooMany = !filter.townId && members.length > pageLimit ? members.length : 0;
  const shown = tooMany ? [] : members;
  const [proposals, evidence] = await Promise.all([
    latestProposals(db(), round.id),
    evidenceOf(
      db(),
      shown.map((m) => m.userId),
      round.year,
      await studySettings(),
    ),
  ]);
  const grades = new Map([...proposals].map(([id, p]) => [id, p.grade]));
  const counts = gradeCounts(members, grades);
  const townNames = new Map(members.map((m) => [m.townId, m.townName]));
  return {
    round,
    decide,
    members: shown.map((m) => ({
      ...m,
      self: m.userId === actor.userId,
      proposal: proposals.get(m.userId) ?? null,
      evidence: evidence.get(m.userId)!,
    })),
    tooMany,
    outcomes: [],
    counts: [...counts].map(([townId, c]) => ({
      townId: townId === "all" ? null : townId,
      townName: townId === "all" ? null : (townNames.get(townId) ?? ""),
      ...c,
    })),
    missing: counts.get("all")?.missing ?? 0,
    towns: await townsOf(round.countyId, towns),
  };
}

async function townsOf(countyId: number, only: number[] | null) {
  const rows = rowsOf<{ id: number; name: string }>(
    await db().execute(
      sql`select id, name from towns where county_id = ${countyId} ${only ? sql`and id in ${sql.raw(`(${only.map(Number).join(",") || "0"})`)}` : sql``} order by name`,
    ),
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

export interface OutcomeRow {
  id: number;
  userId: number;
  name: string;
  townName: string;
  grade: AssessmentGrade | null;
  outcome: "unchanged" | "downgraded" | "revoked" | "unassessed" | "restored";
  levelBefore: Level | null;
  levelAfter: Level | null;
  newNumber: string | null;
  correctsId: number | null;
  reason: string | null;
  at: Date;
}

/** What an applied round did, per person: the latest outcome row of each (a correction shows over the applied one). */
async function outcomesOf(tx: DbOrTx, roundId: number, townIds: number[] | null): Promise<OutcomeRow[]> {
  const rows = rowsOf<{
    id: number;
    user_id: number;
    name: string;
    town_name: string;
    grade: AssessmentGrade | null;
    outcome: OutcomeRow["outcome"];
    level_before: Level | null;
    level_after: Level | null;
    new_number: string | null;
    corrects_id: number | null;
    reason: string | null;
    at: Date | string;
  }>(
    await tx.execute(sql`
      select * from (
        select distinct on (x.user_id) x.id, x.user_id, u.name, t.name as town_name, x.grade, x.outcome, x.level_before, x.level_after,
          nc.number as new_number, x.corrects_id, x.reason, x.at, t.id as town_id
        from assessment_outcomes x
        join users u on u.id = x.user_id
        ${personPlaceJoinSql}
        left join certificates nc on nc.id = x.new_certificate_id
        where x.round_id = ${roundId} ${townIds ? sql`and o.town_id in ${sql.raw(`(${townIds.map(Number).join(",") || "0"})`)}` : sql``}
        order by x.user_id, x.id desc
      ) s order by s.town_name, s.name, s.user_id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    userId: Number(r.user_id),
    name: r.name,
    townName: r.town_name,
    grade: r.grade,
    outcome: r.outcome,
    levelBefore: r.level_before,
    levelAfter: r.level_after,
    newNumber: r.new_number,
    correctsId: r.corrects_id === null ? null : Number(r.corrects_id),
    reason: r.reason,
    at: new Date(r.at),
  }));
}

/** The grade of a person's last annual assessment (the latest graded outcome, corrections included), for the level rule. */
export async function lastAssessmentOf(userId: number, tx: DbOrTx = db()): Promise<AssessmentGrade | null> {
  const [row] = await tx
    .select({ grade: assessmentOutcomes.grade })
    .from(assessmentOutcomes)
    .innerJoin(assessmentRounds, eq(assessmentRounds.id, assessmentOutcomes.roundId))
    .where(and(eq(assessmentOutcomes.userId, userId), sql`${assessmentOutcomes.grade} is not null`))
    .orderBy(desc(assessmentRounds.year), desc(assessmentOutcomes.id))
    .limit(1);
  return row?.grade ?? null;
}

/* ------------------------------------------------------------------ writes */

export type OpenRoundResult = { ok: true; roundId: number } | { ok: false; error: "assessment.yearOutOfRange" | "assessment.roundExists" };

/** Opens the county's round for a year (this training year or the one before). */
export async function openRound(
  actor: Actor,
  countyId: number,
  year: number,
  meta: RequestMeta,
  now = new Date(),
): Promise<OpenRoundResult> {
  if (!canAct(actor, "decide:assessment", { countyId })) throw forbidden();
  const current = trainingYear(now);
  if (year !== current && year !== current - 1) return { ok: false, error: "assessment.yearOutOfRange" };
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(assessmentRounds)
      .values({ countyId, year, state: "open", openedBy: actor.userId, openedAt: now })
      .onConflictDoNothing()
      .returning({ id: assessmentRounds.id });
    if (!row) return { ok: false as const, error: "assessment.roundExists" as const };
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "assessment.open",
      entityType: "assessment_round",
      entityId: row.id,
      countyId,
      after: { year },
      meta,
    });
    return { ok: true as const, roundId: row.id };
  });
}

export type ProposeProblem = ProposalProblem | "roundClosed" | "notMember" | "changedByCounty" | "changeReasonRequired";
export type ProposeResult = { ok: true } | { ok: false; problems: ProposeProblem[] };

/**
 * A grade for one member: the town's proposal, or the county's change of it (a reason required).
 * Refused: someone outside the round, outside the actor's towns, the actor themselves, a closed round.
 */
export async function proposeGrade(
  actor: Actor,
  roundId: number,
  input: { userId: number; grade: AssessmentGrade; basis: string; reason?: string | null },
  meta: RequestMeta,
  now = new Date(),
): Promise<ProposeResult> {
  const { round, towns, decide } = await visibleRound(actor, roundId);
  if (input.userId === actor.userId) throw forbidden();
  // read before the transaction: on the embedded database a second connection would wait for it
  const settings = await studySettings();
  return db().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${input.userId})`);
    const locked = await loadRound(tx, round.id);
    if (!roundAllows(locked.state, "propose")) return { ok: false as const, problems: ["roundClosed" as const] };
    const [member] = (await membersOf(tx, round.countyId, null)).filter((m) => m.userId === input.userId);
    if (!member) {
      // a town officer learns nothing about people outside their towns (not even whether they hold a certificate)
      if (towns !== null) {
        const [person] = rowsOf<{ town_id: number }>(
          await tx.execute(
            sql`select o.town_id from users u join organizations o on o.id = u.organization_id where u.id = ${input.userId}`,
          ),
        );
        if (!person || !towns.includes(Number(person.town_id))) throw forbidden();
      }
      return { ok: false as const, problems: ["notMember" as const] };
    }
    const ownTown = towns === null || towns.includes(member.townId);
    if (!ownTown) throw forbidden();
    const previous = (await latestProposals(tx, round.id)).get(input.userId) ?? null;
    const asCounty = decide && (towns === null || !towns.includes(member.townId) || previous?.stage === "changed");
    // the county's change of a proposal needs a reason; a town cannot overwrite the county's change
    if (!decide && previous?.stage === "changed") return { ok: false as const, problems: ["changedByCounty" as const] };
    const stage = asCounty && previous ? ("changed" as const) : ("proposed" as const);
    const evidence = (await evidenceOf(tx, [input.userId], round.year, settings)).get(input.userId)!;
    const problems: ProposeProblem[] = proposalProblems({ ...input, reason: input.reason ?? null, metHours: evidence.metHours });
    if (stage === "changed" && !input.reason?.trim()) problems.push("changeReasonRequired");
    if (problems.length) return { ok: false as const, problems };
    await tx.insert(assessmentProposals).values({
      roundId: round.id,
      userId: input.userId,
      townId: member.townId,
      grade: input.grade,
      basis: input.basis.trim(),
      reason: input.reason?.trim() || null,
      stage,
      actorId: actor.userId,
      at: now,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: stage === "changed" ? "assessment.change" : "assessment.propose",
      entityType: "assessment_round",
      entityId: round.id,
      countyId: round.countyId,
      before: previous ? { grade: previous.grade } : null,
      after: { userId: input.userId, grade: input.grade, basis: input.basis.trim(), reason: input.reason?.trim() || null },
      meta,
    });
    return { ok: true as const };
  });
}

export interface NamedPlan extends ApplyPlan {
  names: Record<number, { name: string; townName: string; number: string }>;
  selfMember: boolean;
  /** what the apply form sends back: the apply refuses when the plan has changed since */
  fingerprint: string;
}

/** SHA-256 of the plan's canonical line (planKey). */
export function planFingerprint(plan: Pick<ApplyPlan, "outcomes">): string {
  return createHash("sha256").update(planKey(plan)).digest("hex");
}

function decidableRound(actor: Actor, round: RoundRow): void {
  if (!mayDecide(actor, round)) throw forbidden();
}

/** The preview of applying a round: every consequence, the members without a grade. Read-only. */
export async function previewApply(
  actor: Actor,
  roundId: number,
  leaveMissingUnassessed: boolean,
): Promise<NamedPlan & { round: RoundRow }> {
  const round = await loadRound(db(), roundId);
  decidableRound(actor, round);
  // an applied round has nothing left to preview (its outcomes are on the page)
  if (!roundAllows(round.state, "apply")) throw new AppError("conflict", `assessment round ${round.id} is ${round.state}`);
  const members = await membersOf(db(), round.countyId, null);
  const proposals = await latestProposals(db(), round.id);
  const plan = planApply(members, new Map([...proposals].map(([id, p]) => [id, p.grade])), leaveMissingUnassessed);
  const names = Object.fromEntries(members.map((m) => [m.userId, { name: m.name, townName: m.townName, number: m.number }]));
  return { ...plan, names, round, selfMember: members.some((m) => m.userId === actor.userId), fingerprint: planFingerprint(plan) };
}

export type ApplyResult =
  | { ok: true; counts: ApplyPlan["counts"] }
  | { ok: false; error: "assessment.alreadyApplied" | "assessment.selfMember" | "assessment.planChanged" }
  | { ok: false; error: "assessment.missingProposals"; missing: number };

const GRADE_WORD: Record<AssessmentGrade, string> = { excellent: "优秀", good: "良好", average: "一般", poor: "较差" };

/**
 * Applies a round: one transaction, all or nothing. The round row is locked first (a second apply
 * waits, then finds it applied and changes nothing); every member is locked as issuance locks them;
 * the plan is computed afresh after the locks.
 */
export async function applyRound(
  actor: Actor,
  roundId: number,
  leaveMissingUnassessed: boolean,
  meta: RequestMeta,
  now = new Date(),
  expectedPlan?: string,
): Promise<ApplyResult> {
  const peek = await loadRound(db(), roundId);
  decidableRound(actor, peek);
  return db().transaction(async (tx) => {
    const round = await loadRound(tx, roundId, true);
    if (!roundAllows(round.state, "apply")) return { ok: false as const, error: "assessment.alreadyApplied" as const };
    const before = await membersOf(tx, round.countyId, null);
    if (before.some((m) => m.userId === actor.userId)) return { ok: false as const, error: "assessment.selfMember" as const };
    const ids = [...new Set(before.map((m) => m.userId))].sort((a, b) => a - b);
    if (ids.length)
      await tx.execute(
        sql`select count(pg_advisory_xact_lock(${LOCK_SPACE}, u)) from unnest(${sql.raw(`array[${ids.join(",")}]::int[]`)}) as u`,
      );
    const members = await membersOf(tx, round.countyId, null);
    const proposals = await latestProposals(tx, round.id);
    const plan = planApply(members, new Map([...proposals].map(([id, p]) => [id, p.grade])), leaveMissingUnassessed);
    if (plan.blocked) return { ok: false as const, error: "assessment.missingProposals" as const, missing: plan.missing.length };
    // a proposal, a change or a certificate since the preview: the admin sees the new plan first
    if (expectedPlan !== undefined && planFingerprint(plan) !== expectedPlan)
      return { ok: false as const, error: "assessment.planChanged" as const };
    const memberOf = new Map(members.map((m) => [m.userId, m]));

    const outcomeRows: (typeof assessmentOutcomes.$inferInsert)[] = [];
    const archive: Parameters<typeof appendArchiveEvents>[1] = [];
    const notices: (typeof notifications.$inferInsert)[] = [];
    const audits: (typeof auditLog.$inferInsert)[] = [];
    for (const o of plan.outcomes) {
      const m = memberOf.get(o.userId)!;
      const cert: CertificateRef = {
        id: m.certificateId,
        userId: m.userId,
        countyId: round.countyId,
        number: m.number,
        level: m.level,
        status: m.status,
      };
      const reason = o.grade ? `${round.year}年度考核${GRADE_WORD[o.grade]}` : null;
      let levelAfter: Level | null = m.level;
      let newCert: { id: number; number: string } | null = null;
      if (o.change.kind === "downgraded") {
        await changeStatus(tx, cert, "downgraded", {
          actorId: actor.userId,
          meta,
          now,
          reason,
          quiet: true,
          data: { roundId: round.id, year: round.year, grade: o.grade, toLevel: o.change.to },
        });
        newCert = await issueByDecision(tx, {
          userId: m.userId,
          countyId: round.countyId,
          level: o.change.to,
          replacesId: m.certificateId,
          cause: { roundId: round.id, assessmentYear: round.year, replacedNumber: m.number },
          actorId: actor.userId,
          meta,
          now,
        });
        levelAfter = o.change.to;
      } else if (o.change.kind === "revoked") {
        await changeStatus(tx, cert, "revoked", {
          actorId: actor.userId,
          meta,
          now,
          reason,
          quiet: true,
          data: { roundId: round.id, year: round.year, grade: o.grade, publicReason: "assessment" },
        });
        levelAfter = null;
      }
      const outcome = o.change.kind === "unassessed" ? "unassessed" : o.change.kind;
      outcomeRows.push({
        roundId: round.id,
        userId: m.userId,
        grade: o.grade,
        outcome,
        levelBefore: m.level,
        levelAfter,
        certificateId: m.certificateId,
        newCertificateId: newCert?.id ?? null,
        reason: null,
        actorId: actor.userId,
        at: now,
      });
      const data = {
        roundId: round.id,
        year: round.year,
        grade: o.grade,
        outcome,
        levelBefore: m.level,
        levelAfter,
        certificateNumber: m.number,
        newCertificateNumber: newCert?.number ?? null,
      };
      archive.push({ userId: m.userId, type: "assessmentApplied", actorId: actor.userId, reason, data });
      notices.push({ userId: m.userId, kind: "assessmentResult", senderId: actor.userId, params: data });
      audits.push({
        actorId: actor.userId,
        action: "assessment.apply",
        entityType: "person",
        entityId: String(m.userId),
        countyId: round.countyId,
        before: { level: m.level, number: m.number },
        after: { grade: o.grade, outcome, level: levelAfter, number: newCert?.number ?? null, roundId: round.id },
        ip: meta.ip,
      });
    }
    for (let i = 0; i < outcomeRows.length; i += CHUNK) await tx.insert(assessmentOutcomes).values(outcomeRows.slice(i, i + CHUNK));
    for (let i = 0; i < archive.length; i += CHUNK) await appendArchiveEvents(tx, archive.slice(i, i + CHUNK));
    for (let i = 0; i < notices.length; i += CHUNK) await tx.insert(notifications).values(notices.slice(i, i + CHUNK));
    for (let i = 0; i < audits.length; i += CHUNK) await tx.insert(auditLog).values(audits.slice(i, i + CHUNK));
    await tx
      .update(assessmentRounds)
      .set({ state: "applied", appliedBy: actor.userId, appliedAt: now })
      .where(eq(assessmentRounds.id, round.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "assessment.applyRound",
      entityType: "assessment_round",
      entityId: round.id,
      countyId: round.countyId,
      after: { year: round.year, ...plan.counts, leaveMissingUnassessed },
      meta,
    });
    return { ok: true as const, counts: plan.counts };
  });
}

export type CorrectResult =
  | { ok: true; outcome: OutcomeRow["outcome"] }
  | {
      ok: false;
      error:
        | "assessment.roundOpen"
        | "assessment.notAssessed"
        | "assessment.reasonRequired"
        | "assessment.changedSince"
        | "assessment.sameGrade";
    };

/**
 * A correction after a round was applied: a new, audited decision (never an edit). The corrected
 * grade decides the level from the level held before the round: restored (a new certificate of that
 * level replaces the current one), lowered, or revoked.
 */
export async function correctOutcome(
  actor: Actor,
  roundId: number,
  input: { userId: number; grade: AssessmentGrade; reason: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<CorrectResult> {
  const round = await loadRound(db(), roundId);
  decidableRound(actor, round);
  if (input.userId === actor.userId) throw forbidden();
  if (!input.reason.trim()) return { ok: false, error: "assessment.reasonRequired" };
  return db().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${input.userId})`);
    const locked = await loadRound(tx, round.id);
    if (!roundAllows(locked.state, "correct")) return { ok: false as const, error: "assessment.roundOpen" as const };
    const [last] = await tx
      .select()
      .from(assessmentOutcomes)
      .where(and(eq(assessmentOutcomes.roundId, round.id), eq(assessmentOutcomes.userId, input.userId)))
      .orderBy(desc(assessmentOutcomes.id))
      .limit(1);
    if (!last) return { ok: false as const, error: "assessment.notAssessed" as const };
    // the grade it already has: nothing to correct (and a double-submitted form writes one correction, not two)
    if (last.grade === input.grade) return { ok: false as const, error: "assessment.sameGrade" as const };
    const [first] = await tx
      .select()
      .from(assessmentOutcomes)
      .where(and(eq(assessmentOutcomes.roundId, round.id), eq(assessmentOutcomes.userId, input.userId), sql`corrects_id is null`))
      .limit(1);
    const levelBefore = (first?.levelBefore ?? last.levelBefore) as Level;
    const [current] = rowsOf<{ id: number; level: Level; status: CertificateStatus; number: string; county_id: number }>(
      await tx.execute(
        sql`select id, level, status, number, county_id from certificates where user_id = ${input.userId} and status in ('valid','on_hold')`,
      ),
    );
    // The correction redoes what the round did, from the level held before it. That is only sound
    // while the person still holds what the round (or the last correction) left them: after an
    // upgrade by exam, a new certificate or a revocation for another reason, the level before the
    // round no longer says anything, and restoring it would downgrade or reinstate by mistake.
    const leftId = last.levelAfter === null ? null : Number(last.newCertificateId ?? last.certificateId);
    if ((current ? Number(current.id) : null) !== leftId) return { ok: false as const, error: "assessment.changedSince" as const };
    const change = correctionChange({ levelBefore, levelNow: current?.level ?? null, grade: input.grade });
    const reason = input.reason.trim();
    let outcome: OutcomeRow["outcome"] = "unchanged";
    let levelAfter: Level | null = current?.level ?? null;
    let newCert: { id: number; number: string } | null = null;
    const cert: CertificateRef | null = current
      ? {
          id: Number(current.id),
          userId: input.userId,
          countyId: Number(current.county_id),
          number: current.number,
          level: current.level,
          status: current.status,
        }
      : null;
    if (change.kind === "revoke" && cert) {
      await changeStatus(tx, cert, "revoked", {
        actorId: actor.userId,
        meta,
        now,
        reason,
        quiet: true,
        data: { roundId: round.id, correction: true, publicReason: "assessment" },
      });
      outcome = "revoked";
      levelAfter = null;
    } else if (change.kind === "issue") {
      const up = !cert || LEVELS.indexOf(change.level) > LEVELS.indexOf(cert.level);
      if (cert)
        await changeStatus(tx, cert, up ? "superseded" : "downgraded", {
          actorId: actor.userId,
          meta,
          now,
          reason,
          quiet: true,
          data: { roundId: round.id, correction: true, toLevel: change.level },
        });
      newCert = await issueByDecision(tx, {
        userId: input.userId,
        countyId: round.countyId,
        level: change.level,
        replacesId: cert?.id ?? null,
        cause: { roundId: round.id, assessmentYear: round.year, correction: true },
        actorId: actor.userId,
        meta,
        now,
      });
      outcome = up ? "restored" : "downgraded";
      levelAfter = change.level;
    }
    const [row] = await tx
      .insert(assessmentOutcomes)
      .values({
        roundId: round.id,
        userId: input.userId,
        grade: input.grade,
        outcome,
        levelBefore,
        levelAfter,
        certificateId: cert?.id ?? null,
        newCertificateId: newCert?.id ?? null,
        correctsId: last.id,
        reason,
        actorId: actor.userId,
        at: now,
      })
      .returning({ id: assessmentOutcomes.id });
    const data = {
      roundId: round.id,
      year: round.year,
      grade: input.grade,
      outcome,
      levelBefore,
      levelAfter,
      certificateNumber: cert?.number ?? null,
      newCertificateNumber: newCert?.number ?? null,
      correctsOutcomeId: last.id,
      outcomeId: row.id,
    };
    await appendArchiveEvent(tx, { userId: input.userId, type: "assessmentCorrected", actorId: actor.userId, reason, data });
    await notifyPerson(tx, input.userId, "assessmentResult", { ...data, reason }, actor.userId);
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "assessment.correct",
      entityType: "person",
      entityId: input.userId,
      countyId: round.countyId,
      before: { grade: last.grade, outcome: last.outcome, level: current?.level ?? null },
      after: { grade: input.grade, outcome, level: levelAfter, reason },
      meta,
    });
    return { ok: true as const, outcome };
  });
}

export type { AssessmentGrade, RoundMember };

/* ------------------------------------------------------------------ the dashboard */

/**
 * 领航员概况 for the assessment page: per town in the actor's scope, navigators (people who hold or
 * held a certificate) by current level; of them on hold, holding a level below a downgraded
 * certificate of theirs (已降级), and without a certificate after a revocation (已撤销).
 */
export async function navigatorOverview(actor: Actor) {
  const scope = scopeOf(actor, "read:roster");
  if (!scope.all && !scope.countyIds.length && !scope.townIds.length) throw forbidden();
  const where = scope.all
    ? sql`true`
    : sql`(${sql.join(
        [
          ...(scope.countyIds.length ? [sql`t.county_id in ${sql.raw(`(${scope.countyIds.map(Number).join(",")})`)}`] : []),
          ...(scope.townIds.length ? [sql`t.id in ${sql.raw(`(${scope.townIds.map(Number).join(",")})`)}`] : []),
        ],
        sql` or `,
      )})`;
  // counted per navigator, not per certificate: someone downgraded and restored by a correction, or
  // revoked and certified again, holds old 已降级 / 已撤销 certificates but is neither any more
  const rows = rowsOf<{
    town_id: number;
    town_name: string;
    level: Level | null;
    status: CertificateStatus | null;
    downgraded: boolean;
    revoked: boolean;
  }>(
    await db().execute(sql`
      select t.id as town_id, t.name as town_name, cur.level, cur.status,
        (cur.level is not null and exists (
          select 1 from certificates d where d.user_id = u.id and d.status = 'downgraded'
            and array_position(array['junior','intermediate','senior'], d.level::text) > array_position(array['junior','intermediate','senior'], cur.level::text))) as downgraded,
        (cur.level is null and exists (select 1 from certificates r where r.user_id = u.id and r.status = 'revoked')) as revoked
      from users u ${personPlaceJoinSql}
      left join lateral (
        select c.level, c.status from certificates c where c.user_id = u.id and c.status in ('valid', 'on_hold') order by c.id desc limit 1
      ) cur on true
      where ${where} and exists (select 1 from certificates h where h.user_id = u.id)
      order by t.name, t.id`),
  );
  const towns = new Map<
    number,
    { townId: number; townName: string; levels: Record<Level, number>; statuses: Record<CertificateStatus, number> }
  >();
  for (const r of rows) {
    const id = Number(r.town_id);
    if (!towns.has(id)) {
      towns.set(id, {
        townId: id,
        townName: r.town_name,
        levels: { junior: 0, intermediate: 0, senior: 0 },
        statuses: { valid: 0, on_hold: 0, superseded: 0, downgraded: 0, revoked: 0 },
      });
    }
    const town = towns.get(id)!;
    if (r.level && r.status) {
      town.levels[r.level]++;
      town.statuses[r.status]++;
    }
    if (r.downgraded) town.statuses.downgraded++;
    if (r.revoked) town.statuses.revoked++;
  }
  return [...towns.values()];
}

/** Grade progress of a round in the actor's towns: members, graded, missing. */
export async function roundProgress(actor: Actor, roundId: number): Promise<{ total: number; proposed: number; missing: number }> {
  const { round, towns } = await visibleRound(actor, roundId);
  if (round.state !== "open") return { total: 0, proposed: 0, missing: 0 };
  const members = await membersOf(db(), round.countyId, towns);
  const proposals = await latestProposals(db(), round.id);
  const proposed = members.filter((m) => proposals.has(m.userId)).length;
  return { total: members.length, proposed, missing: members.length - proposed };
}
