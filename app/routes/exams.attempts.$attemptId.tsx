import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ExamRunner } from "~/components/exam/exam-runner";
import { points, shortDateTime } from "~/components/exam/format";
import { QuestionFields } from "~/components/exam/question-fields";
import { Alert } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { getAttemptPage } from "~/modules/exams/candidate.server";
import { submitAttempt } from "~/modules/exams/finalize.server";
import { saveFormAnswer } from "~/modules/exams/save-form.server";
import { idParam } from "~/modules/forms";
import { paperPage, STATIC_PAGE_SIZE } from "~/modules/exams/paper-pages";

export const access = requires("take:exam");
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.exam.title ?? "考试"} · 红帆` }];

export const loader = guarded(access, async ({ actor, params }) => {
  const attemptId = idParam(params, "attemptId");
  const page = await getAttemptPage(actor, attemptId);
  if (page.kind === "finished") throw redirect(`/exams/attempts/${attemptId}/result`);
  return page;
});

const SAVE_STATUS = { badRequest: 400, tooFast: 429, stepLimit: 422 } as const;

/**
 * intent=submit: 交卷 (submitAttempt) → the result page. intent=save: the no-JavaScript answer form
 * of one question (saveFormAnswer; the page's script saves through /api/exam/save).
 */
export const action = guarded(access, async ({ actor, params, request }) => {
  const attemptId = idParam(params, "attemptId");
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "submit") {
    await submitAttempt(actor, attemptId);
    return redirect(`/exams/attempts/${attemptId}/result`);
  }
  if (intent !== "save") return data({ problem: "badRequest" as const, slot: 0 }, { status: 400 });
  const saved = await saveFormAnswer(actor, attemptId, form);
  if (saved.status === "closed") return redirect(`/exams/attempts/${attemptId}/result`);
  if (saved.status === "refused") return data({ problem: saved.problem, slot: saved.slotNo }, { status: SAVE_STATUS[saved.problem] });
  return data(
    { problem: saved.status === "stale" ? ("stale" as const) : null, slot: saved.slotNo },
    { status: saved.status === "stale" ? 409 : 200 },
  );
});

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export default function ExamPage() {
  const { t, locale } = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const hydrated = useHydrated();
  const { attempt, exam, slots, answers, lastSeq } = page;
  // Before JavaScript, a page of ten questions (paper-pages.ts); the runner then starts at its first.
  const [searchParams] = useSearchParams();
  const part = paperPage(slots.length, searchParams.get("page"));
  const pager =
    part.pages > 1 ? (
      <nav aria-label={t("examTake.pages.label")} className="card space-y-2">
        <p className="text-sm text-stone-700">
          {t("examTake.pages.pageOf", { page: part.page, pages: part.pages, size: STATIC_PAGE_SIZE })}
        </p>
        <ul className="flex flex-wrap gap-2">
          {Array.from({ length: part.pages }, (_, i) => i + 1).map((n) => (
            <li key={n}>
              <Link
                to={`?page=${n}`}
                className={`inline-flex min-h-11 min-w-11 items-center justify-center rounded border px-2 text-sm ${n === part.page ? "border-red-800 bg-red-800 text-white" : "border-stone-300"}`}
                aria-current={n === part.page ? "page" : undefined}
                aria-label={t("examTake.pages.link", {
                  page: n,
                  from: (n - 1) * STATIC_PAGE_SIZE + 1,
                  to: Math.min(slots.length, n * STATIC_PAGE_SIZE),
                })}
              >
                {n}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    ) : null;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-xl font-bold">{exam.title}</h1>
      {hydrated ? (
        <ExamRunner
          attemptId={attempt.id}
          deadlineAt={attempt.deadlineAt}
          serverNow={attempt.serverNow}
          slots={slots}
          answers={answers}
          lastSeq={lastSeq}
          initialIndex={part.from}
        />
      ) : typeof document !== "undefined" ? (
        // In the browser the server's form list is left as it came, not hydrated (React keeps an
        // element's server HTML when it has dangerouslySetInnerHTML): the runner replaces it once
        // effects run, and hydrating the form list first took seconds on a slow phone
        // (bench:exam-network, docs/decisions/031).
        <div className="space-y-4" data-testid="exam-static" suppressHydrationWarning dangerouslySetInnerHTML={{ __html: "" }} />
      ) : (
        // Before (or without) JavaScript: every question with its own save form, and the submit form.
        <div className="space-y-4" data-testid="exam-static">
          <p className="text-sm text-stone-700">{t("examTake.deadlineAt", { time: shortDateTime(attempt.deadlineAt, locale) })}</p>
          <noscript>
            <p className="text-sm text-stone-700">{t("examTake.noJsHint")}</p>
          </noscript>
          {result ? (
            <Alert tone={result.problem ? "error" : "success"}>
              {result.problem === "stale"
                ? t("examTake.saveStale", { n: result.slot })
                : result.problem === "tooFast" || result.problem === "stepLimit"
                  ? t(`examTake.save.${result.problem}`)
                  : result.problem
                    ? t("errors.badRequest")
                    : t("examTake.savedOne", { n: result.slot })}
            </Alert>
          ) : null}
          {pager}
          {slots.slice(part.from, part.to).map((slot, k) => (
            <Form key={slot.slotNo} method="post" className="card space-y-3" aria-labelledby={`q${slot.slotNo}-heading`}>
              <h2 id={`q${slot.slotNo}-heading`} className="font-semibold">
                {t("examTake.question", { n: part.from + k + 1 })}
                <span className="ml-2 text-sm font-normal text-stone-600">
                  {t(`examTake.types.${slot.type}`)} · {t("examTake.maxPoints", { points: points(slot.maxMarkTenths) })}
                </span>
              </h2>
              <div className="exam-stem" dangerouslySetInnerHTML={{ __html: slot.stemHtml }} />
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="slotNo" value={slot.slotNo} />
              <QuestionFields slot={slot} value={answers[slot.slotNo]} />
              <label className="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" name="flagged" className="size-5" defaultChecked={Boolean(answers[slot.slotNo]?.flagged)} />
                {t("examTake.flag")}
              </label>
              <button type="submit" className="btn-secondary">
                {t("examTake.saveOne")}
              </button>
            </Form>
          ))}
          {part.page < part.pages ? (
            <p>
              <Link to={`?page=${part.page + 1}`} className="btn-secondary w-full">
                {t("examTake.pages.next", { from: part.to + 1 })}
              </Link>
            </p>
          ) : null}
          {pager}
          <Form method="post" className="card">
            <input type="hidden" name="intent" value="submit" />
            <p className="mb-3 text-sm">{t("examTake.submitWarning")}</p>
            <button type="submit" className="btn-primary w-full">
              {t("examTake.submit")}
            </button>
          </Form>
        </div>
      )}
    </div>
  );
}
