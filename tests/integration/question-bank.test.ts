import { count, eq, sql } from "drizzle-orm";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { questionBanks, questions } from "#db/schema";
import { writeQuestionCsv } from "~/modules/question-bank/csv.server";
import { writeQuestionWorkbook } from "~/modules/question-bank/excel.server";
import { parseGift, writeGift } from "~/modules/question-bank/gift";
import { importQuestionContent } from "~/modules/question-bank/import-content.server";
import { importQuestionFile } from "~/modules/question-bank/import-file.server";
import { importOptionsSchema } from "~/modules/question-bank/schemas";
import { IMPORT_LIMITS } from "~/modules/imports/limits";
import type { QuestionDraft } from "~/modules/question-bank/question";
import {
  bulkUpdateQuestions,
  createBank,
  createQuestion,
  exportDrafts,
  getBankQuestions,
  getQuestion,
  listBanks,
  reviewQuestion,
  updateQuestion,
} from "~/modules/question-bank/questions.server";
import { actorOf, createPlace, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

const meta = { ip: "127.0.0.1" };
const draft = (stem: string, extra: Partial<QuestionDraft> = {}): QuestionDraft =>
  ({
    type: "single",
    stem,
    options: ["正确选项", "干扰项一", "干扰项二", "干扰项三"],
    answer: "A",
    area: "practice",
    knowledgePoint: "三会一课",
    difficulty: 2,
    explanation: "解析",
    ...extra,
  }) as QuestionDraft;

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`question bank on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let other: Awaited<ReturnType<typeof createPlace>>;
    let admin: Awaited<ReturnType<typeof actorOf>>;
    let lecturer: Awaited<ReturnType<typeof actorOf>>;
    let bankId: number;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      other = await createPlace();
      admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      lecturer = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "lecturer", countyId: place.county.id }] })).id,
      );
      bankId = await createBank(admin, { title: "测试题库", countyId: place.county.id }, meta);
    });
    afterAll(() => drop());

    it("imports the official content once, and a changed text becomes a new version", async () => {
      const first = await importQuestionContent(db());
      expect(first.inserted).toBeGreaterThanOrEqual(300);
      const again = await importQuestionContent(db());
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: first.inserted });
      const official = await db().select().from(questionBanks).where(eq(questionBanks.slug, "practice"));
      expect(official).toHaveLength(1);
      const { banks } = await listBanks(admin);
      expect(banks.filter((b) => b.official).length).toBe(4);
      expect(banks.find((b) => b.official)!.rights).toMatchObject({ manage: false, read: true });
      const lecturerBanks = await listBanks(lecturer);
      expect(lecturerBanks.banks.every((b) => !b.official)).toBe(true);

      const dir = mkdtempSync(join(tmpdir(), "hf-content-"));
      const file = JSON.parse(readFileSync("content/questions/practice.json", "utf8"));
      file.questions[0].explanation += "（修订）";
      writeFileSync(join(dir, "practice.json"), JSON.stringify(file));
      const revised = await importQuestionContent(db(), dir);
      expect(revised).toMatchObject({ inserted: 0, updated: 1 });
      const [row] = await db().select().from(questions).where(eq(questions.slug, file.questions[0].slug));
      const history = await getQuestion(admin, row.id);
      expect(history.versions).toHaveLength(2);
      expect(history.draft.explanation).toMatch(/（修订）$/);
      rmSync(dir, { recursive: true, force: true });
    });

    it("a lecturer proposes, the admin returns with a comment, the lecturer fixes and resubmits, the admin approves", async () => {
      const created = await createQuestion(lecturer, { bankId, draft: draft("党支部党员大会一般多久召开一次？"), intent: "submit" }, meta);
      if (!created.ok) throw new Error("not created");
      expect((await getQuestion(lecturer, created.questionId)).question.status).toBe("submitted");
      await expect(updateQuestion(lecturer, { questionId: created.questionId, draft: draft("改") }, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      expect(await reviewQuestion(admin, { questionId: created.questionId, decision: "return", comment: "" }, meta)).toEqual({
        ok: false,
        problem: "commentRequired",
      });
      await reviewQuestion(admin, { questionId: created.questionId, decision: "return", comment: "请补充解析依据" }, meta);
      const returned = await getQuestion(lecturer, created.questionId);
      expect(returned.question).toMatchObject({ status: "draft", reviewComment: "请补充解析依据" });
      await updateQuestion(
        lecturer,
        {
          questionId: created.questionId,
          draft: draft("党支部党员大会一般多久召开一次？", { explanation: "依据支部工作条例" }),
          submit: true,
        },
        meta,
      );
      await reviewQuestion(admin, { questionId: created.questionId, decision: "approve", comment: "" }, meta);
      const approved = await getQuestion(admin, created.questionId);
      expect(approved.question.status).toBe("active");
      expect(approved.versions.map((v) => v.versionNo)).toEqual([2, 1]);
    });

    it("editing an active question appends a version; the old one stays readable; the database refuses to change versions", async () => {
      const created = await createQuestion(admin, { bankId, draft: draft("预备党员的预备期为多长时间？"), intent: "activate" }, meta);
      if (!created.ok) throw new Error("not created");
      const unchanged = await updateQuestion(admin, { questionId: created.questionId, draft: draft("预备党员的预备期为多长时间？") }, meta);
      expect(unchanged).toMatchObject({ ok: true, newVersion: false });
      const edited = await updateQuestion(
        admin,
        { questionId: created.questionId, draft: draft("预备党员的预备期为（ ）。", { options: ["一年", "半年", "两年", "三个月"] }) },
        meta,
      );
      expect(edited).toMatchObject({ ok: true, newVersion: true });
      const old = await getQuestion(admin, created.questionId, 1);
      expect(old.isCurrent).toBe(false);
      expect(old.draft.stem).toBe("预备党员的预备期为多长时间？");
      const current = await getQuestion(admin, created.questionId);
      expect(current.draft.stem).toBe("预备党员的预备期为（ ）。");
      expect(current.question.status).toBe("active");
      await expect(db().execute(sql`update question_versions set body = '{}'::jsonb`)).rejects.toThrow();
      await expect(db().execute(sql`delete from question_versions`)).rejects.toThrow();
    });

    it("a bank goes to the admin's only county; an admin of two counties must choose one of theirs", async () => {
      const single = await createBank(admin, { title: "默认县题库" }, meta);
      const [row] = await db().select().from(questionBanks).where(eq(questionBanks.id, single));
      expect(row.countyId).toBe(place.county.id);
      const both = await actorOf(
        (
          await createUser({
            organizationId: place.organization.id,
            roles: [
              { role: "county_admin", countyId: place.county.id },
              { role: "county_admin", countyId: other.county.id },
            ],
          })
        ).id,
      );
      await expect(createBank(both, { title: "未选县" }, meta)).rejects.toMatchObject({ code: "badRequest" });
      expect((await listBanks(both)).counties.map((c) => c.id).sort()).toEqual([place.county.id, other.county.id].sort());
      await expect(createBank(admin, { title: "越权", countyId: other.county.id }, meta)).rejects.toMatchObject({ code: "forbidden" });
    });

    it("refuses a duplicate stem in the same bank", async () => {
      await createQuestion(admin, { bankId, draft: draft("党的最高领导机关是（ ）。"), intent: "activate" }, meta);
      expect(await createQuestion(admin, { bankId, draft: draft("党的最高领导机关是（）。"), intent: "activate" }, meta)).toEqual({
        ok: false,
        problem: "duplicateInBank",
      });
    });

    it("searches and filters, and a lecturer sees only their own questions", async () => {
      const all = await getBankQuestions(admin, bankId, { q: "预备", page: 1 });
      expect(all.questions.map((q) => q.stem)).toEqual(["预备党员的预备期为（ ）。"]);
      const active = await getBankQuestions(admin, bankId, { q: "", status: "active", knowledgePoint: "三会一课", page: 1 });
      expect(active.total).toBeGreaterThanOrEqual(2);
      const mine = await getBankQuestions(lecturer, bankId, { q: "", page: 1 });
      expect(mine.questions.every((q) => q.stem.startsWith("党支部党员大会"))).toBe(true);
      const foreign = await actorOf(
        (await createUser({ organizationId: other.organization.id, roles: [{ role: "county_admin", countyId: other.county.id }] })).id,
      );
      await expect(getBankQuestions(foreign, bankId, { q: "", page: 1 })).rejects.toMatchObject({ code: "forbidden" });
    });

    it("retires and re-areas in bulk; retired questions are not exported", async () => {
      const { questions: list } = await getBankQuestions(admin, bankId, { q: "", status: "active", page: 1 });
      const ids = list.map((q) => q.id);
      const moved = await bulkUpdateQuestions(admin, { bankId, questionIds: ids, area: "basics" }, meta);
      expect(moved.changed).toBe(ids.length);
      const retired = await bulkUpdateQuestions(admin, { bankId, questionIds: [ids[0]], status: "retired" }, meta);
      expect(retired).toEqual({ changed: 1, skipped: 0 });
      const exported = await exportDrafts(admin, bankId);
      expect(exported.drafts.every((d) => d.area === "basics")).toBe(true);
      expect(exported.drafts.length).toBe(ids.length - 1);
    });

    it("an import with a bad row writes nothing; with good rows only it imports the rest", async () => {
      const fresh = await createBank(admin, { title: "导入测试", countyId: place.county.id }, meta);
      const drafts = [draft("导入题一"), draft("导入题二"), { ...draft("导入题三"), answer: "F" } as QuestionDraft];
      const bytes = new Uint8Array(await writeQuestionWorkbook(drafts));
      const refused = await importQuestionFile(
        admin,
        { bankId: fresh, format: "xlsx", bytes, goodRowsOnly: false, status: "active" },
        meta,
      );
      expect(refused.committed).toBe(false);
      expect(refused.problems).toEqual([expect.objectContaining({ line: 4, column: "答案", code: "answerLetterWithoutOption" })]);
      const [{ n }] = await db().select({ n: count() }).from(questions).where(eq(questions.bankId, fresh));
      expect(n).toBe(0);
      const partial = await importQuestionFile(admin, { bankId: fresh, format: "xlsx", bytes, goodRowsOnly: true, status: "active" }, meta);
      expect(partial).toMatchObject({ committed: true, imported: 2, skipped: 1 });
      const again = await importQuestionFile(admin, { bankId: fresh, format: "xlsx", bytes, goodRowsOnly: false, status: "active" }, meta);
      expect(again.problems.filter((p) => p.code === "duplicateInBank")).toHaveLength(2);
    });

    it("export then import gives the same questions, in all three formats", async () => {
      const { drafts } = await exportDrafts(admin, bankId);
      for (const [format, bytes] of [
        ["xlsx", new Uint8Array(await writeQuestionWorkbook(drafts))],
        ["csv", new Uint8Array(writeQuestionCsv(drafts))],
        ["gift", new TextEncoder().encode(writeGift(drafts))],
      ] as const) {
        const target = await createBank(admin, { title: `往返 ${format}`, countyId: place.county.id }, meta);
        const result = await importQuestionFile(admin, { bankId: target, format, bytes, goodRowsOnly: false, status: "active" }, meta);
        expect(result, format).toMatchObject({ committed: true, imported: drafts.length });
        const back = await exportDrafts(admin, target);
        expect(back.drafts, format).toEqual(drafts);
      }
    });

    it("GIFT with “only questions without problems” imports every good question and lists the rest by line (issue 9 item 3)", async () => {
      const fresh = await createBank(admin, { title: "GIFT 部分导入", countyId: place.county.id }, meta);
      const gift = [
        "党的根本组织原则是民主集中制。{T}", // 1
        "",
        "只是说明文字，没有答案。", // 3
        "",
        "中共一大于（ ）年召开。{~1919 =1921 ~1927}", // 5
        "",
        "简述“三会一课”。{}", // 7
        "",
        "Two cats?{=%50%Cat =Cats}", // 9
      ].join("\n");
      const bytes = new TextEncoder().encode(gift);
      const refused = await importQuestionFile(
        admin,
        { bankId: fresh, format: "gift", bytes, goodRowsOnly: false, status: "active" },
        meta,
      );
      // The essay (line 7) imports as a short answer with a notice, which blocks nothing.
      expect(refused).toMatchObject({ committed: false, imported: 0, problemCount: 2 });
      const partial = await importQuestionFile(admin, { bankId: fresh, format: "gift", bytes, goodRowsOnly: true, status: "active" }, meta);
      expect(partial).toMatchObject({ committed: true, imported: 3, skipped: 2 });
      expect(partial.problems.map((p) => [p.line, p.code])).toEqual([
        [3, "giftUnsupportedType"],
        [7, "giftEssayNoReference"],
        [9, "giftPartialWeight"],
      ]);
      const stored = await exportDrafts(admin, fresh);
      expect(stored.drafts.map((d) => d.type).sort()).toEqual(["short", "single", "truefalse"]);
    });

    it("GIFT takes the page's defaults and $CATEGORY; imported files are drafts unless chosen otherwise (issue 9 item 4d)", async () => {
      const fresh = await createBank(admin, { title: "GIFT 默认值", countyId: place.county.id }, meta);
      const gift = "无分类。{T}\n\n$CATEGORY: $course$/top/经验交流/典型案例\n\n有分类。{F}";
      const options = importOptionsSchema.parse({ defaultArea: "practice", defaultKnowledgePoint: "组织生活", defaultDifficulty: "4" });
      expect(options.status).toBe("draft");
      const result = await importQuestionFile(
        admin,
        {
          bankId: fresh,
          format: "gift",
          bytes: new TextEncoder().encode(gift),
          goodRowsOnly: false,
          status: options.status,
          defaults: { area: options.defaultArea, knowledgePoint: options.defaultKnowledgePoint, difficulty: options.defaultDifficulty },
        },
        meta,
      );
      expect(result).toMatchObject({ committed: true, imported: 2 });
      const stored = await exportDrafts(admin, fresh);
      expect(stored.drafts.map((d) => [d.stem, d.area, d.knowledgePoint, d.difficulty]).sort()).toEqual([
        ["无分类。", "practice", "组织生活", 4],
        ["有分类。", "experience", "典型案例", 4],
      ]);
      const statuses = await db().select({ status: questions.status }).from(questions).where(eq(questions.bankId, fresh));
      expect(statuses.map((s) => s.status)).toEqual(["draft", "draft"]);
    });

    it("refuses a file above the row cap in every format and lists at most the first problems (issue 8 item 3)", async () => {
      const fresh = await createBank(admin, { title: "上限", countyId: place.county.id }, meta);
      const max = IMPORT_LIMITS.questionRows;
      const many = Array.from({ length: max + 1 }, (_, i) => draft(`上限题${i}`));
      for (const [format, bytes] of [
        ["xlsx", new Uint8Array(await writeQuestionWorkbook(many))],
        ["csv", new Uint8Array(writeQuestionCsv(many))],
        ["gift", new TextEncoder().encode(writeGift(many))],
      ] as const) {
        const result = await importQuestionFile(admin, { bankId: fresh, format, bytes, goodRowsOnly: true, status: "active" }, meta);
        expect(result, format).toMatchObject({ committed: false, imported: 0, moreProblems: 0 });
        expect(
          result.problems.map((p) => [p.code, p.params?.max]),
          format,
        ).toEqual([["tooManyRows", max]]);
      }
      const bad = Array.from({ length: 300 }, (_, i) => ({ ...draft(`坏题${i}`), answer: "F" }) as QuestionDraft);
      const result = await importQuestionFile(
        admin,
        { bankId: fresh, format: "csv", bytes: new Uint8Array(writeQuestionCsv(bad)), goodRowsOnly: false, status: "active" },
        meta,
      );
      expect(result).toMatchObject({ committed: false, problemCount: 300, moreProblems: 300 - IMPORT_LIMITS.shownProblems });
      expect(result.problems).toHaveLength(IMPORT_LIMITS.shownProblems);
      expect(result.problems[0].line).toBe(2);
      const [{ n }] = await db().select({ n: count() }).from(questions).where(eq(questions.bankId, fresh));
      expect(n).toBe(0);
    });

    it("reads a large GIFT file a slice at a time with the same lines as parseGift (CRLF across slices)", async () => {
      const fresh = await createBank(admin, { title: "GIFT 大文件", countyId: place.county.id }, meta);
      const many = Array.from({ length: 1500 }, (_, i) => draft(`切片题${i}`));
      const text = `${writeGift(many)}\n只是说明文字，没有答案。\n`.replace(/\n/g, "\r\n");
      const bytes = new TextEncoder().encode(text);
      expect(bytes.length).toBeGreaterThan(3 * 64 * 1024);
      const expected = parseGift(text, { defaultArea: "theory" });
      const result = await importQuestionFile(admin, { bankId: fresh, format: "gift", bytes, goodRowsOnly: true, status: "active" }, meta);
      expect(result).toMatchObject({ committed: true, imported: 1500, skipped: 1 });
      expect(result.problems).toEqual(expected.problems);
      expect(result.problems.map((p) => p.code)).toEqual(["giftUnsupportedType"]);
    });
  });
}
