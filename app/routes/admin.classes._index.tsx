import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { PageTitle, SelectField, TableScroll, TextArea, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { createClass, listClasses, townsForClasses } from "~/modules/classes/classes.server";
import { classDetailsSchema } from "~/modules/classes/schemas";
import { echoValues, fieldErrorsOf, formValues } from "~/modules/forms";
import { trainingYear } from "~/modules/hours/training-year";

export const access = requires("manage:class");
export const meta: MetaFunction = () => [{ title: "网上班级 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => {
  const [list, places] = await Promise.all([listClasses(actor), townsForClasses(actor)]);
  return { ...list, ...places, currentYear: trainingYear(new Date()) };
});

/** 新建班级: details only; members, content and the test are added on the class's page. */
export const action = guarded(access, async ({ request, actor, meta }) => {
  const values = formValues(await request.formData());
  const parsed = classDetailsSchema(trainingYear(new Date())).safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), values: echoValues(values) }, { status: 400 });
  const saved = await createClass(actor, parsed.data, meta);
  if (!saved.ok) return data({ errors: saved.errors, values: echoValues(values) }, { status: 400 });
  throw redirect(`/admin/classes/${saved.classId}`);
});

export default function TrainingClasses() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const typed: Record<string, string> = result?.values ?? {};
  const labels = {
    title: t("classes.classTitle"),
    description: t("classes.description"),
    year: t("classes.year"),
    townId: t("classes.town"),
  };
  return (
    <div className="space-y-4">
      <PageTitle>{t("classes.title")}</PageTitle>
      <p className="text-stone-700">{t("classes.hint", { required: d.required })}</p>
      <section className="card" aria-labelledby="class-list">
        <h2 id="class-list" className="sr-only">
          {t("classes.title")}
        </h2>
        {d.classes.length === 0 ? (
          <p className="text-stone-600">{t("classes.none")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[40rem]" data-testid="class-list">
              <thead>
                <tr>
                  <th>{t("classes.classTitle")}</th>
                  <th>{t("classes.year")}</th>
                  <th>{t("classes.state")}</th>
                  <th>{t("classes.members")}</th>
                  <th>{t("classes.content")}</th>
                  <th>{t("classes.test")}</th>
                </tr>
              </thead>
              <tbody>
                {d.classes.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/admin/classes/${c.id}`}>{c.title}</Link>
                      <span className="block text-xs text-stone-600">{c.townName ?? t("classes.wholeCounty")}</span>
                      {c.state !== "draft" ? (
                        <Link to={`/admin/classes/${c.id}/progress`} className="text-sm">
                          {t("classes.progress")}
                        </Link>
                      ) : null}
                    </td>
                    <td>{c.year}</td>
                    <td>
                      <span className="badge">{t(`classes.states.${c.state}`)}</span>
                    </td>
                    <td>{t("classes.membersCount", { count: c.members })}</td>
                    <td className={c.tenths < d.required * 10 ? "text-red-800" : ""}>{t("classes.contentHours", { hours: c.hours })}</td>
                    <td>{c.examTitle ?? t("classes.noTest")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section className="card space-y-3" aria-labelledby="create-class">
        <h2 id="create-class" className="text-lg font-semibold">
          {t("classes.createTitle")}
        </h2>
        <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
          <div className="sm:col-span-2">
            <ErrorSummary items={summaryItems(errors, labels)} />
          </div>
          <TextField
            name="title"
            label={labels.title}
            defaultValue={typed.title ?? `${d.currentYear}年度红帆领航员网上班级`}
            error={errors.title}
            maxLength={100}
            required
          />
          <SelectField
            name="year"
            label={labels.year}
            defaultValue={typed.year ?? d.currentYear}
            error={errors.year}
            options={[d.currentYear - 1, d.currentYear, d.currentYear + 1].map((y) => ({ value: y, label: String(y) }))}
          />
          <SelectField
            name="townId"
            label={labels.townId}
            defaultValue={typed.townId ?? (d.countyWide ? "" : String(d.towns[0]?.id ?? ""))}
            error={errors.townId}
            placeholder={d.countyWide ? t("classes.wholeCounty") : undefined}
            options={d.towns.map((tw) => ({ value: tw.id, label: tw.name }))}
          />
          <div className="sm:col-span-2">
            <TextArea
              name="description"
              label={labels.description}
              defaultValue={typed.description ?? ""}
              error={errors.description}
              maxLength={2000}
              rows={3}
            />
          </div>
          <div>
            <button type="submit" className="btn-primary">
              {t("classes.create")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
