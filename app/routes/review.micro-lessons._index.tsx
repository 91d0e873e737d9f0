import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { listReviewQueue } from "~/modules/micro-lessons/micro-lessons.server";

export const access = requires("review:micro_lesson");
export const meta: MetaFunction = () => [{ title: "微党课审核 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => ({ queue: await listReviewQueue(actor) }));

export default function MicroReviewQueue() {
  const { t, date } = useT();
  const { queue } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageTitle>{t("micro.reviewTitle")}</PageTitle>
      <p className="text-stone-700">{t("micro.reviewHint")}</p>
      <section className="card">
        {queue.length === 0 ? (
          <p className="text-stone-600">{t("micro.reviewNone")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[32rem]" data-testid="review-queue">
              <thead>
                <tr>
                  <th>{t("micro.lessonTitle")}</th>
                  <th>{t("micro.author")}</th>
                  <th>{t("micro.submittedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((q) => (
                  <tr key={q.id}>
                    <td>
                      {q.own ? <span>{q.title}</span> : <Link to={`/review/micro-lessons/${q.id}`}>{q.title}</Link>}
                      <span className="block text-xs text-stone-600">
                        {t(`learn.areas.${q.area}`)} · {t("micro.revision", { number: q.revision })}
                        {q.live ? ` · ${t("micro.update")}` : ""}
                        {q.own ? ` · ${t("micro.ownNotReviewable")}` : ""}
                      </span>
                    </td>
                    <td>{q.author}</td>
                    <td className="whitespace-nowrap">{date(q.submittedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
