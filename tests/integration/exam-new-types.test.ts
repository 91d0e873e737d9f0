/**
 * 连线题 (matching) and 数值题 (numeric) through an exam: the paper shows the premises and the
 * responses in the candidate's drawn order (the same on every load), saves over /api/exam/save and
 * the no-JavaScript form, refuses answers that do not fit, grades per pair and per tolerance with the
 * exam's partial credit, and the result, review, item analysis and Excel results show them.
 */
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { examAnswerSteps, examAttemptSlots, questionBanks } from "#db/schema";
import type { Actor } from "~/modules/auth/access";
import type { ValidSession } from "~/modules/auth/session.server";
import { startAttempt } from "~/modules/exams/attempts.server";
import { getAttemptPage, getAttemptResult, type PaperSlot } from "~/modules/exams/candidate.server";
import { finalizeAttempt } from "~/modules/exams/finalize.server";
import { examResults, itemAnalysis, resultsWorkbook } from "~/modules/exams/results.server";
import type { Blueprint } from "~/modules/exams/types";
import type { MatchingDraft, NumericDraft } from "~/modules/question-bank/question";
import { insertQuestionsBulk } from "~/modules/question-bank/questions.server";
import { matchingKey, matchingResponses } from "~/modules/question-bank/types/matching/rules";
import * as attemptRoute from "~/routes/exams.attempts.$attemptId";
import { answerExamSave } from "../../server/endpoints/exam-save";
import { actorOf, createPlace, createUser, sessionCookieFor } from "../factories";
import { createExam, createReadyCandidate, createSitting } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

const common = { area: "practice", knowledgePoint: "三会一课", difficulty: 2, explanation: "支部工作条例第十九条。" } as const;
const M1: MatchingDraft = {
  ...common,
  type: "matching",
  stem: "将下列会议与其一般召开频次连线。",
  pairs: [
    { premise: "党支部党员大会", response: "每季度召开1次" },
    { premise: "党支部委员会会议", response: "每月召开1次" },
    { premise: "党小组会", response: "每月召开1次" },
  ],
  distractors: ["每半年召开1次"],
};
const M2: MatchingDraft = {
  ...common,
  type: "matching",
  stem: "将下列发展党员环节与时间要求连线。",
  pairs: [
    { premise: "收到入党申请书后谈话", response: "一个月内" },
    { premise: "预备期", response: "一年" },
    { premise: "培养考察入党积极分子", response: "一年以上" },
  ],
  distractors: [],
};
const basics = { area: "basics", knowledgePoint: "党支部设置", difficulty: 1, explanation: "" } as const;
const N1: NumericDraft = {
  ...basics,
  type: "numeric",
  stem: "有正式党员几人以上的党支部设立支部委员会？",
  answer: [{ kind: "tolerance", value: 7, tolerance: 0, percent: 100 }],
  units: ["人", "名"],
};
const N2: NumericDraft = {
  ...basics,
  type: "numeric",
  stem: "党的全国代表大会每几年举行一次？",
  answer: [
    { kind: "tolerance", value: 5, tolerance: 0, percent: 100 },
    { kind: "range", min: 4, max: 6, percent: 50 },
  ],
  units: ["年"],
};

const BLUEPRINT: Blueprint = {
  sections: [
    { area: "practice", type: "matching", count: 2, pointsTenths: 30, difficultyMin: 1, difficultyMax: 5 },
    { area: "basics", type: "numeric", count: 2, pointsTenths: 20, difficultyMin: 1, difficultyMax: 5 },
  ],
};

async function save(actor: Actor, body: unknown) {
  const session: ValidSession = { actor, sessionId: "x", expiresAt: new Date(), renewed: false };
  return (await answerExamSave(session, body)).status;
}

async function formSave(userId: number, attemptId: number, body: Record<string, string | string[]>) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
  const request = new Request(`http://localhost/exams/attempts/${attemptId}`, {
    method: "POST",
    headers: { Cookie: await sessionCookieFor(userId), "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  try {
    return await attemptRoute.action({ request, params: { attemptId: String(attemptId) }, context: {} } as never);
  } catch (thrown) {
    return thrown;
  }
}

const stripTags = (html: string) => html.replace(/<[^>]*>/g, "");

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`matching and numeric questions in an exam on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let bankId: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      const [bank] = await db()
        .insert(questionBanks)
        .values({ title: "连线与数值题库", countyId: place.county.id })
        .returning({ id: questionBanks.id });
      bankId = bank.id;
      await db().transaction((tx) => insertQuestionsBulk(tx, { bankId, status: "active", authorId: null, drafts: [M1, M2, N1, N2] }));
    }, 60_000);
    afterAll(() => drop());

    it("start, save (JSON and no-JS form), submit: marks per pair and per tolerance, the review and the analysis", async () => {
      const exam = await createExam(place.county.id, {
        bankIds: [bankId],
        blueprint: BLUEPRINT,
        partialCredit: true,
        attemptsAllowed: 1,
        passMarkTenths: 60,
      });
      const sitting = await createSitting(exam.id);
      const candidate = await createReadyCandidate(place.organization.id, { name: "连线考生" });
      const actor = await actorOf(candidate.id);
      const { attemptId } = await startAttempt(actor, sitting.id);
      const page = await getAttemptPage(actor, attemptId);
      if (page.kind !== "open") throw new Error("not open");
      expect(page.slots.map((s) => s.type)).toEqual(["matching", "matching", "numeric", "numeric"]);

      // The paper: premises in authored order, the responses in the drawn order (optionOrder), no key.
      const slotOf = (stem: string) => page.slots.find((s) => s.stemHtml.includes(stem))!;
      type Paper<T> = Extract<PaperSlot, { type: T }>;
      const m1 = slotOf(M1.stem) as Paper<"matching">;
      const m2 = slotOf(M2.stem) as Paper<"matching">;
      const n1 = slotOf("几人以上") as Paper<"numeric">;
      const n2 = slotOf("每几年") as Paper<"numeric">;
      expect(m1.premises.map(stripTags)).toEqual(M1.pairs.map((p) => p.premise));
      const [stored] = await db()
        .select({ state: examAttemptSlots.state })
        .from(examAttemptSlots)
        .where(and(eq(examAttemptSlots.attemptId, attemptId), eq(examAttemptSlots.slotNo, m1.slotNo)));
      const { optionOrder } = stored.state as { optionOrder: number[] };
      expect(m1.options.map((o) => o.index)).toEqual(optionOrder);
      expect([...optionOrder].sort()).toEqual([0, 1, 2]);
      expect(m1.options.map((o) => stripTags(o.html))).toEqual(optionOrder.map((i) => matchingResponses(M1)[i]));
      expect(n1.units).toEqual(["人", "名"]);
      // Drawn once: the same order on every load.
      const again = await getAttemptPage(actor, attemptId);
      if (again.kind !== "open") throw new Error("not open");
      const orders = (slots: PaperSlot[]) => slots.map((s) => ("options" in s ? s.options.map((o) => o.index) : []));
      expect(orders(again.slots)).toEqual(orders(page.slots));
      expect(JSON.stringify(page)).not.toContain("支部工作条例第十九条");

      // Saves that do not fit the slot store nothing (400).
      const item = (slotNo: number, seq: number, answer: unknown) => ({ slotNo, seq, answer, flagged: false });
      expect(await save(actor, { attemptId, saves: [item(m1.slotNo, 1, { type: "matching", matches: [0, 1, 3] })] })).toBe(400);
      expect(await save(actor, { attemptId, saves: [item(n1.slotNo, 1, { type: "numeric", text: "1".repeat(51) })] })).toBe(400);
      expect(await save(actor, { attemptId, saves: [item(n1.slotNo, 1, { type: "matching", matches: [0, 1, 2] })] })).toBe(400);

      // M1 all right; N1 right in full-width digits with an accepted unit; N2 within the 50 % range.
      const key1 = matchingKey(M1);
      expect(
        await save(actor, {
          attemptId,
          saves: [
            item(m1.slotNo, 1, { type: "matching", matches: key1 }),
            item(n1.slotNo, 1, { type: "numeric", text: " ７ 名" }),
            item(n2.slotNo, 1, { type: "numeric", text: "4年" }),
          ],
        }),
      ).toBe(200);
      // M2 over the no-JavaScript form: one right of three, one left empty.
      const key2 = matchingKey(M2);
      const wrongFor = (k: number) => key2.find((x) => x !== k)!;
      await formSave(candidate.id, attemptId, {
        intent: "save",
        slotNo: String(m2.slotNo),
        match: [String(key2[0]), String(wrongFor(key2[1])), ""],
      });
      const steps = await db()
        .select({ answer: examAnswerSteps.answer })
        .from(examAnswerSteps)
        .where(and(eq(examAnswerSteps.attemptId, attemptId), eq(examAnswerSteps.slotNo, m2.slotNo)));
      expect(steps.map((s) => s.answer)).toEqual([{ type: "matching", matches: [key2[0], wrongFor(key2[1]), null] }]);

      await finalizeAttempt(attemptId, "candidate");
      const result = await getAttemptResult(actor, attemptId);
      if (result.kind !== "result") throw new Error("in progress");
      // 30 (M1) + floor(30 × 1/3) = 10 (M2) + 20 (N1) + floor(20 × 50 %) = 10 (N2) = 70 of 100.
      expect(result.score).toMatchObject({ markTenths: 70, maxMarkTenths: 100, passed: true });
      const review = result.review!;
      const r = (slotNo: number) =>
        review.find((s) => s.slotNo === slotNo)! as never as {
          markTenths: number;
          answer: unknown;
          pairs: { right: boolean; chosenHtml: string | null; correctHtml: string }[];
        };
      expect(r(m1.slotNo)).toMatchObject({ markTenths: 30 });
      expect(r(m1.slotNo).pairs.map((p) => p.right)).toEqual([true, true, true]);
      expect(r(m2.slotNo).markTenths).toBe(10);
      expect(r(m2.slotNo).pairs.map((p) => [p.right, p.chosenHtml === null])).toEqual([
        [true, false],
        [false, false],
        [false, true],
      ]);
      expect(r(m2.slotNo).pairs.map((p) => stripTags(p.correctHtml))).toEqual(M2.pairs.map((p) => p.response));
      expect(r(n1.slotNo)).toMatchObject({
        markTenths: 20,
        answers: ["7"],
        units: ["人", "名"],
        answer: { type: "numeric", text: " ７ 名" },
      });
      expect(r(n2.slotNo)).toMatchObject({ markTenths: 10, answers: ["5", "50%：4 ~ 6"] });

      // Item analysis (counts per premise matched right for matching) and the Excel results.
      const adminId = (
        await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })
      ).id;
      const admin = await actorOf(adminId);
      const analysis = await itemAnalysis(admin, exam.id);
      const byType = (type: string) => analysis.items.filter((i) => i.type === type);
      expect(byType("matching").map((i) => i.optionLetters)).toEqual([
        ["(1)", "(2)", "(3)"],
        ["(1)", "(2)", "(3)"],
      ]);
      expect(
        byType("matching")
          .map((i) => i.optionCounts)
          .sort(),
      ).toEqual([
        [1, 0, 0],
        [1, 1, 1],
      ]);
      expect(
        byType("numeric")
          .map((i) => i.facility)
          .sort(),
      ).toEqual([0.5, 1]);
      const results = await examResults(admin, exam.id);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await resultsWorkbook(results.title, results.rows)).buffer as ArrayBuffer);
      const row = book.worksheets[0].getRow(2).values as unknown[];
      expect(row.slice(11, 14)).toEqual([7, 10, "合格"]);
    });
  });
}
