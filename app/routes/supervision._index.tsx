import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { RecordList } from "~/components/supervision/record-list";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { myRecords } from "~/modules/supervision/records.server";

export const access = requires("hold:certificate");
export const meta: MetaFunction = () => [{ title: "我的考察记录 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => myRecords(actor));

/** 我的考察记录: the navigator's own supervision records, read only. */
export default function MySupervision() {
  const { t } = useT();
  const { records, summary } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageTitle>{t("supervision.mineTitle")}</PageTitle>
      <p className="text-stone-700">{t("supervision.mineHint")}</p>
      {records.length ? (
        <section className="card space-y-2" aria-labelledby="records-title">
          <h2 id="records-title" className="text-lg font-semibold">
            {t("supervision.list")}
          </h2>
          <p data-testid="supervision-summary">
            {t("supervision.summaryLine", {
              year: summary.year,
              visits: summary.visits,
              warnings: summary.warnings.length,
              praise: summary.praise.length,
            })}
          </p>
          <RecordList records={records} />
        </section>
      ) : (
        <p className="card text-stone-700">{t("supervision.mineNone")}</p>
      )}
    </div>
  );
}
