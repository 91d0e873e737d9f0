import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ExamForm } from "~/components/exam-admin/exam-form";
import { SittingForm } from "~/components/exam-admin/sitting-form";
import { Alert, PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import {
  examFormFields,
  examToFormValues,
  parseExamDefinition,
  parseExamSettings,
  parseSitting,
  removeSectionRow,
  sectionRowCount,
} from "~/modules/exams/admin-schemas";
import {
  archiveExam,
  banksFor,
  countyName,
  createSitting,
  examAdminPage,
  loadExam,
  publishExam,
  townsOf,
  updateExamDefinition,
} from "~/modules/exams/admin.server";
import { echoValues, idParam } from "~/modules/forms";

export const access = requires("manage:exam");
export const meta: MetaFunction = () => [{ title: "考试 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => {
  const page = await examAdminPage(actor, idParam(params, "examId"));
  return {
    ...page,
    exam: { id: page.exam.id, title: page.exam.title, status: page.exam.status, bankIds: page.exam.bankIds },
    formValues: examToFormValues({ ...page.exam, blueprint: page.blueprint }),
    countyName: await countyName(page.exam.countyId),
  };
});

type ActionResult = {
  form?: "exam" | "sitting";
  values?: Record<string, string>;
  bankIds?: string[];
  errors?: Record<string, string>;
  message?: string;
  tone?: "success" | "error";
  shortSections?: number[];
};

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const examId = idParam(params, "examId");
  const exam = await loadExam(actor, examId);
  const { values, bankIds } = examFormFields(await request.formData());
  const intent = values.intent ?? "save";
  if (intent === "publish") {
    const result = await publishExam(actor, examId, meta);
    if (!result.ok)
      return data<ActionResult>(
        { message: "examAdmin.actions.publishRefused", tone: "error", shortSections: result.shortfalls.map((s) => s.section) },
        { status: 409 },
      );
    return data<ActionResult>({ message: "examAdmin.actions.published", tone: "success" });
  }
  if (intent === "archive") {
    await archiveExam(actor, examId, meta);
    return data<ActionResult>({ message: "examAdmin.actions.archived", tone: "success" });
  }
  if (intent === "createSitting") {
    const towns = await townsOf(exam.countyId);
    const parsed = parseSitting(
      values,
      towns.map((t) => t.id),
    );
    if (!parsed.ok) return data<ActionResult>({ form: "sitting", values: echoValues(values), errors: parsed.errors }, { status: 400 });
    const sittingId = await createSitting(actor, examId, parsed.data, meta);
    throw redirect(`/admin/exams/${examId}/sittings/${sittingId}`);
  }
  if (intent === "addSection")
    return data<ActionResult>({
      form: "exam",
      values: echoValues({ ...values, sectionRows: String(Math.min(20, sectionRowCount(values) + 1)) }),
      bankIds,
      errors: {},
    });
  if (intent.startsWith("removeSection:"))
    return data<ActionResult>({
      form: "exam",
      values: echoValues(removeSectionRow(values, Number(intent.slice(14)))),
      bankIds,
      errors: {},
    });
  if (exam.status === "draft") {
    const banks = await banksFor(exam.countyId);
    const parsed = parseExamDefinition(
      values,
      bankIds,
      banks.map((b) => b.id),
    );
    if (!parsed.ok)
      return data<ActionResult>({ form: "exam", values: echoValues(values), bankIds, errors: parsed.errors }, { status: 400 });
    await updateExamDefinition(actor, examId, parsed.data, meta);
  } else {
    const parsed = parseExamSettings(values);
    if (!parsed.ok)
      return data<ActionResult>({ form: "exam", values: echoValues(values), bankIds, errors: parsed.errors }, { status: 400 });
    await updateExamDefinition(actor, examId, parsed.data, meta);
  }
  return data<ActionResult>({ message: "examAdmin.actions.saved", tone: "success" });
});

export default function ExamPage() {
  const { t, date } = useT();
  const { exam, blueprint, totals, check, banks, sittings, towns, formValues, countyName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const examResult = result?.form === "exam" ? result : undefined;
  const sittingResult = result?.form === "sitting" ? result : undefined;
  const sectionName = (i: number) => t("examAdmin.form.section", { n: i + 1 });
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/exams">{t("examAdmin.backToList")}</Link>
      </p>
      <PageTitle>{exam.title}</PageTitle>
      <p className="text-stone-700">
        {t(`examAdmin.statuses.${exam.status}`)} · <a href={`/admin/exams/${exam.id}/export`}>{t("examAdmin.actions.export")}</a> ·{" "}
        <Link to={`/admin/exams/${exam.id}/analysis`}>{t("examAdmin.actions.analysis")}</Link>
      </p>
      {result?.message ? (
        <Alert tone={result.tone ?? "success"}>
          {t(result.message, { sections: (result.shortSections ?? []).map(sectionName).join("、") })}
        </Alert>
      ) : null}

      <section className="card space-y-2" aria-labelledby="check-title">
        <h2 id="check-title" className="text-lg font-semibold">
          {t("examAdmin.check.title")}
        </h2>
        <p>{t("examAdmin.check.totals", { questions: totals.questions, points: totals.maxMarkTenths / 10 })}</p>
        <ul className="space-y-1">
          {blueprint.sections.map((s, i) => {
            const c = check.sections[i];
            return (
              <li key={i} data-check-section={i} className={c.shortfall ? "text-red-800" : "text-stone-800"}>
                <strong>{sectionName(i)}</strong>：{t(`qb.areas.${s.area}`)} · {t(`qb.types.${s.type}`)} · {s.count} × {s.pointsTenths / 10}{" "}
                · {s.difficultyMin}–{s.difficultyMax} · {t("examAdmin.check.matching", { matching: c.matching, needed: c.needed })} ·{" "}
                {c.shortfall
                  ? t("examAdmin.check.short", { available: c.shortfall.available, needed: c.shortfall.needed })
                  : t("examAdmin.check.ok")}
              </li>
            );
          })}
        </ul>
        <p className={check.ok ? "text-green-800" : "font-medium text-red-800"}>
          {check.ok ? t("examAdmin.check.allOk") : t("examAdmin.check.someShort")}
        </p>
        <div className="flex flex-wrap gap-2">
          {exam.status === "draft" ? (
            <Form method="post">
              <button type="submit" name="intent" value="publish" className="btn-primary">
                {t("examAdmin.actions.publish")}
              </button>
            </Form>
          ) : null}
          {exam.status !== "archived" ? (
            <Form method="post">
              <button type="submit" name="intent" value="archive" className="btn-danger">
                {t("examAdmin.actions.archive")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>

      <h2 className="text-lg font-semibold">{t("examAdmin.editExam")}</h2>
      <ExamForm
        key={`${exam.status}-${examResult?.values?.sectionRows ?? formValues.sectionRows}`}
        values={examResult?.values ?? formValues}
        errors={examResult?.errors ?? {}}
        bankIds={examResult?.bankIds ?? exam.bankIds.map(String)}
        banks={banks}
        status={exam.status}
        submitLabel={t("examAdmin.form.save")}
      />

      <section className="card space-y-3" aria-labelledby="sittings-title">
        <h2 id="sittings-title" className="text-lg font-semibold">
          {t("examAdmin.sittings.title")}
        </h2>
        {sittings.length === 0 ? (
          <p className="text-stone-600">{t("examAdmin.sittings.none")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[32rem]">
              <thead>
                <tr>
                  <th>{t("examAdmin.sittings.name")}</th>
                  <th>{t("examAdmin.sittings.opensAt")}</th>
                  <th>{t("common.status")}</th>
                  <th>{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {sittings.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/admin/exams/${exam.id}/sittings/${s.id}`}>{s.title}</Link>
                      <span className="block text-xs text-stone-600">
                        {s.townId ? towns.find((town) => town.id === s.townId)?.name : countyName}
                      </span>
                    </td>
                    <td className="whitespace-nowrap">
                      {t("examAdmin.sittings.window", { opens: date(s.opensAt), closes: date(s.closesAt) })}
                    </td>
                    <td>{t(`examAdmin.sittingStatuses.${s.status}`)}</td>
                    <td>
                      <Link to={`/admin/exams/${exam.id}/sittings/${s.id}/proctor`}>{t("examAdmin.sittings.proctor")}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {exam.status !== "archived" ? (
          <>
            <h3 className="font-semibold">{t("examAdmin.sittings.new")}</h3>
            <SittingForm
              values={sittingResult?.values ?? {}}
              errors={sittingResult?.errors ?? {}}
              towns={towns}
              countyName={countyName}
              intent="createSitting"
              submitLabel={t("examAdmin.sittings.create")}
            />
          </>
        ) : null}
      </section>
    </div>
  );
}
