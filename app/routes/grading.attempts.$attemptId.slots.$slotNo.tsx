import { data, redirect, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle, TextArea, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { COMMENT_MAX_LENGTH, formatTenths, gradeFormSchema, REASON_MAX_LENGTH } from "~/modules/exams/grading-form";
import { getSlotForGrading, gradingSlotMax, saveManualMark } from "~/modules/exams/grading-queue.server";
import { echoValues, fieldErrorsOf, formValues, idParam } from "~/modules/forms";
import { renderMarkdown } from "~/modules/markdown";

export const access = requires("grade:exam");
export const meta: MetaFunction = () => [{ title: "阅卷 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const slot = await getSlotForGrading(actor, idParam(params, "attemptId"), idParam(params, "slotNo"));
  if (!slot.submitted) return slot;
  return { ...slot, question: { ...slot.question, stemHtml: renderMarkdown(slot.question.stem) } };
});

const PROBLEM_STATUS = {
  notSubmitted: 409,
  alreadyGraded: 409,
  changedMeanwhile: 409,
  notAllowedToChange: 403,
  reasonRequired: 400,
  unchanged: 400,
} as const;

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const attemptId = idParam(params, "attemptId");
  const slotNo = idParam(params, "slotNo");
  const max = await gradingSlotMax(actor, attemptId, slotNo);
  const values = formValues(await request.formData());
  const parsed = gradeFormSchema(max).safeParse(values);
  if (!parsed.success)
    return data({ fieldErrors: fieldErrorsOf(parsed.error), problem: null, values: echoValues(values) }, { status: 400 });
  const result = await saveManualMark(actor, { attemptId, slotNo, ...parsed.data }, meta);
  if (!result.ok) {
    const fieldErrors: Record<string, string> = result.problem === "reasonRequired" ? { reason: "examGrading.form.reasonRequired" } : {};
    return data({ fieldErrors, problem: result.problem, values: echoValues(values) }, { status: PROBLEM_STATUS[result.problem] });
  }
  const notice = new URLSearchParams({ saved: String(attemptId) });
  if (result.released) notice.set("released", "1");
  if (parsed.data.expectedMarkId !== null) {
    notice.set("changed", "1");
    return redirect(`/grading/attempts/${attemptId}/slots/${slotNo}?${notice}`);
  }
  if (result.next) return redirect(`/grading/attempts/${result.next.attemptId}/slots/${result.next.slotNo}?${notice}`);
  const slot = await getSlotForGrading(actor, attemptId, slotNo);
  return redirect(`/grading/exams/${slot.exam.id}/questions/${slot.questionVersionId}?${notice}`);
});

export default function GradeSlot() {
  const { t, date } = useT();
  const slot = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [search] = useSearchParams();
  const saved = search.get("saved");
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const max = formatTenths(slot.maxMarkTenths);
  const groupLink = `/grading/exams/${slot.exam.id}/questions/${slot.questionVersionId}`;
  const notices =
    saved && /^\d+$/.test(saved) ? (
      <div className="space-y-2">
        <Alert tone="success">{t(search.get("changed") ? "examGrading.changed" : "examGrading.saved", { id: saved })}</Alert>
        {search.get("released") ? <Alert tone="success">{t("examGrading.released", { id: saved })}</Alert> : null}
      </div>
    ) : null;
  const heading = (
    <>
      <p className="flex flex-wrap gap-x-4">
        <Link to="/grading">← {t("examGrading.backToQueue")}</Link>
        <Link to={groupLink}>{t("examGrading.viewAll")}</Link>
      </p>
      <PageTitle>
        {t("examGrading.sheet", { id: slot.attemptId })} · {t("examGrading.slot", { n: slot.slotNo })}
      </PageTitle>
      <p className="text-sm text-stone-600">
        {slot.exam.title} · {t("examGrading.maxMark", { max })}
      </p>
    </>
  );
  if (!slot.submitted) {
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        {heading}
        <Alert tone="info">{t("examGrading.notSubmitted")}</Alert>
      </div>
    );
  }
  const latest = slot.marks[0] ?? null;
  const values = result?.values ?? {};
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      {heading}
      {notices}
      {result?.problem && result.problem !== "reasonRequired" ? <Alert>{t(`examGrading.form.${result.problem}`)}</Alert> : null}
      {slot.released ? <Alert tone="info">{t("examGrading.releasedState")}</Alert> : null}
      <section className="card space-y-2" aria-labelledby="stem-heading">
        <h2 id="stem-heading" className="text-lg font-semibold">
          {t("examGrading.stem")}
        </h2>
        <div className="leading-relaxed" dangerouslySetInnerHTML={{ __html: slot.question.stemHtml }} />
      </section>
      <section className="card space-y-3" aria-labelledby="key-heading">
        <h2 id="key-heading" className="text-lg font-semibold">
          {t("examGrading.referenceAnswer")}
        </h2>
        <p className="whitespace-pre-wrap" data-testid="reference-answer">
          {slot.question.referenceAnswer}
        </p>
        {slot.question.markingPoints.length ? (
          <>
            <h3 className="font-semibold">{t("examGrading.markingPoints")}</h3>
            <ul className="list-disc pl-5" data-testid="marking-points">
              {slot.question.markingPoints.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card space-y-2" aria-labelledby="answer-heading">
        <h2 id="answer-heading" className="text-lg font-semibold">
          {t("examGrading.candidateAnswer")}
        </h2>
        {slot.answer.text !== null && slot.answer.text.trim() !== "" ? (
          <>
            <p className="whitespace-pre-wrap break-words rounded-md bg-stone-50 p-3" data-testid="candidate-answer">
              {slot.answer.text}
            </p>
            {slot.answer.at ? <p className="text-sm text-stone-600">{t("examGrading.answeredAt", { at: date(slot.answer.at) })}</p> : null}
          </>
        ) : (
          <p className="text-stone-600" data-testid="candidate-answer">
            {t("examGrading.noAnswer")}
          </p>
        )}
      </section>
      {slot.marks.length ? (
        <section className="card space-y-2" aria-labelledby="history-heading">
          <p className="font-semibold" data-testid="current-mark">
            {t("examGrading.currentMark", { mark: formatTenths(latest!.markTenths) })}
          </p>
          <h2 id="history-heading" className="text-base font-semibold">
            {t("examGrading.history")}
          </h2>
          <ol className="space-y-1 text-sm">
            {slot.marks.map((m) => (
              <li key={m.id}>
                {t("examGrading.historyEntry", {
                  mark: formatTenths(m.markTenths),
                  grader:
                    m.source === "manual"
                      ? (m.graderName ?? "")
                      : t(m.source === "auto" ? "examGrading.sourceAuto" : "examGrading.sourceRegrade"),
                  at: date(m.at),
                })}
                {m.comment ? <span className="block text-stone-600">{m.comment}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {latest && !slot.mayChange ? (
        <Alert tone="info">{t("examGrading.onlyAdminsChange")}</Alert>
      ) : (
        <Form method="post" className="card space-y-4" noValidate>
          <ErrorSummary
            items={summaryItems(errors, {
              mark: t("examGrading.form.mark", { max }),
              reason: t("examGrading.form.reason"),
              comment: t("examGrading.form.comment"),
            }).map((item) => (item.target === "mark" ? { ...item, params: { max } } : item))}
          />
          <fieldset className="space-y-4">
            <legend className="text-lg font-semibold">{t(latest ? "examGrading.form.changeLegend" : "examGrading.form.legend")}</legend>
            <input type="hidden" name="expectedMarkId" value={latest ? String(latest.id) : ""} />
            <TextField
              name="mark"
              label={t("examGrading.form.mark", { max })}
              inputMode="decimal"
              autoComplete="off"
              required
              defaultValue={values.mark ?? ""}
              error={errors.mark ? t(errors.mark, { max }) : undefined}
            />
            {latest ? (
              <TextArea
                name="reason"
                label={t("examGrading.form.reason")}
                hint={t("examGrading.form.reasonHint")}
                maxLength={REASON_MAX_LENGTH}
                rows={2}
                required
                defaultValue={values.reason ?? ""}
                error={errors.reason}
              />
            ) : null}
            <TextArea
              name="comment"
              label={t("examGrading.form.comment")}
              maxLength={COMMENT_MAX_LENGTH}
              rows={3}
              defaultValue={values.comment ?? ""}
              error={errors.comment}
            />
          </fieldset>
          <button type="submit" className="btn-primary" disabled={busy}>
            {t(latest ? "examGrading.form.saveChange" : "examGrading.form.saveAndNext")}
          </button>
        </Form>
      )}
    </div>
  );
}
