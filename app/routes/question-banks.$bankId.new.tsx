import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { QuestionEditor } from "~/components/question-editor";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { forbidden } from "~/modules/errors";
import { idParam } from "~/modules/forms";
import { draftFromForm, EMPTY_FORM, type QuestionForm } from "~/modules/question-bank/authoring";
import { questionFormOf } from "~/modules/question-bank/form-data.server";
import { createQuestion, getBank } from "~/modules/question-bank/questions.server";
import type { Problem } from "~/modules/question-bank/validate";

export const access = requires("manage:question", "propose:question");
export const meta: MetaFunction = () => [{ title: "新建题目 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const { bank, rights } = await getBank(actor, idParam(params, "bankId"));
  if (bank.official || (!rights.manage && !rights.propose)) throw forbidden();
  return { bank, manage: rights.manage };
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const bankId = idParam(params, "bankId");
  const { form, intent } = questionFormOf(await request.formData());
  const result = draftFromForm(form);
  if (!result.ok) return data({ form, problems: result.problems }, { status: 400 });
  const saved = await createQuestion(
    actor,
    { bankId, draft: result.draft, intent: intent === "activate" ? "activate" : intent === "submit" ? "submit" : "draft" },
    meta,
  );
  if (!saved.ok) return data({ form, problems: [{ line: 0, column: "题干", code: "duplicateInBank" }] as Problem[] }, { status: 409 });
  throw redirect(`/questions/${saved.questionId}?saved=1`);
});

export default function NewQuestion() {
  const { t } = useT();
  const { bank, manage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const initial: QuestionForm = result?.form ?? EMPTY_FORM;
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/question-banks/${bank.id}`}>← {bank.title}</Link>
      </p>
      <PageTitle>{manage ? t("qb.newQuestion") : t("qb.proposeQuestion")}</PageTitle>
      <QuestionEditor
        key={JSON.stringify(initial)}
        initial={initial}
        problems={result?.problems ?? []}
        buttons={
          manage
            ? [
                { intent: "activate", label: t("qb.saveActive"), primary: true },
                { intent: "draft", label: t("qb.saveDraft") },
              ]
            : [
                { intent: "submit", label: t("qb.saveAndSubmit"), primary: true },
                { intent: "draft", label: t("qb.saveDraft") },
              ]
        }
      />
    </div>
  );
}
