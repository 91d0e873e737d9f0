import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageTitle, Pager, SelectField, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { CERTIFICATE_STATUSES } from "#db/schema";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { listRoster, rosterFilterSchema } from "~/modules/certificates/roster.server";
import { LEVELS } from "~/modules/exams/types";
import { trainingYear } from "~/modules/hours/training-year";

export const access = requires("read:roster");
export const meta: MetaFunction = () => [{ title: "红帆领航员名册 · 红帆" }];

export const loader = guarded(access, async ({ request, actor }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = rosterFilterSchema.parse(params);
  const { rows, hasMore, towns } = await listRoster(actor, filter);
  return {
    filter,
    year: trainingYear(new Date()),
    towns,
    hasMore,
    rows,
    query: new URL(request.url).search,
  };
});

export default function Roster() {
  const { t } = useT();
  const { filter, year, towns, rows, hasMore, query } = useLoaderData<typeof loader>();
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== "" && k !== "page") params[k] = String(v);
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <>
            <a className="btn-secondary" href={`/admin/navigators/export${query}`} download>
              {t("certificates.export")}
            </a>
            <a className="btn-secondary" href="/admin/navigators/archive.xlsx" download>
              {t("archive.export")}
            </a>
          </>
        }
      >
        {t("certificates.rosterTitle")}
      </PageTitle>
      <Form method="get" className="card grid gap-3 sm:grid-cols-5 sm:items-end">
        <SelectField
          name="level"
          label={t("certificates.level")}
          defaultValue={filter.level ?? ""}
          placeholder={t("certificates.all")}
          options={LEVELS.map((l) => ({ value: l, label: t(`certificates.levels.${l}`) }))}
        />
        <SelectField
          name="status"
          label={t("certificates.status")}
          defaultValue={filter.status ?? ""}
          placeholder={t("certificates.all")}
          options={CERTIFICATE_STATUSES.map((s) => ({ value: s, label: t(`certificates.statuses.${s}`) }))}
        />
        <SelectField
          name="townId"
          label={t("certificates.town")}
          defaultValue={filter.townId ?? ""}
          placeholder={t("certificates.all")}
          options={towns.map((tw) => ({ value: tw.id, label: tw.name }))}
        />
        <TextField name="q" type="search" label={t("certificates.search")} defaultValue={filter.q} />
        <button type="submit" className="btn-primary">
          {t("certificates.filter")}
        </button>
      </Form>
      <section className="card">
        {rows.length === 0 ? (
          <p className="text-stone-600">{t("certificates.rosterNone")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[44rem]" data-testid="roster">
              <thead>
                <tr>
                  <th>{t("certificates.name")}</th>
                  <th>{t("certificates.organization")}</th>
                  <th>{t("certificates.level")}</th>
                  <th>{t("certificates.number")}</th>
                  <th>{t("certificates.status")}</th>
                  <th>{t("certificates.hours", { year })}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.userId}>
                    <td>
                      <a href={`/archive/${r.userId}`} title={t("archive.openArchive")}>
                        {r.name}
                      </a>
                      <Link to={`/admin/supervision/${r.userId}`} className="block text-xs text-red-800 underline">
                        {t("supervision.overviewTitle")}
                      </Link>
                    </td>
                    <td>
                      {r.organizationName}
                      <span className="block text-xs text-stone-600">{r.townName}</span>
                    </td>
                    <td>{t(`certificates.levels.${r.level}`)}</td>
                    <td className="font-mono whitespace-nowrap">{r.number}</td>
                    <td>{t(`certificates.statuses.${r.status}`)}</td>
                    <td>{r.hours}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager page={filter.page} hasMore={hasMore} params={params} />
      </section>
    </div>
  );
}
