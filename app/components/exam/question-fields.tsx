import { useTranslation } from "~/i18n/use-locale";
import type { PaperSlot } from "~/modules/exams/candidate.server";
import type { RawAnswer } from "~/modules/exams/types";

export type SlotValue = { answer: RawAnswer | null; flagged: boolean };

/**
 * The answer inputs of one question. `live`: controlled, every change goes to `onChange` (the
 * page saves it); without `onChange` the inputs are plain form fields (choice / choices / value /
 * blank / text / match / number) for the no-JavaScript form. Choice values are ORIGINAL option
 * indices; so are the response values of a matching question (one select per premise, the
 * responses in the candidate's shuffled order).
 */
export function QuestionFields({
  slot,
  value,
  onChange,
  disabled,
}: {
  slot: PaperSlot;
  value: SlotValue | undefined;
  onChange?: (answer: RawAnswer | null) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const answer = value?.answer ?? null;
  const live = Boolean(onChange);
  const name = `q${slot.slotNo}`;
  const optionClass = "flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-stone-300 bg-white px-3 py-2 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50";
  const checkedProps = (checked: boolean) => (live ? { checked } : { defaultChecked: checked });

  if (slot.type === "single" || slot.type === "multiple") {
    const chosen = answer?.type === "single" ? [answer.choice] : answer?.type === "multiple" ? answer.choices : [];
    return (
      <fieldset className="space-y-2" disabled={disabled}>
        <legend className="sr-only">{t("examTake.yourAnswer")}</legend>
        {slot.options.map((option, shown) => {
          const id = `${name}-o${option.index}`;
          return (
            <label key={option.index} htmlFor={id} className={optionClass}>
              <input
                id={id}
                type={slot.type === "single" ? "radio" : "checkbox"}
                name={live ? name : slot.type === "single" ? "choice" : "choices"}
                value={option.index}
                className="mt-1 size-5 shrink-0 accent-brand-700"
                {...checkedProps(chosen.includes(option.index))}
                onChange={
                  onChange
                    ? (e) => {
                        if (slot.type === "single") onChange({ type: "single", choice: option.index });
                        else {
                          const next = e.target.checked ? [...chosen, option.index] : chosen.filter((c) => c !== option.index);
                          onChange({ type: "multiple", choices: [...new Set(next)].sort((a, b) => a - b) });
                        }
                      }
                    : undefined
                }
              />
              <span className="font-semibold">{String.fromCharCode(65 + shown)}.</span>
              <span className="exam-option" dangerouslySetInnerHTML={{ __html: option.html }} />
            </label>
          );
        })}
      </fieldset>
    );
  }

  if (slot.type === "truefalse") {
    const current = answer?.type === "truefalse" ? answer.value : null;
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
                {...checkedProps(current === v)}
                onChange={onChange ? () => onChange({ type: "truefalse", value: v }) : undefined}
              />
              <span>{v ? t("examTake.answerTrue") : t("examTake.answerFalse")}</span>
            </label>
          );
        })}
      </fieldset>
    );
  }

  if (slot.type === "fill") {
    const blanks = answer?.type === "fill" ? answer.blanks : [];
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

  if (slot.type === "matching") {
    const matches = answer?.type === "matching" ? answer.matches : [];
    return (
      <fieldset className="space-y-3" disabled={disabled}>
        <legend className="field-hint">{t("examTake.matchHint")}</legend>
        {slot.premises.map((premise, i) => {
          const id = `${name}-m${i}`;
          const current = matches[i] ?? null;
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
                {...(live ? { value: current === null ? "" : String(current) } : { defaultValue: current === null ? "" : String(current) })}
                onChange={
                  onChange
                    ? (e) => {
                        const next = slot.premises.map((_, k) => (k === i ? (e.target.value === "" ? null : Number(e.target.value)) : (matches[k] ?? null)));
                        onChange(next.every((m) => m === null) ? null : { type: "matching", matches: next });
                      }
                    : undefined
                }
              >
                <option value="">{t("examTake.matchChoose")}</option>
                {slot.options.map((option) => (
                  // The response texts are plain in a select: their inline Markdown is shown as text.
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

  if (slot.type === "numeric") {
    const current = answer?.type === "numeric" ? answer.text : "";
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

  const text = answer?.type === "short" ? answer.text : "";
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
