import { data, redirect, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PageTitle, SelectField, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues } from "~/modules/forms";
import { createBank, listBanks } from "~/modules/question-bank/questions.server";
import { bankSchema } from "~/modules/question-bank/schemas";

export const access = requires("manage:question", "propose:question");
export const meta: MetaFunction = () => [{ title: "题库 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => listBanks(actor));

export const action = guarded(access, async ({ request, actor, meta }) => {
  const values = formValues(await request.formData());
  const parsed = bankSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
  const { counties } = await listBanks(actor);
  if (counties.length > 1 && !counties.some((c) => c.id === parsed.data.countyId)) {
    return data({ fieldErrors: { countyId: "form.choose" } as Record<string, string> }, { status: 400 });
  }
  const id = await createBank(actor, parsed.data, meta);
  throw redirect(`/question-banks/${id}`);
});

export default function QuestionBanks() {
  const { t } = useT();
  const { banks, canCreate, counties } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      <PageTitle>{t("qb.title")}</PageTitle>
      <ul className="grid gap-3 sm:grid-cols-2">
        {banks.map((bank) => (
          <li key={bank.id}>
            <Link
              to={`/question-banks/${bank.id}`}
              className="card block h-full text-stone-900 no-underline hover:border-brand-600 hover:no-underline"
            >
              <span className="badge mb-2 bg-stone-100 text-stone-700">{bank.official ? t("qb.official") : t("qb.countyBank")}</span>
              <span className="block font-semibold text-brand-700">{bank.title}</span>
              <span className="mt-1 block text-sm text-stone-600">
                {bank.rights.seesAll
                  ? t("qb.counts", {
                      active: bank.counts.active ?? 0,
                      submitted: bank.counts.submitted ?? 0,
                      draft: bank.counts.draft ?? 0,
                      retired: bank.counts.retired ?? 0,
                    })
                  : t("qb.mine")}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {canCreate ? (
        <Form method="post" className="card space-y-4" noValidate>
          <h2 className="text-lg font-semibold">{t("qb.newBank")}</h2>
          <ErrorSummary items={summaryItems(errors, { title: t("qb.bankTitle"), countyId: t("qb.county") })} />
          <TextField name="title" label={t("qb.bankTitle")} error={errors.title} />
          {counties.length > 1 ? (
            <SelectField
              name="countyId"
              label={t("qb.county")}
              placeholder={t("common.choose")}
              error={errors.countyId}
              options={counties.map((c) => ({ value: c.id, label: c.name }))}
            />
          ) : null}
          <button type="submit" className="btn-primary">
            {t("common.create")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
