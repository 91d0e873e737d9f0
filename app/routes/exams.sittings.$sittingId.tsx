import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { BlockerList } from "~/components/exam/blockers";
import { points, shortDateTime } from "~/components/exam/format";
import {
  CountdownSentence,
  fallbackReloadScript,
  useCancelFallbackReload,
  useCheckAgain,
  useServerClock,
} from "~/components/exam/waiting-room";
import { Alert, PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { useNonce } from "~/nonce";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { sittingPageForCandidate, startFromSittingPage } from "~/modules/exams/waiting-room.server";
import { idParam } from "~/modules/forms";
import type { PrefetchHandle } from "~/prefetch-links";

export const access = requires("take:exam");
/** The exam page's script, prefetched while the candidate reads the instructions (app/prefetch-links.ts). */
export const handle: PrefetchHandle = { prefetchRoutes: ["routes/exams.attempts.$attemptId"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.exam.title ?? "考试须知"} · 红帆` }];

/** The sitting's instructions; before the opening, the waiting room (and the arrival for the admin's 等候中 count). */
export const loader = guarded(access, async ({ actor, params }) => sittingPageForCandidate(actor, idParam(params, "sittingId")));

/**
 * 开始考试: starts (or resumes) the attempt and goes to the exam page; blocked → every reason, and
 * before the opening (a stale page, a fast finger) the same waiting room the page shows.
 */
export const action = guarded(access, async ({ actor, params }) => {
  const result = await startFromSittingPage(actor, idParam(params, "sittingId"));
  if (result.kind === "started") return redirect(`/exams/attempts/${result.attemptId}`);
  return data(result, { status: 409 });
});

export default function SittingInstructions() {
  const { t, locale } = useT();
  const loaded = useLoaderData<typeof loader>();
  const { sitting, exam, attemptsUsed, resumeAttemptId } = loaded;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // The newer answer wins: a refused start after the page loaded, or the page reloaded since.
  const current = result && Date.parse(result.serverNow) > Date.parse(loaded.serverNow) ? result : loaded;
  const shownBlockers = current.blockers;
  const room = current.waitingRoom;
  const now = useServerClock(current.serverNow, room != null);
  useCheckAgain(current.serverNow, room?.refreshSeconds ?? null);
  useCancelFallbackReload();
  const nonce = useNonce();
  // The page waited and the sitting has opened: say where the button is (it is at the bottom).
  const waited = useRef(false);
  const [nowOpen, setNowOpen] = useState(false);
  useEffect(() => {
    if (room) waited.current = true;
    else if (waited.current && !shownBlockers.length) setNowOpen(true);
  }, [room, shownBlockers.length]);
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

      {room ? (
        <section
          className="card space-y-2 border-brand-700 bg-brand-50"
          data-testid="waiting-room"
          aria-label={t("examTake.waiting.title")}
        >
          <CountdownSentence t={t} locale={locale} opensAt={room.opensAt} now={now} className="text-lg font-semibold text-brand-800" />
          {result?.kind === "blocked" && result.waitingRoom ? <Alert tone="info">{t("examTake.waiting.tooEarly")}</Alert> : null}
          <p className="text-sm text-stone-800">{t("examTake.waiting.readFirst")}</p>
        </section>
      ) : nowOpen ? (
        <Alert tone="success">
          {t("examTake.waiting.nowOpen")} <a href="#start">{t("examTake.waiting.toStart")}</a>
        </Alert>
      ) : null}

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

      <section id="start" className="card space-y-3">
        {room ? (
          <div className="space-y-2" data-testid="waiting-start">
            <CountdownSentence t={t} locale={locale} opensAt={room.opensAt} now={now} className="font-medium" />
            {/* Without JavaScript the page reloads itself just after the opening (or in about a minute); with it, useCheckAgain asks
                once; the inline script does the same reload until the page's own JavaScript has loaded. */}
            <noscript>
              <meta httpEquiv="refresh" content={`${room.refreshSeconds};url=/exams/sittings/${sitting.id}`} />
            </noscript>
            <script
              nonce={nonce}
              suppressHydrationWarning
              dangerouslySetInnerHTML={{ __html: fallbackReloadScript(`/exams/sittings/${sitting.id}`, room.refreshSeconds) }}
            />
            <p className="text-sm text-stone-700">
              {t("examTake.waiting.buttonHere")}
              <a href={`/exams/sittings/${sitting.id}`} className="ml-2">
                {t("examTake.waiting.refresh")}
              </a>
            </p>
          </div>
        ) : shownBlockers.length ? (
          <Alert tone="info">
            <p className="font-medium">{t("examTake.blockedTitle")}</p>
            <BlockerList blockers={shownBlockers} />
          </Alert>
        ) : (
          // A full page load, not a client-side navigation: the exam page's HTML shows the first
          // question before any of its script has arrived (bench:exam-network, docs/decisions/031).
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
