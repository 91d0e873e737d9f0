import { performance } from "node:perf_hooks";
import type { Blueprint } from "../../app/modules/exams/types";
import type { QuestionDraft } from "../../app/modules/question-bank/question";

/**
 * The certification exam the exam benchmarks run (bench:exams, bench:exam-morning): a 10,000-question
 * bank generated and inserted through the question-bank module, a published 100-question exam drawn
 * from it, open sittings, and eligible candidates (approved application, 学时, a session each),
 * written into the database the caller opened (db/client.server's setDatabase).
 */

/**
 * 100 questions, 100 points, every area and type: a certification-sized paper. The generated bank
 * has 500 questions of each (area, type) pair, so every section draws from 500 (difficulty 1–5).
 */
export const BLUEPRINT: Blueprint = {
  sections: [
    { area: "theory", type: "single", count: 20, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
    { area: "basics", type: "single", count: 20, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
    { area: "theory", type: "multiple", count: 10, pointsTenths: 15, difficultyMin: 1, difficultyMax: 5 },
    { area: "practice", type: "multiple", count: 10, pointsTenths: 15, difficultyMin: 1, difficultyMax: 5 },
    { area: "practice", type: "truefalse", count: 10, pointsTenths: 5, difficultyMin: 1, difficultyMax: 5 },
    { area: "experience", type: "truefalse", count: 10, pointsTenths: 5, difficultyMin: 1, difficultyMax: 5 },
    { area: "basics", type: "fill", count: 8, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
    { area: "experience", type: "fill", count: 7, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
    { area: "practice", type: "short", count: 5, pointsTenths: 10, difficultyMin: 1, difficultyMax: 5 },
  ],
};

/** The generated bank: types cycle every 5, areas every 4, so each (area, type) pair gets 1/20. */
export function bankDrafts(n: number): QuestionDraft[] {
  const AREAS = ["theory", "basics", "practice", "experience"] as const;
  const TYPES = ["single", "multiple", "truefalse", "fill", "short"] as const;
  return Array.from({ length: n }, (_, i): QuestionDraft => {
    const common = {
      area: AREAS[i % 4],
      knowledgePoint: `知识点${i % 120}`,
      difficulty: ((i % 5) + 1) as 1,
      explanation: `第 ${i} 题的解析：依据党章和相关条例。`,
    };
    const stem = `第 ${i} 题：关于党支部工作的表述，下列说法正确的是（ ）。编号 ${i}`;
    switch (TYPES[i % 5]) {
      case "single":
        return { ...common, type: "single", stem, options: ["选项甲", "选项乙", "选项丙", "选项丁"], answer: "ABCD"[i % 4] };
      case "multiple":
        return { ...common, type: "multiple", stem, options: ["甲", "乙", "丙", "丁", "戊"], answer: "ACD" };
      case "truefalse":
        return { ...common, type: "truefalse", stem, answer: i % 2 === 0 };
      case "fill":
        return {
          ...common,
          type: "fill",
          stem: `${stem} 预备党员的预备期为____，发展对象须经过____培训。`,
          answer: [["一年", "1年"], ["集中"]],
        };
      default:
        return { ...common, type: "short", stem, answer: "参考答案要点。", markingPoints: ["要点一（2分）", "要点二（3分）"] };
    }
  });
}

export interface Candidate {
  userId: number;
  /** the session cookie of a production server (Secure, prefixed: decision 016) */
  cookie: string;
  /** the session token itself */
  token: string;
}

export interface ExamFixture {
  bankId: number;
  inserted: number;
  bankMs: number;
  examId: number;
  sittingIds: number[];
  candidates: Candidate[];
  setupMs: number;
}

/**
 * Writes the exam, `sittings` open sittings of it (capacity 100,000 unless given) and `people`
 * candidates with sessions. Attempts allowed: 3.
 */
export async function createExamFixture(options: {
  bankSize: number;
  people: number;
  sittings: number;
  capacity?: number;
}): Promise<ExamFixture> {
  const schema = await import("../../db/schema");
  const { getDatabase } = await import("../../db/client.server");
  const { insertQuestionsBulk } = await import("../../app/modules/question-bank/questions.server");
  const { completeCreditCode } = await import("../../app/modules/org-tree/credit-code");
  const db = getDatabase().db;
  const t = performance.now();
  const [county] = await db.insert(schema.counties).values({ code: "379997", name: "考试基准县" }).returning();
  const [town] = await db.insert(schema.towns).values({ countyId: county.id, name: "考试基准镇" }).returning();
  const [org] = await db
    .insert(schema.organizations)
    .values({ townId: town.id, name: "考试基准公司", type: "enterprise", creditCode: completeCreditCode("91379997MA0000001") })
    .returning();
  const [bank] = await db.insert(schema.questionBanks).values({ title: "考试基准题库", countyId: county.id }).returning();
  const bankStart = performance.now();
  const inserted = await db.transaction((tx) =>
    insertQuestionsBulk(tx, { bankId: bank.id, status: "active", authorId: null, drafts: bankDrafts(options.bankSize) }),
  );
  const bankMs = performance.now() - bankStart;
  const now = new Date();
  const [exam] = await db
    .insert(schema.exams)
    .values({
      countyId: county.id,
      title: "考试基准：100题认证考试",
      kind: "certification",
      level: "junior",
      bankIds: [bank.id],
      blueprint: BLUEPRINT,
      durationMinutes: 180,
      passMarkTenths: 600,
      attemptsAllowed: 3,
      reviewPolicy: "after_release",
      partialCredit: true,
      status: "published",
    })
    .returning();
  const sittingIds: number[] = [];
  for (let i = 0; i < options.sittings; i++) {
    const [sitting] = await db
      .insert(schema.examSittings)
      .values({
        examId: exam.id,
        title: `基准场次${i + 1}`,
        opensAt: new Date(now.getTime() - 3600_000),
        closesAt: new Date(now.getTime() + 86_400_000),
        capacity: options.capacity ?? 100_000,
        status: "published",
      })
      .returning({ id: schema.examSittings.id });
    sittingIds.push(sitting.id);
  }
  const candidates = await createCandidates(org.id, options.people);
  return { bankId: bank.id, inserted, bankMs, examId: exam.id, sittingIds, candidates, setupMs: performance.now() - t };
}

/**
 * `count` candidates of the organization, each ready to sit an exam: the candidate role, an approved
 * application, 60 学时 this year and a session. Phones and ID numbers are unique per `series`
 * (a digit: benchmarks sharing a database use different ones).
 */
export async function createCandidates(organizationId: number, count: number, series = 7, namePrefix = "考生"): Promise<Candidate[]> {
  const schema = await import("../../db/schema");
  const { getDatabase } = await import("../../db/client.server");
  const { createSession } = await import("../../app/modules/auth/session.server");
  const { idNumberCheckCharacter } = await import("../../app/modules/accounts/id-number");
  const { trainingYear } = await import("../../app/modules/hours/training-year");
  const db = getDatabase().db;
  const now = new Date();
  const ids: number[] = [];
  for (let start = 0; start < count; start += 1000) {
    const n = Math.min(1000, count - start);
    const rows = await db
      .insert(schema.users)
      .values(
        Array.from({ length: n }, (_, j) => {
          const i = start + j;
          // unique for i < 336,000: month cycles fastest, then day, then the sequence number
          const body = `370829198${series}${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (Math.floor(i / 12) % 28)).padStart(2, "0")}${String(Math.floor(i / 336) % 1000).padStart(3, "0")}`;
          return {
            name: `${namePrefix}${i + 1}`,
            phone: `13${series}${String(i).padStart(8, "0")}`,
            idNumber: body + idNumberCheckCharacter(body),
            passwordHash: "-",
            organizationId,
            partyStatus: "full" as const,
            partyPost: "secretary" as const,
          };
        }),
      )
      .returning({ id: schema.users.id });
    const chunk = rows.map((r) => r.id);
    ids.push(...chunk);
    await db.insert(schema.roleGrants).values(chunk.map((id) => ({ userId: id, role: "candidate" as const, scopeKey: "self" })));
    await db.insert(schema.navigatorApplications).values(
      chunk.map((id) => ({
        userId: id,
        organizationId,
        partyStatus: "full" as const,
        partyPost: "secretary" as const,
        status: "approved" as const,
        decidedAt: now,
      })),
    );
    await db
      .insert(schema.studyYearTotals)
      .values(chunk.map((id) => ({ userId: id, year: trainingYear(now), onlineSeconds: 60 * 3600, offlineSeconds: 0 })));
  }
  const candidates: Candidate[] = [];
  for (let start = 0; start < ids.length; start += 50) {
    const sessions = await Promise.all(ids.slice(start, start + 50).map((id) => createSession(id)));
    sessions.forEach(({ token }, j) => candidates.push({ userId: ids[start + j], cookie: `__Host-hf_session=${token}`, token }));
  }
  return candidates;
}

/** A slot of a started attempt, as a load generator needs it to answer (type, options, blanks). */
export interface SlotInfo {
  slotNo: number;
  type: string;
  optionCount: number;
  blankCount: number;
}

/** A valid answer for a slot (original option indices), varied by `k`. */
export function answerFor(slot: SlotInfo, k: number): unknown {
  switch (slot.type) {
    case "single":
      return { type: "single", choice: k % Math.max(1, slot.optionCount) };
    case "multiple":
      return { type: "multiple", choices: [0, 2, 3].filter((c) => c < slot.optionCount).slice(0, 1 + (k % 3)) };
    case "truefalse":
      return { type: "truefalse", value: k % 2 === 0 };
    case "fill":
      return { type: "fill", blanks: Array.from({ length: slot.blankCount }, (_, i) => (i === 0 ? (k % 2 ? "一年" : "两年") : "集中")) };
    default:
      return { type: "short", text: `第 ${k} 次修改：坚持“三会一课”制度，按期换届，规范发展党员程序。` };
  }
}

/** A load generator's candidate saving one slot after another: its attempt, slots, next slot and last seq per slot. */
export interface SaveCursor {
  attemptId: number;
  slots: SlotInfo[];
  cursor: number;
  seqs: Map<number, number>;
}

/** The next save request of a candidate (the next slot in turn, its seq one higher), as /api/exam/save takes it. */
export function nextSave(w: SaveCursor): { slot: SlotInfo; seq: number; body: string } {
  const slot = w.slots[w.cursor++ % w.slots.length];
  const seq = (w.seqs.get(slot.slotNo) ?? 0) + 1;
  w.seqs.set(slot.slotNo, seq);
  const body = JSON.stringify({
    attemptId: w.attemptId,
    saves: [{ slotNo: slot.slotNo, seq, answer: answerFor(slot, seq), flagged: false }],
  });
  return { slot, seq, body };
}
