import { data, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { Alert, PageTitle, SelectField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { getPerson, grantRole, revokeRole } from "~/modules/accounts/people.server";
import { grantRoleSchema, revokeRoleSchema } from "~/modules/accounts/role-schemas";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam } from "~/modules/forms";

export const access = requires("read:person");
export const meta: MetaFunction = () => [{ title: "人员信息 · 红帆" }];

export const loader = guarded(access, async ({ params, actor }) => getPerson(actor, idParam(params, "userId")));

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "userId");
  const values = formValues(await request.formData());
  if (values.intent === "revoke") {
    const revoke = revokeRoleSchema.safeParse(values);
    if (!revoke.success) return data({ fieldErrors: { role: "form.choose" }, done: null }, { status: 400 });
    await revokeRole(actor, { userId: id, grantId: revoke.data.grantId }, meta);
    return { fieldErrors: {}, done: "people.revoked" };
  }
  const parsed = grantRoleSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), done: null }, { status: 400 });
  const result = await grantRole(actor, { userId: id, ...parsed.data }, meta);
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, done: null }, { status: 400 });
  return { fieldErrors: {}, done: "people.granted" };
});

export default function Person() {
  const { t, date } = useT();
  const { person, grants, applications, grantable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const [role, setRole] = useState("");
  const roles = ["lecturer", "town_officer", "county_admin", ...(grantable.systemAdmin ? ["system_admin"] : [])];
  const scopeLabel = (g: (typeof grants)[number]) =>
    g.townName
      ? `${g.countyName ?? ""} · ${g.townName}`
      : (g.countyName ?? (g.role === "candidate" ? t("people.scopeSelf") : t("people.scopeGlobal")));
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p>
        <Link to="/admin/people">← {t("people.title")}</Link>
      </p>
      <PageTitle>{person.name}</PageTitle>
      {result?.done ? <Alert tone="success">{t(result.done)}</Alert> : null}
      {errors.role && !grantable.counties.length ? <Alert>{t(errors.role)}</Alert> : null}
      <section className="card">
        <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
          <dt className="text-stone-600">{t("register.phone")}</dt>
          <dd>{person.phone}</dd>
          <dt className="text-stone-600">{t("register.idNumber")}</dt>
          <dd>{person.idNumber}</dd>
          <dt className="text-stone-600">{t("register.partyStatus")}</dt>
          <dd>{t(`partyStatus.${person.partyStatus}`)}</dd>
          <dt className="text-stone-600">{t("register.partyPost")}</dt>
          <dd>{t(`partyPost.${person.partyPost}`)}</dd>
          <dt className="text-stone-600">{t("people.organization")}</dt>
          <dd>
            {person.organizationName}
            <span className="block text-stone-600">
              {person.countyName} · {person.townName}
            </span>
          </dd>
          <dt className="text-stone-600">{t("people.registeredAt")}</dt>
          <dd>{date(person.createdAt)}</dd>
        </dl>
      </section>

      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("people.grants")}</h2>
        <ul className="divide-y divide-stone-100">
          {grants.map((g) => (
            <li key={g.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="grant">
              <span>
                <span className="font-medium">{t(`roles.${g.role}`)}</span>
                <span className="ml-2 text-sm text-stone-600">{scopeLabel(g)}</span>
              </span>
              {g.canRevoke ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="grantId" value={g.id} />
                  <button type="submit" className="btn-danger min-h-9 py-1 text-sm">
                    {t("people.revoke")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {grantable.counties.length ? (
          <Form method="post" className="mt-4 space-y-3 border-t border-stone-200 pt-4">
            <h3 className="font-semibold">{t("people.grantTitle")}</h3>
            <ErrorSummary
              items={summaryItems(errors, { role: t("people.role"), countyId: t("people.county"), townId: t("people.town") })}
            />
            <input type="hidden" name="intent" value="grant" />
            <SelectField
              name="role"
              label={t("people.role")}
              placeholder={t("common.choose")}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value)}
              error={errors.role}
              options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            />
            {role !== "town_officer" && role !== "system_admin" ? (
              <SelectField
                name="countyId"
                label={t("people.county")}
                error={errors.countyId}
                defaultValue={person.countyId}
                options={grantable.counties.map((c) => ({ value: c.id, label: c.name }))}
              />
            ) : null}
            {role === "town_officer" || role === "" ? (
              <SelectField
                name="townId"
                label={`${t("people.town")}（${t("roles.town_officer")}）`}
                error={errors.townId}
                defaultValue={person.townId}
                options={grantable.towns.map((tw) => ({
                  value: tw.id,
                  label: `${grantable.counties.find((c) => c.id === tw.countyId)?.name ?? ""} · ${tw.name}`,
                }))}
              />
            ) : null}
            <button type="submit" className="btn-primary">
              {t("people.grant")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card">
        <h2 className="mb-3 text-lg font-semibold">{t("people.applications")}</h2>
        {applications.length === 0 ? (
          <p className="text-stone-600">{t("common.none")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {applications.map((a) => (
              <li key={a.id}>
                #{a.id} · {t(`applicationStatus.${a.status}`)} · {date(a.submittedAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
