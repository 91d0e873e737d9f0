import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ExamForm } from "~/components/exam-admin/exam-form";
import { PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { examFormFields, parseExamDefinition, removeSectionRow, sectionRowCount } from "~/modules/exams/admin-schemas";
import { banksFor, createExamDefinition, creatingCounty } from "~/modules/exams/admin.server";
import { echoValues } from "~/modules/forms";

export const access = requires("manage:exam");
export const meta: MetaFunction = () => [{ title: "新建考试 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => ({ banks: await banksFor(creatingCounty(actor)) }));

export const action = guarded(access, async ({ request, actor, meta }) => {
  const { values, bankIds } = examFormFields(await request.formData());
  const banks = await banksFor(creatingCounty(actor));
  const intent = values.intent ?? "save";
  if (intent === "addSection")
    return data({
      values: echoValues({ ...values, sectionRows: String(Math.min(20, sectionRowCount(values) + 1)) }),
      bankIds,
      errors: {} as Record<string, string>,
    });
  if (intent.startsWith("removeSection:"))
    return data({ values: echoValues(removeSectionRow(values, Number(intent.slice(14)))), bankIds, errors: {} as Record<string, string> });
  const parsed = parseExamDefinition(
    values,
    bankIds,
    banks.map((b) => b.id),
  );
  if (!parsed.ok) return data({ values: echoValues(values), bankIds, errors: parsed.errors }, { status: 400 });
  const id = await createExamDefinition(actor, parsed.data, meta);
  throw redirect(`/admin/exams/${id}`);
});

export default function NewExam() {
  const { t } = useT();
  const { banks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/exams">{t("examAdmin.backToList")}</Link>
      </p>
      <PageTitle>{t("examAdmin.newExam")}</PageTitle>
      <ExamForm
        key={result?.values.sectionRows ?? "new"}
        values={result?.values ?? {}}
        errors={result?.errors ?? {}}
        bankIds={result?.bankIds ?? banks.filter((b) => b.official).map((b) => String(b.id))}
        banks={banks}
        status="new"
        submitLabel={t("examAdmin.form.create")}
      />
    </div>
  );
}
