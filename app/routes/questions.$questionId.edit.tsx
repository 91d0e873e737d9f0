import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { QuestionEditor } from "~/components/question-editor";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { forbidden } from "~/modules/errors";
import { idParam } from "~/modules/forms";
import { draftFromForm, formFromDraft } from "~/modules/question-bank/authoring";
import { questionFormOf } from "~/modules/question-bank/form-data.server";
import { getQuestion, updateQuestion } from "~/modules/question-bank/questions.server";
import type { Problem } from "~/modules/question-bank/validate";

export const access = requires("manage:question", "propose:question");
export const meta: MetaFunction = () => [{ title: "编辑题目 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const question = await getQuestion(actor, idParam(params, "questionId"));
  if (!question.rights.edit) throw forbidden();
  return { question: question.question, bank: question.bank, form: formFromDraft(question.draft), canSubmit: question.rights.submit };
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const questionId = idParam(params, "questionId");
  const { form, intent } = questionFormOf(await request.formData());
  const result = draftFromForm(form);
  if (!result.ok) return data({ form, problems: result.problems }, { status: 400 });
  const saved = await updateQuestion(actor, { questionId, draft: result.draft, submit: intent === "submit" }, meta);
  if (!saved.ok) return data({ form, problems: [{ line: 0, column: "题干", code: "duplicateInBank" }] as Problem[] }, { status: 409 });
  throw redirect(`/questions/${questionId}?saved=${saved.newVersion ? "version" : "unchanged"}`);
});

export default function EditQuestion() {
  const { t } = useT();
  const { question, bank, form, canSubmit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const initial = result?.form ?? form;
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/questions/${question.id}`}>← {bank.title}</Link>
      </p>
      <PageTitle>{t("qb.edit")}</PageTitle>
      <QuestionEditor
        key={JSON.stringify(initial)}
        initial={initial}
        problems={result?.problems ?? []}
        buttons={[
          ...(canSubmit ? [{ intent: "submit", label: t("qb.saveAndSubmit"), primary: true }] : []),
          { intent: "save", label: t("qb.save"), primary: !canSubmit },
        ]}
      />
    </div>
  );
}
