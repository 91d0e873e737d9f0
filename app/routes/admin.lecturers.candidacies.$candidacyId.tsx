import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, TextArea, TextField } from "~/components/form";
import { EventList } from "~/components/lecturers/profile-fields";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam, type FieldErrors } from "~/modules/forms";
import { candidacyDetail, decideCandidacy, recordTrial, scheduleTrial } from "~/modules/lecturers/candidacies.server";
import { decisionSchema, PANEL, parseTrialScores, scheduleTrialSchema } from "~/modules/lecturers/rules";

/** A candidacy for the county admin: profile and sample, 安排试讲, 评委打分, 入库决定. */
export const access = requires("manage:lecturers");
export const meta: MetaFunction = () => [{ title: "入库申请 · 红帆" }];

export const loader = guarded(access, async ({ request, params, actor }) => {
  const view = await candidacyDetail(actor, idParam(params, "candidacyId"));
  return { ...view, saved: new URL(request.url).searchParams.get("saved") === "1" };
});

type ActionResult = { intent: string; errors: FieldErrors; message?: string; values?: Record<string, unknown> };

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "candidacyId");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: FieldErrors, message?: string, values?: Record<string, unknown>) =>
    data<ActionResult>({ intent, errors, message, values }, { status: 422 });
  const values = formValues(form);
  if (intent === "schedule") {
    const parsed = scheduleTrialSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error), undefined, values);
    await scheduleTrial(actor, id, parsed.data, meta);
  } else if (intent === "scores") {
    const all = (k: string) => form.getAll(k).map((v) => (typeof v === "string" ? v : ""));
    const rows = { judgeName: all("judgeName"), judgeRole: all("judgeRole"), score: all("score"), comment: all("comment") };
    const parsed = parseTrialScores(rows);
    if (!parsed.ok) return fail(parsed.errors, undefined, rows);
    await recordTrial(actor, id, parsed.judges, meta);
  } else if (intent === "decide") {
    const parsed = decisionSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error), undefined, values);
    const outcome = await decideCandidacy(actor, id, parsed.data, meta);
    if (!outcome.ok)
      return fail({}, `lecturers.outcome.${outcome.code}`, {
        average: outcome.averageTenths === null ? "—" : (outcome.averageTenths / 10).toFixed(1),
        threshold: outcome.threshold,
      });
  } else return data<ActionResult>({ intent, errors: { _form: "form.invalid" } }, { status: 400 });
  throw redirect(`/admin/lecturers/candidacies/${id}?saved=1`);
});

export default function CandidacyPage() {
  const { t } = useT();
  const { candidacy: c, person, scores, history, self, steps, threshold, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errs = (intent: string) => (result?.intent === intent ? result.errors : {});
  const rows = (result?.intent === "scores" ? result.values : undefined) as Record<string, string[]> | undefined;
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <Link to="/admin/lecturers/candidacies" className="btn-secondary">
            {t("lecturers.candidaciesTitle")}
          </Link>
        }
      >
        {person?.name} · {t(`lecturers.statuses.${c.status}`)}
      </PageTitle>
      {saved ? <Alert tone="success">{t("lecturers.saved")}</Alert> : null}
      {result?.message ? (
        <Alert>
          <p>{t(result.message, result.values)}</p>
        </Alert>
      ) : null}
      {self ? <Alert tone="info">{t("lecturers.selfNotice")}</Alert> : null}
      <section className="card space-y-1">
        <p>
          {t(`lecturers.routes.${c.route}`)} · {person?.townName} · {person?.organizationName}
        </p>
        {c.recommendingOrg ? (
          <p>
            {t("lecturers.recommendedBy", { org: c.recommendingOrg })}：{c.recommendation}
          </p>
        ) : null}
        <p>
          {t("lecturers.areasLabel")}：{c.areas.map((a) => t(`lecturers.areas.${a}`)).join("、")}
        </p>
        <p>
          {c.title} · {c.employer}
        </p>
        <p className="whitespace-pre-wrap text-sm">{c.bio}</p>
        <h2 className="pt-2 font-semibold">{t("lecturers.outlineLabel")}</h2>
        <p className="whitespace-pre-wrap text-sm">{c.sampleOutline}</p>
        {c.sample ? (
          <a className="underline" href={`/lecturers/candidacies/${c.id}/sample`}>
            {t("lecturers.sample")}（{c.sample.name}）
          </a>
        ) : null}
      </section>
      <section className="card space-y-2" aria-labelledby="trial">
        <h2 id="trial" className="text-lg font-semibold">
          {t("lecturers.trial")}
        </h2>
        {c.trialOn ? (
          <p>
            {t("lecturers.trialOn")}：{c.trialOn} · {c.trialTopic}
          </p>
        ) : null}
        {scores.length ? (
          <>
            <ul className="text-sm" data-testid="trial-scores">
              {scores.map((s, i) => (
                <li key={i}>
                  {s.judgeName}（{s.judgeRole}）：{s.score}
                  {s.comment ? ` · ${s.comment}` : ""}
                </li>
              ))}
            </ul>
            <p data-testid="trial-average">
              {t("lecturers.averageValue", { value: ((c.trialAverageTenths ?? 0) / 10).toFixed(1), threshold })}
            </p>
          </>
        ) : null}
        {steps.includes("scheduleTrial") ? (
          <Form method="post" className="space-y-2" noValidate>
            <input type="hidden" name="intent" value="schedule" />
            <TextField
              name="trialOn"
              type="date"
              label={t("lecturers.trialOn")}
              defaultValue={c.trialOn ?? ""}
              error={errs("schedule").trialOn}
            />
            <TextField
              name="trialTopic"
              label={t("lecturers.trialTopic")}
              defaultValue={c.trialTopic ?? ""}
              error={errs("schedule").trialTopic}
            />
            <button type="submit" className="btn-secondary">
              {t("lecturers.schedule")}
            </button>
          </Form>
        ) : null}
        {steps.includes("recordTrial") ? (
          <Form method="post" className="space-y-2" noValidate aria-label={t("lecturers.scores")}>
            <input type="hidden" name="intent" value="scores" />
            <h3 className="font-semibold">{t("lecturers.scores")}</h3>
            {errs("scores")._form ? (
              <p className="field-error" role="alert">
                {t(errs("scores")._form)}
              </p>
            ) : null}
            {Array.from({ length: 5 }, (_, i) => (
              <fieldset key={i} className="grid grid-cols-2 gap-2 md:grid-cols-4">
                <legend className="text-sm text-stone-600">{t("lecturers.judgeN", { n: i + 1 })}</legend>
                <TextField
                  id={`judgeName-${i}`}
                  name="judgeName"
                  label={t("lecturers.judgeName")}
                  defaultValue={rows?.judgeName?.[i]}
                  error={errs("scores")[`judgeName-${i}`]}
                />
                <TextField
                  id={`judgeRole-${i}`}
                  name="judgeRole"
                  label={t("lecturers.judgeRole")}
                  defaultValue={rows?.judgeRole?.[i]}
                  error={errs("scores")[`judgeRole-${i}`]}
                />
                <TextField
                  id={`score-${i}`}
                  name="score"
                  inputMode="numeric"
                  label={t("lecturers.score")}
                  defaultValue={rows?.score?.[i]}
                  error={errs("scores")[`score-${i}`]}
                />
                <TextField
                  id={`comment-${i}`}
                  name="comment"
                  label={t("lecturers.comment")}
                  defaultValue={rows?.comment?.[i]}
                  error={errs("scores")[`comment-${i}`]}
                />
              </fieldset>
            ))}
            <p className="field-hint">
              {PANEL.min}–{PANEL.max}
            </p>
            <button type="submit" className="btn-primary">
              {t("lecturers.recordScores")}
            </button>
          </Form>
        ) : null}
      </section>
      {steps.includes("reject") || steps.includes("admit") ? (
        <section className="card space-y-2" aria-labelledby="decision">
          <h2 id="decision" className="text-lg font-semibold">
            {t("lecturers.decision")}
          </h2>
          <Form method="post" className="space-y-2" noValidate>
            <input type="hidden" name="intent" value="decide" />
            <div className="flex gap-4">
              {(steps.includes("admit") ? (["admit", "reject"] as const) : (["reject"] as const)).map((d) => (
                <label key={d} className="inline-flex items-center gap-1">
                  <input type="radio" name="decision" value={d} defaultChecked={d === (steps.includes("admit") ? "admit" : "reject")} />{" "}
                  {t(`lecturers.${d}`)}
                </label>
              ))}
            </div>
            <TextArea name="reason" label={t("lecturers.reason")} maxLength={1000} error={errs("decide").reason} />
            <button type="submit" className="btn-primary">
              {t("lecturers.decide")}
            </button>
          </Form>
        </section>
      ) : null}
      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("lecturers.history")}</h2>
        <EventList events={history} />
      </section>
    </div>
  );
}
