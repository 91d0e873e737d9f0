import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageTitle, Pager, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { listAuditEntries } from "~/modules/audit/audit.server";
import { auditEntryView, type AuditField } from "~/modules/audit/wording";
import { guarded } from "~/modules/auth/guard.server";

export const access = requires("read:audit");
export const meta: MetaFunction = () => [{ title: "审计日志 · 红帆" }];

const filterSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export const loader = guarded(access, async ({ request, actor }) => {
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filter, ...(await listAuditEntries(actor, filter)) };
});

function Fields({ fields, className }: { fields: AuditField[]; className?: string }) {
  if (!fields.length) return null;
  return (
    <ul className={className}>
      {fields.map((f, i) => (
        <li key={i}>
          <span className="whitespace-nowrap">{f.label}</span>：{f.value}
        </li>
      ))}
    </ul>
  );
}

export default function Audit() {
  const { t, date } = useT();
  const { filter, entries, names, hasMore } = useLoaderData<typeof loader>();
  const views = entries.map((e) => ({
    id: e.id,
    createdAt: e.createdAt,
    actorName: e.actorName,
    ...auditEntryView(e, { t, date: (v) => date(v), names }),
  }));
  return (
    <div>
      <PageTitle>{t("audit.title")}</PageTitle>
      <div className="card">
        {entries.length === 0 ? (
          <p className="text-stone-600">{t("audit.empty")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[44rem]">
              <thead>
                <tr>
                  <th>{t("audit.time")}</th>
                  <th>{t("audit.actor")}</th>
                  <th>{t("audit.action")}</th>
                  <th>{t("audit.entity")}</th>
                  <th>{t("audit.change")}</th>
                  <th>{t("audit.ip")}</th>
                </tr>
              </thead>
              <tbody>
                {views.map((e) => (
                  <tr key={e.id}>
                    <td className="whitespace-nowrap">{date(e.createdAt)}</td>
                    <td className="whitespace-nowrap">{e.actorName ?? "—"}</td>
                    <td className="whitespace-nowrap">{e.action}</td>
                    <td>{e.entity.href ? <Link to={e.entity.href}>{e.entity.name}</Link> : e.entity.name}</td>
                    <td className="text-sm">
                      {e.before.length ? (
                        <div className="text-stone-600">
                          <span className="font-medium">{t("audit.before")}</span>
                          <Fields fields={e.before} className="line-through decoration-stone-400" />
                        </div>
                      ) : null}
                      {e.after.length ? (
                        <div>
                          {e.before.length ? <span className="font-medium">{t("audit.after")}</span> : null}
                          <Fields fields={e.after} />
                        </div>
                      ) : null}
                    </td>
                    <td className="whitespace-nowrap text-xs">{e.ip}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager page={filter.page} hasMore={hasMore} />
      </div>
    </div>
  );
}
