import { and, asc, count, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { counties, examAttempts, exams, examSittings, questionBanks, questions, towns } from "#db/schema";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { canAct, scopeOf, type Action, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import type { ExamDefinitionInput, ExamSettingsInput, SittingInput } from "./admin-schemas";
import { loadBankSnapshot } from "./bank-snapshot.server";
import { blueprintSchema, blueprintTotals, checkBlueprint, sectionMatches, type Shortfall } from "./blueprint";
import type { Blueprint } from "./types";

/**
 * Exam administration (county admins): definitions, the blueprint check against the banks,
 * publishing, sittings. Every function checks the actor's scope on the exam's county.
 */

export type ExamRow = typeof exams.$inferSelect;
export type SittingRow = typeof examSittings.$inferSelect;

function countiesFor(actor: Actor, action: Action): number[] {
  const ids = scopeOf(actor, action).countyIds;
  if (!ids.length) throw forbidden();
  return ids;
}

/** The exam, when the actor may `action` it (404 when missing, 403 for another county's). */
export async function loadExam(actor: Actor, examId: number, action: Action = "manage:exam"): Promise<ExamRow> {
  const [row] = await db().select().from(exams).where(eq(exams.id, examId));
  if (!row) throw notFound();
  if (!canAct(actor, action, { countyId: row.countyId })) throw forbidden();
  return row;
}

/** The sitting and its exam, scoped like loadExam. */
export async function loadSitting(actor: Actor, examId: number, sittingId: number, action: Action = "manage:exam") {
  const exam = await loadExam(actor, examId, action);
  const [sitting] = await db()
    .select()
    .from(examSittings)
    .where(and(eq(examSittings.id, sittingId), eq(examSittings.examId, examId)));
  if (!sitting) throw notFound();
  return { exam, sitting };
}

export async function listExams(actor: Actor) {
  const countyIds = countiesFor(actor, "manage:exam");
  return db()
    .select({
      id: exams.id,
      title: exams.title,
      kind: exams.kind,
      level: exams.level,
      status: exams.status,
      durationMinutes: exams.durationMinutes,
      updatedAt: exams.updatedAt,
      sittings: sql<number>`(select count(*)::int from ${examSittings} where ${examSittings.examId} = ${exams.id} and ${examSittings.status} <> 'cancelled')`,
      attempts: sql<number>`(select count(*)::int from ${examAttempts} where ${examAttempts.examId} = ${exams.id})`,
    })
    .from(exams)
    .where(inArray(exams.countyId, countyIds))
    .orderBy(desc(exams.updatedAt), desc(exams.id));
}

/** The county the actor creates exams in (the only one they manage). */
export function creatingCounty(actor: Actor): number {
  const ids = countiesFor(actor, "manage:exam");
  if (ids.length !== 1) throw new AppError("badRequest", "choose a county");
  return ids[0];
}

/** Banks an exam of this county may draw from: official banks and the county's own, with active counts. */
export async function banksFor(countyId: number) {
  const rows = await db()
    .select({ id: questionBanks.id, title: questionBanks.title, countyId: questionBanks.countyId })
    .from(questionBanks)
    .where(or(isNull(questionBanks.countyId), eq(questionBanks.countyId, countyId)))
    .orderBy(sql`${questionBanks.countyId} nulls first`, asc(questionBanks.id));
  const active = rows.length
    ? await db()
        .select({ bankId: questions.bankId, n: count() })
        .from(questions)
        .where(
          and(
            inArray(
              questions.bankId,
              rows.map((r) => r.id),
            ),
            eq(questions.status, "active"),
          ),
        )
        .groupBy(questions.bankId)
    : [];
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    official: r.countyId == null,
    active: active.find((a) => a.bankId === r.id)?.n ?? 0,
  }));
}

export async function townsOf(countyId: number) {
  return db().select({ id: towns.id, name: towns.name }).from(towns).where(eq(towns.countyId, countyId)).orderBy(asc(towns.id));
}

export async function countyName(countyId: number): Promise<string> {
  const [row] = await db().select({ name: counties.name }).from(counties).where(eq(counties.id, countyId));
  return row?.name ?? "";
}

export interface SectionCheck {
  section: number;
  /** active questions of the banks matching the section on their own */
  matching: number;
  needed: number;
  /** set when the banks cannot fill this section (together with the others) */
  shortfall: Shortfall | null;
}

/** The blueprint against the banks' active questions: per section what matches, and the shortfalls. */
export async function checkAgainstBanks(blueprint: Blueprint, bankIds: number[]): Promise<{ sections: SectionCheck[]; ok: boolean }> {
  const bank = await loadBankSnapshot(bankIds);
  const shortfalls = checkBlueprint(blueprint, bank);
  const sections = blueprint.sections.map((s, i) => ({
    section: i,
    matching: new Set(bank.filter((e) => sectionMatches(s, e)).map((e) => e.questionId)).size,
    needed: s.count,
    shortfall: shortfalls.find((f) => f.section === i) ?? null,
  }));
  return { sections, ok: shortfalls.length === 0 };
}

export function blueprintOf(exam: Pick<ExamRow, "blueprint">): Blueprint {
  return blueprintSchema.parse(exam.blueprint);
}

/** Everything the exam page shows. */
export async function examAdminPage(actor: Actor, examId: number) {
  const exam = await loadExam(actor, examId);
  const blueprint = blueprintOf(exam);
  const [check, banks, sittingRows, townRows] = await Promise.all([
    checkAgainstBanks(blueprint, exam.bankIds),
    banksFor(exam.countyId),
    db().select().from(examSittings).where(eq(examSittings.examId, exam.id)).orderBy(asc(examSittings.opensAt), asc(examSittings.id)),
    townsOf(exam.countyId),
  ]);
  return { exam, blueprint, totals: blueprintTotals(blueprint), check, banks, sittings: sittingRows, towns: townRows };
}

async function allowedBankIds(countyId: number): Promise<number[]> {
  return (await banksFor(countyId)).map((b) => b.id);
}

function definitionValues(input: ExamDefinitionInput) {
  return {
    title: input.title,
    kind: input.kind,
    level: input.level,
    bankIds: input.bankIds,
    blueprint: input.blueprint,
    durationMinutes: input.durationMinutes,
    passMarkTenths: input.passMarkTenths,
    attemptsAllowed: input.attemptsAllowed,
    reviewPolicy: input.reviewPolicy,
    partialCredit: input.partialCredit,
    instructions: input.instructions,
  };
}

export async function createExamDefinition(actor: Actor, input: ExamDefinitionInput, meta: RequestMeta): Promise<number> {
  const countyId = creatingCounty(actor);
  const allowed = await allowedBankIds(countyId);
  if (input.bankIds.some((id) => !allowed.includes(id))) throw forbidden();
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(exams)
      .values({ ...definitionValues(input), countyId, createdBy: actor.userId, status: "draft" })
      .returning({ id: exams.id });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "exam.create",
      entityType: "exam",
      entityId: row.id,
      countyId,
      after: definitionValues(input),
      meta,
    });
    return row.id;
  });
}

/** A draft changes wholly; a published exam only its title, instructions and review policy. */
export async function updateExamDefinition(
  actor: Actor,
  examId: number,
  input: ExamDefinitionInput | ExamSettingsInput,
  meta: RequestMeta,
): Promise<void> {
  const exam = await loadExam(actor, examId);
  if (exam.status === "archived") throw new AppError("conflict", "archived");
  const full = "blueprint" in input;
  if (full && exam.status !== "draft") throw new AppError("conflict", "published exams change only title, instructions and review policy");
  if (full) {
    const allowed = await allowedBankIds(exam.countyId);
    if (input.bankIds.some((id) => !allowed.includes(id))) throw forbidden();
  }
  const values = full
    ? definitionValues(input)
    : { title: input.title, instructions: input.instructions, reviewPolicy: input.reviewPolicy };
  await db().transaction(async (tx) => {
    const [row] = await tx
      .update(exams)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(exams.id, exam.id), eq(exams.status, exam.status)))
      .returning({ id: exams.id });
    if (!row) throw new AppError("conflict", "status changed");
    const before = Object.fromEntries(Object.keys(values).map((k) => [k, exam[k as keyof ExamRow]]));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "exam.update",
      entityType: "exam",
      entityId: exam.id,
      countyId: exam.countyId,
      before,
      after: values,
      meta,
    });
  });
}

/** Publishing is refused while a section lacks questions. */
export async function publishExam(
  actor: Actor,
  examId: number,
  meta: RequestMeta,
): Promise<{ ok: true } | { ok: false; shortfalls: Shortfall[] }> {
  const exam = await loadExam(actor, examId);
  if (exam.status !== "draft") throw new AppError("conflict", "not a draft");
  const check = await checkAgainstBanks(blueprintOf(exam), exam.bankIds);
  if (!check.ok) return { ok: false, shortfalls: check.sections.flatMap((s) => (s.shortfall ? [s.shortfall] : [])) };
  await db().transaction(async (tx) => {
    const [row] = await tx
      .update(exams)
      .set({ status: "published", updatedAt: new Date() })
      .where(and(eq(exams.id, exam.id), eq(exams.status, "draft")))
      .returning({ id: exams.id });
    if (!row) throw new AppError("conflict", "status changed");
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "exam.publish",
      entityType: "exam",
      entityId: exam.id,
      countyId: exam.countyId,
      before: { status: "draft" },
      after: { status: "published" },
      meta,
    });
  });
  return { ok: true };
}

export async function archiveExam(actor: Actor, examId: number, meta: RequestMeta): Promise<void> {
  const exam = await loadExam(actor, examId);
  if (exam.status === "archived") return;
  await db().transaction(async (tx) => {
    await tx.update(exams).set({ status: "archived", updatedAt: new Date() }).where(eq(exams.id, exam.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "exam.archive",
      entityType: "exam",
      entityId: exam.id,
      countyId: exam.countyId,
      before: { status: exam.status },
      after: { status: "archived" },
      meta,
    });
  });
}

/* -------------------------------------------------------------------------------- sittings -- */

function sittingValues(input: SittingInput) {
  return {
    title: input.title,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    capacity: input.capacity,
    townId: input.townId,
    location: input.location,
  };
}

export async function createSitting(actor: Actor, examId: number, input: SittingInput, meta: RequestMeta): Promise<number> {
  const exam = await loadExam(actor, examId);
  if (exam.status === "archived") throw new AppError("conflict", "archived");
  const townIds = (await townsOf(exam.countyId)).map((t) => t.id);
  if (input.townId != null && !townIds.includes(input.townId)) throw forbidden();
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(examSittings)
      .values({ ...sittingValues(input), examId: exam.id, createdBy: actor.userId, status: "draft" })
      .returning({ id: examSittings.id });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "exam_sitting.create",
      entityType: "exam_sitting",
      entityId: row.id,
      countyId: exam.countyId,
      after: { examId: exam.id, ...sittingValues(input) },
      meta,
    });
    return row.id;
  });
}

/** Editable until it opens (a draft, or a published sitting not open yet). */
export function sittingEditable(sitting: Pick<SittingRow, "status" | "opensAt">, now = new Date()): boolean {
  return sitting.status !== "cancelled" && new Date(sitting.opensAt) > now;
}

export async function updateSitting(
  actor: Actor,
  examId: number,
  sittingId: number,
  input: SittingInput,
  meta: RequestMeta,
): Promise<void> {
  const { exam, sitting } = await loadSitting(actor, examId, sittingId);
  if (!sittingEditable(sitting)) throw new AppError("conflict", "sitting already open");
  const townIds = (await townsOf(exam.countyId)).map((t) => t.id);
  if (input.townId != null && !townIds.includes(input.townId)) throw forbidden();
  await db().transaction(async (tx) => {
    await tx.update(examSittings).set(sittingValues(input)).where(eq(examSittings.id, sitting.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "exam_sitting.update",
      entityType: "exam_sitting",
      entityId: sitting.id,
      countyId: exam.countyId,
      before: {
        title: sitting.title,
        opensAt: sitting.opensAt,
        closesAt: sitting.closesAt,
        capacity: sitting.capacity,
        townId: sitting.townId,
        location: sitting.location,
      },
      after: sittingValues(input),
      meta,
    });
  });
}

/** A sitting is published only for a published exam. */
export async function setSittingStatus(
  actor: Actor,
  examId: number,
  sittingId: number,
  status: "published" | "cancelled",
  meta: RequestMeta,
): Promise<void> {
  const { exam, sitting } = await loadSitting(actor, examId, sittingId);
  if (status === "published" && (exam.status !== "published" || sitting.status !== "draft"))
    throw new AppError("conflict", "cannot publish");
  if (status === "cancelled" && sitting.status === "cancelled") return;
  await db().transaction(async (tx) => {
    await tx.update(examSittings).set({ status }).where(eq(examSittings.id, sitting.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: status === "published" ? "exam_sitting.publish" : "exam_sitting.cancel",
      entityType: "exam_sitting",
      entityId: sitting.id,
      countyId: exam.countyId,
      before: { status: sitting.status },
      after: { status },
      meta,
    });
  });
}
