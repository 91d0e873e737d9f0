import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { maskPhone } from "../accounts/phone";
import type { Actor } from "../auth/access";
import { isQuestionType, type QuestionDraft, type QuestionType } from "../question-bank/question";
import { anyDefinition } from "../question-bank/types/registry";
import { loadExam } from "./admin.server";
import { analyseItem, type ItemAnalysis } from "./item-analysis";
import type { RawAnswer } from "./types";
import { personPlaceJoinSql } from "../org-tree/person-place.server";

/** Results of an exam for its county's admins: the Excel export and item analysis. */

export interface ResultRow {
  name: string;
  /** masked like the hours export */
  phone: string;
  townName: string;
  organizationName: string;
  sittingTitle: string;
  attemptNo: number;
  startedAt: Date;
  finishedAt: Date | null;
  state: "in_progress" | "submitted" | "graded";
  markTenths: number | null;
  maxMarkTenths: number;
  passed: boolean | null;
  theoryTenths: number | null;
  practiceTenths: number | null;
  leaves: number;
}

type SubScores = { theory?: { mark?: number }; practice?: { mark?: number } } | null;

export async function examResults(actor: Actor, examId: number): Promise<{ title: string; rows: ResultRow[] }> {
  const exam = await loadExam(actor, examId);
  const rows = rowsOf<Record<string, unknown>>(
    await db().execute(sql`
      select u.name, u.phone, t.name as town_name, o.name as org_name, s.title as sitting_title, a.attempt_no, a.state,
        (extract(epoch from a.started_at) * 1000)::float8 as started_ms,
        (extract(epoch from a.finished_at) * 1000)::float8 as finished_ms,
        a.mark_tenths, a.max_mark_tenths, a.passed, a.sub_scores,
        (select count(*)::int from exam_attempt_events e where e.attempt_id = a.id and e.kind in ('hidden', 'blur')) as leaves
      from exam_attempts a
      join exam_sittings s on s.id = a.sitting_id
      join users u on u.id = a.user_id
      ${personPlaceJoinSql}
      where a.exam_id = ${exam.id}
      order by t.name, u.name, a.attempt_no`),
  );
  return {
    title: exam.title,
    rows: rows.map((r) => {
      const sub = (typeof r.sub_scores === "string" ? JSON.parse(r.sub_scores) : r.sub_scores) as SubScores;
      return {
        name: String(r.name),
        phone: maskPhone(String(r.phone)),
        townName: String(r.town_name),
        organizationName: String(r.org_name),
        sittingTitle: String(r.sitting_title),
        attemptNo: Number(r.attempt_no),
        startedAt: new Date(Number(r.started_ms)),
        finishedAt: r.finished_ms == null ? null : new Date(Number(r.finished_ms)),
        state: r.state as ResultRow["state"],
        markTenths: r.mark_tenths == null ? null : Number(r.mark_tenths),
        maxMarkTenths: Number(r.max_mark_tenths),
        passed: r.passed == null ? null : Boolean(r.passed),
        theoryTenths: sub?.theory?.mark ?? null,
        practiceTenths: sub?.practice?.mark ?? null,
        leaves: Number(r.leaves),
      };
    }),
  };
}

const STATE_ZH = { in_progress: "作答中", submitted: "已交卷", graded: "已评分" } as const;

function beijing(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** The results as an .xlsx workbook (Chinese headers, Beijing times, points with one decimal). */
export async function resultsWorkbook(title: string, rows: readonly ResultRow[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "红帆";
  const sheet = workbook.addWorksheet("成绩");
  sheet.columns = [
    { header: "姓名", key: "name", width: 12 },
    { header: "手机号", key: "phone", width: 14 },
    { header: "镇（街道）", key: "town", width: 14 },
    { header: "组织", key: "organization", width: 30 },
    { header: "场次", key: "sitting", width: 16 },
    { header: "第几次作答", key: "attemptNo", width: 10 },
    { header: "开始时间", key: "started", width: 20 },
    { header: "结束时间", key: "finished", width: 20 },
    { header: "用时（分钟）", key: "minutes", width: 12 },
    { header: "状态", key: "state", width: 10 },
    { header: "总分", key: "total", width: 8 },
    { header: "满分", key: "max", width: 8 },
    { header: "是否合格", key: "passed", width: 10 },
    { header: "理论得分", key: "theory", width: 10 },
    { header: "实务得分", key: "practice", width: 10 },
    { header: "离开页面次数", key: "leaves", width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const points = (tenths: number | null) => (tenths == null ? "" : tenths / 10);
  for (const r of rows) {
    sheet.addRow({
      name: r.name,
      phone: r.phone,
      town: r.townName,
      organization: r.organizationName,
      sitting: r.sittingTitle,
      attemptNo: r.attemptNo,
      started: beijing(r.startedAt),
      finished: r.finishedAt ? beijing(r.finishedAt) : "",
      minutes: r.finishedAt ? Math.round((r.finishedAt.getTime() - r.startedAt.getTime()) / 6000) / 10 : "",
      state: STATE_ZH[r.state],
      total: points(r.markTenths),
      max: r.maxMarkTenths / 10,
      passed: r.passed == null ? "" : r.passed ? "合格" : "不合格",
      theory: points(r.theoryTenths),
      practice: points(r.practiceTenths),
      leaves: r.leaves,
    });
  }
  sheet.headerFooter.oddHeader = title;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/* --------------------------------------------------------------------------- item analysis -- */

export interface ItemRow extends ItemAnalysis {
  versionId: number;
  questionId: number;
  versionNo: number;
  type: QuestionType;
  stem: string;
  optionLetters: string[];
}

function choiceOf(answer: RawAnswer | null, body: QuestionDraft): number[] | null {
  if (!answer || !isQuestionType(answer.type) || answer.type !== body.type) return null;
  return anyDefinition(answer.type).analysis.chosen(answer, body);
}

/**
 * Per question version used in graded attempts of the exam: one query reads every graded slot with
 * its current mark (latest exam_marks row), the attempt total and the last answer; the figures are
 * computed with analyseItem. Weak items first, then by version.
 */
export async function itemAnalysis(actor: Actor, examId: number): Promise<{ title: string; attempts: number; items: ItemRow[] }> {
  const exam = await loadExam(actor, examId);
  const rows = rowsOf<Record<string, unknown>>(
    await db().execute(sql`
      select s.attempt_id, s.question_version_id, s.max_mark_tenths, a.mark_tenths as total,
        (select m.mark_tenths from exam_marks m where m.attempt_id = s.attempt_id and m.slot_no = s.slot_no order by m.id desc limit 1) as mark,
        (select st.answer from exam_answer_steps st where st.attempt_id = s.attempt_id and st.slot_no = s.slot_no order by st.seq desc limit 1) as answer
      from exam_attempt_slots s
      join exam_attempts a on a.id = s.attempt_id
      where a.exam_id = ${exam.id} and a.state = 'graded'`),
  );
  const byVersion = new Map<number, { markTenths: number; maxMarkTenths: number; restTenths: number; answer: RawAnswer | null }[]>();
  const attemptIds = new Set<number>();
  for (const r of rows) {
    const versionId = Number(r.question_version_id);
    const mark = Number(r.mark ?? 0);
    const answer = (typeof r.answer === "string" ? JSON.parse(r.answer) : r.answer) as RawAnswer | null;
    attemptIds.add(Number(r.attempt_id));
    let list = byVersion.get(versionId);
    if (!list) byVersion.set(versionId, (list = []));
    list.push({ markTenths: mark, maxMarkTenths: Number(r.max_mark_tenths), restTenths: Number(r.total ?? 0) - mark, answer });
  }
  const ids = [...byVersion.keys()];
  const versions = ids.length
    ? rowsOf<{ id: number; question_id: number; version_no: number; body: unknown }>(
        await db().execute(
          sql`select id, question_id, version_no, body from question_versions where id in ${sql.raw(`(${ids.map((id) => Math.trunc(id)).join(",")})`)}`,
        ),
      )
    : [];
  const items: ItemRow[] = versions.map((v) => {
    const body = (typeof v.body === "string" ? JSON.parse(v.body) : v.body) as QuestionDraft;
    const definition = anyDefinition(body.type);
    const options = definition.analysis.options(body);
    const responses = (byVersion.get(Number(v.id)) ?? []).map(({ answer, ...r }) => ({ ...r, choice: choiceOf(answer, body) }));
    const analysis = analyseItem(responses, options.length);
    return {
      ...analysis,
      versionId: Number(v.id),
      questionId: Number(v.question_id),
      versionNo: Number(v.version_no),
      type: body.type,
      stem: body.stem.length > 60 ? `${body.stem.slice(0, 60)}…` : body.stem,
      optionLetters: definition.analysis.labels?.(body) ?? options.map((_, i) => String.fromCharCode(65 + i)),
    };
  });
  items.sort((a, b) => Number(b.weak) - Number(a.weak) || a.versionId - b.versionId);
  return { title: exam.title, attempts: attemptIds.size, items };
}
