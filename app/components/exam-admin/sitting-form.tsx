import { Form } from "@remix-run/react";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";

/** The sitting form (create and edit): times are Beijing time. */
export function SittingForm({
  values,
  errors,
  towns,
  countyName,
  intent,
  submitLabel,
  disabled = false,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  towns: { id: number; name: string }[];
  countyName: string;
  intent: string;
  submitLabel: string;
  disabled?: boolean;
}) {
  const { t } = useT();
  return (
    <Form method="post" className="space-y-4" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <ErrorSummary
        id={`${intent}-errors`}
        items={summaryItems(
          errors,
          {
            title: t("examAdmin.sittings.name"),
            opensAt: t("examAdmin.sittings.opensAt"),
            closesAt: t("examAdmin.sittings.closesAt"),
            capacity: t("examAdmin.sittings.capacity"),
            townId: t("examAdmin.sittings.scope"),
            location: t("examAdmin.sittings.location"),
          },
          Object.fromEntries(["title", "opensAt", "closesAt", "capacity", "townId", "location"].map((f) => [f, `sitting-${f}`])),
        )}
      />
      <TextField
        id="sitting-title"
        name="title"
        label={t("examAdmin.sittings.name")}
        defaultValue={values.title}
        error={errors.title}
        disabled={disabled}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="sitting-opensAt"
          name="opensAt"
          type="datetime-local"
          label={t("examAdmin.sittings.opensAt")}
          defaultValue={values.opensAt}
          error={errors.opensAt}
          disabled={disabled}
        />
        <TextField
          id="sitting-closesAt"
          name="closesAt"
          type="datetime-local"
          label={t("examAdmin.sittings.closesAt")}
          defaultValue={values.closesAt}
          error={errors.closesAt}
          disabled={disabled}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="sitting-capacity"
          name="capacity"
          inputMode="numeric"
          label={t("examAdmin.sittings.capacity")}
          defaultValue={values.capacity ?? "100"}
          error={errors.capacity}
          disabled={disabled}
        />
        <SelectField
          id="sitting-townId"
          name="townId"
          label={t("examAdmin.sittings.scope")}
          placeholder={t("examAdmin.sittings.wholeCounty", { county: countyName })}
          options={towns.map((town) => ({ value: town.id, label: town.name }))}
          defaultValue={values.townId ?? ""}
          error={errors.townId}
          disabled={disabled}
        />
      </div>
      <TextField
        id="sitting-location"
        name="location"
        label={t("examAdmin.sittings.location")}
        defaultValue={values.location}
        error={errors.location}
        disabled={disabled}
      />
      {!disabled ? (
        <button type="submit" className="btn-primary">
          {submitLabel}
        </button>
      ) : null}
    </Form>
  );
}
