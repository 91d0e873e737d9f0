import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle, TextArea, TextField } from "~/components/form";
import { RevisionBody, RevisionPlayer } from "~/components/micro/revision-view";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { forbidden } from "~/modules/errors";
import { echoValues, fieldErrorsOf, formValues, idParam } from "~/modules/forms";
import { commentOnMicroLesson, getMicroLesson, publishMicroLesson, returnMicroLesson } from "~/modules/micro-lessons/micro-lessons.server";
import { commentSchema, decisionSchema } from "~/modules/micro-lessons/schemas";

export const access = requires("review:micro_lesson");
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.latest.title ?? "微党课"} · 审核 · 红帆` }];

export const loader = guarded(access, async ({ params, actor }) => {
  const lesson = await getMicroLesson(actor, idParam(params, "microLessonId"));
  if (lesson.own) throw forbidden("no review of one's own lesson");
  return { lesson };
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "microLessonId");
  const values = formValues(await request.formData());
  if (values.intent === "comment") {
    const parsed = commentSchema.safeParse(values);
    if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), values: echoValues(values) }, { status: 400 });
    await commentOnMicroLesson(actor, id, parsed.data, meta);
    throw redirect(`/review/micro-lessons/${id}?commented=1`);
  }
  const parsed = decisionSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), values: echoValues(values) }, { status: 400 });
  if (values.intent === "return") {
    const result = await returnMicroLesson(actor, id, parsed.data.note, meta);
    if (!result.ok) return data({ errors: { note: "micro.reasonRequired" }, values: echoValues(values) }, { status: 400 });
    throw redirect("/review/micro-lessons?returned=1");
  }
  if (values.intent === "publish") {
    await publishMicroLesson(actor, id, parsed.data.note, meta);
    throw redirect("/review/micro-lessons?published=1");
  }
  return data({ errors: { _form: "form.invalid" }, values: {} as Record<string, string> }, { status: 400 });
});

export default function ReviewMicroLesson() {
  const { t } = useT();
  const { lesson } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors: Record<string, string> = result?.errors ?? {};
  const typed: Record<string, string> = result?.values ?? {};
  const latest = lesson.latest;
  const fillPosition = () => {
    const player = document.getElementById("review-player") as HTMLMediaElement | null;
    const input = document.getElementById("positionSeconds") as HTMLInputElement | null;
    if (player && input) input.value = String(Math.round(player.currentTime * 10) / 10);
  };
  return (
    <div className="space-y-4">
      <p>
        <Link to="/review/micro-lessons">← {t("micro.reviewTitle")}</Link>
      </p>
      <PageTitle>{latest.title}</PageTitle>
      {search.get("commented") ? <Alert tone="success">{t("micro.commented")}</Alert> : null}
      <p className="text-sm text-stone-700">
        {t("micro.byAuthor", { author: lesson.author })} · {t("micro.revision", { number: latest.number })} ·{" "}
        <span data-testid="micro-state">{t(`micro.states.${latest.state}`)}</span>
        {lesson.publishedRevisionId != null ? ` · ${t("micro.update")}` : ""}
      </p>
      <RevisionPlayer revision={latest} playerId="review-player" />
      {lesson.may.comment ? (
        <Form method="post" className="card space-y-3">
          <input type="hidden" name="intent" value="comment" />
          <TextArea name="body" label={t("micro.comment")} rows={2} defaultValue={typed.body} error={errors.body} />
          <div className="flex flex-wrap items-end gap-2">
            <div className="w-40">
              <TextField
                name="positionSeconds"
                inputMode="decimal"
                label={t("micro.position")}
                defaultValue={typed.positionSeconds}
                error={errors.positionSeconds}
              />
            </div>
            {latest.media ? (
              <button type="button" className="btn-secondary" onClick={fillPosition}>
                {t("micro.atCurrentTime")}
              </button>
            ) : null}
          </div>
          <p className="text-xs text-stone-600">{t("micro.positionHint")}</p>
          <button type="submit" className="btn-secondary">
            {t("micro.addComment")}
          </button>
        </Form>
      ) : null}
      <section className="card">
        <RevisionBody revision={latest} />
      </section>
      {lesson.may.publish ? (
        <Form method="post" className="card space-y-3">
          <TextArea name="note" label={t("micro.note")} hint={t("micro.noteHint")} rows={2} defaultValue={typed.note} error={errors.note} />
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="intent" value="publish" className="btn-primary">
              {t("micro.publish")}
            </button>
            <button type="submit" name="intent" value="return" className="btn-secondary">
              {t("micro.returnLesson")}
            </button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
