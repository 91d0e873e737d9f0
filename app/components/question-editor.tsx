import { Form, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "~/i18n/use-locale";
import { draftFromForm, fieldOf, formFromValues, type QuestionForm } from "~/modules/question-bank/authoring";
import { AREAS, QUESTION_TYPES, isQuestionType, type QuestionType } from "~/modules/question-bank/question";
import type { Problem } from "~/modules/question-bank/validate";
import { SelectField, TextArea, TextField } from "./form";
import { QuestionPreview } from "./question-view";
import { AUTHORING_PARTS, authoringPartsOf } from "./question-types/authoring-parts";
import { anyDefinition } from "~/modules/question-bank/types/registry";

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
      return (isQuestionType(type) ? anyDefinition(type).authoring.optionsField : undefined) ?? "optionA";
    case "answer":
      return isQuestionType(type) ? anyDefinition(type).authoring.answerField : undefined;
    default:
      return undefined;
  }
}

/** The form's current state, read from the DOM. */
function readForm(element: HTMLFormElement): QuestionForm {
  const data = new FormData(element);
  const values: Record<string, string> = {};
  for (const [key, value] of data) if (typeof value === "string" && !(key in values)) values[key] = value;
  return formFromValues(
    values,
    data.getAll("answerChoices").filter((v): v is string => typeof v === "string"),
  );
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
  const parts = isQuestionType(form.type) ? authoringPartsOf(form.type) : AUTHORING_PARTS.single;
  const AnswerPart = parts.Editor;
  const problemText = (p: Problem) => t(`qb.problems.${p.code}`, p.params ?? {});

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Form method="post" className="card space-y-4" noValidate ref={formRef} onInput={sync} onChange={sync}>
        <ErrorSummary
          title={t("qb.fixProblems")}
          items={problems.map((p) => ({
            target: problemTarget(fieldOf(p), form.type),
            label: p.column || undefined,
            message: `qb.problems.${p.code}`,
            params: p.params ?? {},
          }))}
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
        <TextArea name="stem" label={t("qb.stem")} hint={t(parts.stemHint)} defaultValue={initial.stem} error={errorFor("stem")} rows={4} />
        <AnswerPart
          type={isQuestionType(form.type) ? form.type : "single"}
          initial={initial}
          errorFor={errorFor}
          optionAndAnswerProblems={problems.filter((p) => fieldOf(p) === "options" || fieldOf(p) === "answer").map(problemText)}
        />
        <TextArea
          name="explanation"
          label={t("qb.explanation")}
          defaultValue={initial.explanation}
          error={errorFor("explanation")}
          rows={3}
        />
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
            <button
              key={b.intent}
              type="submit"
              name="intent"
              value={b.intent}
              className={b.primary ? "btn-primary" : "btn-secondary"}
              disabled={busy}
            >
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
  const type: QuestionType = isQuestionType(form.type) ? form.type : "short";
  const common = {
    stem: form.stem,
    area: "theory",
    knowledgePoint: "",
    difficulty: (Number(form.difficulty) || 3) as 3,
    explanation: "",
  } as const;
  return <QuestionPreview draft={authoringPartsOf(type).partial(form, common)} />;
}
