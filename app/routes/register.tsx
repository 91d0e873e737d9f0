import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Alert, PageTitle, PasswordField, SelectField, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { registerCandidate } from "~/modules/accounts/register-candidate.server";
import { registerSchema } from "~/modules/accounts/schemas";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { sessionCookie } from "~/modules/auth/session.server";
import { echoValues, fieldErrorsOf, formValues } from "~/modules/forms";
import {
  listCountiesForRegistration,
  listOrganizationsForRegistration,
  listTownsForRegistration,
} from "~/modules/org-tree/org-tree.server";
import { PARTY_POSTS, PARTY_STATUSES } from "~/modules/accounts/enums";

export const access = publicAccess;
export const meta: MetaFunction = () => [{ title: "学员注册 · 红帆" }];

const locationSchema = z.object({
  county: z.coerce.number().int().positive().optional().catch(undefined),
  town: z.coerce.number().int().positive().optional().catch(undefined),
});

export const loader = open(async ({ request, actor }) => {
  if (actor) throw redirect("/");
  const url = new URL(request.url);
  const location = locationSchema.parse({
    county: url.searchParams.get("county") || undefined,
    town: url.searchParams.get("town") || undefined,
  });
  const counties = await listCountiesForRegistration();
  const countyId = counties.some((c) => c.id === location.county) ? location.county : undefined;
  const towns = countyId ? await listTownsForRegistration(countyId) : [];
  const townId = towns.some((t) => t.id === location.town) ? location.town : undefined;
  const organizations = townId ? await listOrganizationsForRegistration(townId) : [];
  return { counties, towns, organizations, countyId: countyId ?? null, townId: townId ?? null };
});

export const action = open(async ({ request, context }) => {
  const values = formValues(await request.formData());
  const parsed = registerSchema.safeParse(values);
  if (!parsed.success)
    return data({ fieldErrors: fieldErrorsOf(parsed.error), values: echoValues(values), throttledMinutes: 0 }, { status: 400 });
  const result = await registerCandidate(parsed.data, { ip: context.clientIp ?? "unknown", userAgent: request.headers.get("User-Agent") });
  if (!result.ok && "throttled" in result) {
    const headers = { "Retry-After": String(result.retryAfterMinutes * 60) };
    return data({ fieldErrors: {}, values: echoValues(values), throttledMinutes: result.retryAfterMinutes }, { status: 429, headers });
  }
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, values: echoValues(values), throttledMinutes: 0 }, { status: 400 });
  throw redirect("/apply?registered=1", { headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) } });
});

export default function Register() {
  const { t } = useT();
  const { counties, towns, organizations, countyId, townId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const typed: Record<string, string> = result?.values ?? {};
  const submit = useSubmit();
  const busy = useNavigation().state === "submitting";
  const autoSubmit = (event: React.ChangeEvent<HTMLSelectElement>) =>
    submit(event.currentTarget.form, { replace: true, preventScrollReset: true });

  return (
    <div className="mx-auto max-w-xl">
      <PageTitle>{t("register.title")}</PageTitle>
      <p className="mb-4 text-stone-700">{t("register.intro")}</p>

      <Form method="get" className="card mb-4 space-y-4" id="location">
        <SelectField
          name="county"
          label={t("register.county")}
          placeholder={t("register.chooseCounty")}
          defaultValue={countyId ?? ""}
          key={`county-${countyId}`}
          onChange={autoSubmit}
          options={counties.map((c) => ({ value: c.id, label: c.name }))}
        />
        {countyId ? (
          <SelectField
            name="town"
            label={t("register.town")}
            placeholder={t("register.chooseTown")}
            defaultValue={townId ?? ""}
            key={`town-${countyId}-${townId}`}
            onChange={autoSubmit}
            options={towns.map((c) => ({ value: c.id, label: c.name }))}
          />
        ) : null}
        <noscript>
          <button type="submit" className="btn-secondary">
            {countyId ? t("register.showOrganizations") : t("register.showTowns")}
          </button>
        </noscript>
      </Form>

      <Form method="post" className="card space-y-4" noValidate>
        <ErrorSummary
          items={[
            ...(result?.throttledMinutes ? [{ message: "register.throttled", params: { minutes: result.throttledMinutes } }] : []),
            ...summaryItems(
              errors,
              {
                organizationId: t("register.organization"),
                creditCode: townId ? t("register.orCreditCode") : t("register.creditCode"),
                name: t("register.name"),
                phone: t("register.phone"),
                idNumber: t("register.idNumber"),
                partyStatus: t("register.partyStatus"),
                partyPost: t("register.partyPost"),
                password: t("register.password"),
                passwordConfirm: t("register.passwordConfirm"),
                consent: t("register.consentShort"),
              },
              { organizationId: townId ? "organizationId" : countyId ? "town" : "county" },
            ),
          ]}
        />
        {townId ? (
          <SelectField
            name="organizationId"
            label={t("register.organization")}
            placeholder={t("register.chooseOrganization")}
            error={errors.organizationId}
            defaultValue={typed.organizationId}
            options={organizations.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : errors.organizationId ? (
          <Alert>{t(errors.organizationId)}</Alert>
        ) : null}
        <TextField
          name="creditCode"
          label={townId ? t("register.orCreditCode") : t("register.creditCode")}
          hint={t("register.creditCodeHint")}
          autoCapitalize="characters"
          maxLength={18}
          defaultValue={typed.creditCode}
          error={errors.creditCode}
        />
        <hr className="border-stone-200" />
        <TextField name="name" label={t("register.name")} autoComplete="name" required defaultValue={typed.name} error={errors.name} />
        <TextField
          name="phone"
          label={t("register.phone")}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required
          defaultValue={typed.phone}
          error={errors.phone}
        />
        <TextField
          name="idNumber"
          label={t("register.idNumber")}
          hint={t("register.idNumberHint")}
          maxLength={18}
          required
          defaultValue={typed.idNumber}
          error={errors.idNumber}
        />
        <SelectField
          name="partyStatus"
          label={t("register.partyStatus")}
          placeholder={t("common.choose")}
          error={errors.partyStatus}
          defaultValue={typed.partyStatus}
          options={PARTY_STATUSES.map((s) => ({ value: s, label: t(`partyStatus.${s}`) }))}
        />
        <SelectField
          name="partyPost"
          label={t("register.partyPost")}
          placeholder={t("common.choose")}
          error={errors.partyPost}
          defaultValue={typed.partyPost}
          options={PARTY_POSTS.map((s) => ({ value: s, label: t(`partyPost.${s}`) }))}
        />
        <PasswordField
          name="password"
          label={t("register.password")}
          hint={t("register.passwordHint")}
          autoComplete="new-password"
          required
          error={errors.password}
        />
        <PasswordField
          name="passwordConfirm"
          label={t("register.passwordConfirm")}
          autoComplete="new-password"
          required
          error={errors.passwordConfirm}
        />
        <div>
          <div className="flex items-start gap-3">
            <input
              id="consent"
              type="checkbox"
              name="consent"
              required
              defaultChecked={typed.consent === "on"}
              className="mt-1 size-5 shrink-0 accent-brand-700"
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={errors.consent ? "consent-hint consent-error" : "consent-hint"}
            />
            <label htmlFor="consent" className="text-sm text-stone-800">
              {t("register.consent")}
            </label>
          </div>
          <p id="consent-hint" className="field-hint ml-8">
            {t("register.consentHint")}{" "}
            <Link to="/privacy" target="_blank" rel="noopener">
              {t("register.consentLink")}
            </Link>
          </p>
          {errors.consent ? (
            <p id="consent-error" className="field-error" role="alert">
              {t(errors.consent)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("register.submit")}
        </button>
        <p className="text-sm text-stone-600">
          {t("register.haveAccount")} <Link to="/login">{t("register.login")}</Link>
        </p>
      </Form>
    </div>
  );
}
