import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-locale";

export interface RecordItem {
  id: number;
  kind: string;
  occurredOn: string;
  partyMembers: number;
  staff: number;
  findings: string;
  judgement: string | null;
  followUp: string;
  correctsId: number | null;
  correctedById: number | null;
  recordedByName: string;
  recordedAt: string | Date;
  attachments: { id: number; name: string; mediaType: string; size: number }[];
}

const VISIT_KINDS = ["employer_views", "symposium", "site_visit", "heart_talk", "other"];
const TONE: Record<string, string> = {
  admonition: "bg-amber-100 text-amber-900",
  criticism: "bg-red-100 text-red-900",
  commendation: "bg-green-100 text-green-900",
};

/**
 * Supervision records, newest first: kind, date, participants, findings, judgement, follow-up,
 * attachments (images as thumbnails, PDF as a link), who recorded it; corrected records are marked
 * and link to their correction. `correctHref` (officers only) adds a 更正 link.
 */
export function RecordList({ records, correctHref }: { records: RecordItem[]; correctHref?: (id: number) => string }) {
  const { t, date } = useT();
  const byId = new Map(records.map((r) => [r.id, r]));
  if (!records.length) return <p className="text-stone-600">{t("supervision.listNone")}</p>;
  return (
    <ol className="space-y-3" data-testid="supervision-records">
      {records.map((r) => {
        const visit = VISIT_KINDS.includes(r.kind);
        const corrected = r.correctedById !== null;
        return (
          <li
            key={r.id}
            id={`record-${r.id}`}
            className={`rounded-md border border-stone-200 p-3 ${corrected ? "bg-stone-50 text-stone-600" : "bg-white"}`}
            data-testid="supervision-record"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-semibold">
                <span className="mr-2 whitespace-nowrap">{r.occurredOn}</span>
                <span className={`rounded px-1.5 py-0.5 text-sm ${TONE[r.kind] ?? "bg-stone-100 text-stone-800"}`}>
                  {t(`supervision.kinds.${r.kind}`)}
                </span>
                {r.judgement ? (
                  <span className="mt-1 block text-sm font-normal sm:ml-2 sm:mt-0 sm:inline">
                    {t("supervision.fields.judgement")}：<strong>{t(`supervision.judgementValues.${r.judgement}`)}</strong>
                  </span>
                ) : null}
              </h3>
              {corrected ? <span className="rounded bg-stone-200 px-1.5 py-0.5 text-xs">{t("supervision.corrected")}</span> : null}
            </div>
            {r.correctsId !== null ? (
              <p className="mt-1 text-sm">
                <a href={`#record-${r.correctsId}`} className="underline">
                  {t("supervision.correctsLink", { date: byId.get(r.correctsId)?.occurredOn ?? "" })}
                </a>
              </p>
            ) : null}
            {corrected ? (
              <p className="mt-1 text-sm">
                <a href={`#record-${r.correctedById}`} className="underline">
                  {t("supervision.correctedByLink")}
                </a>
              </p>
            ) : null}
            <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
              {visit ? (
                <>
                  <dt className="text-stone-600">{t("supervision.fields.participants")}</dt>
                  <dd>{t("supervision.fields.participantsValue", { party: r.partyMembers, staff: r.staff })}</dd>
                </>
              ) : null}
              {r.findings ? (
                <>
                  <dt className="text-stone-600">{t("supervision.fields.findings")}</dt>
                  <dd className="whitespace-pre-wrap break-words">{r.findings}</dd>
                </>
              ) : null}
              {r.followUp ? (
                <>
                  <dt className="text-stone-600">{t("supervision.fields.followUp")}</dt>
                  <dd className="whitespace-pre-wrap break-words">{r.followUp}</dd>
                </>
              ) : null}
            </dl>
            {r.attachments.length ? (
              <ul className="mt-2 flex flex-wrap gap-2" aria-label={t("supervision.fields.attachments")}>
                {r.attachments.map((a) => (
                  <li key={a.id}>
                    {a.mediaType.startsWith("image/") ? (
                      <a href={`/supervision/attachments/${a.id}`} target="_blank" rel="noreferrer">
                        <img
                          src={`/supervision/attachments/${a.id}`}
                          alt={t("supervision.attachmentAlt", { name: a.name })}
                          className="h-20 w-20 rounded border border-stone-200 object-cover"
                          loading="lazy"
                        />
                      </a>
                    ) : (
                      <a
                        href={`/supervision/attachments/${a.id}`}
                        className="inline-block max-w-[16rem] truncate rounded border border-stone-300 px-2 py-1 text-sm underline"
                        download
                      >
                        {t("supervision.pdf", { name: a.name })}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-stone-600">
              <span>{t("supervision.recordedBy", { name: r.recordedByName, at: date(r.recordedAt) })}</span>
              {correctHref && !corrected ? (
                <Link to={correctHref(r.id)} className="text-sm text-red-800 underline">
                  {t("supervision.correct")}
                </Link>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
