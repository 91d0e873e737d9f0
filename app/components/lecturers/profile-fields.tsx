import { TextArea, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { LECTURER_AREAS } from "#db/schema/lecturers";

/** The profile and sample fields every candidacy form shares. */
export function ProfileFields({ values, errors }: { values: Record<string, unknown>; errors: Record<string, string> }) {
  const { t } = useT();
  const areas = Array.isArray(values.areas) ? (values.areas as string[]) : [];
  const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  return (
    <>
      <fieldset aria-describedby={errors.areas ? "areas-error" : undefined}>
        <legend className="field-label">{t("lecturers.areasLabel")}</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-2">
          {LECTURER_AREAS.map((a) => (
            <label key={a} className="inline-flex items-center gap-1">
              <input type="checkbox" name="areas" value={a} defaultChecked={areas.includes(a)} /> {t(`lecturers.areas.${a}`)}
            </label>
          ))}
        </div>
        {errors.areas ? (
          <p id="areas-error" className="field-error" role="alert">
            {t(errors.areas)}
          </p>
        ) : null}
      </fieldset>
      <TextField name="title" label={t("lecturers.titleLabel")} defaultValue={v("title")} maxLength={60} error={errors.title} />
      <TextField
        name="employer"
        label={t("lecturers.employerLabel")}
        defaultValue={v("employer")}
        maxLength={100}
        error={errors.employer}
      />
      <TextArea name="bio" label={t("lecturers.bioLabel")} defaultValue={v("bio")} maxLength={2000} error={errors.bio} />
      <TextArea
        name="sampleOutline"
        label={t("lecturers.outlineLabel")}
        defaultValue={v("sampleOutline")}
        maxLength={4000}
        error={errors.sampleOutline}
      />
      <div>
        <label htmlFor="sample" className="field-label">
          {t("lecturers.sampleLabel")}
        </label>
        <input
          id="sample"
          name="sample"
          type="file"
          accept="image/jpeg,image/png,image/webp,application/pdf"
          className="field-input"
          aria-describedby="sample-hint"
        />
        <p id="sample-hint" className="field-hint">
          {t("lecturers.sampleHint", { mb: 10 })}
        </p>
      </div>
    </>
  );
}

export function EventList({
  events,
}: {
  events: { id: number; kind: string; reason: string; occurredAt: string | Date; actorName: string }[];
}) {
  const { t } = useT();
  if (!events.length) return <p className="text-stone-600">{t("lecturers.none")}</p>;
  return (
    <ol className="space-y-1" data-testid="lecturer-history">
      {events.map((e) => (
        <li key={e.id} className="text-sm">
          <span className="font-medium">{t(`lecturers.events.${e.kind}`)}</span> ·{" "}
          {new Date(e.occurredAt).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" })} · {e.actorName}
          {e.reason ? <span className="text-stone-700"> · {e.reason}</span> : null}
        </li>
      ))}
    </ol>
  );
}
