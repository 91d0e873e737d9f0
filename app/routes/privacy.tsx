import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { localeFromCookie } from "~/i18n/i18n";
import { useT } from "~/i18n/use-locale";
import { PRIVACY_NOTICE_VERSION, privacyNoticeHtml } from "~/modules/accounts/privacy-notice.server";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";

export const access = publicAccess;
export const meta: MetaFunction = () => [{ title: "个人信息保护说明 · 红帆" }];

export const loader = open(async ({ request }) => ({
  html: privacyNoticeHtml(localeFromCookie(request.headers.get("Cookie"))),
  version: PRIVACY_NOTICE_VERSION,
}));

export default function PrivacyNotice() {
  const { t } = useT();
  const { html, version } = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-3xl space-y-4">
      {/* The text is this project's own Markdown (content/privacy), rendered without raw HTML. */}
      <div
        className="prose-notice space-y-3 [&_h1]:text-2xl [&_h1]:font-bold [&_h2]:mt-6 [&_h2]:text-lg [&_h2]:font-semibold [&_li]:ml-5 [&_li]:list-disc [&_table]:w-full [&_table]:table-fixed [&_table]:text-sm [&_td]:border [&_td]:border-stone-200 [&_td]:p-2 [&_th]:border [&_th]:border-stone-200 [&_th]:bg-stone-50 [&_th]:p-2 [&_th]:text-left"
        dangerouslySetInnerHTML={{ __html: html }}
      />
      <p className="text-sm text-stone-600" data-testid="privacy-version">
        {t("privacy.version", { version })}
      </p>
    </article>
  );
}
