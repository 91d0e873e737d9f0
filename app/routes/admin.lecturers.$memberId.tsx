import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, PageTitle, SelectField, TextArea, TextField } from "~/components/form";
import { EventList } from "~/components/lecturers/profile-fields";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam, type FieldErrors } from "~/modules/forms";
import { assignLecturer, changePoolStatus, poolMember } from "~/modules/lecturers/pool.server";
import { assignSchema, poolStepSchema } from "~/modules/lecturers/rules";

/** A pool lecturer's page: read by the county and its towns; managed (status, 调配) by the county admin. */
export const access = requires("read:lecturers");
export const meta: MetaFunction = () => [{ title: "师资库讲师 · 红帆" }];

export const loader = guarded(access, async ({ request, params, actor }) => {
  const view = await poolMember(actor, idParam(params, "memberId"));
  return { ...view, saved: new URL(request.url).searchParams.get("saved") === "1" };
});

type ActionResult = { intent: string; errors: FieldErrors; message?: string };

// the use cases allow only the county admin of the lecturer's county (towns read only: 403)
export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "memberId");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values = formValues(form);
  const fail = (errors: FieldErrors, message?: string) => data<ActionResult>({ intent, errors, message }, { status: 422 });
  if (intent === "status") {
    const parsed = poolStepSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    await changePoolStatus(actor, id, parsed.data, meta);
  } else if (intent === "assign") {
    const parsed = assignSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
    const outcome = await assignLecturer(actor, id, parsed.data, meta);
    if (!outcome.ok) return fail({}, `lecturers.outcome.${outcome.code}`);
  } else return data<ActionResult>({ intent, errors: { _form: "form.invalid" } }, { status: 400 });
  throw redirect(`/admin/lecturers/${id}?saved=1`);
});

export default function PoolMemberPage() {
  const { t } = useT();
  const { member: m, history, assignments, activity, lessons, canManage, steps, assignable, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errs = (intent: string) => (result?.intent === intent ? result.errors : {});
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <Link to="/admin/lecturers" className="btn-secondary">
            {t("lecturers.poolTitle")}
          </Link>
        }
      >
        {m.name} · {t(`lecturers.poolStatuses.${m.status}`)}
      </PageTitle>
      {saved ? <Alert tone="success">{t("lecturers.saved")}</Alert> : null}
      {result?.message ? (
        <Alert>
          <p>{t(result.message)}</p>
        </Alert>
      ) : null}
      <section className="card space-y-1" aria-labelledby="profile">
        <h2 id="profile" className="text-lg font-semibold">
          {t("lecturers.profile")}
        </h2>
        <p>
          {m.title} · {m.employer} · {m.townName}
        </p>
        <p>
          {t("lecturers.areasLabel")}：{m.areas.map((a) => t(`lecturers.areas.${a}`)).join("、")}
        </p>
        <p className="whitespace-pre-wrap text-sm">{m.bio}</p>
      </section>
      <section className="card space-y-1" aria-labelledby="activity">
        <h2 id="activity" className="text-lg font-semibold">
          {t("lecturers.activity")}
        </h2>
        <p data-testid="activity">
          {t("lecturers.activityLine", {
            year: activity.year,
            thisYear: activity.thisYear,
            lastYear: activity.year - 1,
            lastYear2: activity.lastYear,
          })}
        </p>
      </section>
      <section className="card space-y-1" aria-labelledby="classes">
        <h2 id="classes" className="text-lg font-semibold">
          {t("lecturers.classes")}
        </h2>
        {assignments.length ? (
          <ul className="text-sm">
            {assignments.map((a) => (
              <li key={a.id} data-testid="assignment">
                {a.heldOn} · {a.title} · {a.location}
                {a.topic ? ` · ${a.topic}` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-stone-600">{t("lecturers.noClasses")}</p>
        )}
      </section>
      <section className="card space-y-1" aria-labelledby="lessons">
        <h2 id="lessons" className="text-lg font-semibold">
          {t("lecturers.lessons")}
        </h2>
        {lessons.length ? (
          <ul className="text-sm">
            {lessons.map((l) => (
              <li key={l.lessonId}>
                {l.title}{" "}
                <span className="text-stone-600">
                  · {t("lecturers.lessonFigures", { views: l.views, rating: l.averageRating == null ? "—" : l.averageRating.toFixed(1) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-stone-600">{t("lecturers.noLessons")}</p>
        )}
      </section>
      <section className="card space-y-2" aria-labelledby="history">
        <h2 id="history" className="text-lg font-semibold">
          {t("lecturers.statusHistory")}
        </h2>
        <EventList events={history} />
      </section>
      {canManage && steps.length ? (
        <section className="card space-y-2" aria-labelledby="manage">
          <h2 id="manage" className="text-lg font-semibold">
            {t("lecturers.manage")}
          </h2>
          <Form method="post" className="space-y-2" noValidate>
            <input type="hidden" name="intent" value="status" />
            <SelectField
              name="step"
              label={t("lecturers.step")}
              options={steps.map((s) => ({ value: s, label: t(`lecturers.steps.${s}`) }))}
              error={errs("status").step}
            />
            <TextArea name="reason" label={t("lecturers.reason")} maxLength={1000} error={errs("status").reason} />
            <button type="submit" className="btn-secondary">
              {t("lecturers.apply")}
            </button>
          </Form>
        </section>
      ) : null}
      {canManage && m.status === "active" ? (
        <section className="card space-y-2" aria-labelledby="assign">
          <h2 id="assign" className="text-lg font-semibold">
            {t("lecturers.assign")}
          </h2>
          {assignable.length ? (
            <Form method="post" className="space-y-2" noValidate>
              <input type="hidden" name="intent" value="assign" />
              <SelectField
                name="offlineClassId"
                label={t("lecturers.offlineClass")}
                placeholder={t("common.choose")}
                options={assignable.map((c) => ({ value: c.id, label: `${c.heldOn} · ${c.title}` }))}
                error={errs("assign").offlineClassId}
              />
              <TextField name="topic" label={t("lecturers.topic")} maxLength={100} error={errs("assign").topic} />
              <button type="submit" className="btn-secondary">
                {t("lecturers.assign")}
              </button>
            </Form>
          ) : (
            <p className="text-stone-600">{t("lecturers.noAssignable")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
