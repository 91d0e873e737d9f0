import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SittingForm } from "~/components/exam-admin/sitting-form";
import { Alert, PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { parseSitting, toShanghaiInput } from "~/modules/exams/admin-schemas";
import { countyName, loadSitting, setSittingStatus, sittingEditable, townsOf, updateSitting } from "~/modules/exams/admin.server";
import { echoValues, formValues, idParam } from "~/modules/forms";

export const access = requires("manage:exam");
export const meta: MetaFunction = () => [{ title: "场次 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const { exam, sitting } = await loadSitting(actor, idParam(params, "examId"), idParam(params, "sittingId"));
  return {
    exam: { id: exam.id, title: exam.title, status: exam.status },
    sitting: { id: sitting.id, title: sitting.title, status: sitting.status },
    editable: sittingEditable(sitting),
    values: {
      title: sitting.title,
      opensAt: toShanghaiInput(sitting.opensAt),
      closesAt: toShanghaiInput(sitting.closesAt),
      capacity: String(sitting.capacity),
      townId: sitting.townId ? String(sitting.townId) : "",
      location: sitting.location,
    },
    towns: await townsOf(exam.countyId),
    countyName: await countyName(exam.countyId),
  };
});

type Result = { values?: Record<string, string>; errors?: Record<string, string>; message?: string; tone?: "success" | "error" };

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const examId = idParam(params, "examId");
  const sittingId = idParam(params, "sittingId");
  const { exam, sitting } = await loadSitting(actor, examId, sittingId);
  const values = formValues(await request.formData());
  if (values.intent === "publish") {
    if (exam.status !== "published" || sitting.status !== "draft")
      return data<Result>({ message: "examAdmin.sittings.needsPublishedExam", tone: "error" }, { status: 409 });
    await setSittingStatus(actor, examId, sittingId, "published", meta);
    return data<Result>({ message: "examAdmin.sittings.published", tone: "success" });
  }
  if (values.intent === "cancel") {
    await setSittingStatus(actor, examId, sittingId, "cancelled", meta);
    return data<Result>({ message: "examAdmin.sittings.cancelled", tone: "success" });
  }
  if (!sittingEditable(sitting)) return data<Result>({ message: "examAdmin.sittings.notEditable", tone: "error" }, { status: 409 });
  const towns = await townsOf(exam.countyId);
  const parsed = parseSitting(
    values,
    towns.map((t) => t.id),
  );
  if (!parsed.ok) return data<Result>({ values: echoValues(values), errors: parsed.errors }, { status: 400 });
  await updateSitting(actor, examId, sittingId, parsed.data, meta);
  return data<Result>({ message: "examAdmin.actions.saved", tone: "success" });
});

export default function SittingPage() {
  const { t } = useT();
  const { exam, sitting, editable, values, towns, countyName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/admin/exams/${exam.id}`}>{exam.title}</Link>
      </p>
      <PageTitle>{sitting.title}</PageTitle>
      <p className="text-stone-700">
        {t(`examAdmin.sittingStatuses.${sitting.status}`)} ·{" "}
        <Link to={`/admin/exams/${exam.id}/sittings/${sitting.id}/proctor`}>{t("examAdmin.sittings.proctor")}</Link>
      </p>
      {result?.message ? <Alert tone={result.tone ?? "success"}>{t(result.message)}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        {sitting.status === "draft" ? (
          exam.status === "published" ? (
            <Form method="post">
              <button type="submit" name="intent" value="publish" className="btn-primary">
                {t("examAdmin.sittings.publish")}
              </button>
            </Form>
          ) : (
            <p className="text-stone-600">{t("examAdmin.sittings.needsPublishedExam")}</p>
          )
        ) : null}
        {sitting.status !== "cancelled" ? (
          <Form method="post">
            <button type="submit" name="intent" value="cancel" className="btn-danger">
              {t("examAdmin.sittings.cancel")}
            </button>
          </Form>
        ) : null}
      </div>
      <section className="card space-y-3" aria-labelledby="edit-sitting">
        <h2 id="edit-sitting" className="text-lg font-semibold">
          {t("examAdmin.sittings.edit")}
        </h2>
        {!editable ? <p className="text-stone-600">{t("examAdmin.sittings.notEditable")}</p> : null}
        <SittingForm
          values={result?.values ?? values}
          errors={result?.errors ?? {}}
          towns={towns}
          countyName={countyName}
          intent="save"
          submitLabel={t("examAdmin.form.save")}
          disabled={!editable}
        />
      </section>
    </div>
  );
}
