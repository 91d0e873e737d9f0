import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageTitle, Pager, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { listPeople } from "~/modules/accounts/people.server";
import { peopleFilterSchema } from "~/modules/accounts/role-schemas";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";

export const access = requires("read:person");
export const meta: MetaFunction = () => [{ title: "人员管理 · 红帆" }];

export const loader = guarded(access, async ({ request, actor }) => {
  const filter = peopleFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filter, ...(await listPeople(actor, filter)) };
});

export default function People() {
  const { t } = useT();
  const { filter, people, hasMore } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageTitle>{t("people.title")}</PageTitle>
      <Form method="get" className="mb-4 flex gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          {t("common.search")}
        </label>
        <input id="q" name="q" defaultValue={filter.q} placeholder={t("people.searchPlaceholder")} className="field-input" />
        <button type="submit" className="btn-primary shrink-0">
          {t("common.search")}
        </button>
      </Form>
      <div className="card">
        {people.length === 0 ? (
          <p className="text-stone-600">{t("people.empty")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[36rem]">
              <thead>
                <tr>
                  <th>{t("common.name")}</th>
                  <th>{t("register.phone")}</th>
                  <th>{t("people.organization")}</th>
                  <th>{t("people.roles")}</th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/admin/people/${p.id}`}>{p.name}</Link>
                    </td>
                    <td>{p.phone}</td>
                    <td>
                      {p.organizationName}
                      <span className="block text-xs text-stone-600">
                        {p.countyName} · {p.townName}
                      </span>
                    </td>
                    <td>{p.roles.map((r) => t(`roles.${r}`)).join("、")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager page={filter.page} hasMore={hasMore} params={{ q: filter.q }} />
      </div>
    </div>
  );
}
