import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { LessonForm } from "~/components/micro/lesson-form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { echoValues, formValues } from "~/modules/forms";
import { parseLessonForm, problemKey } from "~/modules/micro-lessons/form.server";
import { createMicroLesson, workflowActor } from "~/modules/micro-lessons/micro-lessons.server";
import { forbidden } from "~/modules/errors";

export const access = requires("author:micro_lesson");
export const meta: MetaFunction = () => [{ title: "新建微党课 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => {
  if (!workflowActor(actor).mayAuthor) throw forbidden();
  return null;
});

export const action = guarded(access, async ({ request, actor, meta }) => {
  const values = formValues(await request.formData());
  const parsed = parseLessonForm(values);
  if (!parsed.ok) return data({ errors: parsed.errors, values: echoValues(values) }, { status: 400 });
  const result = await createMicroLesson(actor, parsed.input, meta);
  if (!result.ok) return data({ errors: { [result.field]: problemKey(result.problem) }, values: echoValues(values) }, { status: 400 });
  throw redirect(`/my/micro-lessons/${result.microLessonId}?saved=1`);
});

export default function NewMicroLesson() {
  const { t } = useT();
  const result = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <p>
        <Link to="/my/micro-lessons">← {t("micro.myTitle")}</Link>
      </p>
      <PageTitle>{t("micro.create")}</PageTitle>
      <LessonForm values={result?.values ?? {}} errors={result?.errors ?? {}} submitLabel={t("micro.save")} />
    </div>
  );
}
