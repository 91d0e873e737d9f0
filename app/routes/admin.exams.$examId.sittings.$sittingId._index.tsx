import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SittingForm } from "~/components/exam-admin/sitting-form";
import { countdownText, openingTime, useServerClock } from "~/components/exam/waiting-room";
import { Alert, PageTitle } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { parseSitting, toShanghaiInput } from "~/modules/exams/admin-schemas";
import { countyName, loadSitting, setSittingStatus, sittingEditable, townsOf, updateSitting } from "~/modules/exams/admin.server";
import { countdown } from "~/modules/exams/waiting-room";
import { sittingCounts } from "~/modules/exams/waiting-room.server";
import { echoValues, formValues, idParam } from "~/modules/forms";

export const access = requires("manage:exam");
export const meta: MetaFunction = () => [{ title: "场次 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const { exam, sitting } = await loadSitting(actor, idParam(params, "examId"), idParam(params, "sittingId"));
  const now = new Date();
  return {
    // 候考 (issue 14): who is waiting for the opening and who has started, refreshed every 15 s
    live: { ...(await sittingCounts(sitting, now)), serverNow: now.toISOString() },
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
  const { exam, sitting, editable, values, towns, countyName, live } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const watching = sitting.status === "published" && Date.parse(live.serverNow) < new Date(live.closesAt).getTime();
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
      <LivePanel live={live} watching={watching} href={`/admin/exams/${exam.id}/sittings/${sitting.id}`} />
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

type Live = ReturnType<typeof useLoaderData<typeof loader>>["live"];

/** 候考与开考: the opening time, 等候中, 已开始 and the capacity; revalidated every 15 s while the page is shown. */
function LivePanel({ live, watching, href }: { live: Live; watching: boolean; href: string }) {
  const { t, locale } = useT();
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  useEffect(() => {
    if (!watching) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && ref.current.state === "idle") ref.current.revalidate();
    }, 15_000);
    return () => window.clearInterval(timer);
  }, [watching]);
  // the countdown ticks in the page until the opening; the counts come with each revalidation
  const now = useServerClock(live.serverNow, watching && Date.parse(live.serverNow) < new Date(live.opensAt).getTime());
  const left = countdown(new Date(live.opensAt), now);
  const time = openingTime(live.opensAt, now, locale);
  const opens =
    now.getTime() >= new Date(live.closesAt).getTime()
      ? t("examAdmin.sittings.live.closed", { time })
      : left.unit === "open"
        ? t("examAdmin.sittings.live.opened", { time })
        : t("examAdmin.sittings.live.opensIn", { time, left: countdownText(t, left) });
  const stat = (label: string, value: number, testId: string) => (
    <div className="rounded border border-stone-200 bg-white px-3 py-2">
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {t("examAdmin.sittings.live.people", { n: value })}
      </dd>
    </div>
  );
  return (
    <section className="card space-y-3" aria-labelledby="sitting-live" data-testid="sitting-live">
      <h2 id="sitting-live" className="text-lg font-semibold">
        {t("examAdmin.sittings.live.title")}
      </h2>
      <p data-testid="sitting-opens">{opens}</p>
      <dl className="grid grid-cols-3 gap-2">
        {stat(t("examAdmin.sittings.live.waiting"), live.waiting, "waiting-count")}
        {stat(t("examAdmin.sittings.live.started"), live.started, "started-count")}
        {stat(t("examAdmin.sittings.live.capacity"), live.capacity, "capacity")}
      </dl>
      <p className="text-sm text-stone-600">{t("examAdmin.sittings.live.waitingHint")}</p>
      {watching ? (
        <p className="text-sm text-stone-600">
          {t("examAdmin.sittings.live.autoRefresh")} <Link to={href}>{t("examAdmin.sittings.live.refresh")}</Link>
        </p>
      ) : null}
    </section>
  );
}
