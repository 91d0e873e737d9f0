import type { ComponentType } from "react";
import { useTranslation } from "~/i18n/use-locale";
import type { QuestionType } from "~/modules/question-bank/question";
import type { AnswerOf, PaperViewOf } from "~/modules/question-bank/types/models";

/**
 * The answer inputs of one question on the exam page, one component per question type
 * (`CANDIDATE_FIELDS`, keyed by type: a type without its field is a type error). `live`: controlled,
 * every change goes to `onChange` (the page saves it); without `onChange` the inputs are plain form
 * fields for the no-JavaScript form, named as the type's `fromForm` reads them. Choice values are
 * ORIGINAL option indices.
 */
export interface FieldProps<T extends QuestionType> {
  slot: { slotNo: number } & PaperViewOf<T>;
  answer: AnswerOf<T> | null;
  onChange?: (answer: AnswerOf<T> | null) => void;
  disabled?: boolean;
  /** the input name of a live field (radio groups need one per question) */
  name: string;
}

const optionClass =
  "flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-stone-300 bg-white px-3 py-2 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50";
const checkedProps = (live: boolean, checked: boolean) => (live ? { checked } : { defaultChecked: checked });

function ChoiceField<T extends "single" | "multiple">({
  slot,
  input,
  chosen,
  disabled,
  name,
  onPick,
}: {
  slot: { slotNo: number } & PaperViewOf<T>;
  /** one choice (radio, no-JS field "choice") or several (checkbox, "choices") */
  input: "radio" | "checkbox";
  chosen: number[];
  disabled?: boolean;
  name: string;
  onPick?: (index: number, checked: boolean) => void;
}) {
  const { t } = useTranslation();
  const live = Boolean(onPick);
  const single = input === "radio";
  return (
    <fieldset className="space-y-2" disabled={disabled}>
      <legend className="sr-only">{t("examTake.yourAnswer")}</legend>
      {slot.options.map((option, shown) => {
        const id = `${name}-o${option.index}`;
        return (
          <label key={option.index} htmlFor={id} className={optionClass}>
            <input
              id={id}
              type={input}
              name={live ? name : single ? "choice" : "choices"}
              value={option.index}
              className="mt-1 size-5 shrink-0 accent-brand-700"
              {...checkedProps(live, chosen.includes(option.index))}
              onChange={onPick ? (e) => onPick(option.index, e.target.checked) : undefined}
            />
            <span className="font-semibold">{String.fromCharCode(65 + shown)}.</span>
            <span className="exam-option" dangerouslySetInnerHTML={{ __html: option.html }} />
          </label>
        );
      })}
    </fieldset>
  );
}

function SingleField({ slot, answer, onChange, disabled, name }: FieldProps<"single">) {
  return (
    <ChoiceField
      slot={slot}
      input="radio"
      chosen={answer ? [answer.choice] : []}
      disabled={disabled}
      name={name}
      onPick={onChange ? (index) => onChange({ type: "single", choice: index }) : undefined}
    />
  );
}

function MultipleField({ slot, answer, onChange, disabled, name }: FieldProps<"multiple">) {
  const chosen = answer ? answer.choices : [];
  return (
    <ChoiceField
      slot={slot}
      input="checkbox"
      chosen={chosen}
      disabled={disabled}
      name={name}
      onPick={
        onChange
          ? (index, checked) => {
              const next = checked ? [...chosen, index] : chosen.filter((c) => c !== index);
              onChange({ type: "multiple", choices: [...new Set(next)].sort((a, b) => a - b) });
            }
          : undefined
      }
    />
  );
}

function TrueFalseField({ answer, onChange, disabled, name }: FieldProps<"truefalse">) {
  const { t } = useTranslation();
  const live = Boolean(onChange);
  const current = answer ? answer.value : null;
  return (
    <fieldset className="grid grid-cols-2 gap-2" disabled={disabled}>
      <legend className="sr-only">{t("examTake.yourAnswer")}</legend>
      {([true, false] as const).map((v) => {
        const id = `${name}-${v}`;
        return (
          <label key={String(v)} htmlFor={id} className={optionClass}>
            <input
              id={id}
              type="radio"
              name={live ? name : "value"}
              value={String(v)}
              className="mt-1 size-5 shrink-0 accent-brand-700"
              {...checkedProps(live, current === v)}
              onChange={onChange ? () => onChange({ type: "truefalse", value: v }) : undefined}
            />
            <span>{v ? t("examTake.answerTrue") : t("examTake.answerFalse")}</span>
          </label>
        );
      })}
    </fieldset>
  );
}

function FillField({ slot, answer, onChange, disabled, name }: FieldProps<"fill">) {
  const { t } = useTranslation();
  const live = Boolean(onChange);
  const blanks = answer ? answer.blanks : [];
  return (
    <div className="space-y-3">
      {Array.from({ length: slot.blankCount }, (_, i) => {
        const id = `${name}-b${i}`;
        const current = blanks[i] ?? "";
        return (
          <div key={i}>
            <label htmlFor={id} className="field-label">
              {t("examTake.blank", { n: i + 1 })}
            </label>
            <input
              id={id}
              name={live ? undefined : "blank"}
              className="field-input"
              maxLength={200}
              autoComplete="off"
              disabled={disabled}
              {...(live ? { value: current } : { defaultValue: current })}
              onChange={
                onChange
                  ? (e) => {
                      const next = Array.from({ length: slot.blankCount }, (_, k) => (k === i ? e.target.value : (blanks[k] ?? "")));
                      onChange({ type: "fill", blanks: next });
                    }
                  : undefined
              }
            />
          </div>
        );
      })}
    </div>
  );
}

function ShortField({ answer, onChange, disabled, name }: FieldProps<"short">) {
  const { t } = useTranslation();
  const live = Boolean(onChange);
  const text = answer ? answer.text : "";
  const id = `${name}-text`;
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {t("examTake.yourAnswer")}
      </label>
      <textarea
        id={id}
        name={live ? undefined : "text"}
        className="field-input"
        rows={8}
        maxLength={5000}
        disabled={disabled}
        {...(live ? { value: text } : { defaultValue: text })}
        onChange={onChange ? (e) => onChange({ type: "short", text: e.target.value }) : undefined}
      />
    </div>
  );
}

/** The text of a small rendered HTML fragment (for option elements, which hold text only). */
function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** 连线题: one select per premise (no-JS field "match", in order), the responses in the drawn order. */
function MatchingField({ slot, answer, onChange, disabled, name }: FieldProps<"matching">) {
  const { t } = useTranslation();
  const live = Boolean(onChange);
  const matches = answer ? answer.matches : [];
  return (
    <fieldset className="space-y-3" disabled={disabled}>
      <legend className="field-hint">{t("examTake.matchHint")}</legend>
      {slot.premises.map((premise, i) => {
        const id = `${name}-m${i}`;
        const current = matches[i] ?? null;
        const value = current === null ? "" : String(current);
        return (
          <div key={i} className="rounded-md border border-stone-300 bg-white px-3 py-2">
            <label htmlFor={id} className="mb-1 block">
              <span className="font-semibold">{i + 1}. </span>
              <span className="exam-option" dangerouslySetInnerHTML={{ __html: premise }} />
            </label>
            <select
              id={id}
              name={live ? undefined : "match"}
              className="field-input min-h-11 w-full"
              {...(live ? { value } : { defaultValue: value })}
              onChange={
                onChange
                  ? (e) => {
                      const next = slot.premises.map((_, k) =>
                        k === i ? (e.target.value === "" ? null : Number(e.target.value)) : (matches[k] ?? null),
                      );
                      onChange(next.every((m) => m === null) ? null : { type: "matching", matches: next });
                    }
                  : undefined
              }
            >
              <option value="">{t("examTake.matchChoose")}</option>
              {slot.options.map((option) => (
                <option key={option.index} value={option.index}>
                  {htmlText(option.html)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}

/** 数值题: a text input (inputmode decimal: full-width digits, commas and a unit are accepted). */
function NumericField({ slot, answer, onChange, disabled, name }: FieldProps<"numeric">) {
  const { t } = useTranslation();
  const live = Boolean(onChange);
  const current = answer ? answer.text : "";
  const id = `${name}-number`;
  const hintId = `${id}-hint`;
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {t("examTake.yourAnswer")}
      </label>
      <input
        id={id}
        name={live ? undefined : "number"}
        className="field-input max-w-60"
        inputMode="decimal"
        maxLength={50}
        autoComplete="off"
        aria-describedby={hintId}
        disabled={disabled}
        {...(live ? { value: current } : { defaultValue: current })}
        onChange={onChange ? (e) => onChange(e.target.value.trim() === "" ? null : { type: "numeric", text: e.target.value }) : undefined}
      />
      <p id={hintId} className="field-hint">
        {slot.units.length ? t("examTake.numberUnitsHint", { units: slot.units.join("、") }) : t("examTake.numberHint")}
      </p>
    </div>
  );
}

export const CANDIDATE_FIELDS: { readonly [T in QuestionType]: ComponentType<FieldProps<T>> } = {
  single: SingleField,
  multiple: MultipleField,
  truefalse: TrueFalseField,
  fill: FillField,
  short: ShortField,
  matching: MatchingField,
  numeric: NumericField,
};
