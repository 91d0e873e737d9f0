import { data, redirect, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { PageTitle, PasswordField, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { loginSchema } from "~/modules/accounts/schemas";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { deviceCookie, readDeviceTokenFromCookie } from "~/modules/auth/device.server";
import { loginWithPassword } from "~/modules/auth/login.server";
import { recordSessionDevice, sessionCookie } from "~/modules/auth/session.server";
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
  const deviceToken = readDeviceTokenFromCookie(request.headers.get("Cookie"));
  const result = await loginWithPassword({ ...parsed.data, ip: context.clientIp ?? "unknown", deviceToken });
  if (!result.ok) {
    if (result.problem === "locked") {
      const formError = result.scope === "account" ? "login.lockedNewDevices" : "login.locked";
      return data(
        { fieldErrors: {}, formError, minutes: result.retryAfterMinutes, identifier },
        { status: 429, headers: { "Retry-After": String(result.retryAfterMinutes * 60) } },
      );
    }
    return data({ fieldErrors: {}, formError: "login.invalid", minutes: 0, identifier }, { status: 401 });
  }
  await recordSessionDevice(result.token, request.headers.get("User-Agent"));
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(result.token, result.expiresAt));
  headers.append("Set-Cookie", deviceCookie(result.device.token, result.device.expiresAt));
  throw redirect(safeRedirect(values.redirectTo), { headers });
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
        <ErrorSummary
          items={[
            ...(result?.formError ? [{ message: result.formError, params: { minutes: result.minutes } }] : []),
            ...summaryItems(errors, { identifier: t("login.identifier"), password: t("login.password") }),
          ]}
        />
        <input type="hidden" name="redirectTo" value={safeRedirect(params.get("redirectTo"))} />
        <TextField
          name="identifier"
          label={t("login.identifier")}
          autoComplete="username"
          required
          defaultValue={result?.identifier}
          error={errors.identifier}
        />
        <PasswordField name="password" label={t("login.password")} autoComplete="current-password" required error={errors.password} />
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
