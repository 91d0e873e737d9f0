import { redirect } from "@remix-run/node";
import { isLocale, LOCALE_COOKIE } from "~/i18n/i18n";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { formValues, safeRedirect } from "~/modules/forms";

export const access = publicAccess;

export const loader = open(async () => {
  throw redirect("/");
});

/** Switches the interface language; the choice lives in a cookie for a year. */
export const action = open(async ({ request }) => {
  const values = formValues(await request.formData());
  const locale = isLocale(values.locale) ? values.locale : "zh-CN";
  throw redirect(safeRedirect(values.redirectTo), {
    headers: { "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
});
