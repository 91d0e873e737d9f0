import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { Alert, PageTitle, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam } from "~/modules/forms";
import { createTown, getCountyWithTowns, updateCounty } from "~/modules/org-tree/org-tree.server";
import { countySchema, townSchema } from "~/modules/org-tree/schemas";

export const access = requires("manage:orgtree");
export const meta: MetaFunction = () => [{ title: "县（市、区） · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => getCountyWithTowns(actor, idParam(params, "countyId")));

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "countyId");
  const values = formValues(await request.formData());
  const intent = values.intent === "county" ? "county" : "town";
  const parsed = intent === "county" ? countySchema.safeParse(values) : townSchema.safeParse(values);
  if (!parsed.success)
    return data({ intent, fieldErrors: fieldErrorsOf(parsed.error), saved: false, typedName: values.name ?? "" }, { status: 400 });
  const result =
    intent === "county"
      ? await updateCounty(actor, id, parsed.data as z.infer<typeof countySchema>, meta)
      : await createTown(actor, id, parsed.data as z.infer<typeof townSchema>, meta);
  if (!result.ok) return data({ intent, fieldErrors: result.fieldErrors, saved: false, typedName: values.name ?? "" }, { status: 400 });
  return { intent, fieldErrors: {}, saved: true, typedName: "" };
});

export default function County() {
  const { t } = useT();
  const { county, towns, canEditCounty } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string): Record<string, string> => (result?.intent === intent ? result.fieldErrors : {});
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/org-tree">← {t("orgTree.title")}</Link>
      </p>
      <PageTitle>
        {county.name} <span className="text-base font-normal text-stone-600">{county.code}</span>
      </PageTitle>
      {result?.saved ? <Alert tone="success">{t("orgTree.created")}</Alert> : null}
      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("orgTree.towns")}</h2>
        <TableScroll>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("orgTree.name")}</th>
                <th>{t("orgTree.organizations")}</th>
              </tr>
            </thead>
            <tbody>
              {towns.map((tw) => (
                <tr key={tw.id}>
                  <td>
                    <Link to={`/admin/org-tree/towns/${tw.id}`}>{tw.name}</Link>
                  </td>
                  <td>{t("orgTree.orgCount", { count: tw.organizations })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <Form method="post" className="card space-y-4" noValidate>
        <h2 className="text-lg font-semibold">{t("orgTree.addTown")}</h2>
        <input type="hidden" name="intent" value="town" />
        <ErrorSummary id="town-errors" items={summaryItems(errorsFor("town"), { name: t("orgTree.name") })} />
        <TextField
          name="name"
          label={t("orgTree.name")}
          defaultValue={result?.intent === "town" ? result.typedName : undefined}
          error={errorsFor("town").name}
        />
        <button type="submit" className="btn-primary">
          {t("common.create")}
        </button>
      </Form>
      {canEditCounty ? (
        <Form method="post" className="card space-y-4" noValidate>
          <h2 className="text-lg font-semibold">{t("orgTree.editCounty")}</h2>
          <input type="hidden" name="intent" value="county" />
          <ErrorSummary
            id="county-errors"
            items={summaryItems(errorsFor("county"), { name: t("orgTree.name"), code: t("orgTree.code") }, { name: "county-name" })}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="name" id="county-name" label={t("orgTree.name")} defaultValue={county.name} error={errorsFor("county").name} />
            <TextField name="code" label={t("orgTree.code")} defaultValue={county.code} maxLength={6} error={errorsFor("county").code} />
          </div>
          <button type="submit" className="btn-secondary">
            {t("common.save")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
