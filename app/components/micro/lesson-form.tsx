import { Form } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { MediaUpload } from "~/components/media/media-upload";
import { SelectField, TextArea, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { renderMarkdown } from "~/modules/markdown";

export const AREAS = ["theory", "basics", "practice", "experience"] as const;

export interface LessonFormValues {
  title?: string;
  summary?: string;
  area?: string;
  knowledgePoints?: string;
  script?: string;
  mediaAssetId?: string;
  coverAssetId?: string;
  intendedMinutes?: string;
}

/**
 * The micro lesson form (new and edit): the script with a live preview rendered by the same
 * Markdown renderer as the lesson page (raw HTML escaped). Media are referenced by their asset id.
 */
export function LessonForm({
  values,
  errors,
  submitLabel,
}: {
  values: LessonFormValues;
  errors: Record<string, string>;
  submitLabel: string;
}) {
  const { t } = useT();
  const [script, setScript] = useState(values.script ?? "");
  const e = (k: string) => errors[k];
  return (
    <Form method="post" className="card space-y-4" noValidate>
      <input type="hidden" name="intent" value="save" />
      <ErrorSummary
        items={summaryItems(errors, {
          title: t("micro.lessonTitle"),
          summary: t("micro.summary"),
          area: t("micro.area"),
          knowledgePoints: t("micro.knowledgePoints"),
          script: t("micro.script"),
          mediaAssetId: t("micro.media"),
          coverAssetId: t("micro.cover"),
          intendedMinutes: t("micro.intendedMinutes"),
        })}
      />
      <TextField name="title" label={t("micro.lessonTitle")} defaultValue={values.title} error={e("title")} />
      <TextArea name="summary" label={t("micro.summary")} defaultValue={values.summary} error={e("summary")} rows={2} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="area"
          label={t("micro.area")}
          defaultValue={values.area ?? ""}
          placeholder=""
          options={AREAS.map((a) => ({ value: a, label: t(`learn.areas.${a}`) }))}
          error={e("area")}
        />
        <TextField
          name="intendedMinutes"
          inputMode="numeric"
          label={t("micro.intendedMinutes")}
          hint={t("micro.intendedMinutesHint")}
          defaultValue={values.intendedMinutes ?? "10"}
          error={e("intendedMinutes")}
        />
      </div>
      <TextField
        name="knowledgePoints"
        label={t("micro.knowledgePoints")}
        hint={t("micro.knowledgePointsHint")}
        defaultValue={values.knowledgePoints}
        error={e("knowledgePoints")}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <TextArea
          name="script"
          label={t("micro.script")}
          hint={t("micro.scriptHint")}
          value={script}
          onChange={(ev) => setScript(ev.target.value)}
          rows={12}
          error={e("script")}
        />
        <section aria-labelledby="script-preview" className="min-w-0">
          <h2 id="script-preview" className="field-label">
            {t("micro.preview")}
          </h2>
          <div
            className="lesson-body max-h-80 overflow-auto rounded border border-stone-300 bg-white p-3"
            data-testid="script-preview"
            dangerouslySetInnerHTML={{ __html: renderMarkdown(script) }}
          />
        </section>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <MediaUpload
            kind="av"
            name="mediaAssetId"
            label={t("micro.media")}
            initial={values.mediaAssetId ? { assetId: values.mediaAssetId } : undefined}
          />
          {e("mediaAssetId") ? (
            <p className="field-error" role="alert">
              {e("mediaAssetId")}
            </p>
          ) : null}
        </div>
        <div>
          <MediaUpload
            kind="image"
            name="coverAssetId"
            label={t("micro.cover")}
            initial={values.coverAssetId ? { assetId: values.coverAssetId } : undefined}
          />
          {e("coverAssetId") ? (
            <p className="field-error" role="alert">
              {e("coverAssetId")}
            </p>
          ) : null}
        </div>
      </div>
      <button type="submit" className="btn-primary">
        {submitLabel}
      </button>
    </Form>
  );
}

/** 75 → "1:15" */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
