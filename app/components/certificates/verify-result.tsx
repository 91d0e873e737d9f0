import { useT } from "~/i18n/use-locale";
import { longDate, STATUS_TONE as TONE, type PublicCertificate } from "~/modules/certificates/verify";

/** The public facts of a certificate: status first (what a scanner wants to know), then the details. */
export function VerifyResult({ certificate: c }: { certificate: PublicCertificate }) {
  const { t, locale } = useT();
  const s = c.status;
  const detail =
    s.kind === "valid"
      ? t("verify.validDetail")
      : s.kind === "on_hold"
        ? t("verify.onHoldDetail", { date: longDate(s.at, locale) })
        : s.kind === "revoked"
          ? t("verify.revokedDetail", { date: longDate(s.at, locale), reason: t(`verify.reasons.${s.reason}`) })
          : s.toLevel
            ? t(`verify.${s.kind}To`, { date: longDate(s.at, locale), level: t(`certificates.levels.${s.toLevel}`) })
            : t(`verify.${s.kind}Detail`, { date: longDate(s.at, locale) });
  return (
    <section className="card space-y-4" aria-labelledby="verify-status" data-testid="verify-result">
      <div className={`rounded border-l-4 p-3 ${TONE[s.kind]}`}>
        <h2 id="verify-status" className="text-2xl font-bold" data-testid="verify-status">
          {t(`certificates.statuses.${s.kind}`)}
        </h2>
        <p className="mt-1">{detail}</p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="text-stone-600">{t("certificates.number")}</dt>
        <dd className="font-mono break-all">{c.number}</dd>
        <dt className="text-stone-600">{t("certificates.holder")}</dt>
        <dd data-testid="verify-holder">{c.maskedName}</dd>
        <dt className="text-stone-600">{t("certificates.level")}</dt>
        <dd>{t(`verify.levelTitles.${c.level}`)}</dd>
        <dt className="text-stone-600">{t("verify.county")}</dt>
        <dd>{c.countyName}</dd>
        <dt className="text-stone-600">{t("certificates.issuedAt")}</dt>
        <dd>{longDate(c.issuedAt, locale)}</dd>
      </dl>
      <p className="text-sm text-stone-600">{t("verify.privacy")}</p>
    </section>
  );
}
