import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageTitle, TableScroll } from "~/components/form";
import { clock } from "~/components/micro/lesson-form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { listMyMicroLessons } from "~/modules/micro-lessons/micro-lessons.server";

export const access = requires("author:micro_lesson");
export const meta: MetaFunction = () => [{ title: "我的微党课 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => {
  return { lessons: await listMyMicroLessons(actor) };
});

export default function MyMicroLessons() {
  const { t, date } = useT();
  const { lessons } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <Link to="/my/micro-lessons/new" className="btn-primary">
            {t("micro.create")}
          </Link>
        }
      >
        {t("micro.myTitle")}
      </PageTitle>
      <p className="text-stone-700">{t("micro.myHint")}</p>
      <section className="card">
        {lessons.length === 0 ? (
          <p className="text-stone-600">{t("micro.none")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[40rem]" data-testid="my-micro-lessons">
              <thead>
                <tr>
                  <th>{t("micro.lessonTitle")}</th>
                  <th>{t("micro.state")}</th>
                  <th>{t("micro.learners")}</th>
                  <th>{t("micro.completions")}</th>
                  <th>{t("micro.creditedHours")}</th>
                  <th>{t("micro.rating")}</th>
                </tr>
              </thead>
              <tbody>
                {lessons.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <Link to={`/my/micro-lessons/${l.id}`}>{l.title}</Link>
                      <span className="block text-xs text-stone-600">
                        {t("micro.revision", { number: l.revision })} · {date(l.updatedAt)}
                        {l.nominalSeconds ? ` · ${clock(l.nominalSeconds)}` : ""}
                      </span>
                    </td>
                    <td>
                      <span data-testid="micro-state">{t(`micro.states.${l.state}`)}</span>
                      {l.live && l.state !== "published" ? <span className="block text-xs text-green-800">{t("micro.live")}</span> : null}
                    </td>
                    <td>{l.learners}</td>
                    <td>{l.completions}</td>
                    <td>{l.creditedHours}</td>
                    <td>
                      {l.rating == null ? t("micro.noRating") : t("micro.ratingValue", { rating: l.rating.toFixed(1), count: l.ratings })}
                    </td>
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
