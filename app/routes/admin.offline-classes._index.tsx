import { data, redirect, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PageTitle, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { echoValues, fieldErrorsOf, formValues } from "~/modules/forms";
import { createOfflineClass, listOfflineClasses } from "~/modules/hours/offline-classes.server";
import { offlineClassSchema } from "~/modules/hours/schemas";

export const access = requires("manage:offline");
export const meta: MetaFunction = () => [{ title: "线下培训 · 红帆" }];

export const loader = guarded(access, async ({ actor }) => ({ classes: await listOfflineClasses(actor) }));

export const action = guarded(access, async ({ request, actor, meta }) => {
  const values = formValues(await request.formData());
  const parsed = offlineClassSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), values: echoValues(values) }, { status: 400 });
  const { creditHours, ...rest } = parsed.data;
  const id = await createOfflineClass(actor, { ...rest, creditTenths: creditHours }, meta);
  throw redirect(`/admin/offline-classes/${id}`);
});

export default function OfflineClasses() {
  const { t } = useT();
  const { classes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const typed: Record<string, string> = result?.values ?? {};
  return (
    <div className="space-y-4">
      <PageTitle>{t("offline.title")}</PageTitle>
      <section className="card">
        {classes.length === 0 ? (
          <p className="text-stone-600">{t("offline.none")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[36rem]">
              <thead>
                <tr>
                  <th>{t("offline.classTitle")}</th>
                  <th>{t("offline.heldOn")}</th>
                  <th>{t("offline.creditHours")}</th>
                  <th>{t("offline.attendees")}</th>
                </tr>
              </thead>
              <tbody>
                {classes.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/admin/offline-classes/${c.id}`}>{c.title}</Link>
                      <span className="block text-xs text-stone-600">
                        {c.location} · {c.organizer}
                      </span>
                    </td>
                    <td className="whitespace-nowrap">{c.heldOn}</td>
                    <td>{(c.creditTenths / 10).toFixed(1)}</td>
                    <td>{c.attendees}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <Form method="post" className="card space-y-4" noValidate>
        <h2 className="text-lg font-semibold">{t("offline.create")}</h2>
        <ErrorSummary
          items={summaryItems(errors, {
            title: t("offline.classTitle"),
            heldOn: t("offline.heldOn"),
            creditHours: t("offline.creditHours"),
            location: t("offline.location"),
            organizer: t("offline.organizer"),
          })}
        />
        <TextField name="title" label={t("offline.classTitle")} defaultValue={typed.title} error={errors.title} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="heldOn" type="date" label={t("offline.heldOn")} defaultValue={typed.heldOn} error={errors.heldOn} />
          <TextField
            name="creditHours"
            inputMode="decimal"
            label={t("offline.creditHours")}
            hint={t("offline.creditHoursHint")}
            defaultValue={typed.creditHours}
            error={errors.creditHours}
          />
        </div>
        <TextField name="location" label={t("offline.location")} defaultValue={typed.location} error={errors.location} />
        <TextField name="organizer" label={t("offline.organizer")} defaultValue={typed.organizer} error={errors.organizer} />
        <button type="submit" className="btn-primary">
          {t("common.create")}
        </button>
      </Form>
    </div>
  );
}
