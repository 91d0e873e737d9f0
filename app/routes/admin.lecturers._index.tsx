import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageTitle, SelectField, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { poolList } from "~/modules/lecturers/pool.server";
import { LECTURER_AREAS, POOL_STATUSES } from "~/modules/lecturers/rules";

/** 师资库: the county admin manages it; the county's town officers read it. */
export const access = requires("read:lecturers");
export const meta: MetaFunction = () => [{ title: "师资库 · 红帆" }];

const filterSchema = z.object({
  county: z.coerce.number().int().positive().optional().catch(undefined),
  area: z.enum(LECTURER_AREAS).optional().catch(undefined),
  status: z.enum(POOL_STATUSES).optional().catch(undefined),
});

export const loader = guarded(access, async ({ request, actor }) => {
  const f = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const view = await poolList(actor, { countyId: f.county, area: f.area, status: f.status });
  return { ...view, filter: { area: f.area ?? "", status: f.status ?? "" } };
});

export default function LecturerPool() {
  const { t } = useT();
  const { counties, countyId, rows, canManage, filter } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          canManage ? (
            <Link to="/admin/lecturers/candidacies" className="btn-secondary">
              {t("lecturers.candidaciesLink")}
            </Link>
          ) : (
            <span className="text-sm text-stone-600">{t("lecturers.readOnly")}</span>
          )
        }
      >
        {t("lecturers.poolTitle")}
      </PageTitle>
      <p className="text-sm text-stone-700">{t("lecturers.poolHint")}</p>
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        {counties.length > 1 ? (
          <SelectField
            name="county"
            label={t("lecturers.county")}
            defaultValue={countyId}
            options={counties.map((c) => ({ value: c.id, label: c.name }))}
          />
        ) : null}
        <SelectField
          name="area"
          label={t("lecturers.areasLabel")}
          defaultValue={filter.area}
          placeholder={t("lecturers.all")}
          options={LECTURER_AREAS.map((a) => ({ value: a, label: t(`lecturers.areas.${a}`) }))}
        />
        <SelectField
          name="status"
          label={t("lecturers.statusLabel")}
          defaultValue={filter.status}
          placeholder={t("lecturers.all")}
          options={POOL_STATUSES.map((s) => ({ value: s, label: t(`lecturers.poolStatuses.${s}`) }))}
        />
        <button type="submit" className="btn-secondary">
          {t("lecturers.filter")}
        </button>
      </Form>
      {rows.length ? (
        <TableScroll label={t("lecturers.poolTitle")}>
          <table className="w-full text-sm">
            <thead>
              <tr>
                <th className="text-left">{t("lecturers.name")}</th>
                <th className="text-left">{t("lecturers.areasLabel")}</th>
                <th className="text-left">{t("lecturers.statusLabel")}</th>
                <th className="text-left">{t("lecturers.thisYear")}</th>
                <th className="text-left">
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="pool-row">
                  <td>
                    {r.name}
                    <div className="text-xs text-stone-600">
                      {r.title} · {r.employer}
                    </div>
                  </td>
                  <td>{r.areas.map((a) => t(`lecturers.areas.${a}`)).join("、")}</td>
                  <td>{t(`lecturers.poolStatuses.${r.status}`)}</td>
                  <td>{t("lecturers.count", { count: r.assignmentsThisYear })}</td>
                  <td>
                    <Link to={`/admin/lecturers/${r.id}`} className="underline">
                      {t("lecturers.openPage")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="text-stone-600">{t("lecturers.none")}</p>
      )}
    </div>
  );
}
