import { Form, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "~/i18n/use-locale";
import { draftFromForm, fieldOf, formFromValues, type QuestionForm } from "~/modules/question-bank/authoring";
import { AREAS, OPTION_LETTERS, QUESTION_TYPES } from "~/modules/question-bank/question";
import type { Problem } from "~/modules/question-bank/validate";
import { SelectField, TextArea, TextField } from "./form";
import { QuestionPreview } from "./question-view";

/** The id of the field a problem is about, for the error summary's link. */
function problemTarget(field: string | undefined, type: string): string | undefined {
  switch (field) {
    case "type":
    case "area":
    case "stem":
    case "explanation":
    case "knowledgePoint":
    case "difficulty":
      return field;
    case "options":
      return type === "matching" ? "answerMatching" : type === "numeric" ? "units" : "optionA";
    case "answer":
      return type === "single" || type === "multiple"
        ? "answer-A"
        : type === "fill"
          ? "answerFill"
          : type === "short"
            ? "answerShort"
            : type === "truefalse"
              ? "answerTf-true"
              : type === "matching"
                ? "answerMatching"
                : type === "numeric"
                  ? "answerNumeric"
                  : undefined;
    default:
      return undefined;
  }
}

/** The form's current state, read from the DOM. */
function readForm(element: HTMLFormElement): QuestionForm {
  const data = new FormData(element);
  const values: Record<string, string> = {};
  for (const [key, value] of data) if (typeof value === "string" && !(key in values)) values[key] = value;
  return formFromValues(values, data.getAll("answerChoices").filter((v): v is string => typeof v === "string"));
}

/**
 * The question authoring form with a live preview. The fields are uncontrolled: what a person
 * typed before the page's JavaScript arrived is kept (state is read from the DOM on mount and on
 * every input), and without JavaScript the form posts and the server answers with the problems.
 */
export function QuestionEditor({
  initial,
  problems,
  buttons,
}: {
  initial: QuestionForm;
  problems: Problem[];
  buttons: { intent: string; label: string; primary?: boolean }[];
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<QuestionForm>(initial);
  const formRef = useRef<HTMLFormElement>(null);
  const sync = () => {
    if (formRef.current) setForm(readForm(formRef.current));
  };
  useEffect(sync, []);
  const busy = useNavigation().state === "submitting";
  const preview = useMemo(() => draftFromForm(form), [form]);
  const errorFor = (field: string) => {
    const p = problems.find((problem) => fieldOf(problem) === field);
    return p ? `qb.problems.${p.code}` : undefined;
  };
  const optionCount = form.type === "single" || form.type === "multiple";
  const problemText = (p: Problem) => t(`qb.problems.${p.code}`, p.params ?? {});

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Form method="post" className="card space-y-4" noValidate ref={formRef} onInput={sync} onChange={sync}>
        <ErrorSummary
          title={t("qb.fixProblems")}
          items={problems.map((p) => ({ target: problemTarget(fieldOf(p), form.type), label: p.column || undefined, message: `qb.problems.${p.code}`, params: p.params ?? {} }))}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            name="type"
            label={t("qb.type")}
            defaultValue={initial.type}
            error={errorFor("type")}
            options={QUESTION_TYPES.map((v) => ({ value: v, label: t(`qb.types.${v}`) }))}
          />
          <SelectField
            name="area"
            label={t("qb.area")}
            placeholder={t("common.choose")}
            defaultValue={initial.area}
            error={errorFor("area")}
            options={AREAS.map((v) => ({ value: v, label: t(`qb.areas.${v}`) }))}
          />
        </div>
        <TextArea
          name="stem"
          label={t("qb.stem")}
          hint={form.type === "fill" ? t("qb.answerFillHint") : t("qb.markdownHint")}
          defaultValue={initial.stem}
          error={errorFor("stem")}
          rows={4}
        />
        {optionCount ? (
          <fieldset className="space-y-2">
            <legend className="field-label">{t("qb.options")}</legend>
            <p className="field-hint">{t("qb.optionsHint")}</p>
            {OPTION_LETTERS.map((letter, i) => (
              <div key={letter} className="flex items-center gap-2">
                <input
                  key={`${form.type}-${letter}`}
                  type={form.type === "single" ? "radio" : "checkbox"}
                  name="answerChoices"
                  value={letter}
                  id={`answer-${letter}`}
                  defaultChecked={initial.type === form.type && initial.answerChoices.includes(letter)}
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
                {problems
                  .filter((p) => fieldOf(p) === "options" || fieldOf(p) === "answer")
                  .map(problemText)
                  .join(" ")}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        {form.type === "truefalse" ? (
          <fieldset>
            <legend className="field-label">{t("qb.answer")}</legend>
            <div className="flex gap-4">
              {(["true", "false"] as const).map((v) => (
                <label key={v} className="flex items-center gap-2">
                  <input type="radio" name="answerTf" id={`answerTf-${v}`} value={v} defaultChecked={initial.answerTf === v} className="size-5 accent-brand-700" />
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
        ) : null}
        {form.type === "fill" ? (
          <TextArea
            name="answerFill"
            label={t("qb.answerFill")}
            hint={t("qb.answerFillHint")}
            defaultValue={initial.answerFill}
            error={errorFor("answer")}
            rows={3}
          />
        ) : null}
        {form.type === "short" ? (
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
        ) : null}
        {form.type === "matching" ? (
          <TextArea
            name="answerMatching"
            label={t("qb.answerMatching")}
            hint={t("qb.answerMatchingHint")}
            defaultValue={initial.answerMatching}
            error={errorFor("answer") ?? errorFor("options")}
            rows={6}
          />
        ) : null}
        {form.type === "numeric" ? (
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
        ) : null}
        <TextArea name="explanation" label={t("qb.explanation")} defaultValue={initial.explanation} error={errorFor("explanation")} rows={3} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            name="knowledgePoint"
            label={t("qb.knowledgePoint")}
            defaultValue={initial.knowledgePoint}
            error={errorFor("knowledgePoint")}
          />
          <SelectField
            name="difficulty"
            label={t("qb.difficulty")}
            defaultValue={initial.difficulty}
            error={errorFor("difficulty")}
            options={[1, 2, 3, 4, 5].map((d) => ({ value: String(d), label: String(d) }))}
          />
        </div>
        <div className="flex flex-wrap gap-2">
          {buttons.map((b) => (
            <button key={b.intent} type="submit" name="intent" value={b.intent} className={b.primary ? "btn-primary" : "btn-secondary"} disabled={busy}>
              {b.label}
            </button>
          ))}
        </div>
      </Form>
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title" className="mb-3 text-lg font-semibold">
          {t("qb.preview")}
        </h2>
        {preview.ok ? <QuestionPreview draft={preview.draft} /> : <PartialPreview form={form} />}
      </section>
    </div>
  );
}

/** While the form is incomplete the preview still shows the text being written. */
function PartialPreview({ form }: { form: QuestionForm }) {
  const draft = {
    type: form.type === "single" || form.type === "multiple" ? form.type : "short",
    stem: form.stem,
    options: form.options.filter(Boolean),
    answer: "",
    markingPoints: [],
    area: "theory",
    knowledgePoint: "",
    difficulty: Number(form.difficulty) || 3,
    explanation: "",
  } as never;
  return <QuestionPreview draft={draft} />;
}
