import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { BlockerList } from "~/components/exam/blockers";
import { Alert, PageTitle, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { extraTimeSchema } from "~/modules/exams/admin-schemas";
import { formatTimeLeft } from "~/modules/exams/proctor";
import { grantExtraTime, proctorSitting } from "~/modules/exams/proctor.server";
import { echoValues, fieldErrorsOf, formValues, idParam } from "~/modules/forms";

export const access = requires("proctor:exam");
export const meta: MetaFunction = () => [{ title: "监考 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const { exam, sitting, rows, counts, nowMs } = await proctorSitting(actor, idParam(params, "examId"), idParam(params, "sittingId"));
  return { exam: { id: exam.id, title: exam.title }, sitting: { id: sitting.id, title: sitting.title }, rows, counts, nowMs };
});

type Result = {
  attemptId?: number;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  message?: string;
  tone?: "success" | "error";
  name?: string;
  minutes?: number;
};

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const examId = idParam(params, "examId");
  const sittingId = idParam(params, "sittingId");
  const values = formValues(await request.formData());
  const parsed = extraTimeSchema.safeParse(values);
  if (!parsed.success) {
    const attemptId = Number(values.attemptId);
    return data<Result>({ attemptId, errors: fieldErrorsOf(parsed.error), values: echoValues(values) }, { status: 400 });
  }
  const result = await grantExtraTime(actor, examId, sittingId, parsed.data, meta);
  if (!result.ok) return data<Result>({ message: "examAdmin.proctor.notInProgress", tone: "error" }, { status: 409 });
  return data<Result>({ message: "examAdmin.proctor.granted", tone: "success", minutes: parsed.data.minutes, name: values.name ?? "" });
});

export default function ProctorPage() {
  const { t, date } = useT();
  const { exam, sitting, rows, counts, nowMs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const revalidator = useRevalidator();
  const awayText = (ms: number) => {
    const total = Math.round(ms / 1000);
    return total < 60
      ? t("examAdmin.proctor.awaySeconds", { n: total })
      : t("examAdmin.proctor.awayMinutes", { m: Math.floor(total / 60), s: total % 60 });
  };
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 10_000);
    return () => window.clearInterval(timer);
  }, [revalidator]);
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/admin/exams/${exam.id}`}>{exam.title}</Link>
      </p>
      <PageTitle
        actions={
          <Link to="." reloadDocument className="btn-secondary">
            {t("examAdmin.proctor.refresh")}
          </Link>
        }
      >
        {t("examAdmin.proctor.title", { sitting: sitting.title })}
      </PageTitle>
      <p className="text-stone-700">{t("examAdmin.proctor.autoRefresh")}</p>
      <p className="text-sm text-stone-700" id="leaves-how">
        {t("examAdmin.proctor.leavesHow")}
      </p>
      <p className="font-medium" data-testid="proctor-counts">
        {t("examAdmin.proctor.counts", counts)}
      </p>
      {result?.message ? (
        <Alert tone={result.tone ?? "success"}>{t(result.message, { name: result.name, minutes: result.minutes })}</Alert>
      ) : null}
      <section className="card">
        {rows.length === 0 ? (
          <p className="text-stone-600">{t("examAdmin.proctor.none")}</p>
        ) : (
          <TableScroll label={t("examAdmin.proctor.candidates")}>
            <table className="data-table cards-on-phone sm:min-w-[44rem]">
              <thead>
                <tr>
                  <th>{t("examAdmin.proctor.name")}</th>
                  <th>{t("examAdmin.proctor.state")}</th>
                  <th>{t("examAdmin.proctor.timeLeft")}</th>
                  <th>{t("examAdmin.proctor.answered")}</th>
                  <th aria-describedby="leaves-how">{t("examAdmin.proctor.leaves")}</th>
                  <th>{t("examAdmin.proctor.lastActivity")}</th>
                  <th>{t("examAdmin.proctor.extraTime")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const left = r.state === "in_progress" ? formatTimeLeft(r.deadlineMs, nowMs) : null;
                  const mine = result?.attemptId != null && result.attemptId === r.attemptId;
                  return (
                    <tr key={`${r.userId}-${r.attemptId ?? 0}`} data-user={r.userId} data-state={r.state}>
                      <td data-label={t("examAdmin.proctor.name")}>
                        <span className="font-medium">{r.name}</span>
                        <span className="block text-xs text-stone-600">
                          {r.townName} · {r.organizationName}
                        </span>
                      </td>
                      <td data-label={t("examAdmin.proctor.state")}>
                        <span className="whitespace-nowrap">{t(`examAdmin.proctor.states.${r.state}`)}</span>
                        {r.blockers.length ? (
                          <div className="mt-1 text-xs" aria-label={t("examAdmin.proctor.whyNot")}>
                            <BlockerList blockers={r.blockers} />
                          </div>
                        ) : null}
                      </td>
                      <td
                        className="whitespace-nowrap"
                        data-testid="time-left"
                        data-label={t("examAdmin.proctor.timeLeft")}
                        data-empty={r.state === "in_progress" ? undefined : ""}
                      >
                        {r.state === "in_progress" ? (left ?? t("examAdmin.proctor.expired")) : "—"}
                      </td>
                      <td data-label={t("examAdmin.proctor.answered")} data-empty={r.attemptId ? undefined : ""}>
                        {r.attemptId ? `${r.answered}/${r.slots}` : "—"}
                      </td>
                      <td data-label={t("examAdmin.proctor.leaves")} data-testid="leaves" data-empty={r.attemptId ? undefined : ""}>
                        {r.attemptId ? (r.leaves ? t("examAdmin.proctor.awayFor", { n: r.leaves, time: awayText(r.awayMs) }) : "0") : "—"}
                      </td>
                      <td
                        className="whitespace-nowrap"
                        data-label={t("examAdmin.proctor.lastActivity")}
                        data-empty={r.lastActivityMs ? undefined : ""}
                      >
                        {r.lastActivityMs ? date(new Date(r.lastActivityMs)) : "—"}
                      </td>
                      <td data-label={t("examAdmin.proctor.extraTime")} data-empty={r.state === "in_progress" && left ? undefined : ""}>
                        {r.state === "in_progress" && left ? (
                          <details open={mine || undefined}>
                            <summary className="cursor-pointer">{t("examAdmin.proctor.extraTime")}</summary>
                            <Form method="post" className="mt-2 space-y-2" noValidate>
                              <input type="hidden" name="attemptId" value={r.attemptId ?? ""} />
                              <input type="hidden" name="name" value={r.name} />
                              <ErrorSummary
                                id={`extra-errors-${r.attemptId}`}
                                items={
                                  mine
                                    ? summaryItems(
                                        result?.errors,
                                        { minutes: t("examAdmin.proctor.extraMinutes"), reason: t("examAdmin.proctor.extraReason") },
                                        { minutes: `minutes-${r.attemptId}`, reason: `reason-${r.attemptId}` },
                                      )
                                    : []
                                }
                              />
                              <TextField
                                id={`minutes-${r.attemptId}`}
                                name="minutes"
                                inputMode="numeric"
                                label={t("examAdmin.proctor.extraMinutes")}
                                hint={t("examAdmin.proctor.extraHint")}
                                defaultValue={mine ? result?.values?.minutes : ""}
                                error={mine ? result?.errors?.minutes : undefined}
                              />
                              <TextField
                                id={`reason-${r.attemptId}`}
                                name="reason"
                                label={t("examAdmin.proctor.extraReason")}
                                defaultValue={mine ? result?.values?.reason : ""}
                                error={mine ? result?.errors?.reason : undefined}
                              />
                              <button type="submit" className="btn-primary">
                                {t("examAdmin.proctor.grant")}
                              </button>
                            </Form>
                          </details>
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
