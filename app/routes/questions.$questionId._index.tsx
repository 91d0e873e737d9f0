import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Alert, PageTitle, TextArea } from "~/components/form";
import { AnswerKey, QuestionPreview } from "~/components/question-view";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { formValues, idParam } from "~/modules/forms";
import { getQuestion, reviewQuestion, submitQuestion } from "~/modules/question-bank/questions.server";
import { reviewSchema } from "~/modules/question-bank/schemas";

export const access = requires("manage:question", "propose:question");
export const meta: MetaFunction = () => [{ title: "题目 · 红帆" }];

const versionSchema = z.coerce.number().int().positive().max(100_000).optional().catch(undefined);

export const loader = guarded(access, async ({ request, params, actor }) => {
  const version = versionSchema.parse(new URL(request.url).searchParams.get("version") ?? undefined);
  return getQuestion(actor, idParam(params, "questionId"), version);
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const questionId = idParam(params, "questionId");
  const values = formValues(await request.formData());
  if (values.intent === "submit") {
    await submitQuestion(actor, questionId);
    return { message: "qb.submitted", tone: "success" as const, comment: "" };
  }
  const parsed = reviewSchema.safeParse(values);
  if (!parsed.success) return data({ message: "form.choose", tone: "error" as const, comment: values.comment ?? "" }, { status: 400 });
  const result = await reviewQuestion(actor, { questionId, ...parsed.data }, meta);
  if (!result.ok) return data({ message: "qb.commentRequired", tone: "error" as const, comment: values.comment ?? "" }, { status: 400 });
  return { message: parsed.data.decision === "approve" ? "qb.approved" : "qb.returned", tone: "success" as const, comment: "" };
});

const STATUS_STYLE: Record<string, string> = {
  draft: "bg-stone-100 text-stone-800",
  submitted: "bg-amber-100 text-amber-900",
  active: "bg-green-100 text-green-900",
  retired: "bg-stone-200 text-stone-600",
};

export default function Question() {
  const { t, date } = useT();
  const { question, bank, draft, shownVersion, isCurrent, versions, rights } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/question-banks/${bank.id}`}>← {bank.title}</Link>
      </p>
      <PageTitle
        actions={
          rights.edit && isCurrent ? (
            <Link to={`/questions/${question.id}/edit`} className="btn-secondary">
              {t("qb.edit")}
            </Link>
          ) : null
        }
      >
        <span className="mr-2">#{question.id}</span>
        <span className={`badge align-middle ${STATUS_STYLE[question.status]}`} data-testid="question-status">
          {t(`qb.statuses.${question.status}`)}
        </span>
      </PageTitle>
      {saved === "1" ? <Alert tone="success">{t("qb.saved")}</Alert> : null}
      {saved === "version" ? <Alert tone="success">{t("qb.savedNewVersion", { version: versions[0]?.versionNo })}</Alert> : null}
      {saved === "unchanged" ? <Alert tone="info">{t("qb.unchanged")}</Alert> : null}
      {result ? <Alert tone={result.tone}>{t(result.message)}</Alert> : null}
      {question.reviewComment && question.status === "draft" ? (
        <Alert tone="info">{t("qb.returnedWithComment", { comment: question.reviewComment })}</Alert>
      ) : null}
      {!isCurrent ? (
        <Alert tone="info">
          {t("qb.viewingOld", { n: shownVersion })} <Link to={`/questions/${question.id}`}>{t("qb.viewCurrent")}</Link>
        </Alert>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <section className="card space-y-4">
          <QuestionPreview draft={draft} />
          <hr className="border-stone-200" />
          <AnswerKey draft={draft} />
        </section>
        <aside className="space-y-4">
          {rights.submit ? (
            <Form method="post" className="card">
              <button type="submit" name="intent" value="submit" className="btn-primary w-full">
                {t("qb.submit")}
              </button>
            </Form>
          ) : null}
          {rights.review ? (
            <Form method="post" className="card space-y-3">
              <h2 className="text-lg font-semibold">{t("qb.review")}</h2>
              <TextArea
                name="comment"
                label={t("qb.reviewComment")}
                hint={t("qb.reviewCommentHint")}
                defaultValue={result?.comment}
                rows={3}
              />
              <div className="flex flex-wrap gap-2">
                <button type="submit" name="decision" value="approve" className="btn-primary">
                  {t("qb.approve")}
                </button>
                <button type="submit" name="decision" value="return" className="btn-danger">
                  {t("qb.return")}
                </button>
              </div>
            </Form>
          ) : null}
          <section className="card">
            <h2 className="mb-2 text-lg font-semibold">{t("qb.versions")}</h2>
            <ol className="space-y-1 text-sm" data-testid="versions">
              {versions.map((v, i) => (
                <li key={v.id}>
                  <Link
                    to={`/questions/${question.id}?version=${v.versionNo}`}
                    aria-current={v.versionNo === shownVersion ? "page" : undefined}
                  >
                    {t("qb.version", { n: v.versionNo })}
                  </Link>{" "}
                  · {date(v.createdAt)} {v.authorName ? `· ${v.authorName}` : ""} {i === 0 ? `（${t("qb.current")}）` : ""}
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </div>
  );
}
