import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockerList } from "~/components/exam/blockers";
import { points, shortDateTime } from "~/components/exam/format";
import { Alert, PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { StartBlockedError, startAttempt } from "~/modules/exams/attempts.server";
import { getSittingForCandidate } from "~/modules/exams/candidate.server";
import type { StartBlocker } from "~/modules/exams/eligibility";
import { idParam } from "~/modules/forms";
import type { PrefetchHandle } from "~/prefetch-links";

export const access = requires("take:exam");
/** The exam page's script, prefetched while the candidate reads the instructions (app/prefetch-links.ts). */
export const handle: PrefetchHandle = { prefetchRoutes: ["routes/exams.attempts.$attemptId"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.exam.title ?? "考试须知"} · 红帆` }];

export const loader = guarded(access, async ({ actor, params }) => getSittingForCandidate(actor, idParam(params, "sittingId")));

/** 开始考试: starts (or resumes) the attempt and goes to the exam page; blocked → every reason. */
export const action = guarded(access, async ({ actor, params }) => {
  const sittingId = idParam(params, "sittingId");
  try {
    const { attemptId } = await startAttempt(actor, sittingId);
    return redirect(`/exams/attempts/${attemptId}`);
  } catch (error) {
    if (error instanceof StartBlockedError) return data({ blockers: error.blockers as StartBlocker[] }, { status: 409 });
    throw error;
  }
});

export default function SittingInstructions() {
  const { t, locale } = useT();
  const { sitting, exam, attemptsUsed, resumeAttemptId, blockers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const shownBlockers = result?.blockers ?? blockers;
  const windowText = t("examTake.facts.windowValue", {
    from: shortDateTime(sitting.opensAt, locale),
    to: shortDateTime(sitting.closesAt, locale),
  });
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <p>
        <Link to="/exams">← {t("examTake.back")}</Link>
      </p>
      <PageTitle>{exam.title}</PageTitle>

      <section className="card">
        <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-2 text-sm">
          <dt className="text-stone-600">{t("examTake.facts.level")}</dt>
          <dd>
            {exam.level ? `${t(`examTake.levels.${exam.level}`)} · ${t("examTake.kinds.certification")}` : t("examTake.kinds.annual")}
          </dd>
          <dt className="text-stone-600">{t("examTake.facts.sitting")}</dt>
          <dd>{sitting.title}</dd>
          <dt className="text-stone-600">{t("examTake.facts.duration")}</dt>
          <dd>{t("examTake.facts.durationValue", { minutes: exam.durationMinutes })}</dd>
          <dt className="text-stone-600">{t("examTake.facts.questions")}</dt>
          <dd>{t("examTake.facts.questionsValue", { count: exam.questions })}</dd>
          <dt className="text-stone-600">{t("examTake.facts.total")}</dt>
          <dd>{t("examTake.facts.points", { points: points(exam.maxMarkTenths) })}</dd>
          <dt className="text-stone-600">{t("examTake.facts.passMark")}</dt>
          <dd>{t("examTake.facts.points", { points: points(exam.passMarkTenths) })}</dd>
          <dt className="text-stone-600">{t("examTake.facts.window")}</dt>
          <dd>{windowText}</dd>
          {sitting.location ? (
            <>
              <dt className="text-stone-600">{t("examTake.facts.location")}</dt>
              <dd>{sitting.location}</dd>
            </>
          ) : null}
          <dt className="text-stone-600">{t("examTake.facts.attempts")}</dt>
          <dd>{t("examTake.facts.attemptsValue", { allowed: exam.attemptsAllowed, used: attemptsUsed })}</dd>
        </dl>
      </section>

      <section className="card space-y-3" aria-labelledby="instructions-heading">
        <h2 id="instructions-heading" className="text-lg font-semibold">
          {t("examTake.instructionsTitle")}
        </h2>
        {exam.instructionsHtml ? <div className="lesson-body" dangerouslySetInnerHTML={{ __html: exam.instructionsHtml }} /> : null}
        <h3 className="font-semibold">{t("examTake.rulesTitle")}</h3>
        <ul className="list-disc space-y-1 pl-5 text-sm text-stone-800">
          {(["deadline", "saving", "offline", "deadlineSubmit", "leaving", "submit"] as const).map((rule) => (
            <li key={rule}>{t(`examTake.rules.${rule}`)}</li>
          ))}
          <li data-testid="review-rule">
            {exam.reviewPolicy === "never"
              ? t("examTake.reviewNever")
              : t("examTake.reviewRule", { policy: t(`examAdmin.reviewPolicies.${exam.reviewPolicy}`) })}
          </li>
        </ul>
      </section>

      <section className="card space-y-3">
        {shownBlockers.length ? (
          <Alert tone="info">
            <p className="font-medium">{t("examTake.blockedTitle")}</p>
            <BlockerList blockers={shownBlockers} />
          </Alert>
        ) : (
          // A full page load, not a client-side navigation: the exam page's HTML shows the first
          // question before any of its script has arrived (bench:exam-network, docs/decisions/030).
          <Form method="post" reloadDocument className="space-y-2">
            {resumeAttemptId ? null : <p className="text-sm text-stone-700">{t("examTake.startHint")}</p>}
            <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy}>
              {resumeAttemptId ? t("examTake.resume") : t("examTake.start")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
