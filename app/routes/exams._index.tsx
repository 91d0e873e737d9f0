import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BlockerList } from "~/components/exam/blockers";
import { points, shortDateTime } from "~/components/exam/format";
import { PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { listMyExams } from "~/modules/exams/candidate.server";

export const access = requires("take:exam");
export const meta: MetaFunction = () => [{ title: "我的考试 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => {
  const { open, history } = await listMyExams(actor);
  return { open, history };
});

const STATE_STYLE = {
  in_progress: "bg-amber-100 text-amber-900",
  submitted: "bg-sky-100 text-sky-900",
  graded: "bg-green-100 text-green-900",
} as const;

export default function MyExams() {
  const { t, locale, date } = useT();
  const { open, history } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle>{t("examTake.title")}</PageTitle>

      <section aria-labelledby="open-heading" className="space-y-3">
        <h2 id="open-heading" className="text-lg font-semibold">
          {t("examTake.open")}
        </h2>
        {open.length === 0 ? <p className="text-stone-600">{t("examTake.noneOpen")}</p> : null}
        {open.map((s) => (
          <article key={s.sittingId} className="card space-y-2" data-testid="open-sitting">
            <h3 className="text-base font-semibold">{s.examTitle}</h3>
            <p className="flex flex-wrap gap-2 text-sm">
              <span className="badge bg-brand-100 text-brand-800">
                {s.level ? t(`examTake.levels.${s.level}`) : t("examTake.kinds.annual")}
              </span>
              <span className="text-stone-700">{s.sittingTitle}</span>
            </p>
            <p className="text-sm text-stone-700">
              {t("examTake.window", { from: shortDateTime(s.opensAt, locale), to: shortDateTime(s.closesAt, locale) })}
              {" · "}
              {t("examTake.duration", { minutes: s.durationMinutes })}
              {" · "}
              {t("examTake.attemptsUsed", { used: s.attemptsUsed, allowed: s.attemptsAllowed })}
            </p>
            {s.location ? <p className="text-sm text-stone-700">{t("examTake.location", { location: s.location })}</p> : null}
            {s.resumeAttemptId && !s.blockers.length ? (
              <Link to={`/exams/attempts/${s.resumeAttemptId}`} className="btn-primary">
                {t("examTake.resume")}
              </Link>
            ) : s.blockers.length ? (
              <div>
                <p className="font-medium">{t("examTake.cannotStart")}</p>
                <BlockerList blockers={s.blockers} />
              </div>
            ) : (
              <Link to={`/exams/sittings/${s.sittingId}`} className="btn-primary">
                {t("examTake.enter")}
              </Link>
            )}
          </article>
        ))}
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          {t("examTake.history")}
        </h2>
        {history.length === 0 ? (
          <p className="text-stone-600">{t("examTake.noHistory")}</p>
        ) : (
          <ul className="space-y-3">
            {history.map((a) => (
              <li key={a.id} className="card space-y-1" data-testid="attempt">
                <p className="font-medium">{a.examTitle}</p>
                <p className="flex flex-wrap items-center gap-2 text-sm text-stone-700">
                  <span className={`badge ${STATE_STYLE[a.state]}`}>{t(`examTake.states.${a.state}`)}</span>
                  <span>
                    {a.sittingTitle} · {t("examTake.attemptNo", { n: a.attemptNo })}
                  </span>
                </p>
                <p className="text-sm text-stone-700">
                  {t("examTake.startedAt")} {date(a.startedAt)}
                  {a.finishedAt ? ` · ${t("examTake.finishedAt")} ${date(a.finishedAt)}` : ""}
                </p>
                {a.state === "graded" && a.markTenths != null && a.maxMarkTenths != null ? (
                  <p className="text-sm">
                    {t("examTake.score")} <strong>{points(a.markTenths)}</strong> / {points(a.maxMarkTenths)} ·{" "}
                    <span className={a.passed ? "text-green-800" : "text-red-800"}>
                      {a.passed ? t("examTake.passed") : t("examTake.failed")}
                    </span>
                  </p>
                ) : null}
                <p>
                  {a.state === "in_progress" ? (
                    <Link to={`/exams/attempts/${a.id}`}>{t("examTake.resume")}</Link>
                  ) : (
                    <Link to={`/exams/attempts/${a.id}/result`}>{t("examTake.viewResult")}</Link>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
