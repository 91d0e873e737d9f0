import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, SelectField, TextArea, TextField } from "~/components/form";
import { ProfileFields } from "~/components/lecturers/profile-fields";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, type FieldErrors } from "~/modules/forms";
import { nominateLecturer, recommendingOrganizations } from "~/modules/lecturers/candidacies.server";
import { nominationSchema } from "~/modules/lecturers/rules";
import { candidacyValues, readCandidacyForm } from "~/modules/lecturers/upload-form.server";
import type { UploadProblem } from "~/modules/storage/uploads";

/** 邀请 / 单位推荐: the county admin records a candidacy for a person of the county. */
export const access = requires("manage:lecturers");
export const meta: MetaFunction = () => [{ title: "邀请 / 单位推荐 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => ({ organizations: await recommendingOrganizations(actor) }));

type ActionResult = { errors: FieldErrors; problems: UploadProblem[]; values: Record<string, unknown>; message?: string };

export const action = guarded(access, async ({ request, actor, meta }) => {
  const fail = (status: number, r: Partial<ActionResult>) => data<ActionResult>({ errors: {}, problems: [], values: {}, ...r }, { status });
  const read = await readCandidacyForm(request);
  if (!read.ok) return fail(read.status, { message: read.message });
  const values = candidacyValues(read.form);
  const parsed = nominationSchema.safeParse(values);
  if (!parsed.success) return fail(422, { errors: fieldErrorsOf(parsed.error), values });
  const outcome = await nominateLecturer(actor, parsed.data, read.files, meta);
  if (!outcome.ok)
    return outcome.code === "file"
      ? fail(422, { problems: outcome.problems, values })
      : fail(422, { message: `lecturers.outcome.${outcome.code}`, values });
  throw redirect(`/admin/lecturers/candidacies/${outcome.candidacyId}?saved=1`);
});

export default function NewNomination() {
  const { t } = useT();
  const { organizations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <Link to="/admin/lecturers/candidacies" className="btn-secondary">
            {t("lecturers.candidaciesTitle")}
          </Link>
        }
      >
        {t("lecturers.newNomination")}
      </PageTitle>
      {result?.message || result?.problems.length || Object.keys(errors).length ? (
        <Alert>
          {result?.message ? <p>{t(result.message)}</p> : null}
          {result?.problems.map((p, i) => (
            <p key={i}>{t(`lecturers.files.${p.code}`, p)}</p>
          ))}
          {Object.keys(errors).length ? <p>{t("form.fixErrors")}</p> : null}
          <p>{t("lecturers.outcome.nothingSaved")}</p>
        </Alert>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card space-y-3" noValidate>
        <fieldset>
          <legend className="field-label">{t("lecturers.routeLabel")}</legend>
          <div className="mt-1 flex gap-4">
            {(["invitation", "recommendation"] as const).map((r) => (
              <label key={r} className="inline-flex items-center gap-1">
                <input type="radio" name="route" value={r} defaultChecked={(v("route") ?? "invitation") === r} />{" "}
                {t(`lecturers.routes.${r}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField name="phone" inputMode="numeric" label={t("lecturers.phone")} defaultValue={v("phone")} error={errors.phone} />
        <SelectField
          name="organizationId"
          label={t("lecturers.organization")}
          placeholder={t("common.choose")}
          defaultValue={v("organizationId")}
          options={organizations.map((o) => ({ value: o.id, label: `${o.townName} · ${o.name}` }))}
          error={errors.organizationId}
        />
        <TextArea
          name="recommendation"
          label={t("lecturers.statement")}
          defaultValue={v("recommendation")}
          maxLength={2000}
          error={errors.recommendation}
        />
        <ProfileFields values={values} errors={errors} />
        <button type="submit" className="btn-primary">
          {t("lecturers.nominate")}
        </button>
      </Form>
    </div>
  );
}
