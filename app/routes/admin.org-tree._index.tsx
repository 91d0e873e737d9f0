import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires, scopeOf } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { echoValues, fieldErrorsOf, formValues } from "~/modules/forms";
import { createCounty, listAdministeredCounties } from "~/modules/org-tree/org-tree.server";
import { countySchema } from "~/modules/org-tree/schemas";

export const access = requires("manage:orgtree");
export const meta: MetaFunction = () => [{ title: "组织架构 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => ({
  counties: await listAdministeredCounties(actor),
  canAddCounty: scopeOf(actor, "manage:county").all,
}));

export const action = guarded(access, async ({ request, actor, meta }) => {
  const values = formValues(await request.formData());
  const parsed = countySchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), saved: false, values: echoValues(values) }, { status: 400 });
  const result = await createCounty(actor, parsed.data, meta);
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, saved: false, values: echoValues(values) }, { status: 400 });
  return { fieldErrors: {}, saved: true, values: {} as Record<string, string> };
});

export default function OrgTree() {
  const { t } = useT();
  const { counties, canAddCounty } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      <PageTitle>{t("orgTree.title")}</PageTitle>
      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("orgTree.counties")}</h2>
        <TableScroll>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("orgTree.name")}</th>
                <th>{t("orgTree.code")}</th>
                <th>{t("orgTree.towns")}</th>
              </tr>
            </thead>
            <tbody>
              {counties.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/admin/org-tree/counties/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{c.code}</td>
                  <td>{t("orgTree.townCount", { count: c.towns })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      {canAddCounty ? (
        <Form method="post" className="card space-y-4" noValidate>
          <h2 className="text-lg font-semibold">{t("orgTree.addCounty")}</h2>
          {result?.saved ? <Alert tone="success">{t("orgTree.created")}</Alert> : null}
          <ErrorSummary items={summaryItems(errors, { name: t("orgTree.name"), code: t("orgTree.code") })} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" label={t("orgTree.name")} defaultValue={result?.values.name} error={errors.name} />
            <TextField
              name="code"
              label={t("orgTree.code")}
              inputMode="numeric"
              maxLength={6}
              defaultValue={result?.values.code}
              error={errors.code}
            />
          </div>
          <button type="submit" className="btn-primary">
            {t("common.create")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
