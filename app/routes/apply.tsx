import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle, TextArea } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues } from "~/modules/forms";
import { getApplicationOverview, submitApplication } from "~/modules/navigators/applications.server";
import { applySchema } from "~/modules/navigators/schemas";
import { applyView, type IneligibleReason } from "~/modules/navigators/eligibility";

export const access = requires("apply:application");
export const meta: MetaFunction = () => [{ title: "申请认证 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => getApplicationOverview(actor));

export const action = guarded(access, async ({ request, actor }) => {
  const parsed = applySchema.safeParse(formValues(await request.formData()));
  if (!parsed.success)
    return data({ fieldErrors: fieldErrorsOf(parsed.error), reasons: [] as IneligibleReason[], submitted: false }, { status: 400 });
  const result = await submitApplication(actor, parsed.data);
  if (!result.ok) {
    return data(
      { fieldErrors: {}, reasons: result.eligibility.eligible ? [] : result.eligibility.reasons, submitted: false },
      { status: 409 },
    );
  }
  return { fieldErrors: {}, reasons: [] as IneligibleReason[], submitted: true };
});

const STATUS_STYLE = {
  pending: "bg-amber-100 text-amber-900",
  approved: "bg-green-100 text-green-900",
  rejected: "bg-red-100 text-red-900",
} as const;

export default function Apply() {
  const { t, date } = useT();
  const { person, applications, eligibility } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const view = applyView(eligibility, applications);
  const [searchParams] = useSearchParams();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageTitle>{t("apply.title")}</PageTitle>
      {searchParams.get("registered") === "1" && !result ? (
        <div data-testid="registered">
          <Alert tone="success">{t("apply.registered")}</Alert>
        </div>
      ) : null}
      <p className="text-stone-700">{t("apply.rule")}</p>

      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("apply.yourFacts")}</h2>
        <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm">
          <dt className="text-stone-600">{t("register.partyStatus")}</dt>
          <dd>{t(`partyStatus.${person.partyStatus}`)}</dd>
          <dt className="text-stone-600">{t("register.partyPost")}</dt>
          <dd>{t(`partyPost.${person.partyPost}`)}</dd>
          <dt className="text-stone-600">{t("account.organization")}</dt>
          <dd>
            {person.organizationName}（{t(`orgType.${person.organizationType}`)}）
            <span className="block text-stone-600">
              {person.countyName} · {person.townName}
            </span>
          </dd>
        </dl>
        <p className="mt-3 text-sm">
          <Link to="/account">{t("apply.updateProfile")}</Link>
        </p>
      </section>

      <section className="card space-y-4">
        {result?.submitted ? <Alert tone="success">{t("apply.submitted")}</Alert> : null}
        {view.kind === "form" ? (
          <>
            <Alert tone="info">{t("apply.eligible")}</Alert>
            <Form method="post" className="space-y-4">
              <ErrorSummary items={summaryItems(errors, { statement: t("apply.statement") })} />
              <TextArea
                name="statement"
                label={t("apply.statement")}
                hint={t("apply.statementHint")}
                maxLength={500}
                error={errors.statement}
              />
              <button type="submit" className="btn-primary" disabled={busy}>
                {t("apply.submit")}
              </button>
            </Form>
          </>
        ) : view.kind === "pending" || view.kind === "approved" ? (
          <div data-testid="application-state" className="space-y-1">
            <h2 className="text-lg font-semibold">
              <span className={`badge mr-2 ${STATUS_STYLE[view.application.status]}`}>
                {t(`applicationStatus.${view.application.status}`)}
              </span>
              {t(view.kind === "pending" ? "apply.pendingTitle" : "apply.approvedTitle")}
            </h2>
            <p className="text-stone-700">
              {t(view.kind === "pending" ? "apply.pendingText" : "apply.approvedText", { date: date(view.application.submittedAt) })}
            </p>
          </div>
        ) : (
          <div data-testid="ineligible">
            <p className="font-medium">{t("apply.notEligible")}</p>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-stone-800">
              {view.reasons.map((reason) => (
                <li key={reason}>{t(`apply.reasons.${reason}`)}</li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("apply.history")}</h2>
        {applications.length === 0 ? (
          <p className="text-stone-600">{t("apply.none")}</p>
        ) : (
          <ul className="space-y-3">
            {applications.map((a) => (
              <li key={a.id} className="rounded-md border border-stone-200 p-3" data-testid="application">
                <div className="flex flex-wrap items-center gap-2">
                  <span className={`badge ${STATUS_STYLE[a.status]}`}>{t(`applicationStatus.${a.status}`)}</span>
                  <span className="text-sm text-stone-600">
                    {t("apply.submittedAt")} {date(a.submittedAt)}
                  </span>
                </div>
                {a.decidedAt ? (
                  <p className="mt-2 text-sm text-stone-700">
                    {t("apply.decidedAt")} {date(a.decidedAt)} · {t("apply.decidedBy")} {a.deciderName}
                  </p>
                ) : null}
                {a.reason ? (
                  <p className="mt-1 text-sm">
                    <span className="font-medium">{t("apply.reason")}：</span>
                    {a.reason}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
