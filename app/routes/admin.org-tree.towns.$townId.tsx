import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, SelectField, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { echoValues, fieldErrorsOf, formValues, idParam } from "~/modules/forms";
import { createOrganization, getTownWithOrganizations, renameTown } from "~/modules/org-tree/org-tree.server";
import { organizationSchema, townSchema } from "~/modules/org-tree/schemas";

export const access = requires("manage:orgtree");
export const meta: MetaFunction = () => [{ title: "镇（街道） · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => getTownWithOrganizations(actor, idParam(params, "townId")));

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "townId");
  const values = formValues(await request.formData());
  if (values.intent === "rename") {
    const parsed = townSchema.safeParse(values);
    if (!parsed.success)
      return data(
        { intent: "rename", fieldErrors: fieldErrorsOf(parsed.error), saved: false, values: echoValues(values) },
        { status: 400 },
      );
    const result = await renameTown(actor, id, parsed.data, meta);
    if (!result.ok)
      return data({ intent: "rename", fieldErrors: result.fieldErrors, saved: false, values: echoValues(values) }, { status: 400 });
    return { intent: "rename", fieldErrors: {}, saved: true, values: {} as Record<string, string> };
  }
  const parsed = organizationSchema.safeParse({ ...values, townId: String(id) });
  if (!parsed.success)
    return data(
      { intent: "organization", fieldErrors: fieldErrorsOf(parsed.error), saved: false, values: echoValues(values) },
      { status: 400 },
    );
  const result = await createOrganization(actor, parsed.data, meta);
  if (!result.ok)
    return data({ intent: "organization", fieldErrors: result.fieldErrors, saved: false, values: echoValues(values) }, { status: 400 });
  return { intent: "organization", fieldErrors: {}, saved: true, values: {} as Record<string, string> };
});

export default function Town() {
  const { t } = useT();
  const { town, organizations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string): Record<string, string> => (result?.intent === intent ? result.fieldErrors : {});
  const typed: Record<string, string> = result?.intent === "organization" ? result.values : {};
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/admin/org-tree/counties/${town.countyId}`}>← {town.countyName}</Link>
      </p>
      <PageTitle>{town.name}</PageTitle>
      {result?.saved ? <Alert tone="success">{t("orgTree.created")}</Alert> : null}
      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("orgTree.organizations")}</h2>
        <TableScroll>
          <table className="data-table min-w-[36rem]">
            <thead>
              <tr>
                <th>{t("orgTree.name")}</th>
                <th>{t("orgTree.type")}</th>
                <th>{t("orgTree.creditCode")}</th>
                <th>{t("orgTree.members")}</th>
              </tr>
            </thead>
            <tbody>
              {organizations.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/admin/org-tree/organizations/${o.id}`}>{o.name}</Link>
                  </td>
                  <td>{t(`orgType.${o.type}`)}</td>
                  <td className="font-mono text-xs">{o.creditCode}</td>
                  <td>{o.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <Form method="post" className="card space-y-4" noValidate>
        <h2 className="text-lg font-semibold">{t("orgTree.addOrganization")}</h2>
        <input type="hidden" name="intent" value="organization" />
        <ErrorSummary
          id="organization-errors"
          items={summaryItems(errorsFor("organization"), {
            name: t("orgTree.name"),
            type: t("orgTree.type"),
            creditCode: t("orgTree.creditCode"),
          })}
        />
        <TextField name="name" label={t("orgTree.name")} defaultValue={typed.name} error={errorsFor("organization").name} />
        <SelectField
          name="type"
          label={t("orgTree.type")}
          placeholder={t("common.choose")}
          error={errorsFor("organization").type}
          defaultValue={typed.type}
          options={(["enterprise", "social"] as const).map((v) => ({ value: v, label: t(`orgType.${v}`) }))}
        />
        <TextField
          name="creditCode"
          label={t("orgTree.creditCode")}
          maxLength={18}
          autoCapitalize="characters"
          defaultValue={typed.creditCode}
          error={errorsFor("organization").creditCode}
        />
        <button type="submit" className="btn-primary">
          {t("common.create")}
        </button>
      </Form>
      <Form method="post" className="card space-y-4" noValidate>
        <h2 className="text-lg font-semibold">{t("orgTree.renameTown")}</h2>
        <input type="hidden" name="intent" value="rename" />
        <ErrorSummary id="rename-errors" items={summaryItems(errorsFor("rename"), { name: t("orgTree.name") }, { name: "town-name" })} />
        <TextField name="name" id="town-name" label={t("orgTree.name")} defaultValue={town.name} error={errorsFor("rename").name} />
        <button type="submit" className="btn-secondary">
          {t("common.save")}
        </button>
      </Form>
    </div>
  );
}
