import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle } from "~/components/form";
import { LessonForm } from "~/components/micro/lesson-form";
import { RevisionBody, RevisionPlayer } from "~/components/micro/revision-view";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { forbidden } from "~/modules/errors";
import { echoValues, formValues, idParam } from "~/modules/forms";
import { parseLessonForm, problemKey } from "~/modules/micro-lessons/form.server";
import { deleteMicroLesson, getMicroLesson, saveMicroLesson, submitMicroLesson } from "~/modules/micro-lessons/micro-lessons.server";

export const access = requires("author:micro_lesson");
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.latest.title ?? "微党课"} · 红帆` }];

export const loader = guarded(access, async ({ params, actor }) => {
  const lesson = await getMicroLesson(actor, idParam(params, "microLessonId"));
  if (!lesson.own) throw forbidden();
  return { lesson };
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "microLessonId");
  const values = formValues(await request.formData());
  if (values.intent === "submit") {
    const result = await submitMicroLesson(actor, id, meta);
    if (!result.ok) return data({ errors: { _form: "micro.notReady" }, values: {} as Record<string, string> }, { status: 400 });
    throw redirect(`/my/micro-lessons/${id}?submitted=1`);
  }
  if (values.intent === "delete") {
    await deleteMicroLesson(actor, id, meta);
    throw redirect("/my/micro-lessons?deleted=1");
  }
  const parsed = parseLessonForm(values);
  if (!parsed.ok) return data({ errors: parsed.errors, values: echoValues(values) }, { status: 400 });
  const result = await saveMicroLesson(actor, id, parsed.input, meta);
  if (!result.ok) return data({ errors: { [result.field]: problemKey(result.problem) }, values: echoValues(values) }, { status: 400 });
  throw redirect(`/my/micro-lessons/${id}?saved=1`);
});

export default function MyMicroLesson() {
  const { t } = useT();
  const { lesson } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const latest = lesson.latest;
  const values =
    result?.values && Object.keys(result.values).length
      ? result.values
      : {
          title: latest.title,
          summary: latest.summary,
          area: latest.area,
          knowledgePoints: latest.knowledgePoints.join("、"),
          script: latest.script,
          mediaAssetId: latest.mediaAssetId ?? "",
          coverAssetId: latest.coverAssetId ?? "",
          intendedMinutes: String(latest.intendedMinutes),
        };
  return (
    <div className="space-y-4">
      <p>
        <Link to="/my/micro-lessons">← {t("micro.myTitle")}</Link>
      </p>
      <PageTitle>{latest.title}</PageTitle>
      {search.get("saved") ? <Alert tone="success">{t("micro.saved")}</Alert> : null}
      {search.get("submitted") ? <Alert tone="success">{t("micro.submitted")}</Alert> : null}
      {result?.errors?._form ? <Alert>{t(result.errors._form)}</Alert> : null}
      <p>
        {t("micro.state")}：<strong data-testid="micro-state">{t(`micro.states.${latest.state}`)}</strong> ·{" "}
        {t("micro.revision", { number: latest.number })}
        {lesson.lessonSlug ? (
          <>
            {" · "}
            <Link to={`/lessons/${lesson.lessonSlug}`}>{t("micro.studyLink")}</Link>
          </>
        ) : null}
      </p>
      {lesson.may.submit ? (
        <Form method="post">
          <input type="hidden" name="intent" value="submit" />
          <button type="submit" className="btn-primary">
            {t("micro.submit")}
          </button>
        </Form>
      ) : null}
      {lesson.may.edit ? (
        <LessonForm key={latest.number} values={values} errors={result?.errors ?? {}} submitLabel={t("micro.save")} />
      ) : null}
      <section className="space-y-3" aria-labelledby="revisions">
        <h2 id="revisions" className="text-lg font-semibold">
          {t("micro.revisions")}
        </h2>
        {lesson.revisions.map((r) => (
          <details key={r.id} className="card" open={r.number === latest.number && !lesson.may.edit}>
            <summary className="cursor-pointer font-semibold">
              {t("micro.revision", { number: r.number })} · {t(`micro.states.${r.state}`)} · {r.title}
            </summary>
            <div className="mt-3 space-y-3">
              <RevisionPlayer revision={r} />
              <RevisionBody revision={r} />
            </div>
          </details>
        ))}
      </section>
      {lesson.may.delete ? (
        <Form method="post" className="card space-y-2">
          <p className="text-sm text-stone-700">{t("micro.deleteConfirm")}</p>
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="btn-secondary">
            {t("micro.delete")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
