import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { counties, questionBanks, questions, questionVersions, users } from "#db/schema";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { hasAnyScope, scopeOf, type Actor } from "../auth/access";
import { AppError, forbidden, notFound } from "../errors";
import { normalizeStem } from "./normalize";
import { bankRights, canSetStatus, questionRights, type QuestionStatus } from "./policy";
import type { Area, QuestionDraft } from "./question";
import { questionDraftSchema } from "./types/registry";

/** A stable fingerprint of a draft: the same content never makes a second version. */
export function contentHash(draft: QuestionDraft): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  return createHash("sha256")
    .update(JSON.stringify(sorted(draft)))
    .digest("hex");
}

function searchColumns(draft: QuestionDraft) {
  return {
    type: draft.type,
    area: draft.area,
    knowledgePoint: draft.knowledgePoint,
    difficulty: draft.difficulty,
    stem: draft.stem,
    stemKey: normalizeStem(draft.stem),
  };
}

/** Appends a version and points the question at it (in the caller's transaction). */
export async function appendVersion(tx: DbOrTx, questionId: number, draft: QuestionDraft, actorId: number | null): Promise<number> {
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${questionVersions.versionNo}), 0)::int + 1` })
    .from(questionVersions)
    .where(eq(questionVersions.questionId, questionId));
  const [version] = await tx
    .insert(questionVersions)
    .values({ questionId, versionNo: next, body: draft, contentHash: contentHash(draft), createdBy: actorId })
    .returning({ id: questionVersions.id });
  await tx
    .update(questions)
    .set({ currentVersionId: version.id, ...searchColumns(draft), updatedAt: new Date() })
    .where(eq(questions.id, questionId));
  return version.id;
}

/** Creates a question with its first version (in the caller's transaction). */
export async function insertQuestion(
  tx: DbOrTx,
  input: { bankId: number; slug?: string | null; status: QuestionStatus; authorId: number | null; draft: QuestionDraft },
): Promise<number> {
  const [row] = await tx
    .insert(questions)
    .values({
      bankId: input.bankId,
      slug: input.slug ?? null,
      status: input.status,
      authorId: input.authorId,
      ...searchColumns(input.draft),
    })
    .returning({ id: questions.id });
  await appendVersion(tx, row.id, input.draft, input.authorId);
  return row.id;
}

/**
 * Inserts new questions in chunks: one statement for the questions, one for their first versions,
 * one to point the questions at them. Used by file and content imports (10,000 rows in seconds).
 */
export async function insertQuestionsBulk(
  tx: DbOrTx,
  input: { bankId: number; status: "draft" | "active"; authorId: number | null; drafts: QuestionDraft[]; slugs?: string[] },
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < input.drafts.length; start += 500) {
    const chunk = input.drafts.slice(start, start + 500);
    const rows = await tx
      .insert(questions)
      .values(
        chunk.map((draft, i) => ({
          bankId: input.bankId,
          slug: input.slugs?.[start + i] ?? null,
          status: input.status,
          authorId: input.authorId,
          ...searchColumns(draft),
        })),
      )
      .returning({ id: questions.id });
    const versions = await tx
      .insert(questionVersions)
      .values(
        rows.map((row, i) => ({
          questionId: row.id,
          versionNo: 1,
          body: chunk[i],
          contentHash: contentHash(chunk[i]),
          createdBy: input.authorId,
        })),
      )
      .returning({ id: questionVersions.id, questionId: questionVersions.questionId });
    await tx.execute(sql`
      update questions set current_version_id = v.id
      from question_versions v
      where v.question_id = questions.id and v.id in ${sql.raw(`(${versions.map((v) => v.id).join(",")})`)}`);
    inserted += rows.length;
  }
  return inserted;
}

/* ---------------- banks ---------------- */

async function loadBank(actor: Actor, bankId: number) {
  const [bank] = await db().select().from(questionBanks).where(eq(questionBanks.id, bankId));
  if (!bank) throw notFound();
  const rights = bankRights(actor, bank);
  if (!rights.read) throw forbidden();
  return { bank, rights };
}

/** One bank and what the actor may do with it. */
export async function getBank(actor: Actor, bankId: number) {
  const { bank, rights } = await loadBank(actor, bankId);
  return { bank: { id: bank.id, title: bank.title, official: bank.countyId == null, countyId: bank.countyId }, rights };
}

/** Banks the actor may open: official ones (admins) and those of their counties. */
export async function listBanks(actor: Actor) {
  const manage = scopeOf(actor, "manage:question");
  const propose = scopeOf(actor, "propose:question");
  if (!hasAnyScope(manage) && !hasAnyScope(propose)) throw forbidden();
  const countyIds = [...new Set([...manage.countyIds, ...propose.countyIds])];
  const visible: SQL[] = [];
  if (hasAnyScope(manage)) visible.push(isNull(questionBanks.countyId));
  if (countyIds.length) visible.push(inArray(questionBanks.countyId, countyIds));
  const banks = await db()
    .select({ id: questionBanks.id, title: questionBanks.title, countyId: questionBanks.countyId, slug: questionBanks.slug })
    .from(questionBanks)
    .where(or(...visible))
    .orderBy(sql`${questionBanks.countyId} nulls first`, asc(questionBanks.id));
  const counts = banks.length
    ? await db()
        .select({ bankId: questions.bankId, status: questions.status, n: count() })
        .from(questions)
        .where(
          inArray(
            questions.bankId,
            banks.map((b) => b.id),
          ),
        )
        .groupBy(questions.bankId, questions.status)
    : [];
  return {
    banks: banks.map((bank) => {
      const rights = bankRights(actor, bank);
      const mine = counts.filter((c) => c.bankId === bank.id);
      return {
        ...bank,
        official: bank.countyId == null,
        rights,
        counts: rights.seesAll ? Object.fromEntries(mine.map((c) => [c.status, c.n])) : {},
      };
    }),
    canCreate: manage.countyIds.length > 0,
    /** counties the actor may create banks in (a choice is offered when there are several) */
    counties: manage.countyIds.length
      ? await db()
          .select({ id: counties.id, name: counties.name })
          .from(counties)
          .where(inArray(counties.id, manage.countyIds))
          .orderBy(asc(counties.code))
      : [],
  };
}

/** A new county bank: in the chosen county, or the only county the actor manages. */
export async function createBank(actor: Actor, input: { title: string; countyId?: number }, meta: RequestMeta) {
  const managed = scopeOf(actor, "manage:question").countyIds;
  const countyId = input.countyId ?? (managed.length === 1 ? managed[0] : undefined);
  if (countyId === undefined) throw new AppError("badRequest", "choose a county");
  if (!bankRights(actor, { countyId }).manage) throw forbidden();
  return db().transaction(async (tx) => {
    const [bank] = await tx.insert(questionBanks).values({ title: input.title, countyId, createdBy: actor.userId }).returning();
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "bank.create",
      entityType: "question_bank",
      entityId: bank.id,
      countyId,
      after: { title: input.title, countyId },
      meta,
    });
    return bank.id;
  });
}

export interface QuestionFilter {
  q: string;
  type?: string;
  area?: string;
  knowledgePoint?: string;
  difficulty?: number;
  status?: string;
  authorId?: number;
  page: number;
}

export const QUESTION_PAGE_SIZE = 30;

/** Where-clause of a bank's question list for this actor and filter. */
function questionWhere(bankId: number, seesAll: boolean, actorId: number, filter: QuestionFilter): SQL | undefined {
  const q = filter.q.trim();
  return and(
    eq(questions.bankId, bankId),
    seesAll ? undefined : eq(questions.authorId, actorId),
    q ? ilike(questions.stem, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    filter.type ? eq(questions.type, filter.type) : undefined,
    filter.area ? eq(questions.area, filter.area) : undefined,
    filter.knowledgePoint ? eq(questions.knowledgePoint, filter.knowledgePoint) : undefined,
    filter.difficulty ? eq(questions.difficulty, filter.difficulty) : undefined,
    filter.status ? eq(questions.status, filter.status as QuestionStatus) : undefined,
    filter.authorId ? eq(questions.authorId, filter.authorId) : undefined,
  );
}

/** A bank with one page of its questions (searched and filtered), and the facets to filter by. */
export async function getBankQuestions(actor: Actor, bankId: number, filter: QuestionFilter) {
  const { bank, rights } = await loadBank(actor, bankId);
  const where = questionWhere(bankId, rights.seesAll, actor.userId, filter);
  const scopeWhere = and(eq(questions.bankId, bankId), rights.seesAll ? undefined : eq(questions.authorId, actor.userId));
  // Four independent reads: in parallel on a server pool (PGlite runs them one after another).
  const [rows, [{ total }], knowledgePoints, authors] = await Promise.all([
    db()
      .select({
        id: questions.id,
        status: questions.status,
        type: questions.type,
        area: questions.area,
        knowledgePoint: questions.knowledgePoint,
        difficulty: questions.difficulty,
        stem: questions.stem,
        updatedAt: questions.updatedAt,
        authorName: users.name,
      })
      .from(questions)
      .leftJoin(users, eq(users.id, questions.authorId))
      .where(where)
      .orderBy(desc(questions.updatedAt), desc(questions.id))
      .limit(QUESTION_PAGE_SIZE + 1)
      .offset((filter.page - 1) * QUESTION_PAGE_SIZE),
    db().select({ total: count() }).from(questions).where(where),
    db().selectDistinct({ value: questions.knowledgePoint }).from(questions).where(scopeWhere).orderBy(asc(questions.knowledgePoint)),
    rights.seesAll
      ? db()
          .selectDistinct({ id: users.id, name: users.name })
          .from(questions)
          .innerJoin(users, eq(users.id, questions.authorId))
          .where(eq(questions.bankId, bankId))
          .orderBy(asc(users.name))
      : Promise.resolve([] as { id: number; name: string }[]),
  ]);
  return {
    bank: { id: bank.id, title: bank.title, official: bank.countyId == null, countyId: bank.countyId },
    rights,
    questions: rows.slice(0, QUESTION_PAGE_SIZE),
    hasMore: rows.length > QUESTION_PAGE_SIZE,
    total,
    knowledgePoints: knowledgePoints.map((k) => k.value),
    authors,
  };
}

/* ---------------- one question ---------------- */

async function loadQuestion(actor: Actor, questionId: number, tx: DbOrTx = db()) {
  const [row] = await tx
    .select({ question: questions, bankCountyId: questionBanks.countyId, bankTitle: questionBanks.title })
    .from(questions)
    .innerJoin(questionBanks, eq(questionBanks.id, questions.bankId))
    .where(eq(questions.id, questionId));
  if (!row) throw notFound();
  const rights = questionRights(actor, { countyId: row.bankCountyId }, row.question);
  if (!rights.read) throw forbidden();
  return { ...row, rights };
}

export async function getQuestion(actor: Actor, questionId: number, versionNo?: number) {
  const { question, bankCountyId, bankTitle, rights } = await loadQuestion(actor, questionId);
  const versions = await db()
    .select({
      id: questionVersions.id,
      versionNo: questionVersions.versionNo,
      createdAt: questionVersions.createdAt,
      authorName: users.name,
    })
    .from(questionVersions)
    .leftJoin(users, eq(users.id, questionVersions.createdBy))
    .where(eq(questionVersions.questionId, questionId))
    .orderBy(desc(questionVersions.versionNo));
  const shown = versionNo ? versions.find((v) => v.versionNo === versionNo) : versions.find((v) => v.id === question.currentVersionId);
  if (!shown) throw notFound();
  const [version] = await db().select({ body: questionVersions.body }).from(questionVersions).where(eq(questionVersions.id, shown.id));
  return {
    question: {
      id: question.id,
      bankId: question.bankId,
      status: question.status,
      reviewComment: question.reviewComment,
      authorId: question.authorId,
    },
    bank: { id: question.bankId, title: bankTitle, official: bankCountyId == null },
    draft: questionDraftSchema.parse(version.body),
    shownVersion: shown.versionNo,
    isCurrent: shown.id === question.currentVersionId,
    versions,
    rights,
  };
}

export type SaveResult = { ok: true; questionId: number; newVersion: boolean } | { ok: false; problem: "duplicateInBank" };

async function duplicateInBank(tx: DbOrTx, bankId: number, draft: QuestionDraft, exceptId?: number) {
  const [clash] = await tx
    .select({ id: questions.id })
    .from(questions)
    .where(
      and(
        eq(questions.bankId, bankId),
        eq(questions.stemKey, normalizeStem(draft.stem)),
        exceptId ? sql`${questions.id} <> ${exceptId}` : undefined,
      ),
    );
  return Boolean(clash);
}

/** A new question: a lecturer's is a draft or submitted; an admin's is a draft or active at once. */
export async function createQuestion(
  actor: Actor,
  input: { bankId: number; draft: QuestionDraft; intent: "draft" | "submit" | "activate" },
  meta: RequestMeta,
): Promise<SaveResult> {
  const { bank, rights } = await loadBank(actor, input.bankId);
  if (!rights.manage && !rights.propose) throw forbidden();
  if (input.intent === "activate" && !rights.manage) throw forbidden();
  const status: QuestionStatus = input.intent === "activate" ? "active" : input.intent === "submit" ? "submitted" : "draft";
  return db().transaction(async (tx) => {
    if (await duplicateInBank(tx, bank.id, input.draft)) return { ok: false, problem: "duplicateInBank" } as const;
    const questionId = await insertQuestion(tx, { bankId: bank.id, status, authorId: actor.userId, draft: input.draft });
    if (rights.manage) {
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "question.create",
        entityType: "question",
        entityId: questionId,
        countyId: bank.countyId,
        after: { status },
        meta,
      });
    }
    return { ok: true, questionId, newVersion: true } as const;
  });
}

/** Editing appends a version (an unchanged text appends nothing); earlier versions stay readable. */
export async function updateQuestion(
  actor: Actor,
  input: { questionId: number; draft: QuestionDraft; submit?: boolean },
  meta: RequestMeta,
): Promise<SaveResult> {
  return db().transaction(async (tx) => {
    const { question, bankCountyId, rights } = await loadQuestion(actor, input.questionId, tx);
    if (!rights.edit) throw forbidden();
    if (await duplicateInBank(tx, question.bankId, input.draft, question.id)) return { ok: false, problem: "duplicateInBank" } as const;
    const [current] = await tx
      .select({ hash: questionVersions.contentHash })
      .from(questionVersions)
      .where(eq(questionVersions.id, question.currentVersionId!));
    const changed = current?.hash !== contentHash(input.draft);
    if (changed) await appendVersion(tx, question.id, input.draft, actor.userId);
    if (input.submit && rights.submit) {
      await tx.update(questions).set({ status: "submitted", updatedAt: new Date() }).where(eq(questions.id, question.id));
    }
    if (changed && bankRights(actor, { countyId: bankCountyId }).manage) {
      await writeAudit(tx, {
        actorId: actor.userId,
        action: "question.edit",
        entityType: "question",
        entityId: question.id,
        countyId: bankCountyId,
        after: { status: question.status },
        meta,
      });
    }
    return { ok: true, questionId: question.id, newVersion: changed } as const;
  });
}

export async function submitQuestion(actor: Actor, questionId: number): Promise<void> {
  const { rights } = await loadQuestion(actor, questionId);
  if (!rights.submit) throw new AppError("conflict");
  await db().update(questions).set({ status: "submitted", updatedAt: new Date() }).where(eq(questions.id, questionId));
}

/** 审核: approve (active) or return to the author with a comment (draft). */
export async function reviewQuestion(
  actor: Actor,
  input: { questionId: number; decision: "approve" | "return"; comment: string },
  meta: RequestMeta,
): Promise<{ ok: true } | { ok: false; problem: "commentRequired" }> {
  if (input.decision === "return" && input.comment.trim().length < 2) return { ok: false, problem: "commentRequired" };
  return db().transaction(async (tx) => {
    const { question, bankCountyId, rights } = await loadQuestion(actor, input.questionId, tx);
    if (!rights.review) throw new AppError("conflict");
    const status = input.decision === "approve" ? "active" : "draft";
    await tx
      .update(questions)
      .set({ status, reviewComment: input.comment.trim() || null, updatedAt: new Date() })
      .where(eq(questions.id, question.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      action: `question.${input.decision}`,
      entityType: "question",
      entityId: question.id,
      countyId: bankCountyId,
      before: { status: question.status },
      after: { status, comment: input.comment.trim() || null },
      meta,
    });
    return { ok: true } as const;
  });
}

/** Bulk: set status (active / retired) or area for many questions of one bank at once. */
export async function bulkUpdateQuestions(
  actor: Actor,
  input: { bankId: number; questionIds: number[]; status?: QuestionStatus; area?: Area },
  meta: RequestMeta,
): Promise<{ changed: number; skipped: number }> {
  const { bank, rights } = await loadBank(actor, input.bankId);
  if (!rights.manage) throw forbidden();
  return db().transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(questions)
      .where(and(eq(questions.bankId, bank.id), inArray(questions.id, input.questionIds)))
      .for("update");
    let changed = 0;
    for (const row of rows) {
      if (input.status) {
        if (!canSetStatus(row.status, input.status)) continue;
        await tx.update(questions).set({ status: input.status, updatedAt: new Date() }).where(eq(questions.id, row.id));
        changed++;
      } else if (input.area && row.area !== input.area && row.status !== "retired") {
        const [version] = await tx
          .select({ body: questionVersions.body })
          .from(questionVersions)
          .where(eq(questionVersions.id, row.currentVersionId!));
        await appendVersion(tx, row.id, { ...questionDraftSchema.parse(version.body), area: input.area }, actor.userId);
        changed++;
      }
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "question.bulk",
      entityType: "question_bank",
      entityId: bank.id,
      countyId: bank.countyId,
      after: { questionIds: input.questionIds, status: input.status ?? null, area: input.area ?? null, changed },
      meta,
    });
    return { changed, skipped: input.questionIds.length - changed };
  });
}

/** Every current draft of a bank, for export. */
export async function exportDrafts(actor: Actor, bankId: number): Promise<{ title: string; drafts: QuestionDraft[] }> {
  const { bank, rights } = await loadBank(actor, bankId);
  if (!rights.seesAll) throw forbidden();
  const rows = await db()
    .select({ body: questionVersions.body })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(and(eq(questions.bankId, bankId), sql`${questions.status} <> 'retired'`))
    .orderBy(asc(questions.id));
  return { title: bank.title, drafts: rows.map((r) => questionDraftSchema.parse(r.body)) };
}

/** Normalised stems already in a bank, for duplicate checks on import. */
export async function bankStemKeys(bankId: number, tx: DbOrTx = db()): Promise<Set<string>> {
  const rows = await tx.select({ key: questions.stemKey }).from(questions).where(eq(questions.bankId, bankId));
  return new Set(rows.map((r) => r.key));
}

export async function loadBankForImport(actor: Actor, bankId: number) {
  const { bank, rights } = await loadBank(actor, bankId);
  if (!rights.manage) throw forbidden();
  return bank;
}
