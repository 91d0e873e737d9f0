import { data, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, SelectField, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { changePassword } from "~/modules/accounts/change-password.server";
import { maskIdNumber } from "~/modules/accounts/id-number";
import { maskPhone } from "~/modules/accounts/phone";
import { getOwnProfile, updatePartyFacts } from "~/modules/accounts/profile.server";
import { changePasswordSchema, profileSchema } from "~/modules/accounts/schemas";
import { signedInAccess } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { sessionCookie } from "~/modules/auth/session.server";
import { fieldErrorsOf, formValues } from "~/modules/forms";
import { PARTY_POSTS, PARTY_STATUSES } from "~/modules/accounts/enums";

export const access = signedInAccess;
export const meta: MetaFunction = () => [{ title: "我的账户 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => {
  const profile = await getOwnProfile(actor.userId);
  return { profile: { ...profile, phone: maskPhone(profile.phone), idNumber: maskIdNumber(profile.idNumber) } };
});

type Result = { form: "party" | "password"; fieldErrors: Record<string, string>; done: boolean };

export const action = guarded(access, async ({ request, actor }) => {
  const values = formValues(await request.formData());
  if (values.intent === "party") {
    const parsed = profileSchema.safeParse(values);
    if (!parsed.success) return data<Result>({ form: "party", fieldErrors: fieldErrorsOf(parsed.error), done: false }, { status: 400 });
    await updatePartyFacts({ userId: actor.userId, ...parsed.data });
    return data<Result>({ form: "party", fieldErrors: {}, done: true });
  }
  const parsed = changePasswordSchema.safeParse(values);
  if (!parsed.success) return data<Result>({ form: "password", fieldErrors: fieldErrorsOf(parsed.error), done: false }, { status: 400 });
  const result = await changePassword({ userId: actor.userId, ...parsed.data });
  if (!result.ok) return data<Result>({ form: "password", fieldErrors: result.fieldErrors, done: false }, { status: 400 });
  return data<Result>({ form: "password", fieldErrors: {}, done: true }, { headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) } });
});

export default function Account() {
  const { t } = useT();
  const { profile } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const partyErrors = result?.form === "party" ? result.fieldErrors : {};
  const passwordErrors = result?.form === "password" ? result.fieldErrors : {};
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageTitle>{t("account.title")}</PageTitle>
      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("account.profile")}</h2>
        <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm">
          <dt className="text-stone-600">{t("register.name")}</dt>
          <dd>{profile.name}</dd>
          <dt className="text-stone-600">{t("register.phone")}</dt>
          <dd>{profile.phone}</dd>
          <dt className="text-stone-600">{t("register.idNumber")}</dt>
          <dd>{profile.idNumber}</dd>
          <dt className="text-stone-600">{t("account.organization")}</dt>
          <dd>
            {profile.organizationName}
            <span className="block text-stone-600">
              {profile.countyName} · {profile.townName} · {t(`orgType.${profile.organizationType}`)}
            </span>
          </dd>
        </dl>
      </section>

      <section className="card">
        <h2 className="mb-1 text-lg font-semibold">{t("account.partyFacts")}</h2>
        <p className="mb-3 text-sm text-stone-600">{t("account.partyFactsHint")}</p>
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="party" />
          {result?.form === "party" && result.done ? <Alert tone="success">{t("account.partyUpdated")}</Alert> : null}
          <SelectField
            name="partyStatus"
            label={t("register.partyStatus")}
            defaultValue={profile.partyStatus}
            error={partyErrors.partyStatus}
            options={PARTY_STATUSES.map((s) => ({ value: s, label: t(`partyStatus.${s}`) }))}
          />
          <SelectField
            name="partyPost"
            label={t("register.partyPost")}
            defaultValue={profile.partyPost}
            error={partyErrors.partyPost}
            options={PARTY_POSTS.map((s) => ({ value: s, label: t(`partyPost.${s}`) }))}
          />
          <button type="submit" className="btn-secondary">
            {t("account.updateParty")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("account.changePassword")}</h2>
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="password" />
          {result?.form === "password" && result.done ? <Alert tone="success">{t("account.passwordChanged")}</Alert> : null}
          <TextField name="currentPassword" label={t("account.currentPassword")} type="password" autoComplete="current-password" error={passwordErrors.currentPassword} />
          <TextField
            name="newPassword"
            label={t("account.newPassword")}
            hint={t("register.passwordHint")}
            type="password"
            autoComplete="new-password"
            error={passwordErrors.newPassword}
          />
          <TextField name="newPasswordConfirm" label={t("account.newPasswordConfirm")} type="password" autoComplete="new-password" error={passwordErrors.newPasswordConfirm} />
          <button type="submit" className="btn-primary">
            {t("account.changePassword")}
          </button>
        </Form>
      </section>
    </div>
  );
}
