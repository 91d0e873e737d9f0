import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { shortDateTime } from "~/components/exam/format";
import { PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { myCertificates } from "~/modules/certificates/read.server";

export const access = requires("hold:certificate");
export const meta: MetaFunction = () => [{ title: "我的证书 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => ({ certificates: await myCertificates(actor) }));

const STATUS_TONE: Record<string, string> = {
  valid: "bg-green-100 text-green-900",
  on_hold: "bg-amber-100 text-amber-900",
  superseded: "bg-stone-200 text-stone-800",
  downgraded: "bg-stone-200 text-stone-800",
  revoked: "bg-red-100 text-red-900",
};

/** 我的证书: the holder's certificates with number, level, status and history. */
export default function MyCertificates() {
  const { t, locale, date } = useT();
  const { certificates } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageTitle>{t("certificates.mineTitle")}</PageTitle>
      {certificates.length === 0 ? <p className="card text-stone-700">{t("certificates.mineNone")}</p> : null}
      {certificates.map((c) => (
        <article key={c.id} className="card space-y-3" aria-labelledby={`cert-${c.id}`} data-testid="certificate">
          <header className="flex flex-wrap items-center justify-between gap-2">
            <h2 id={`cert-${c.id}`} className="text-lg font-semibold">
              {t("certificates.levels." + c.level)} · 红帆领航员
            </h2>
            <span className={`rounded px-2 py-0.5 text-sm ${STATUS_TONE[c.status] ?? ""}`}>{t(`certificates.statuses.${c.status}`)}</span>
          </header>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-stone-600">{t("certificates.number")}</dt>
            <dd className="font-mono break-all">{c.number}</dd>
            <dt className="text-stone-600">{t("certificates.holder")}</dt>
            <dd>{c.holderName}</dd>
            <dt className="text-stone-600">{t("certificates.organization")}</dt>
            <dd>{c.organizationName}</dd>
            <dt className="text-stone-600">{t("certificates.issuedAt")}</dt>
            <dd>{date(c.issuedAt, false)}</dd>
          </dl>
          <div>
            <h3 className="text-sm font-semibold">{t("certificates.history")}</h3>
            <ol className="mt-1 space-y-1 text-sm">
              {c.history.map((e, i) => (
                <li key={i}>
                  <span className="text-stone-600">{shortDateTime(e.at, locale)}</span> {t(`certificates.events.${e.kind}`)}
                  {e.reason ? `：${e.reason}` : ""}
                </li>
              ))}
            </ol>
          </div>
          <div data-slot="certificate-downloads" className="space-y-2">
            <h3 className="text-sm font-semibold">{t("certificates.downloads")}</h3>
            <p className="flex flex-wrap gap-x-4 gap-y-2">
              <a href={`/certificates/${c.id}.pdf`} className="btn-secondary" download={`红帆领航员证书-${c.number}.pdf`}>
                {t("certificates.downloadPdf")}
              </a>
              <a
                href={`/certificates/${c.id}.json`}
                className="btn-secondary"
                download={`红帆领航员电子证书-${c.number}.json`}
                data-testid="download-credential"
              >
                {t("certificates.downloadCredential")}
              </a>
              <Link to={`/verify/${c.number}`} className="link self-center">
                {t("certificates.verifyLink")}
              </Link>
            </p>
            <p className="text-sm text-stone-600">{t("certificates.downloadPdfHint")}</p>
            <p className="text-sm text-stone-600">{t("certificates.downloadCredentialHint")}</p>
          </div>
        </article>
      ))}
    </div>
  );
}
