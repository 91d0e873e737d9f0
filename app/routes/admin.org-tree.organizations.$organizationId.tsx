import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, SelectField, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam } from "~/modules/forms";
import { getOrganization, updateOrganization } from "~/modules/org-tree/org-tree.server";
import { organizationSchema } from "~/modules/org-tree/schemas";

export const access = requires("manage:orgtree");
export const meta: MetaFunction = () => [{ title: "“两新”组织 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => getOrganization(actor, idParam(params, "organizationId")));

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "organizationId");
  const parsed = organizationSchema.safeParse(formValues(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), saved: false }, { status: 400 });
  const result = await updateOrganization(actor, id, parsed.data, meta);
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, saved: false }, { status: 400 });
  return { fieldErrors: {}, saved: true };
});

export default function Organization() {
  const { t } = useT();
  const { organization: o, towns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <p>
        <Link to={`/admin/org-tree/towns/${o.townId}`}>← {o.townName}</Link>
      </p>
      <PageTitle>{o.name}</PageTitle>
      <Form method="post" className="card space-y-4" noValidate>
        <h2 className="text-lg font-semibold">{t("orgTree.editOrganization")}</h2>
        {result?.saved ? <Alert tone="success">{t("orgTree.created")}</Alert> : null}
        <ErrorSummary
          items={summaryItems(errors, {
            name: t("orgTree.name"),
            type: t("orgTree.type"),
            creditCode: t("orgTree.creditCode"),
            townId: t("orgTree.town"),
          })}
        />
        <TextField name="name" label={t("orgTree.name")} defaultValue={o.name} error={errors.name} />
        <SelectField
          name="type"
          label={t("orgTree.type")}
          defaultValue={o.type}
          error={errors.type}
          options={(["enterprise", "social"] as const).map((v) => ({ value: v, label: t(`orgType.${v}`) }))}
        />
        <TextField name="creditCode" label={t("orgTree.creditCode")} defaultValue={o.creditCode} maxLength={18} error={errors.creditCode} />
        <SelectField
          name="townId"
          label={t("orgTree.town")}
          defaultValue={o.townId}
          error={errors.townId}
          options={towns.map((tw) => ({ value: tw.id, label: tw.name }))}
        />
        <button type="submit" className="btn-primary">
          {t("common.save")}
        </button>
      </Form>
    </div>
  );
}
