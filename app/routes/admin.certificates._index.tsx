import { data, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { shortDateTime, points } from "~/components/exam/format";
import { Alert, PageTitle, SelectField, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import {
  certificatesAdminPage,
  previewIssuanceForPage,
  updateOwnCountyCertificateSettings,
} from "~/modules/certificates/admin-page.server";
import { decideHold, issueCertificates } from "~/modules/certificates/issue.server";
import { ASSESSMENT_GRADES } from "~/modules/certificates/level-rule";
import { holdDecisionSchema, issueIdsSchema } from "~/modules/certificates/schemas";
import { certificateSettingsSchema } from "~/modules/certificates/settings";
import { fieldErrorsOf, formValues } from "~/modules/forms";

export const access = requires("issue:certificate");
export const meta: MetaFunction = () => [{ title: "发证管理 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => certificatesAdminPage(actor));

export const action = guarded(access, async ({ request, actor, meta }) => {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "preview" || intent === "issue") {
    const ids = issueIdsSchema.safeParse(form.getAll("attemptId"));
    if (!ids.success) return data({ intent, error: "form.invalid" as string | null }, { status: 400 });
    if (!ids.data.length) return data({ intent, error: "certificates.nothingSelected" as string | null }, { status: 400 });
    if (intent === "preview") {
      const preview = await previewIssuanceForPage(actor, ids.data);
      return { intent, error: null, preview };
    }
    const outcome = await issueCertificates(actor, ids.data, meta);
    return { intent, error: null, issued: outcome.issued.length };
  }
  if (intent === "decide") {
    const parsed = holdDecisionSchema.safeParse(formValues(form));
    // a reason that cannot be stored or is too long says so; anything else is a tampered form
    if (!parsed.success)
      return data({ intent, error: (fieldErrorsOf(parsed.error).reason ?? "form.invalid") as string | null }, { status: 400 });
    if (parsed.data.decision === "revoke" && !parsed.data.reason.trim())
      return data(
        { intent, error: "certificates.reasonRequired" as string | null, certificateId: parsed.data.certificateId },
        { status: 400 },
      );
    await decideHold(
      actor,
      parsed.data.certificateId,
      parsed.data.decision,
      parsed.data.reason,
      meta,
      new Date(),
      parsed.data.publicReason,
    );
    return { intent, error: null, decided: true };
  }
  if (intent === "settings") {
    const parsed = certificateSettingsSchema.safeParse(formValues(form));
    if (!parsed.success) return data({ intent, error: null, fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
    await updateOwnCountyCertificateSettings(actor, parsed.data, meta);
    return { intent, error: null, saved: true };
  }
  return data({ intent: null, error: "form.invalid" as string | null }, { status: 400 });
});

export default function CertificateAdmin() {
  const { t, locale } = useT();
  const { pending, onHold, settings, issued } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const preview = result && "preview" in result ? result.preview : null;
  const fieldErrors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const toIssue = preview?.filter((p) => p.outcome === "issue") ?? [];
  return (
    <div className="space-y-4">
      <PageTitle>{t("certificates.adminTitle")}</PageTitle>
      {result?.error ? <Alert>{t(result.error)}</Alert> : null}
      {result && "issued" in result ? (
        <Alert tone="success">{result.issued ? t("certificates.issued", { count: result.issued }) : t("certificates.issuedNone")}</Alert>
      ) : null}
      {result && "decided" in result ? <Alert tone="success">{t("certificates.decided")}</Alert> : null}
      {result && "saved" in result ? <Alert tone="success">{t("certificates.settingsSaved")}</Alert> : null}

      {preview ? (
        <section className="card space-y-3" aria-labelledby="preview-title">
          <h2 id="preview-title" className="text-lg font-semibold">
            {t("certificates.previewTitle")}
          </h2>
          <p className="text-sm text-stone-700">{t("certificates.previewNote")}</p>
          <TableScroll>
            <table className="data-table min-w-[36rem]" data-testid="issue-preview">
              <thead>
                <tr>
                  <th>{t("certificates.name")}</th>
                  <th>{t("certificates.level")}</th>
                  <th>{t("certificates.number")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.map((p) => (
                  <tr key={p.attemptId}>
                    <td>
                      {p.holderName}
                      <span className="block text-xs text-stone-600">{p.organizationName}</span>
                      {p.unprintable.length ? (
                        <span className="block text-xs text-red-800" data-testid="unprintable">
                          {t("certificates.unprintable", { chars: p.unprintable.join("、") })}
                        </span>
                      ) : null}
                    </td>
                    <td>{t(`certificates.levels.${p.level}`)}</td>
                    <td>
                      {p.outcome === "issue" ? (
                        <>
                          <span className="font-mono">{p.number}</span>
                          {p.supersedes ? (
                            <span className="block text-xs text-stone-600">
                              {t("certificates.willSupersede", {
                                level: t(`certificates.levels.${p.supersedes.level}`),
                                number: p.supersedes.number,
                              })}
                            </span>
                          ) : null}
                        </>
                      ) : (
                        t(`certificates.skipReasons.${p.reason}`)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {toIssue.length ? (
            <Form method="post">
              <input type="hidden" name="intent" value="issue" />
              {toIssue.map((p) => (
                <input key={p.attemptId} type="hidden" name="attemptId" value={p.attemptId} />
              ))}
              <button type="submit" className="btn-primary">
                {t("certificates.issue", { count: toIssue.length })}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="card space-y-3" aria-labelledby="pending-title">
        <h2 id="pending-title" className="text-lg font-semibold">
          {t("certificates.pendingTitle")}
        </h2>
        <p className="text-sm text-stone-700">{t("certificates.pendingHint")}</p>
        {pending.length === 0 ? (
          <p className="text-stone-600">{t("certificates.pendingNone")}</p>
        ) : (
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="preview" />
            <TableScroll>
              <table className="data-table min-w-[40rem]" data-testid="pending">
                <thead>
                  <tr>
                    <th>{t("certificates.select")}</th>
                    <th>{t("certificates.name")}</th>
                    <th>{t("certificates.level")}</th>
                    <th>{t("certificates.score")}</th>
                    <th>{t("certificates.releasedAt")}</th>
                    <th>{t("certificates.currentLevel")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pending.map((p) => (
                    <tr key={p.attemptId}>
                      <td>
                        <input
                          type="checkbox"
                          name="attemptId"
                          value={p.attemptId}
                          defaultChecked
                          id={`pick-${p.attemptId}`}
                          aria-label={`${t("certificates.select")} ${p.name}`}
                          className="h-5 w-5"
                        />
                      </td>
                      <td>
                        <label htmlFor={`pick-${p.attemptId}`}>{p.name}</label>
                        <span className="block text-xs text-stone-600">
                          {p.townName} · {p.organizationName}
                        </span>
                      </td>
                      <td>{t(`certificates.levels.${p.level}`)}</td>
                      <td>
                        {points(p.markTenths)} / {points(p.maxMarkTenths)}
                        <span className="block text-xs text-stone-600">{p.examTitle}</span>
                      </td>
                      <td className="whitespace-nowrap">{shortDateTime(p.releasedAt, locale)}</td>
                      <td>{p.currentLevel ? t(`certificates.levels.${p.currentLevel}`) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <button type="submit" className="btn-primary">
              {t("certificates.preview")}
            </button>
          </Form>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="hold-title">
        <h2 id="hold-title" className="text-lg font-semibold">
          {t("certificates.holdTitle")}
        </h2>
        {onHold.length === 0 ? (
          <p className="text-stone-600">{t("certificates.holdNone")}</p>
        ) : (
          <ul className="space-y-4" data-testid="on-hold">
            {onHold.map((c) => (
              <li key={c.id} className="rounded border border-stone-200 p-3">
                <p>
                  <strong>{c.holderName}</strong> · {t(`certificates.levels.${c.level}`)} · <span className="font-mono">{c.number}</span>
                </p>
                <p className="text-sm text-stone-700">
                  {t("certificates.holdReason")}：{c.holdReason}
                </p>
                <Form method="post" className="mt-2 space-y-2">
                  <input type="hidden" name="intent" value="decide" />
                  <input type="hidden" name="certificateId" value={c.id} />
                  <TextField name="reason" label={t("certificates.revokeReason")} id={`reason-${c.id}`} />
                  <SelectField
                    name="publicReason"
                    id={`public-reason-${c.id}`}
                    label={t("certificates.publicReason")}
                    hint={t("certificates.publicReasonHint")}
                    defaultValue="regrade"
                    options={(["regrade", "misconduct", "request", "other"] as const).map((r) => ({
                      value: r,
                      label: t(`verify.reasons.${r}`),
                    }))}
                  />
                  <div className="flex flex-wrap gap-2">
                    <button type="submit" name="decision" value="revoke" className="btn-primary">
                      {t("certificates.revoke")}
                    </button>
                    <button type="submit" name="decision" value="keep" className="btn-secondary">
                      {t("certificates.keep")}
                    </button>
                  </div>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="issued-title">
        <h2 id="issued-title" className="text-lg font-semibold">
          {t("certificates.issuedTitle")}
        </h2>
        {issued.length === 0 ? (
          <p className="text-stone-600">{t("certificates.issuedListNone")}</p>
        ) : (
          <form method="get" action="/admin/certificates.pdf" className="space-y-3">
            <p className="text-sm text-stone-700">{t("certificates.issuedHint")}</p>
            <TableScroll>
              <table className="data-table min-w-[36rem]" data-testid="issued">
                <thead>
                  <tr>
                    <th>{t("certificates.select")}</th>
                    <th>{t("certificates.name")}</th>
                    <th>{t("certificates.level")}</th>
                    <th>{t("certificates.number")}</th>
                    <th>{t("certificates.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {issued.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <input
                          type="checkbox"
                          name="id"
                          value={c.id}
                          id={`cert-${c.id}`}
                          aria-label={`${t("certificates.select")} ${c.holderName} ${c.number}`}
                          className="h-5 w-5"
                        />
                      </td>
                      <td>
                        <label htmlFor={`cert-${c.id}`}>{c.holderName}</label>
                        <span className="block text-xs text-stone-600">{c.organizationName}</span>
                      </td>
                      <td>{t(`certificates.levels.${c.level}`)}</td>
                      <td className="font-mono whitespace-nowrap">
                        <a href={`/admin/certificates.pdf?id=${c.id}`} className="link">
                          {c.number}
                        </a>
                      </td>
                      <td>{t(`certificates.statuses.${c.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <div className="flex flex-wrap gap-2">
              <button type="submit" className="btn-primary">
                {t("certificates.downloadSelected")}
              </button>
              <a href="/admin/certificates.pdf?all=valid" className="btn-secondary">
                {t("certificates.downloadAllValid")}
              </a>
            </div>
          </form>
        )}
      </section>

      <Form method="post" className="card space-y-3" aria-labelledby="settings-title">
        <h2 id="settings-title" className="text-lg font-semibold">
          {t("certificates.settingsTitle")}
        </h2>
        <input type="hidden" name="intent" value="settings" />
        <label className="flex items-start gap-2">
          <input type="checkbox" name="autoIssue" defaultChecked={settings.autoIssue} className="mt-1 h-5 w-5" />
          <span>{t("certificates.autoIssue")}</span>
        </label>
        <TextField
          name="minFullYearsHeld"
          inputMode="numeric"
          label={t("certificates.minFullYearsHeld")}
          defaultValue={String(settings.minFullYearsHeld)}
          error={fieldErrors.minFullYearsHeld}
        />
        <SelectField
          name="minAssessment"
          label={t("certificates.minAssessment")}
          defaultValue={settings.minAssessment}
          options={ASSESSMENT_GRADES.map((g) => ({ value: g, label: t(`certificates.grades.${g}`) }))}
          error={fieldErrors.minAssessment}
        />
        <button type="submit" className="btn-secondary">
          {t("certificates.saveSettings")}
        </button>
      </Form>
    </div>
  );
}
