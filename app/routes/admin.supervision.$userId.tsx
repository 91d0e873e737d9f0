import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  SUPERVISION_JUDGEMENTS,
  SUPERVISION_PRAISE_KINDS,
  SUPERVISION_VISIT_KINDS,
  SUPERVISION_WARNING_KINDS,
} from "#db/schema/supervision";
import { RecordList } from "~/components/supervision/record-list";
import { Alert, PageTitle, TextArea, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam, type FieldErrors } from "~/modules/forms";
import { navigatorRecords, recordSupervision } from "~/modules/supervision/records.server";
import {
  ATTACHMENT_LIMITS,
  shanghaiDate,
  supervisionRecordSchema,
  type AttachmentProblem,
  type UploadedFile,
} from "~/modules/supervision/rules";

export const access = requires("record:supervision");
export const meta: MetaFunction = () => [{ title: "走访考察记录 · 红帆" }];

const MAX_MB = ATTACHMENT_LIMITS.maxBytes / (1024 * 1024);

export const loader = guarded(access, async ({ request, params, actor }) => {
  const navigatorId = idParam(params, "userId");
  const view = await navigatorRecords(actor, navigatorId);
  const url = new URL(request.url);
  const correctsParam = Number(url.searchParams.get("corrects"));
  const corrects = Number.isInteger(correctsParam)
    ? (view.records.find((r) => r.id === correctsParam && r.correctedById === null) ?? null)
    : null;
  return { ...view, corrects, today: shanghaiDate(new Date()), saved: url.searchParams.get("saved") === "1" };
});

type ActionResult = { errors: FieldErrors; problems: AttachmentProblem[]; values: Record<string, string>; message?: string };

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const navigatorId = idParam(params, "userId");
  // scope first: no upload is read for a navigator out of reach (404 / 403)
  const { navigator, canRecord } = await navigatorRecords(actor, navigatorId);
  if (!canRecord) return data<ActionResult>({ errors: { _form: "supervision.selfNotice" }, problems: [], values: {} }, { status: 403 });
  const fail = (status: number, result: Partial<ActionResult>) =>
    data<ActionResult>({ errors: {}, problems: [], values: {}, ...result }, { status });
  let form: FormData;
  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: ATTACHMENT_LIMITS.maxBytes }),
      );
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return fail(413, { message: "supervision.files.bodyTooLarge" });
      return fail(400, { message: "supervision.files.unreadable" });
    }
  } else {
    form = await request.formData();
  }
  const values = formValues(form);
  const parsed = supervisionRecordSchema(shanghaiDate(new Date())).safeParse(values);
  if (!parsed.success) return fail(422, { errors: fieldErrorsOf(parsed.error), values });
  const files: UploadedFile[] = [];
  for (const entry of form.getAll("files")) {
    if (entry instanceof File) files.push({ name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
  }
  const outcome = await recordSupervision(actor, navigator.userId, parsed.data, files, meta);
  if (!outcome.ok) return fail(422, { problems: outcome.problems, values });
  throw redirect(`/admin/supervision/${navigator.userId}?saved=1#record-${outcome.recordId}`);
});

export default function NavigatorSupervision() {
  const { t } = useT();
  const { navigator, records, summary, canRecord, corrects, today, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [, setSearchParams] = useSearchParams();
  const values: Record<string, string> =
    result?.values ??
    (corrects
      ? {
          kind: corrects.kind,
          occurredOn: corrects.occurredOn,
          partyMembers: String(corrects.partyMembers),
          staff: String(corrects.staff),
          findings: corrects.findings,
          judgement: corrects.judgement ?? "",
          followUp: corrects.followUp,
        }
      : {});
  const errors = result?.errors ?? {};
  const problems = result?.problems ?? [];
  const formError = result?.message ?? errors._form;
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <Link to="/admin/supervision" className="btn-secondary">
            {t("supervision.overviewTitle")}
          </Link>
        }
      >
        {t("supervision.navigatorTitle", { name: navigator.name })}
      </PageTitle>
      <section className="card space-y-1" aria-label={navigator.name}>
        <p className="text-stone-700">
          {t("supervision.navigatorFacts", {
            organization: navigator.organizationName,
            town: navigator.townName,
            level: navigator.level ? t(`certificates.levels.${navigator.level}`) : "",
          })}
        </p>
        <p data-testid="supervision-summary">
          {t("supervision.summaryLine", {
            year: summary.year,
            visits: summary.visits,
            warnings: summary.warnings.length,
            praise: summary.praise.length,
          })}
        </p>
        <p className="text-sm">
          {summary.lastVisitOn ? t("supervision.lastVisitLine", { date: summary.lastVisitOn }) : t("supervision.neverVisited")}
        </p>
      </section>
      {saved ? <Alert tone="success">{t("supervision.saved")}</Alert> : null}
      {canRecord ? (
        <section className="card space-y-3" aria-labelledby="record-form-title">
          <h2 id="record-form-title" className="text-lg font-semibold">
            {corrects
              ? t("supervision.correctTitle", { date: corrects.occurredOn, kind: t(`supervision.kinds.${corrects.kind}`) })
              : t("supervision.newTitle")}
          </h2>
          {corrects ? <p className="text-sm text-stone-700">{t("supervision.correctHint")}</p> : null}
          {formError || problems.length ? (
            <Alert>
              {formError ? <p>{t(formError, { mb: MAX_MB, max: ATTACHMENT_LIMITS.maxFiles })}</p> : null}
              {problems.map((p, i) => (
                <p key={i}>{t(`supervision.files.${p.code}`, p)}</p>
              ))}
              <p>{t("supervision.nothingSaved")}</p>
            </Alert>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="space-y-3" key={corrects?.id ?? "new"} noValidate>
            {corrects ? <input type="hidden" name="correctsId" value={corrects.id} /> : null}
            <div>
              <label htmlFor="kind" className="field-label">
                {t("supervision.fields.kind")}
              </label>
              <select
                id="kind"
                name="kind"
                className="field-input"
                defaultValue={values.kind ?? "site_visit"}
                aria-invalid={errors.kind ? true : undefined}
                aria-describedby={errors.kind ? "kind-error" : undefined}
              >
                <optgroup label={t("supervision.kindGroups.visit")}>
                  {SUPERVISION_VISIT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`supervision.kinds.${k}`)}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t("supervision.kindGroups.warning")}>
                  {SUPERVISION_WARNING_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`supervision.kinds.${k}`)}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t("supervision.kindGroups.praise")}>
                  {SUPERVISION_PRAISE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`supervision.kinds.${k}`)}
                    </option>
                  ))}
                </optgroup>
              </select>
              {errors.kind ? (
                <p id="kind-error" className="field-error" role="alert">
                  {t(errors.kind)}
                </p>
              ) : null}
            </div>
            <TextField
              name="occurredOn"
              type="date"
              label={t("supervision.fields.occurredOn")}
              defaultValue={values.occurredOn ?? today}
              max={today}
              required
              error={errors.occurredOn}
            />
            <div className="grid grid-cols-2 gap-3">
              <TextField
                name="partyMembers"
                type="number"
                inputMode="numeric"
                min={0}
                label={t("supervision.fields.partyMembers")}
                defaultValue={values.partyMembers ?? "0"}
                error={errors.partyMembers}
              />
              <TextField
                name="staff"
                type="number"
                inputMode="numeric"
                min={0}
                label={t("supervision.fields.staff")}
                defaultValue={values.staff ?? "0"}
                error={errors.staff}
              />
            </div>
            <TextArea
              name="findings"
              label={t("supervision.fields.findings")}
              hint={t("supervision.fields.findingsHint")}
              defaultValue={values.findings}
              maxLength={2000}
              error={errors.findings}
            />
            <fieldset aria-describedby="judgement-hint">
              <legend className="field-label">{t("supervision.fields.judgement")}</legend>
              <p id="judgement-hint" className="field-hint">
                {t("supervision.fields.judgementHint")}
              </p>
              <div className="mt-1 flex flex-wrap gap-x-4 gap-y-2">
                <label className="inline-flex items-center gap-1">
                  <input type="radio" name="judgement" value="" defaultChecked={!values.judgement} /> {t("common.none")}
                </label>
                {SUPERVISION_JUDGEMENTS.map((j) => (
                  <label key={j} className="inline-flex items-center gap-1">
                    <input type="radio" name="judgement" value={j} defaultChecked={values.judgement === j} />{" "}
                    {t(`supervision.judgementValues.${j}`)}
                  </label>
                ))}
              </div>
              {errors.judgement ? (
                <p className="field-error" role="alert">
                  {t(errors.judgement)}
                </p>
              ) : null}
            </fieldset>
            <TextArea
              name="followUp"
              label={t("supervision.fields.followUp")}
              defaultValue={values.followUp}
              maxLength={2000}
              error={errors.followUp}
            />
            <div>
              <label htmlFor="files" className="field-label">
                {t("supervision.fields.attachments")}
              </label>
              <input
                id="files"
                name="files"
                type="file"
                multiple
                accept="image/jpeg,image/png,image/webp,application/pdf"
                className="field-input"
                aria-describedby="files-hint"
              />
              <p id="files-hint" className="field-hint">
                {t("supervision.fields.attachmentsHint", { mb: MAX_MB, max: ATTACHMENT_LIMITS.maxFiles })}
              </p>
            </div>
            <div className="flex flex-wrap gap-2">
              <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
                {corrects ? t("supervision.submitCorrection") : t("supervision.submit")}
              </button>
              {corrects ? (
                <button type="button" className="btn-secondary" onClick={() => setSearchParams({})}>
                  {t("common.cancel")}
                </button>
              ) : null}
            </div>
          </Form>
        </section>
      ) : (
        <Alert tone="info">{t("supervision.selfNotice")}</Alert>
      )}
      <section className="card space-y-2" aria-labelledby="records-title">
        <h2 id="records-title" className="text-lg font-semibold">
          {t("supervision.list")}
        </h2>
        <RecordList
          records={records}
          correctHref={canRecord ? (id) => `/admin/supervision/${navigator.userId}?corrects=${id}#record-form-title` : undefined}
        />
      </section>
    </div>
  );
}
