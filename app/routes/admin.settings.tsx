import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { echoValues, fieldErrorsOf, formValues } from "~/modules/forms";
import { loadStudySettingValues, studySettingsSchema, updateStudySettings } from "~/modules/learning/config.server";

export const access = requires("manage:settings");
export const meta: MetaFunction = () => [{ title: "系统设置 · 红帆" }];

export const loader = guarded(access, async () => ({ values: await loadStudySettingValues() }));

export const action = guarded(access, async ({ request, actor, meta }) => {
  const values = formValues(await request.formData());
  const parsed = studySettingsSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), typed: echoValues(values), saved: false }, { status: 400 });
  await updateStudySettings(actor, parsed.data, meta);
  return { fieldErrors: {} as Record<string, string>, typed: {} as Record<string, string>, saved: true };
});

const FIELDS = ["minutesPerCreditHour", "requiredCreditHours", "heartbeatSeconds", "idleLimitSeconds", "maxCreditPerBeatSeconds"] as const;

export default function Settings() {
  const { t } = useT();
  const { values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageTitle>{t("settings.title")}</PageTitle>
      <p className="text-stone-700">{t("settings.intro")}</p>
      <Form method="post" className="card space-y-4" noValidate>
        {result?.saved ? <Alert tone="success">{t("settings.saved")}</Alert> : null}
        <ErrorSummary items={summaryItems(errors, Object.fromEntries(FIELDS.map((f) => [f, t(`settings.fields.${f}`)])))} />
        {FIELDS.map((field) => (
          <TextField
            key={field}
            name={field}
            label={t(`settings.fields.${field}`)}
            hint={t(`settings.hints.${field}`)}
            inputMode="numeric"
            defaultValue={result?.typed?.[field] ?? String(values[field])}
            error={errors[field]}
          />
        ))}
        <button type="submit" className="btn-primary">
          {t("common.save")}
        </button>
      </Form>
    </div>
  );
}
