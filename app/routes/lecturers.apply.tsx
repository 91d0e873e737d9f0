import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, PageTitle } from "~/components/form";
import { EventList, ProfileFields } from "~/components/lecturers/profile-fields";
import { useT } from "~/i18n/use-locale";
import { signedInAccess } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, type FieldErrors } from "~/modules/forms";
import { myLecturerStatus, selfNominate } from "~/modules/lecturers/candidacies.server";
import { ADMISSION_THRESHOLD, profileSchema } from "~/modules/lecturers/rules";
import { candidacyValues, readCandidacyForm } from "~/modules/lecturers/upload-form.server";
import type { UploadProblem } from "~/modules/storage/uploads";

/** 申请加入师资库: any signed-in person nominates themselves and follows their candidacy. */
export const access = signedInAccess;
export const meta: MetaFunction = () => [{ title: "申请加入师资库 · 红帆" }];

export const loader = guarded(access, async ({ request, actor }) => {
  const status = await myLecturerStatus(actor);
  return { ...status, saved: new URL(request.url).searchParams.get("saved") === "1" };
});

type ActionResult = { errors: FieldErrors; problems: UploadProblem[]; values: Record<string, unknown>; message?: string };

export const action = guarded(access, async ({ request, actor, meta }) => {
  const fail = (status: number, r: Partial<ActionResult>) => data<ActionResult>({ errors: {}, problems: [], values: {}, ...r }, { status });
  const read = await readCandidacyForm(request);
  if (!read.ok) return fail(read.status, { message: read.message });
  const values = candidacyValues(read.form);
  const parsed = profileSchema.safeParse(values);
  if (!parsed.success) return fail(422, { errors: fieldErrorsOf(parsed.error), values });
  const outcome = await selfNominate(actor, parsed.data, read.files, meta);
  if (!outcome.ok)
    return outcome.code === "file"
      ? fail(422, { problems: outcome.problems, values })
      : fail(409, { message: `lecturers.blocked.${outcome.code}`, values });
  throw redirect("/lecturers/apply?saved=1");
});

export default function LecturerApply() {
  const { t } = useT();
  const { candidacies, memberships, history, countyName, canApply, blocked, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const member = memberships.find((m) => m.status !== "retired");
  return (
    <div className="space-y-4">
      <PageTitle>{t("lecturers.applyTitle")}</PageTitle>
      {saved ? <Alert tone="success">{t("lecturers.applied")}</Alert> : null}
      {member ? (
        <Alert tone="success">
          <p data-testid="in-pool">{t("lecturers.inPool", { status: t(`lecturers.poolStatuses.${member.status}`) })}</p>
        </Alert>
      ) : null}
      <section className="card space-y-2" aria-labelledby="my-status">
        <h2 id="my-status" className="text-lg font-semibold">
          {t("lecturers.myStatus")}
        </h2>
        {candidacies.length ? (
          <ul className="space-y-1">
            {candidacies.map((c) => (
              <li key={c.id} data-testid="my-candidacy">
                <span className="font-medium">{t(`lecturers.statuses.${c.status}`)}</span> · {t(`lecturers.routes.${c.route}`)} ·{" "}
                {c.areas.map((a) => t(`lecturers.areas.${a}`)).join("、")}
                {c.trialOn ? (
                  <span>
                    {" "}
                    · {t("lecturers.trialOn")} {c.trialOn} {c.trialTopic}
                  </span>
                ) : null}
                {c.trialAverageTenths !== null ? (
                  <span>
                    {" "}
                    · {t("lecturers.average")} {(c.trialAverageTenths / 10).toFixed(1)}
                  </span>
                ) : null}
                {c.decisionReason ? <span> · {c.decisionReason}</span> : null}
                {c.hasSample ? (
                  <>
                    {" "}
                    ·{" "}
                    <a className="underline" href={`/lecturers/candidacies/${c.id}/sample`}>
                      {t("lecturers.sample")}
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-stone-600">{t("lecturers.none")}</p>
        )}
        <h3 className="font-semibold">{t("lecturers.history")}</h3>
        <EventList events={history} />
      </section>
      {canApply ? (
        <section className="card space-y-3" aria-labelledby="apply-form">
          <h2 id="apply-form" className="text-lg font-semibold">
            {t("lecturers.applyTitle")}
          </h2>
          <p className="text-sm text-stone-700">{t("lecturers.applyHint", { county: countyName, threshold: ADMISSION_THRESHOLD })}</p>
          {result?.message || result?.problems.length || Object.keys(errors).length ? (
            <Alert>
              {result?.message ? <p>{t(result.message)}</p> : null}
              {result?.problems.map((p, i) => (
                <p key={i}>{t(`lecturers.files.${p.code}`, p)}</p>
              ))}
              {Object.keys(errors).length ? <p>{t("form.fixErrors")}</p> : null}
              <p>{t("lecturers.outcome.nothingSaved")}</p>
            </Alert>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="space-y-3" noValidate>
            <ProfileFields values={result?.values ?? {}} errors={errors} />
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              {t("lecturers.applySubmit")}
            </button>
          </Form>
        </section>
      ) : blocked ? (
        <p className="text-stone-700">{t(`lecturers.blocked.${blocked}`)}</p>
      ) : null}
    </div>
  );
}
