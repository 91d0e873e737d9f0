import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageTitle, Pager, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { listAuditEntries } from "~/modules/audit/audit.server";
import { guarded } from "~/modules/auth/guard.server";

export const access = requires("read:audit");
export const meta: MetaFunction = () => [{ title: "审计日志 · 红帆" }];

const filterSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export const loader = guarded(access, async ({ request, actor }) => {
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filter, ...(await listAuditEntries(actor, filter)) };
});

function summary(value: unknown): string {
  if (value == null) return "";
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${v ?? "—"}`)
    .join("; ");
}

export default function Audit() {
  const { t, date } = useT();
  const { filter, entries, hasMore } = useLoaderData<typeof loader>();
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
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="whitespace-nowrap">{date(e.createdAt)}</td>
                    <td>{e.actorName ?? "—"}</td>
                    <td>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</td>
                    <td>
                      {e.entityType} #{e.entityId}
                    </td>
                    <td className="text-xs">
                      {e.before ? <div className="text-stone-500 line-through">{summary(e.before)}</div> : null}
                      {e.after ? <div>{summary(e.after)}</div> : null}
                    </td>
                    <td className="text-xs">{e.ip}</td>
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
