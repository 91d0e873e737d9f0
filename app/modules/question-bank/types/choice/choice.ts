import { z } from "zod";
import { text } from "../../../text";
import { LIMITS, optionIndex, optionLetter } from "../../question";
import type { AddProblem, QuestionTypeDefinition, StateRandom } from "../definition";
import type { BankEntry } from "../../../exams/types";
import { COLUMN, checkItems, draftCommonShape, stringArray } from "../shared";
import type { ChoiceDraft, ChoiceState } from "./model";

/**
 * What single and multiple choice share: options A–H, a key in letters ("B", "ABD"), the option
 * order shuffled per attempt. Each of the two types composes its definition from these.
 */

type Choice = "single" | "multiple";

export const choiceStateSchema: z.ZodType<ChoiceState> = z.object({
  optionOrder: z.array(
    z
      .number()
      .int()
      .min(0)
      .max(LIMITS.maxOptions - 1),
  ),
});

export function choiceDraftSchema<T extends Choice>(type: T) {
  return z.object({
    type: z.literal(type),
    ...draftCommonShape,
    options: z.array(text()),
    answer: text(),
  });
}

/** The correct option indices of a choice question (letters "ABD" → [0, 1, 3]). */
export function correctIndices(answer: string): number[] {
  return [...new Set([...answer.trim().toUpperCase()].map(optionIndex))].sort((a, b) => a - b);
}

/** "A, b、D" → "ABD"; undefined when anything but letters and separators is present. */
export function parseLetters(value: string): string | undefined {
  const letters = value
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s,，、;；/|.．]+/g, "");
  if (!/^[A-Z]+$/.test(letters)) return undefined;
  return [...new Set(letters)].sort().join("");
}

export function validateChoice(type: Choice, draft: { options?: unknown; answer?: unknown }, add: AddProblem, checkAnswer: boolean) {
  const options = stringArray(draft.options);
  const min = type === "single" ? LIMITS.minOptionsSingle : LIMITS.minOptionsMultiple;
  if (options.length < min) add(COLUMN.option(options.length), "tooFewOptions", { min });
  if (options.length > LIMITS.maxOptions) add(COLUMN.option(LIMITS.maxOptions - 1), "tooManyOptions", { max: LIMITS.maxOptions });
  checkItems(options, add);
  if (!checkAnswer) return;
  const value = typeof draft.answer === "string" ? draft.answer : "";
  if (value.trim() === "") return add(COLUMN.answer, "answerMissing");
  const letters = [...value];
  const canonical = [...new Set(letters)].sort().join("");
  if (!/^[A-Z]+$/.test(value) || canonical !== value) return add(COLUMN.answer, "answerNotLetters", { value });
  if (type === "single" && letters.length > 1) add(COLUMN.answer, "singleNeedsOneAnswer", { value });
  if (type === "multiple" && letters.length < 2) add(COLUMN.answer, "multipleNeedsTwoAnswers", { value });
  for (const letter of letters) {
    if (optionIndex(letter) >= Math.min(options.length, LIMITS.maxOptions)) add(COLUMN.answer, "answerLetterWithoutOption", { letter });
  }
}

/** The parts of a definition both choice types have in common. */
export function choiceParts<T extends Choice>(
  type: T,
): Pick<QuestionTypeDefinition<T>, "authoring" | "shape" | "drawState" | "stateSchema" | "paperView" | "regradable"> & {
  table: Pick<QuestionTypeDefinition<T>["table"], "decode" | "encode">;
} {
  return {
    table: {
      decode({ common, optionCells, answerCell, reportAnswer }) {
        let last = optionCells.length - 1;
        while (last >= 0 && optionCells[last] === "") last--;
        const letters = answerCell === "" ? "" : parseLetters(answerCell);
        if (letters === undefined) reportAnswer("answerNotLetters", answerCell);
        return { type, ...common, options: optionCells.slice(0, last + 1), answer: letters ?? "" } as ChoiceDraft<T> as never;
      },
      encode(draft) {
        const d = draft as ChoiceDraft<T>;
        return { items: d.options, answer: d.answer };
      },
    },
    authoring: {
      toForm(draft) {
        return { answerChoices: (draft as ChoiceDraft<T>).answer.split("") };
      },
      fromForm(form, common) {
        // Trailing empty options are simply unused; a gap between options is reported by the validator.
        const options = form.options.map((o) => o.trim());
        while (options.length && !options[options.length - 1]) options.pop();
        const letters = [...new Set(form.answerChoices.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort().join("");
        return { ...common, type, options, answer: letters } as ChoiceDraft<T> as never;
      },
      answerField: "answer-A",
    },
    shape({ state }) {
      return { optionCount: (state as ChoiceState).optionOrder.length, blankCount: 0 };
    },
    drawState(entry: BankEntry, random: StateRandom) {
      return { optionOrder: entry.optionCount > 0 ? random.permutation(entry.optionCount) : [] } as never;
    },
    stateSchema: choiceStateSchema as never,
    paperView(draft, state, render) {
      const d = draft as ChoiceDraft<T>;
      return {
        type,
        stemHtml: render.markdown(d.stem),
        options: (state as ChoiceState).optionOrder.map((original) => ({
          index: original,
          html: render.inline(d.options[original] ?? ""),
        })),
      } as never;
    },
    regradable(original, corrected) {
      return (original as ChoiceDraft<T>).options.length === (corrected as ChoiceDraft<T>).options.length;
    },
  };
}

/** The review of a choice slot: the options in the shown order, what was chosen, what is correct. */
export function choiceReview<T extends Choice>(
  type: T,
  draft: ChoiceDraft<T>,
  state: ChoiceState,
  chosenIndices: readonly number[],
  render: { markdown(s: string): string; inline(s: string): string },
) {
  const chosen = new Set(chosenIndices);
  const correct = new Set(correctIndices(draft.answer));
  return {
    type,
    stemHtml: render.markdown(draft.stem),
    options: state.optionOrder.map((original, shown) => ({
      letter: optionLetter(shown),
      html: render.inline(draft.options[original] ?? ""),
      chosen: chosen.has(original),
      correct: correct.has(original),
    })),
  };
}

/** GIFT: the multiple-choice block's answers and which are correct (letters). */
export function giftChoice(kit: Parameters<QuestionTypeDefinition<Choice>["gift"]["read"]>[0]) {
  const answers = kit.answers(kit.answerTexts[0] ?? "");
  if (answers.length < 2) kit.refuse("giftSyntax", { message: "a multiple-choice question needs at least two answers" });
  const options = answers.map((a) => kit.toText(a.text).trim());
  const hasEquals = answers.some((a) => a.mark === "=");
  const correct = answers.flatMap((a, i) =>
    (hasEquals ? a.mark === "=" && (a.weight === undefined || a.weight > 0) : (a.weight ?? 0) > 0) ? [optionLetter(i)] : [],
  );
  return { answers, options, correct };
}
