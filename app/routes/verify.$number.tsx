import { data, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { VerifyResult } from "~/components/certificates/verify-result";
import { Alert, PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { verifyLookup } from "~/modules/certificates/verify-page.server";

export const access = publicAccess;
export const meta: MetaFunction = () => [{ title: "证书验证 · 红帆" }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/** What a certificate's QR code opens: the certificate's public facts, without login. */
export const loader = open(async ({ params, context, actor }) => {
  const { body, status, headers } = await verifyLookup(params.number ?? "", context.clientIp);
  // a signed-in visitor's page carries their navigation: never in a shared cache
  return data(body, { status, headers: { ...headers, ...(actor ? { "Cache-Control": "private, no-store" } : {}), Vary: "Cookie" } });
});

export default function VerifyNumber() {
  const { t } = useT();
  const result = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageTitle>{t("verify.title")}</PageTitle>
      {result.kind === "found" ? (
        <VerifyResult certificate={result.certificate} />
      ) : (
        <Alert>{result.kind === "rateLimited" ? result.message : t(`verify.problems.${result.kind}`)}</Alert>
      )}
      <p>
        <Link to="/verify" className="link">
          {t("verify.another")}
        </Link>
      </p>
    </div>
  );
}
