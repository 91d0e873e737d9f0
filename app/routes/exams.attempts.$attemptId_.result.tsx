import { redirect, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { points, shortDateTime } from "~/components/exam/format";
import { ReviewItem } from "~/components/exam/review-item";
import { storageKey } from "~/components/exam/use-exam-saver";
import { Alert, PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { getAttemptResult } from "~/modules/exams/candidate.server";
import { idParam } from "~/modules/forms";
import { AREAS } from "~/modules/question-bank/question";

export const access = requires("take:exam");
export const meta: MetaFunction = () => [{ title: "考试结果 · 红帆" }];

export const loader = guarded(access, async ({ actor, params }) => {
  const attemptId = idParam(params, "attemptId");
  const result = await getAttemptResult(actor, attemptId);
  if (result.kind === "inProgress") throw redirect(`/exams/attempts/${attemptId}`);
  return result;
});

export default function AttemptResult() {
  const { t, date, locale } = useT();
  const { attempt, exam, sitting, score, review, reviewState } = useLoaderData<typeof loader>();
  // The attempt is over: nothing it kept on this device is needed any more.
  useEffect(() => {
    try {
      window.localStorage.removeItem(storageKey(attempt.id));
    } catch {
      // storage disabled
    }
  }, [attempt.id]);
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <p>
        <Link to="/exams">← {t("examTake.back")}</Link>
      </p>
      <PageTitle>{t("examTake.resultTitle")}</PageTitle>
      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{exam.title}</h2>
        <p className="text-sm text-stone-700">
          {sitting.title} · {t("examTake.attemptNo", { n: attempt.attemptNo })}
        </p>
        {score ? (
          <div className="space-y-2" data-testid="score">
            <p className="text-2xl font-bold">
              {t("examTake.total")} {t("examTake.totalValue", { mark: points(score.markTenths), max: points(score.maxMarkTenths) })}
            </p>
            <p className="flex flex-wrap items-center gap-2">
              <span className={`badge text-sm ${score.passed ? "bg-green-100 text-green-900" : "bg-red-100 text-red-900"}`}>
                {score.passed ? t("examTake.passed") : t("examTake.failed")}
              </span>
              <span className="text-sm text-stone-700">{t("examTake.passMarkValue", { points: points(exam.passMarkTenths) })}</span>
            </p>
          </div>
        ) : (
          <Alert tone="info">
            <p className="font-medium" data-testid="pending">
              {t("examTake.pending")}
            </p>
            <p className="text-sm">{t("examTake.pendingHint")}</p>
          </Alert>
        )}
        <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-stone-600">{t("examTake.startedAt")}</dt>
          <dd>{date(attempt.startedAt)}</dd>
          <dt className="text-stone-600">{t("examTake.finishedAt")}</dt>
          <dd>
            {attempt.finishedAt ? date(attempt.finishedAt) : ""}
            {attempt.finishedBy ? ` · ${t(`examTake.finishedBy.${attempt.finishedBy}`)}` : ""}
          </dd>
        </dl>
      </section>

      {score?.subScores ? (
        <section className="card space-y-3" aria-labelledby="sub-heading">
          <h2 id="sub-heading" className="text-lg font-semibold">
            {t("examTake.subScores")}
          </h2>
          <ul className="grid grid-cols-2 gap-2">
            {(["theory", "practice"] as const).map((group) => (
              <li key={group} className="rounded-md border border-stone-200 p-3">
                <p className="text-sm text-stone-600">{t(`examTake.groups.${group}`)}</p>
                <p className="text-lg font-semibold">
                  {points(score.subScores![group].markTenths)} / {points(score.subScores![group].maxMarkTenths)}
                </p>
              </li>
            ))}
          </ul>
          <h3 className="font-medium">{t("examTake.byArea")}</h3>
          <ul className="space-y-1 text-sm">
            {AREAS.filter((area) => score.subScores!.byArea[area]?.maxMarkTenths).map((area) => (
              <li key={area} className="flex justify-between gap-2">
                <span>{t(`examTake.areas.${area}`)}</span>
                <span className="tabular-nums">
                  {points(score.subScores!.byArea[area].markTenths)} / {points(score.subScores!.byArea[area].maxMarkTenths)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {score ? (
        <section className="space-y-3" aria-labelledby="review-heading">
          <h2 id="review-heading" className="text-lg font-semibold">
            {t("examTake.review")}
          </h2>
          {review ? (
            review.map((slot, i) => <ReviewItem key={slot.slotNo} slot={slot} n={i + 1} />)
          ) : (
            <p className="text-stone-700" data-testid="review-closed">
              {reviewState.open
                ? null
                : reviewState.reason === "retakePossible"
                  ? t("examTake.reviewAfterRetakes", { at: shortDateTime(reviewState.at, locale) })
                  : reviewState.reason === "sittingOpen"
                    ? t("examTake.reviewAfterClose", { closesAt: shortDateTime(reviewState.at, locale) })
                    : t("examTake.reviewNever")}
            </p>
          )}
        </section>
      ) : null}
    </div>
  );
}
