import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type HeadersFunction,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { VerifyResult } from "~/components/certificates/verify-result";
import { Alert, PageTitle, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { publicOrigin } from "~/modules/certificates/download.server";
import { RATE_LIMITED_MESSAGE, verifyLimiter } from "~/modules/certificates/verify.server";
import { verifyLookup } from "~/modules/certificates/verify-page.server";
import { MAX_CREDENTIAL_BYTES, verifyCredentialText, type CredentialVerifyOutcome } from "~/modules/credentials/credentials.server";

export const access = publicAccess;
export const meta: MetaFunction = () => [{ title: "证书验证 · 红帆" }];
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/**
 * /verify: a form for the certificate number (GET, so it works without JavaScript). A number that
 * is well-formed and passes its check character goes to /verify/<number>; a mistyped one is
 * refused here before any lookup, saying which kind of mistake it is.
 */
export const loader = open(async ({ request, context }) => {
  const input = new URL(request.url).searchParams.get("number");
  if (input === null || !input.trim()) return data({ input: "", result: null });
  const { body, status, headers } = await verifyLookup(input, context.clientIp);
  if (body.kind === "found") throw redirect(`/verify/${encodeURIComponent(body.certificate.number)}`);
  return data({ input: input.slice(0, 64), result: body as Exclude<typeof body, { kind: "found" }> }, { status, headers });
});

type FileResult = CredentialVerifyOutcome | { kind: "rateLimited"; message: string };

/**
 * POST /verify: an uploaded credential file (Open Badges 3.0 JSON) checked against this issuer's keys
 * and status lists: 有效 / its status / 已被篡改 / not ours. Counted in the same per-address limit as
 * number lookups; the file is not kept.
 */
export const action = open(async ({ request, context }) => {
  const reply = (body: FileResult, status: number) => data({ file: body }, { status, headers: { "Cache-Control": "no-store" } });
  const decision = verifyLimiter().take(context.clientIp ?? "unknown", Date.now());
  if (!decision.allowed) return reply({ kind: "rateLimited", message: RATE_LIMITED_MESSAGE }, 429);
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return reply({ kind: "unreadable" }, 400);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_CREDENTIAL_BYTES }));
  } catch (error) {
    return reply({ kind: "unreadable" }, error instanceof MaxPartSizeExceededError ? 413 : 400);
  }
  const file = form.get("credential");
  if (!(file instanceof File) || file.size === 0) return reply({ kind: "unreadable" }, 400);
  const outcome = await verifyCredentialText(await file.text(), publicOrigin(request));
  return reply(outcome, outcome.kind === "unreadable" ? 400 : 200);
});

function FileOutcome({ result }: { result: FileResult }) {
  const { t } = useT();
  if (result.kind === "rateLimited") return <Alert>{result.message}</Alert>;
  if (result.kind === "valid" || result.kind === "revoked" || result.kind === "suspended") {
    return (
      <div className="space-y-3" data-testid="credential-result" data-kind={result.kind}>
        <Alert tone="success">{t("verify.file.signatureOk")}</Alert>
        {result.certificate ? (
          <VerifyResult certificate={result.certificate} />
        ) : (
          <p className="card" data-testid="verify-status">
            {t(`verify.file.${result.kind}NoRecord`)}
          </p>
        )}
      </div>
    );
  }
  return (
    <section
      className="rounded border-l-4 border-red-700 bg-red-50 p-3 text-red-900"
      role="alert"
      data-testid="credential-result"
      data-kind={result.kind}
    >
      <h2 className="text-2xl font-bold" data-testid="verify-status">
        {t(`verify.file.${result.kind}`)}
      </h2>
      <p className="mt-1">{t(`verify.file.${result.kind}Detail`)}</p>
    </section>
  );
}

export default function Verify() {
  const { t } = useT();
  const { input, result } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const checking = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post";
  const problem = result ? (result.kind === "rateLimited" ? result.message : t(`verify.problems.${result.kind}`)) : null;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageTitle>{t("verify.title")}</PageTitle>
      <p className="text-stone-700">{t("verify.intro")}</p>
      <Form method="get" className="card space-y-3">
        <TextField
          name="number"
          label={t("certificates.number")}
          hint={t("verify.numberHint")}
          defaultValue={input}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
          error={problem ? "verify.problemShort" : undefined}
        />
        <button type="submit" className="btn-primary">
          {t("verify.submit")}
        </button>
      </Form>
      {problem ? <Alert>{problem}</Alert> : null}
      <Form method="post" encType="multipart/form-data" className="card space-y-3" aria-labelledby="verify-file-title">
        <h2 id="verify-file-title" className="text-lg font-semibold">
          {t("verify.file.title")}
        </h2>
        <p className="text-sm text-stone-700">{t("verify.file.intro")}</p>
        <label className="block space-y-1">
          <span className="font-medium">{t("verify.file.label")}</span>
          <input
            type="file"
            name="credential"
            accept=".json,application/json,application/ld+json,application/vc+ld+json"
            required
            className="block w-full text-sm"
          />
        </label>
        <button type="submit" className="btn-secondary" disabled={checking}>
          {t("verify.file.submit")}
        </button>
      </Form>
      {actionData?.file ? <FileOutcome result={actionData.file as FileResult} /> : null}
    </div>
  );
}
