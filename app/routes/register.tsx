import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { Alert, PageTitle, SelectField, TextField } from "~/components/form";
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
  const location = locationSchema.parse({ county: url.searchParams.get("county") || undefined, town: url.searchParams.get("town") || undefined });
  const counties = await listCountiesForRegistration();
  const countyId = counties.some((c) => c.id === location.county) ? location.county : undefined;
  const towns = countyId ? await listTownsForRegistration(countyId) : [];
  const townId = towns.some((t) => t.id === location.town) ? location.town : undefined;
  const organizations = townId ? await listOrganizationsForRegistration(townId) : [];
  return { counties, towns, organizations, countyId: countyId ?? null, townId: townId ?? null };
});

export const action = open(async ({ request }) => {
  const values = formValues(await request.formData());
  const parsed = registerSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), values: echoValues(values) }, { status: 400 });
  const result = await registerCandidate(parsed.data);
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, values: echoValues(values) }, { status: 400 });
  throw redirect("/apply", { headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) } });
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
        {Object.keys(errors).length ? <Alert>{t("form.fixErrors")}</Alert> : null}
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
        <TextField name="phone" label={t("register.phone")} type="tel" inputMode="tel" autoComplete="tel" required defaultValue={typed.phone} error={errors.phone} />
        <TextField name="idNumber" label={t("register.idNumber")} hint={t("register.idNumberHint")} maxLength={18} required defaultValue={typed.idNumber} error={errors.idNumber} />
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
        <TextField name="password" label={t("register.password")} hint={t("register.passwordHint")} type="password" autoComplete="new-password" required error={errors.password} />
        <TextField name="passwordConfirm" label={t("register.passwordConfirm")} type="password" autoComplete="new-password" required error={errors.passwordConfirm} />
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
