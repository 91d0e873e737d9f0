import { data, redirect, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Alert, PageTitle, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { echoValues, fieldErrorsOf, formValues } from "~/modules/forms";
import { trainingYear } from "~/modules/hours/training-year";
import { scoreSchema } from "~/modules/micro-lessons/schemas";
import { closeSelection, getSelection, openSelection, recordScore } from "~/modules/micro-lessons/selection.server";

export const access = requires("select:micro_lesson");
export const meta: MetaFunction = () => [{ title: "优秀微党课评选 · 红帆" }];

const yearOf = (request: Request) => {
  const now = trainingYear(new Date());
  return z.coerce
    .number()
    .int()
    .min(2000)
    .max(now + 1)
    .catch(now)
    .parse(new URL(request.url).searchParams.get("year") ?? undefined);
};

export const loader = guarded(access, async ({ request, actor }) => getSelection(actor, yearOf(request)));

export const action = guarded(access, async ({ request, actor, meta }) => {
  const year = yearOf(request);
  const values = formValues(await request.formData());
  const back = (flag: string) => redirect(`/admin/micro-selection?year=${year}&${flag}=1`);
  if (values.intent === "open") {
    const result = await openSelection(actor, year, meta);
    if (!result.ok)
      return data(
        { errors: { _form: `micro.selection.${result.problem}` } as Record<string, string>, values: {} as Record<string, string> },
        { status: 409 },
      );
    throw back("opened");
  }
  const selectionId = z.coerce.number().int().positive().safeParse(values.selectionId);
  if (!selectionId.success)
    return data({ errors: { _form: "form.invalid" } as Record<string, string>, values: {} as Record<string, string> }, { status: 400 });
  if (values.intent === "close") {
    const result = await closeSelection(actor, selectionId.data, meta);
    if (!result.ok)
      return data(
        { errors: { _form: "micro.selection.unscored" } as Record<string, string>, values: {} as Record<string, string> },
        { status: 409 },
      );
    throw back("closed");
  }
  const parsed = scoreSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), values: echoValues(values) }, { status: 400 });
  await recordScore(actor, selectionId.data, parsed.data, meta);
  throw back("recorded");
});

export default function MicroSelection() {
  const { t } = useT();
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors: Record<string, string> = result?.errors ?? {};
  const typed: Record<string, string> = result?.values ?? {};
  const flash = ["opened", "recorded", "closed"].find((f) => search.get(f));
  return (
    <div className="space-y-4">
      <PageTitle>{t("micro.selection.title")}</PageTitle>
      <p className="text-stone-700">{t("micro.selection.hint", { county: view.county, year: view.year })}</p>
      <Form method="get" className="flex items-end gap-2">
        <div className="w-28">
          <TextField name="year" inputMode="numeric" label={t("micro.selection.year")} defaultValue={String(view.year)} />
        </div>
        <button type="submit" className="btn-secondary">
          {t("micro.searchButton")}
        </button>
      </Form>
      {flash ? <Alert tone="success">{t(`micro.selection.${flash}`)}</Alert> : null}
      {errors._form ? <Alert>{t(errors._form)}</Alert> : null}
      {!view.selection ? (
        <section className="card space-y-3">
          <h2 className="font-semibold">{t("micro.selection.preview")}</h2>
          {view.preview.length === 0 ? (
            <p className="text-stone-600">{t("micro.selection.noCandidates")}</p>
          ) : (
            <ol className="list-decimal pl-6">
              {view.preview.map((c) => (
                <li key={c.id}>
                  {c.title}（{c.author}）· {t("micro.ratingValue", { rating: c.average?.toFixed(1) ?? "—", count: c.count })}
                </li>
              ))}
            </ol>
          )}
          {view.preview.length ? (
            <Form method="post">
              <input type="hidden" name="intent" value="open" />
              <button type="submit" className="btn-primary">
                {t("micro.selection.openButton")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : (
        <>
          <p>
            {t("micro.state")}：
            <strong data-testid="selection-state">
              {view.selection.state === "open" ? t("micro.selection.stateOpen") : t("micro.selection.stateClosed")}
            </strong>
          </p>
          <section className="card">
            <TableScroll>
              <table className="data-table min-w-[36rem]" data-testid="selection-ranking">
                <thead>
                  <tr>
                    <th>{t("micro.selection.rank")}</th>
                    <th>{t("micro.lessonTitle")}</th>
                    <th>{t("micro.selection.mean")}</th>
                    <th>{t("micro.selection.scores")}</th>
                    <th>{t("micro.selection.learnersRating")}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.ranked.map((r) => (
                    <tr key={r.id}>
                      <td>{r.rank ?? "—"}</td>
                      <td>
                        {r.title}
                        <span className="block text-xs text-stone-600">{r.author}</span>
                      </td>
                      <td>{r.mean ?? "—"}</td>
                      <td className="text-sm">
                        {view.scores
                          .filter((s) => s.microLessonId === r.id)
                          .map((s) => `${s.judge} ${s.score}`)
                          .join("，") || "—"}
                      </td>
                      <td>{r.ratingAverage.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
          {view.selection.state === "open" ? (
            <>
              <Form method="post" className="card space-y-3">
                <h2 className="font-semibold">{t("micro.selection.record")}</h2>
                <input type="hidden" name="selectionId" value={view.selection.id} />
                <div>
                  <label htmlFor="microLessonId" className="field-label">
                    {t("micro.lessonTitle")}
                  </label>
                  <select id="microLessonId" name="microLessonId" className="field-input" defaultValue={typed.microLessonId}>
                    {view.ranked
                      .filter((r) => !r.own)
                      .map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.title}
                        </option>
                      ))}
                  </select>
                </div>
                <div className="grid gap-4 sm:grid-cols-2">
                  <TextField name="judge" label={t("micro.selection.judge")} defaultValue={typed.judge} error={errors.judge} />
                  <TextField
                    name="score"
                    inputMode="numeric"
                    label={t("micro.selection.score")}
                    defaultValue={typed.score}
                    error={errors.score}
                  />
                </div>
                <button type="submit" className="btn-secondary">
                  {t("micro.selection.record")}
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="selectionId" value={view.selection.id} />
                <input type="hidden" name="intent" value="close" />
                <button type="submit" className="btn-primary">
                  {t("micro.selection.close")}
                </button>
              </Form>
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
