import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, PageTitle, TextArea } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam } from "~/modules/forms";
import { decideApplication, getApplicationForReview } from "~/modules/navigators/applications.server";
import { decisionSchema } from "~/modules/navigators/schemas";

export const access = requires("review:application");
export const meta: MetaFunction = () => [{ title: "认证申请 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => ({
  application: await getApplicationForReview(actor, idParam(params, "applicationId")),
}));

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "applicationId");
  const values = formValues(await request.formData());
  const parsed = decisionSchema.safeParse(values);
  if (!parsed.success)
    return data({ fieldErrors: fieldErrorsOf(parsed.error), message: null, done: null, reason: values.reason ?? "" }, { status: 400 });
  const result = await decideApplication(actor, { applicationId: id, ...parsed.data }, meta);
  if (!result.ok) {
    return data(
      {
        fieldErrors: result.problem === "reasonRequired" ? { reason: "review.reasonRequired" } : {},
        message: `review.${result.problem}`,
        done: null,
        reason: parsed.data.reason,
      },
      { status: result.problem === "alreadyDecided" ? 409 : 400 },
    );
  }
  return { fieldErrors: {}, message: null, done: parsed.data.decision, reason: "" };
});

export default function ReviewApplication() {
  const { t, date } = useT();
  const { application: a } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p>
        <Link to="/review/applications">← {t("review.title")}</Link>
      </p>
      <PageTitle>{t("review.detailTitle", { id: a.id })}</PageTitle>
      {result?.done ? <Alert tone="success">{t(result.done === "approve" ? "review.approved" : "review.rejected")}</Alert> : null}
      {result?.message ? <Alert>{t(result.message)}</Alert> : null}
      <section className="card">
        <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
          <dt className="text-stone-600">{t("review.applicant")}</dt>
          <dd className="font-medium">{a.applicantName}</dd>
          <dt className="text-stone-600">{t("review.phone")}</dt>
          <dd>{a.phone}</dd>
          <dt className="text-stone-600">{t("review.idNumber")}</dt>
          <dd>{a.idNumber}</dd>
          <dt className="text-stone-600">{t("register.partyStatus")}</dt>
          <dd>{t(`partyStatus.${a.partyStatus}`)}</dd>
          <dt className="text-stone-600">{t("register.partyPost")}</dt>
          <dd>{t(`partyPost.${a.partyPost}`)}</dd>
          <dt className="text-stone-600">{t("review.organization")}</dt>
          <dd>
            {a.organizationName}（{t(`orgType.${a.organizationType}`)}）
            <span className="block text-stone-600">
              {a.countyName} · {a.townName} · {a.creditCode}
            </span>
          </dd>
          <dt className="text-stone-600">{t("review.submittedAt")}</dt>
          <dd>{date(a.submittedAt)}</dd>
          <dt className="text-stone-600">{t("review.statement")}</dt>
          <dd className="whitespace-pre-wrap">{a.statement || t("common.none")}</dd>
          <dt className="text-stone-600">{t("common.status")}</dt>
          <dd data-testid="application-status">{t(`applicationStatus.${a.status}`)}</dd>
          {a.decidedAt ? (
            <>
              <dt className="text-stone-600">{t("apply.decidedBy")}</dt>
              <dd>
                {a.deciderName} · {date(a.decidedAt)}
              </dd>
            </>
          ) : null}
          {a.reason ? (
            <>
              <dt className="text-stone-600">{t("review.reason")}</dt>
              <dd>{a.reason}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {a.status === "pending" ? (
        <Form method="post" className="card space-y-4">
          <h2 className="text-lg font-semibold">{t("review.decision")}</h2>
          <ErrorSummary items={summaryItems(errors, { reason: t("review.reason") })} />
          <TextArea
            name="reason"
            label={t("review.reason")}
            hint={t("review.reasonHint")}
            maxLength={300}
            defaultValue={result?.reason}
            error={errors.reason}
          />
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="decision" value="approve" className="btn-primary" disabled={busy}>
              {t("review.approve")}
            </button>
            <button type="submit" name="decision" value="reject" className="btn-danger" disabled={busy}>
              {t("review.reject")}
            </button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
