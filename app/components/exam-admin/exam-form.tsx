import { Form } from "@remix-run/react";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { useState } from "react";
import { Alert, SelectField, TextArea, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { AREAS, DIFFICULTIES, QUESTION_TYPES } from "~/modules/question-bank/question";
import { EXAM_KINDS, LEVELS, REVIEW_POLICIES } from "~/modules/exams/types";

export interface BankOption {
  id: number;
  title: string;
  official: boolean;
  active: number;
}

let nextKey = 0;

/**
 * The exam definition form. Without JS it posts "添加一节" / "删除此节" to the server, which answers
 * with the rows changed (nothing written); with JS the rows change on the page.
 */
export function ExamForm({
  values,
  errors,
  bankIds,
  banks,
  status,
  submitLabel,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  bankIds: string[];
  banks: BankOption[];
  status: "new" | "draft" | "published" | "archived";
  submitLabel: string;
}) {
  const { t } = useT();
  const locked = status === "published" || status === "archived";
  const initialRows = Math.max(3, Number(values.sectionRows) || 3);
  const [rows, setRows] = useState(() => Array.from({ length: initialRows }, (_, i) => ({ key: `r${nextKey++}`, index: i })));
  const hasErrors = Object.keys(errors).length > 0;
  const opt = (list: readonly (string | number)[], prefix: string) =>
    list.map((v) => ({ value: v, label: prefix ? t(`${prefix}.${v}`) : String(v) }));
  return (
    <Form method="post" className="card space-y-4" noValidate>
      {hasErrors ? (
        <ErrorSummary
          title={t("examAdmin.errors.fixBelow")}
          items={summaryItems(
            errors,
            Object.fromEntries(
              Object.keys(errors).map((key) => {
                const section = /^s(\d+)\.(\w+)$/.exec(key);
                if (section)
                  return [key, `${t("examAdmin.form.section", { n: Number(section[1]) + 1 })} · ${t(`examAdmin.form.${section[2]}`)}`];
                return [
                  key,
                  key === "bankIds"
                    ? t("examAdmin.form.banks")
                    : key === "sections"
                      ? t("examAdmin.form.sections")
                      : t(`examAdmin.form.${key}`),
                ];
              }),
            ),
            { bankIds: "exam-banks", sections: "exam-sections" },
          )}
        />
      ) : null}
      {status === "published" ? <Alert tone="info">{t("examAdmin.form.publishedNote")}</Alert> : null}
      {status === "archived" ? <Alert tone="info">{t("examAdmin.form.archivedNote")}</Alert> : null}
      {/* Enter in a field saves (the first submit button is the form's default) */}
      <button type="submit" name="intent" value="save" className="sr-only" tabIndex={-1} aria-hidden="true" />
      <input type="hidden" name="sectionRows" value={rows.length} />
      <TextField
        name="title"
        label={t("examAdmin.form.title")}
        defaultValue={values.title}
        error={errors.title}
        disabled={status === "archived"}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="kind"
          label={t("examAdmin.form.kind")}
          options={opt(EXAM_KINDS, "examAdmin.kinds")}
          defaultValue={values.kind ?? "certification"}
          error={errors.kind}
          disabled={locked}
        />
        <SelectField
          name="level"
          label={t("examAdmin.form.level")}
          hint={t("examAdmin.form.levelHint")}
          placeholder={t("common.choose")}
          options={opt(LEVELS, "examAdmin.levels")}
          defaultValue={values.level ?? ""}
          error={errors.level}
          disabled={locked}
        />
      </div>
      <fieldset className="space-y-1" aria-describedby="banks-hint" id="exam-banks">
        <legend className="field-label">{t("examAdmin.form.banks")}</legend>
        <p id="banks-hint" className="field-hint">
          {t("examAdmin.form.banksHint")}
        </p>
        {banks.map((b) => (
          <label key={b.id} className="flex items-center gap-2">
            <input type="checkbox" name="bankId" value={b.id} defaultChecked={bankIds.includes(String(b.id))} disabled={locked} />
            <span>
              {b.title}（{b.official ? t("examAdmin.form.official") : t("examAdmin.form.county")}，
              {t("examAdmin.form.activeCount", { n: b.active })}）
            </span>
          </label>
        ))}
        {errors.bankIds ? (
          <p className="field-error" role="alert">
            {t(errors.bankIds)}
          </p>
        ) : null}
      </fieldset>
      <fieldset className="space-y-3" id="exam-sections">
        <legend className="text-lg font-semibold">{t("examAdmin.form.sections")}</legend>
        <p className="field-hint">{t("examAdmin.form.sectionsHint")}</p>
        {errors.sections ? (
          <p className="field-error" role="alert">
            {t(errors.sections)}
          </p>
        ) : null}
        {rows.map((row, position) => {
          const v = (f: string) => values[`s${row.index}.${f}`] ?? "";
          const name = (f: string) => `s${position}.${f}`;
          const err = (f: string) => errors[`s${position}.${f}`];
          return (
            <fieldset key={row.key} className="rounded border border-stone-200 p-3" data-section={position}>
              <legend className="px-1 text-sm font-medium">{t("examAdmin.form.section", { n: position + 1 })}</legend>
              <div className="grid gap-3 sm:grid-cols-3">
                <SelectField
                  id={name("area")}
                  name={name("area")}
                  label={t("examAdmin.form.area")}
                  placeholder={t("common.choose")}
                  options={opt(AREAS, "qb.areas")}
                  defaultValue={v("area")}
                  error={err("area")}
                  disabled={locked}
                />
                <SelectField
                  id={name("type")}
                  name={name("type")}
                  label={t("examAdmin.form.type")}
                  placeholder={t("common.choose")}
                  options={opt(QUESTION_TYPES, "qb.types")}
                  defaultValue={v("type")}
                  error={err("type")}
                  disabled={locked}
                />
                <TextField
                  id={name("count")}
                  name={name("count")}
                  inputMode="numeric"
                  label={t("examAdmin.form.count")}
                  defaultValue={v("count")}
                  error={err("count")}
                  disabled={locked}
                />
                <TextField
                  id={name("points")}
                  name={name("points")}
                  inputMode="decimal"
                  label={t("examAdmin.form.points")}
                  defaultValue={v("points")}
                  error={err("points")}
                  disabled={locked}
                />
                <SelectField
                  id={name("dmin")}
                  name={name("dmin")}
                  label={t("examAdmin.form.dmin")}
                  options={opt(DIFFICULTIES, "")}
                  defaultValue={v("dmin") || "1"}
                  error={err("dmin")}
                  disabled={locked}
                />
                <SelectField
                  id={name("dmax")}
                  name={name("dmax")}
                  label={t("examAdmin.form.dmax")}
                  options={opt(DIFFICULTIES, "")}
                  defaultValue={v("dmax") || "5"}
                  error={err("dmax")}
                  disabled={locked}
                />
              </div>
              {!locked && rows.length > 1 ? (
                <button
                  type="submit"
                  name="intent"
                  value={`removeSection:${position}`}
                  className="btn-secondary mt-2"
                  onClick={(e) => {
                    e.preventDefault();
                    setRows((list) => list.filter((r) => r.key !== row.key));
                  }}
                >
                  {t("examAdmin.form.removeSection")}
                </button>
              ) : null}
            </fieldset>
          );
        })}
        {!locked ? (
          <button
            type="submit"
            name="intent"
            value="addSection"
            className="btn-secondary"
            onClick={(e) => {
              e.preventDefault();
              setRows((list) => (list.length >= 20 ? list : [...list, { key: `r${nextKey++}`, index: -1 }]));
            }}
          >
            {t("examAdmin.form.addSection")}
          </button>
        ) : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          name="durationMinutes"
          inputMode="numeric"
          label={t("examAdmin.form.durationMinutes")}
          defaultValue={values.durationMinutes ?? "60"}
          error={errors.durationMinutes}
          disabled={locked}
        />
        <TextField
          name="passMark"
          inputMode="decimal"
          label={t("examAdmin.form.passMark")}
          defaultValue={values.passMark ?? "60"}
          error={errors.passMark}
          disabled={locked}
        />
        <TextField
          name="attemptsAllowed"
          inputMode="numeric"
          label={t("examAdmin.form.attemptsAllowed")}
          defaultValue={values.attemptsAllowed ?? "1"}
          error={errors.attemptsAllowed}
          disabled={locked}
        />
      </div>
      <SelectField
        name="reviewPolicy"
        label={t("examAdmin.form.reviewPolicy")}
        hint={t("examAdmin.form.reviewPolicyHint")}
        options={opt(REVIEW_POLICIES, "examAdmin.reviewPolicies")}
        defaultValue={values.reviewPolicy ?? "after_release"}
        error={errors.reviewPolicy}
        disabled={status === "archived"}
      />
      <label className="flex items-center gap-2">
        <input type="checkbox" name="partialCredit" defaultChecked={values.partialCredit === "on"} disabled={locked} />
        <span>{t("examAdmin.form.partialCredit")}</span>
      </label>
      <TextArea
        name="instructions"
        label={t("examAdmin.form.instructions")}
        defaultValue={values.instructions}
        error={errors.instructions}
        disabled={status === "archived"}
      />
      {status !== "archived" ? (
        <button type="submit" name="intent" value="save" className="btn-primary">
          {submitLabel}
        </button>
      ) : null}
    </Form>
  );
}
