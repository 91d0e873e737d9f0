import type { ComponentType } from "react";
import { useTranslation } from "~/i18n/use-locale";
import { renderInlineMarkdown, renderMarkdown } from "~/modules/markdown";
import type { QuestionForm } from "~/modules/question-bank/authoring";
import { splitAtBlanks } from "~/modules/question-bank/normalize";
import { OPTION_LETTERS, optionLetter, type QuestionDraft, type QuestionType } from "~/modules/question-bank/question";
import type { DraftOf } from "~/modules/question-bank/types/models";
import { matchingResponses } from "~/modules/question-bank/types/matching/rules";
import { describeNumericAnswer, formatNumber } from "~/modules/question-bank/types/numeric/rules";
import { TextArea, TextField } from "../form";

/**
 * The question bank's type-specific UI, one entry per question type (`AUTHORING_PARTS`, keyed by
 * type): the answer fields of the authoring form (named as the type's `authoring.fromForm` reads
 * them), the preview below the stem, and the answer key reviewers see.
 */
export interface EditorPartProps {
  /** the form's current type (choice fields switch between radio and checkbox) */
  type: QuestionType;
  initial: QuestionForm;
  /** the catalog key of the first problem of a field ("options", "answer"), if any */
  errorFor(field: string): string | undefined;
  /** every problem of the options and answer fields, worded */
  optionAndAnswerProblems: string[];
}

export interface AuthoringParts<T extends QuestionType> {
  /** the catalog key of the stem's hint */
  stemHint: string;
  Editor: ComponentType<EditorPartProps>;
  /** the stem as the candidate will see it */
  stemHtml(draft: DraftOf<T>): string;
  /** what the candidate sees below the stem (options, 对/错), if anything */
  Preview?: ComponentType<{ draft: DraftOf<T> }>;
  /** the key's label (catalog key) and content */
  keyLabel: string;
  Key: ComponentType<{ draft: DraftOf<T> }>;
  /** extra rows of the key (marking points) */
  KeyExtra?: ComponentType<{ draft: DraftOf<T> }>;
  /** what the preview shows while the form cannot be read yet */
  partial(form: QuestionForm, common: Pick<QuestionDraft, "stem" | "area" | "knowledgePoint" | "difficulty" | "explanation">): DraftOf<T>;
}

function ChoiceEditor({ type, initial, errorFor, optionAndAnswerProblems, input }: EditorPartProps & { input: "radio" | "checkbox" }) {
  const { t } = useTranslation();
  return (
    <fieldset className="space-y-2">
      <legend className="field-label">{t("qb.options")}</legend>
      <p className="field-hint">{t("qb.optionsHint")}</p>
      {OPTION_LETTERS.map((letter, i) => (
        <div key={letter} className="flex items-center gap-2">
          <input
            key={`${type}-${letter}`}
            type={input}
            name="answerChoices"
            value={letter}
            id={`answer-${letter}`}
            defaultChecked={initial.type === type && initial.answerChoices.includes(letter)}
            className="size-5 shrink-0 accent-brand-700"
            aria-label={`${t("qb.answer")} ${letter}`}
          />
          <label htmlFor={`option${letter}`} className="w-6 shrink-0 font-semibold">
            {letter}
          </label>
          <input
            id={`option${letter}`}
            name={`option${letter}`}
            className="field-input"
            defaultValue={initial.options[i]}
            aria-label={t("qb.option", { letter })}
          />
        </div>
      ))}
      {errorFor("options") || errorFor("answer") ? (
        <p className="field-error" role="alert">
          {optionAndAnswerProblems.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

function ChoicePreview({ draft }: { draft: DraftOf<"single" | "multiple"> }) {
  return (
    <ul className="space-y-2">
      {draft.options.map((option, i) => (
        <li key={i} className="flex gap-2 rounded-md border border-stone-200 px-3 py-2">
          <span className="font-semibold">{optionLetter(i)}.</span>
          <span dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(option) }} />
        </li>
      ))}
    </ul>
  );
}

const choiceParts = <T extends "single" | "multiple">(type: T, input: "radio" | "checkbox"): AuthoringParts<T> => ({
  stemHint: "qb.markdownHint",
  Editor: (props) => <ChoiceEditor {...props} input={input} />,
  stemHtml: (draft) => renderMarkdown(draft.stem),
  Preview: ChoicePreview,
  keyLabel: "qb.answer",
  Key: ({ draft }) => <>{draft.answer}</>,
  partial: (form, common) => ({ ...common, type, options: form.options.filter(Boolean), answer: "" }) as DraftOf<T>,
});

function TrueFalseEditor({ initial, errorFor }: EditorPartProps) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend className="field-label">{t("qb.answer")}</legend>
      <div className="flex gap-4">
        {(["true", "false"] as const).map((v) => (
          <label key={v} className="flex items-center gap-2">
            <input
              type="radio"
              name="answerTf"
              id={`answerTf-${v}`}
              value={v}
              defaultChecked={initial.answerTf === v}
              className="size-5 accent-brand-700"
            />
            {v === "true" ? t("qb.answerTrue") : t("qb.answerFalse")}
          </label>
        ))}
      </div>
      {errorFor("answer") ? (
        <p className="field-error" role="alert">
          {t(errorFor("answer")!)}
        </p>
      ) : null}
    </fieldset>
  );
}

function TrueFalsePreview() {
  const { t } = useTranslation();
  return (
    <ul className="flex gap-2">
      <li className="rounded-md border border-stone-200 px-4 py-2">{t("qb.answerTrue")}</li>
      <li className="rounded-md border border-stone-200 px-4 py-2">{t("qb.answerFalse")}</li>
    </ul>
  );
}

function TrueFalseKey({ draft }: { draft: DraftOf<"truefalse"> }) {
  const { t } = useTranslation();
  return <>{draft.answer ? t("qb.answerTrue") : t("qb.answerFalse")}</>;
}

function FillEditor({ initial, errorFor }: EditorPartProps) {
  const { t } = useTranslation();
  return (
    <TextArea
      name="answerFill"
      label={t("qb.answerFill")}
      hint={t("qb.answerFillHint")}
      defaultValue={initial.answerFill}
      error={errorFor("answer")}
      rows={3}
    />
  );
}

function FillKey({ draft }: { draft: DraftOf<"fill"> }) {
  const { t } = useTranslation();
  return (
    <ol className="space-y-1">
      {draft.answer.map((accepted, i) => (
        <li key={i}>
          {t("qb.blank", { n: i + 1 })}（{t("qb.acceptedAnswers")}）：{accepted.join(" / ")}
        </li>
      ))}
    </ol>
  );
}

function ShortEditor({ initial, errorFor }: EditorPartProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextArea name="answerShort" label={t("qb.answerShort")} defaultValue={initial.answerShort} error={errorFor("answer")} rows={4} />
      <TextArea
        name="markingPoints"
        label={t("qb.markingPoints")}
        hint={t("qb.markingPointsHint")}
        defaultValue={initial.markingPoints}
        rows={3}
      />
    </>
  );
}

function ShortKeyExtra({ draft }: { draft: DraftOf<"short"> }) {
  const { t } = useTranslation();
  return (
    <div>
      <dt className="font-medium text-stone-700">{t("qb.markingPoints")}</dt>
      <dd>
        <ul className="list-disc pl-5">
          {draft.markingPoints.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      </dd>
    </div>
  );
}

function MatchingEditor({ initial, errorFor, optionAndAnswerProblems }: EditorPartProps) {
  const { t } = useTranslation();
  return (
    <div>
      <TextArea
        name="answerMatching"
        label={t("qb.answerMatching")}
        hint={t("qb.answerMatchingHint")}
        defaultValue={initial.answerMatching}
        rows={6}
      />
      {errorFor("options") || errorFor("answer") ? (
        <p className="field-error" role="alert">
          {optionAndAnswerProblems.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function MatchingPreview({ draft }: { draft: DraftOf<"matching"> }) {
  return (
    <div className="space-y-2">
      <ol className="space-y-2">
        {draft.pairs.map((pair, i) => (
          <li key={i} className="flex flex-wrap items-center gap-2 rounded-md border border-stone-200 px-3 py-2">
            <span dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(pair.premise) }} />
            <span className="inline-block min-w-24 border-b-2 border-stone-500" aria-hidden="true"></span>
          </li>
        ))}
      </ol>
      <ul className="flex flex-wrap gap-2">
        {matchingResponses(draft).map((response, i) => (
          <li
            key={i}
            className="rounded-md border border-dashed border-stone-300 px-3 py-1"
            dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(response) }}
          />
        ))}
      </ul>
    </div>
  );
}

function MatchingKey({ draft }: { draft: DraftOf<"matching"> }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-1">
      {draft.pairs.map((pair, i) => (
        <li key={i}>{t("qb.matchingAnswer", { premise: pair.premise, response: pair.response })}</li>
      ))}
      {draft.distractors.map((d, i) => (
        <li key={`d${i}`} className="text-stone-600">
          → {d}
        </li>
      ))}
    </ul>
  );
}

function NumericEditor({ initial, errorFor }: EditorPartProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextArea
        name="answerNumeric"
        label={t("qb.answerNumeric")}
        hint={t("qb.answerNumericHint")}
        defaultValue={initial.answerNumeric}
        error={errorFor("answer")}
        rows={3}
      />
      <TextField name="units" label={t("qb.units")} hint={t("qb.unitsHint")} defaultValue={initial.units} error={errorFor("options")} />
    </>
  );
}

function NumericPreview({ draft }: { draft: DraftOf<"numeric"> }) {
  const { t } = useTranslation();
  return (
    <p className="flex items-center gap-2">
      <span className="inline-block w-32 border-b-2 border-stone-500" aria-hidden="true"></span>
      {draft.units.length ? (
        <span className="text-sm text-stone-600">{t("qb.numericUnits", { units: draft.units.join("、") })}</span>
      ) : null}
    </p>
  );
}

function NumericKey({ draft }: { draft: DraftOf<"numeric"> }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-1">
      {draft.answer.map((a, i) => (
        <li key={i}>
          {a.percent === 100 ? "" : `${formatNumber(a.percent)}%：`}
          {describeNumericAnswer(a)}
        </li>
      ))}
      {draft.units.length ? <li className="text-stone-600">{t("qb.numericUnits", { units: draft.units.join("、") })}</li> : null}
    </ul>
  );
}

export const AUTHORING_PARTS: { readonly [T in QuestionType]: AuthoringParts<T> } = {
  single: choiceParts("single", "radio"),
  multiple: choiceParts("multiple", "checkbox"),
  truefalse: {
    stemHint: "qb.markdownHint",
    Editor: TrueFalseEditor,
    stemHtml: (draft) => renderMarkdown(draft.stem),
    Preview: TrueFalsePreview,
    keyLabel: "qb.answer",
    Key: TrueFalseKey,
    partial: (_form, common) => ({ ...common, type: "truefalse", answer: true }),
  },
  fill: {
    stemHint: "qb.answerFillHint",
    Editor: FillEditor,
    stemHtml: (draft) =>
      splitAtBlanks(draft.stem)
        .map((part) => renderInlineMarkdown(part))
        .join('<span class="mx-1 inline-block w-16 border-b-2 border-stone-500 align-baseline"></span>'),
    keyLabel: "qb.answer",
    Key: FillKey,
    partial: (_form, common) => ({ ...common, type: "fill", answer: [] }),
  },
  short: {
    stemHint: "qb.markdownHint",
    Editor: ShortEditor,
    stemHtml: (draft) => renderMarkdown(draft.stem),
    keyLabel: "qb.answerShort",
    Key: ({ draft }) => <span className="whitespace-pre-wrap">{draft.answer}</span>,
    KeyExtra: ShortKeyExtra,
    partial: (_form, common) => ({ ...common, type: "short", answer: "", markingPoints: [] }),
  },
  matching: {
    stemHint: "qb.markdownHint",
    Editor: MatchingEditor,
    stemHtml: (draft) => renderMarkdown(draft.stem),
    Preview: MatchingPreview,
    keyLabel: "qb.answer",
    Key: MatchingKey,
    partial: (_form, common) => ({ ...common, type: "matching", pairs: [], distractors: [] }),
  },
  numeric: {
    stemHint: "qb.markdownHint",
    Editor: NumericEditor,
    stemHtml: (draft) => renderMarkdown(draft.stem),
    Preview: NumericPreview,
    keyLabel: "qb.answer",
    Key: NumericKey,
    partial: (_form, common) => ({ ...common, type: "numeric", answer: [], units: [] }),
  },
};

/** The parts of a type, typed for any draft of it. */
export function authoringPartsOf(type: QuestionType): AuthoringParts<QuestionType> {
  return AUTHORING_PARTS[type] as unknown as AuthoringParts<QuestionType>;
}
