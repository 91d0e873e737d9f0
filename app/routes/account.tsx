import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, PasswordField, SelectField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { changePassword } from "~/modules/accounts/change-password.server";
import { getAccountPage, updatePartyFacts } from "~/modules/accounts/profile.server";
import { changePasswordSchema, profileSchema } from "~/modules/accounts/schemas";
import { signedInAccess } from "~/modules/auth/access";
import { readDeviceTokenFromCookie } from "~/modules/auth/device.server";
import { getSession, guarded } from "~/modules/auth/guard.server";
import { invalidateOtherSessions, sessionCookie } from "~/modules/auth/session.server";
import { fieldErrorsOf, formValues } from "~/modules/forms";
import { PARTY_POSTS, PARTY_STATUSES } from "~/modules/accounts/enums";

export const access = signedInAccess;
export const meta: MetaFunction = () => [{ title: "我的账户 · 红帆" }];

export const loader = guarded(access, async ({ request, context, actor }) => {
  const current = await getSession(request, context);
  return getAccountPage(actor.userId, current?.sessionId ?? null);
});

type Result = { form: "party" | "password" | "sessions"; fieldErrors: Record<string, string>; done: boolean; count?: number };

export const action = guarded(access, async ({ request, context, actor }) => {
  const values = formValues(await request.formData());
  if (values.intent === "signOutOthers") {
    const current = await getSession(request, context);
    const count = current ? await invalidateOtherSessions(actor.userId, current.sessionId) : 0;
    return data<Result>({ form: "sessions", fieldErrors: {}, done: true, count });
  }
  if (values.intent === "party") {
    const parsed = profileSchema.safeParse(values);
    if (!parsed.success) return data<Result>({ form: "party", fieldErrors: fieldErrorsOf(parsed.error), done: false }, { status: 400 });
    await updatePartyFacts({ userId: actor.userId, ...parsed.data });
    return data<Result>({ form: "party", fieldErrors: {}, done: true });
  }
  const parsed = changePasswordSchema.safeParse(values);
  if (!parsed.success) return data<Result>({ form: "password", fieldErrors: fieldErrorsOf(parsed.error), done: false }, { status: 400 });
  const result = await changePassword({
    userId: actor.userId,
    ...parsed.data,
    deviceToken: readDeviceTokenFromCookie(request.headers.get("Cookie")),
    userAgent: request.headers.get("User-Agent"),
  });
  if (!result.ok)
    return data<Result>({ form: "password", fieldErrors: result.fieldErrors, done: false }, { status: result.throttled ? 429 : 400 });
  return data<Result>(
    { form: "password", fieldErrors: {}, done: true },
    { headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) } },
  );
});

export default function Account() {
  const { t, date } = useT();
  const { profile, sessions } = useLoaderData<typeof loader>();
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
          <ErrorSummary
            id="party-errors"
            items={summaryItems(partyErrors, { partyStatus: t("register.partyStatus"), partyPost: t("register.partyPost") })}
          />
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
          <ErrorSummary
            id="password-errors"
            items={summaryItems(passwordErrors, {
              currentPassword: t("account.currentPassword"),
              newPassword: t("account.newPassword"),
              newPasswordConfirm: t("account.newPasswordConfirm"),
            })}
          />
          <PasswordField
            name="currentPassword"
            label={t("account.currentPassword")}
            autoComplete="current-password"
            error={passwordErrors.currentPassword}
          />
          <PasswordField
            name="newPassword"
            label={t("account.newPassword")}
            hint={t("register.passwordHint")}
            autoComplete="new-password"
            error={passwordErrors.newPassword}
          />
          <PasswordField
            name="newPasswordConfirm"
            label={t("account.newPasswordConfirm")}
            autoComplete="new-password"
            error={passwordErrors.newPasswordConfirm}
          />
          <button type="submit" className="btn-primary">
            {t("account.changePassword")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="mb-1 text-lg font-semibold">
          {t("account.sessions")}
        </h2>
        <p className="mb-3 text-sm text-stone-600">{t("account.sessionsHint")}</p>
        {result?.form === "sessions" && result.done ? (
          <Alert tone="success">{t("account.signedOutOthers", { count: result.count ?? 0 })}</Alert>
        ) : null}
        <ul className="my-3 divide-y divide-stone-200" data-testid="sessions">
          {sessions.map((s, i) => (
            <li key={i} className="py-2 text-sm">
              <span className="font-medium">
                {t(`account.deviceOs.${s.device.os}`)} · {t(`account.deviceBrowser.${s.device.browser}`)}
              </span>
              {s.current ? (
                <span className="ml-2 rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-900">{t("account.sessionCurrent")}</span>
              ) : null}
              <span className="block text-stone-600">
                {t("account.sessionSignedIn", { time: date(s.createdAt) })} · {t("account.sessionLastSeen", { time: date(s.lastSeenAt) })}
              </span>
            </li>
          ))}
        </ul>
        {sessions.some((s) => !s.current) ? (
          <Form method="post">
            <input type="hidden" name="intent" value="signOutOthers" />
            <button type="submit" className="btn-secondary">
              {t("account.signOutOthers")}
            </button>
          </Form>
        ) : (
          <p className="text-sm text-stone-600">{t("account.noOtherSessions")}</p>
        )}
      </section>
    </div>
  );
}
