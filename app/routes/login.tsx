import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { loginSchema } from "~/modules/accounts/schemas";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { loginWithPassword } from "~/modules/auth/login.server";
import { sessionCookie } from "~/modules/auth/session.server";
import { fieldErrorsOf, formValues, safeRedirect } from "~/modules/forms";

export const access = publicAccess;
export const meta: MetaFunction = () => [{ title: "登录 · 红帆" }];

export const loader = open(async ({ request, actor }) => {
  if (actor) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
});

export const action = open(async ({ request, context }) => {
  const values = formValues(await request.formData());
  const parsed = loginSchema.safeParse(values);
  const identifier = values.identifier ?? "";
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, minutes: 0, identifier }, { status: 400 });
  const result = await loginWithPassword({ ...parsed.data, ip: context.clientIp ?? "unknown" });
  if (!result.ok) {
    return result.problem === "locked"
      ? data({ fieldErrors: {}, formError: "login.locked", minutes: result.retryAfterMinutes, identifier }, { status: 429 })
      : data({ fieldErrors: {}, formError: "login.invalid", minutes: 0, identifier }, { status: 401 });
  }
  throw redirect(safeRedirect(values.redirectTo), { headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) } });
});

export default function Login() {
  const { t } = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-md">
      <PageTitle>{t("login.title")}</PageTitle>
      <Form method="post" className="card space-y-4" noValidate>
        {result?.formError ? <Alert>{t(result.formError, { minutes: result.minutes })}</Alert> : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField name="identifier" label={t("login.identifier")} autoComplete="username" required defaultValue={result?.identifier} error={errors.identifier} />
        <TextField name="password" label={t("login.password")} type="password" autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("login.submit")}
        </button>
        <p className="text-sm text-stone-600">
          {t("login.noAccount")} <Link to="/register">{t("login.register")}</Link>
        </p>
      </Form>
    </div>
  );
}
