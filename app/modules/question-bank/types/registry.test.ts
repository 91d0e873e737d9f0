import { describe, expect, it } from "vitest";
import { permutation, seededRandom } from "../../exams/draw";
import { gradeSlot } from "../../exams/grading";
import { answerFits, rawAnswerSchema } from "../../exams/save-input";
import { formFromDraft, draftFromForm } from "../authoring";
import { parseGift, writeGift } from "../gift";
import { QUESTION_TYPES, type QuestionType } from "../question";
import { TABLE_COLUMNS, draftToRow, rowToDraft, type TableCells } from "../table-format";
import { validateDraft } from "../validate";
import { ANSWER_KITS } from "./answer-kits";
import { anyDefinition, questionDraftSchema, QUESTION_TYPE_REGISTRY } from "./registry";

/**
 * What every question type must satisfy, checked for every type in the registry (a type added
 * later is checked without a line here): the registry is consistent, the type's template example is
 * a valid question that survives each of the type's codecs, its per-attempt state reads back, its
 * paper view carries nothing of the key, and what its no-JS form gives is an answer the save
 * endpoint accepts.
 */

const render = { markdown: (s: string) => `<p>${s}</p>`, inline: (s: string) => s };
const example = (type: QuestionType) => anyDefinition(type).table.example.draft;

describe.each(QUESTION_TYPES.map((type) => [type]))("question type %s", (type) => {
  const definition = anyDefinition(type);

  it("is registered under its own code, with its browser-safe kit, marked by people exactly when it has a grader's view", () => {
    expect(definition.type).toBe(type);
    expect(ANSWER_KITS[type]).toBe(definition.answer);
    expect(definition.marking === "people").toBe(definition.manual !== undefined);
  });

  it("its template example is valid and of its type", () => {
    const draft = example(type);
    expect(draft.type).toBe(type);
    expect(questionDraftSchema.parse(draft)).toEqual(draft);
    expect(validateDraft(draft)).toEqual([]);
  });

  it("its example survives the Excel/CSV row, GIFT and the authoring form", () => {
    const draft = example(type);
    const row = draftToRow(draft);
    const cells = Object.fromEntries(TABLE_COLUMNS.map((c, i) => [c, row[i]])) as TableCells;
    expect(rowToDraft(cells, 2)).toEqual({ draft, stem: draft.stem, problems: [] });
    const gift = parseGift(writeGift([draft]), { defaultArea: "theory" });
    expect(gift.problems).toEqual([]);
    expect(gift.drafts.map((d) => d.draft)).toEqual([draft]);
    expect(draftFromForm(formFromDraft(draft))).toEqual({ ok: true, draft });
  });

  it("its table names are its own (no other type is read by them)", () => {
    const others = QUESTION_TYPES.filter((t) => t !== type).flatMap((t) => [t, ...QUESTION_TYPE_REGISTRY[t].table.names]);
    for (const name of [type, ...definition.table.names]) expect(others, name).not.toContain(name);
  });

  it("draws a state that reads back, and a paper view without the key or the explanation", () => {
    const draft = example(type);
    const options = "options" in draft ? (draft.options as string[]).length : 0;
    const rng = seededRandom(`state-${type}`);
    const state = definition.drawState(
      { questionId: 1, versionId: 1, type, area: draft.area, difficulty: draft.difficulty, optionCount: options },
      { permutation: (n) => permutation(n, rng) },
    );
    expect(definition.stateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
    const paper = definition.paperView(draft, state, render);
    expect(paper.type).toBe(type);
    const json = JSON.stringify(paper);
    expect(json).not.toContain(draft.explanation);
    expect(json).not.toContain('"answer"');
    expect(definition.reviewView(draft, state, null, render).type).toBe(type);
  });

  it("an empty no-JS form is no answer; an unanswered answer grades as unanswered", () => {
    expect(definition.fromForm({ one: () => null, all: () => [] })).toBeNull();
    expect(gradeSlot(example(type), null, 10, { partialCredit: true })).toEqual({ markTenths: 0, outcome: "unanswered" });
  });

  it("the hand check and zod agree on what a form gives", () => {
    const draft = example(type);
    const state = definition.drawState(
      {
        questionId: 1,
        versionId: 1,
        type,
        area: draft.area,
        difficulty: draft.difficulty,
        optionCount: "options" in draft ? (draft.options as string[]).length : 0,
      },
      { permutation: (n) => Array.from({ length: n }, (_, i) => i) },
    );
    const shape = { type, ...definition.shape({ stem: draft.stem, state }) };
    // The form as a candidate might fill it: the first option, "true", a word in every blank, a text.
    const form = {
      one: (name: string) => ({ choice: "0", value: "true", text: "我的回答" })[name] ?? null,
      all: (name: string) => ({ choices: ["0", "1"], blank: ["五", "二十五"] })[name] ?? [],
    };
    const candidate = definition.fromForm(form);
    if (candidate === null) return;
    const parsed = rawAnswerSchema.parse(candidate);
    expect(definition.quickParse(candidate as Record<string, unknown>)).toEqual(parsed);
    expect(answerFits(parsed, shape)).toBe(true);
    expect(definition.answer.isUnanswered(parsed as never)).toBe(false);
    const grade = gradeSlot(draft, parsed, 10, { partialCredit: true });
    expect(grade.outcome).not.toBe("unanswered");
  });
});
