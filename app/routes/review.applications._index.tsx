import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle, Pager, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { listApplicationsForReview } from "~/modules/navigators/applications.server";
import { reviewFilterSchema } from "~/modules/navigators/schemas";

export const access = requires("review:application");
export const meta: MetaFunction = () => [{ title: "审核申请 · 红帆" }];

export const loader = guarded(access, async ({ request, actor }) => {
  const url = new URL(request.url);
  const filter = reviewFilterSchema.parse(Object.fromEntries(url.searchParams));
  return { filter, ...(await listApplicationsForReview(actor, filter)) };
});

const STATUSES = ["pending", "approved", "rejected", "all"] as const;

export default function ReviewQueue() {
  const { t, date } = useT();
  const { filter, applications, hasMore, pending } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageTitle>{t("review.title")}</PageTitle>
      <p className="mb-3 text-stone-700">{t("review.pendingCount", { count: pending })}</p>
      <nav className="mb-4 flex flex-wrap gap-2" aria-label={t("common.status")}>
        {STATUSES.map((s) => (
          <Link
            key={s}
            to={`?status=${s}`}
            aria-current={filter.status === s ? "page" : undefined}
            className={filter.status === s ? "btn-primary" : "btn-secondary"}
          >
            {s === "all" ? t("common.all") : t(`applicationStatus.${s}`)}
          </Link>
        ))}
      </nav>
      <div className="card">
        {applications.length === 0 ? (
          <p className="text-stone-600">{t("review.empty")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[36rem]">
              <thead>
                <tr>
                  <th>{t("review.applicant")}</th>
                  <th>{t("review.organization")}</th>
                  <th>{t("register.partyPost")}</th>
                  <th>{t("review.submittedAt")}</th>
                  <th>{t("common.status")}</th>
                </tr>
              </thead>
              <tbody>
                {applications.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/review/applications/${a.id}`}>{a.applicantName}</Link>
                    </td>
                    <td>
                      {a.organizationName}
                      <span className="block text-xs text-stone-600">{a.townName}</span>
                    </td>
                    <td>{t(`partyPost.${a.partyPost}`)}</td>
                    <td>{date(a.submittedAt)}</td>
                    <td>{t(`applicationStatus.${a.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pager page={filter.page} hasMore={hasMore} params={{ status: filter.status }} />
      </div>
    </div>
  );
}
