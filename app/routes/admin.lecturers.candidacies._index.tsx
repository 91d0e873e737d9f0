import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageTitle, SelectField, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { candidacyQueue } from "~/modules/lecturers/candidacies.server";
import { CANDIDACY_STATUSES, LECTURER_ROUTES } from "~/modules/lecturers/rules";

/** 入库申请: the county admin's queue, filtered by route and status. */
export const access = requires("manage:lecturers");
export const meta: MetaFunction = () => [{ title: "入库申请 · 红帆" }];

const filterSchema = z.object({
  route: z.enum(LECTURER_ROUTES).optional().catch(undefined),
  status: z.enum(CANDIDACY_STATUSES).optional().catch(undefined),
});

export const loader = guarded(access, async ({ request, actor }) => {
  const f = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { rows: await candidacyQueue(actor, f), filter: { route: f.route ?? "", status: f.status ?? "" } };
});

export default function Candidacies() {
  const { t } = useT();
  const { rows, filter } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <>
            <Link to="/admin/lecturers" className="btn-secondary">
              {t("lecturers.poolTitle")}
            </Link>{" "}
            <Link to="/admin/lecturers/candidacies/new" className="btn-primary">
              {t("lecturers.newNomination")}
            </Link>
          </>
        }
      >
        {t("lecturers.candidaciesTitle")}
      </PageTitle>
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <SelectField
          name="route"
          label={t("lecturers.routeLabel")}
          defaultValue={filter.route}
          placeholder={t("lecturers.all")}
          options={LECTURER_ROUTES.map((r) => ({ value: r, label: t(`lecturers.routes.${r}`) }))}
        />
        <SelectField
          name="status"
          label={t("lecturers.statusLabel")}
          defaultValue={filter.status}
          placeholder={t("lecturers.all")}
          options={CANDIDACY_STATUSES.map((s) => ({ value: s, label: t(`lecturers.statuses.${s}`) }))}
        />
        <button type="submit" className="btn-secondary">
          {t("lecturers.filter")}
        </button>
      </Form>
      {rows.length ? (
        <TableScroll label={t("lecturers.candidaciesTitle")}>
          <table className="w-full text-sm">
            <thead>
              <tr>
                <th className="text-left">{t("lecturers.name")}</th>
                <th className="text-left">{t("lecturers.routeLabel")}</th>
                <th className="text-left">{t("lecturers.areasLabel")}</th>
                <th className="text-left">{t("lecturers.statusLabel")}</th>
                <th className="text-left">
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="candidacy-row">
                  <td>
                    {r.name}
                    <div className="text-xs text-stone-600">
                      {r.townName} · {r.title}
                    </div>
                  </td>
                  <td>{t(`lecturers.routes.${r.route}`)}</td>
                  <td>{r.areas.map((a) => t(`lecturers.areas.${a}`)).join("、")}</td>
                  <td>
                    {t(`lecturers.statuses.${r.status}`)}
                    {r.trialAverageTenths !== null ? ` · ${(r.trialAverageTenths / 10).toFixed(1)}` : ""}
                  </td>
                  <td>
                    <Link to={`/admin/lecturers/candidacies/${r.id}`} className="underline">
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
