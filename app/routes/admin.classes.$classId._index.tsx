import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, summaryItems } from "~/components/error-summary";
import { Alert, PageTitle, SelectField, TextArea, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import {
  addContent,
  addMembers,
  closeClass,
  getClassForEdit,
  openClass,
  removeContent,
  removeMember,
  setClosingTest,
  updateClassDetails,
} from "~/modules/classes/classes.server";
import type { OpenBlocker } from "~/modules/classes/rules";
import { addContentSchema, addMembersSchema, classDetailsSchema, peopleSearchSchema, setTestSchema } from "~/modules/classes/schemas";
import { AppError } from "~/modules/errors";
import { echoValues, fieldErrorsOf, formValues, idParam } from "~/modules/forms";
import { formatTenths } from "~/modules/hours/study-hours";
import { trainingYear } from "~/modules/hours/training-year";

export const access = requires("manage:class");
export const meta: MetaFunction = () => [{ title: "网上班级 · 红帆" }];

export const loader = guarded(access, async ({ request, params, actor }) => {
  const { q } = peopleSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await getClassForEdit(actor, idParam(params, "classId"), q);
  return { ...page, q, currentYear: trainingYear(new Date()) };
});

type Result = {
  intent: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  error?: string;
  notice?: { key: string; count?: number };
  blockers?: OpenBlocker[];
};

/** One form per change (intent); each is one use case, audited; bad input writes nothing. */
export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const classId = idParam(params, "classId");
  const form = await request.formData();
  const values = formValues(form);
  const intent = values.intent ?? "";
  const bad = (r: Omit<Result, "intent">) => data<Result>({ intent, ...r }, { status: 400 });
  switch (intent) {
    case "details": {
      const parsed = classDetailsSchema(trainingYear(new Date())).safeParse(values);
      if (!parsed.success) return bad({ errors: fieldErrorsOf(parsed.error), values: echoValues(values) });
      const saved = await updateClassDetails(actor, classId, parsed.data, meta);
      if (!saved.ok) return bad({ errors: saved.errors, values: echoValues(values) });
      return data<Result>({ intent, notice: { key: "classes.saved" } });
    }
    case "addMembers": {
      const parsed = addMembersSchema.safeParse({
        userIds: form.getAll("userId").map(String),
        townId: values.townId,
        organizationId: values.organizationId,
      });
      if (!parsed.success) return bad({ error: fieldErrorsOf(parsed.error).userIds ?? "form.invalid" });
      const added = await addMembers(actor, classId, parsed.data, meta);
      if (!added.ok) return bad({ error: added.error });
      return data<Result>({ intent, notice: { key: "classes.added", count: added.added } });
    }
    case "removeMember":
      await removeMember(actor, classId, idParam(values, "userId"), meta);
      return data<Result>({ intent });
    case "addContent": {
      const parsed = addContentSchema.safeParse({ courseId: values.courseId, lessonId: values.lessonId });
      if (!parsed.success) return bad({ error: "classes.errors.chooseContent" });
      const added = await addContent(actor, classId, parsed.data, meta);
      if (!added.ok) return bad({ error: added.error });
      return data<Result>({ intent });
    }
    case "removeContent":
      await removeContent(actor, classId, idParam(values, "itemId"), meta);
      return data<Result>({ intent });
    case "setTest": {
      const parsed = setTestSchema.safeParse({ examId: values.examId });
      if (!parsed.success) return bad({ error: "classes.errors.testNotAnnual" });
      const set = await setClosingTest(actor, classId, parsed.data.examId, meta);
      if (!set.ok) return bad({ error: set.error });
      return data<Result>({ intent });
    }
    case "open": {
      const opened = await openClass(actor, classId, meta);
      if (!opened.ok) return data<Result>({ intent, blockers: opened.blockers }, { status: 409 });
      return data<Result>({ intent, notice: { key: "classes.opened" } });
    }
    case "close": {
      const closed = await closeClass(actor, classId, meta);
      return data<Result>({ intent, notice: { key: "classes.closed", count: closed.members } });
    }
    default:
      throw new AppError("badRequest", `unknown intent ${intent}`);
  }
});

function BlockerItems({ blockers }: { blockers: readonly OpenBlocker[] }) {
  const { t } = useT();
  return (
    <ul className="list-disc space-y-1 pl-5" data-testid="open-blockers">
      {blockers.map((b) => (
        <li key={b.code}>
          {b.code === "contentShort"
            ? t("classes.blockers.contentShort", { hours: formatTenths(b.tenths), required: formatTenths(b.requiredTenths) })
            : t(`classes.blockers.${b.code}`)}
        </li>
      ))}
    </ul>
  );
}

export default function EditTrainingClass() {
  const { t } = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const k = d.klass;
  const requiredTenths = d.required * 10;
  const missing = Math.max(0, requiredTenths - d.content.total.tenths);
  const detailErrors = result?.intent === "details" ? (result.errors ?? {}) : {};
  const typed = result?.intent === "details" ? (result.values ?? {}) : {};
  const labels = {
    title: t("classes.classTitle"),
    description: t("classes.description"),
    year: t("classes.year"),
    townId: t("classes.town"),
  };
  const errorFor = (intent: string) => (result?.intent === intent && result.error ? <Alert>{t(result.error)}</Alert> : null);
  // what is already in the class is not offered again (a course's lessons are in it too)
  const listedCourses = new Set(d.content.items.map((i) => i.courseId).filter((v): v is number => v != null));
  const listedLessons = new Set(d.content.lessons.map((l) => l.id));
  const lessonGroups = new Map<string, typeof d.lessons>();
  for (const l of d.lessons.filter((x) => !listedLessons.has(x.id))) {
    const g = l.courseTitle ?? t("classes.microLessons");
    lessonGroups.set(g, [...(lessonGroups.get(g) ?? []), l]);
  }
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/classes">{t("classes.backToList")}</Link>
      </p>
      <PageTitle
        actions={
          k.state !== "draft" ? (
            <Link to={`/admin/classes/${k.id}/progress`} className="btn-secondary">
              {t("classes.progress")}
            </Link>
          ) : null
        }
      >
        {k.title}{" "}
        <span className="badge align-middle text-base" data-testid="class-state">
          {t(`classes.states.${k.state}`)}
        </span>
      </PageTitle>
      {result?.notice ? <Alert tone="success">{t(result.notice.key, { count: result.notice.count })}</Alert> : null}

      {/* running total against the yearly minimum, and open/close */}
      <section className="card space-y-2" aria-labelledby="total">
        <h2 id="total" className="text-lg font-semibold" data-testid="content-total">
          {t("classes.total", { hours: d.content.total.hours, required: d.required })}
        </h2>
        <div className="h-3 w-full overflow-hidden rounded bg-stone-200" aria-hidden="true">
          <div
            className={`h-3 ${missing ? "bg-amber-500" : "bg-green-600"}`}
            style={{ width: `${Math.min(100, Math.floor((d.content.total.tenths * 100) / Math.max(1, requiredTenths)))}%` }}
          />
        </div>
        <p className={missing ? "text-amber-900" : "text-green-800"}>
          {missing ? t("classes.totalShort", { missing: formatTenths(missing) }) : t("classes.totalMet", { required: d.required })}
        </p>
        {result?.intent === "open" && result.blockers ? (
          <Alert>
            <p className="font-semibold">{t("classes.cannotOpen")}</p>
            <BlockerItems blockers={result.blockers} />
          </Alert>
        ) : null}
        {k.state === "draft" ? (
          <Form method="post" className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="intent" value="open" />
            <button type="submit" className="btn-primary">
              {t("classes.open")}
            </button>
            <span className="text-sm text-stone-600">{t("classes.openHint")}</span>
          </Form>
        ) : null}
        {k.state === "draft" && d.blockers.length && result?.intent !== "open" ? (
          <div className="text-sm text-stone-700">
            <p>{t("classes.cannotOpen")}</p>
            <BlockerItems blockers={d.blockers} />
          </div>
        ) : null}
        {k.state === "open" ? (
          <Form method="post" className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="intent" value="close" />
            <button type="submit" className="btn-secondary">
              {t("classes.close")}
            </button>
            <span className="text-sm text-stone-600">{t("classes.closeHint")}</span>
          </Form>
        ) : null}
      </section>

      <section className="card space-y-3" aria-labelledby="details">
        <h2 id="details" className="text-lg font-semibold">
          {t("classes.details")}
        </h2>
        {d.may.details ? (
          <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
            <input type="hidden" name="intent" value="details" />
            <div className="sm:col-span-2">
              <ErrorSummary items={summaryItems(detailErrors, labels)} />
            </div>
            <TextField
              name="title"
              label={labels.title}
              defaultValue={typed.title ?? k.title}
              error={detailErrors.title}
              maxLength={100}
              required
            />
            <SelectField
              name="year"
              label={labels.year}
              defaultValue={typed.year ?? k.year}
              error={detailErrors.year}
              disabled={k.state !== "draft"}
              options={[d.currentYear - 1, d.currentYear, d.currentYear + 1].map((y) => ({ value: y, label: String(y) }))}
            />
            {k.state !== "draft" ? <input type="hidden" name="year" value={k.year} /> : null}
            <SelectField
              name="townId"
              label={labels.townId}
              defaultValue={typed.townId ?? k.townId ?? ""}
              error={detailErrors.townId}
              disabled={k.state !== "draft"}
              placeholder={k.townId == null ? t("classes.wholeCounty") : undefined}
              options={d.towns.map((tw) => ({ value: tw.id, label: tw.name }))}
            />
            {k.state !== "draft" ? <input type="hidden" name="townId" value={k.townId ?? ""} /> : null}
            <div className="sm:col-span-2">
              <TextArea
                name="description"
                label={labels.description}
                defaultValue={typed.description ?? k.description}
                error={detailErrors.description}
                maxLength={2000}
                rows={3}
              />
            </div>
            {k.state !== "draft" ? <p className="text-sm text-stone-600 sm:col-span-2">{t("classes.placeLocked")}</p> : null}
            <div>
              <button type="submit" className="btn-secondary">
                {t("classes.save")}
              </button>
            </div>
          </Form>
        ) : (
          <p>
            {k.year} · {k.townName ?? t("classes.wholeCounty")}
          </p>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="content">
        <h2 id="content" className="text-lg font-semibold">
          {t("classes.content")}
        </h2>
        {errorFor("addContent")}
        {d.content.items.length ? (
          <ul className="divide-y divide-stone-200" data-testid="content-items">
            {d.content.items.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium">{item.title}</span>
                  <span className="block text-sm text-stone-600">
                    {item.kind === "course"
                      ? t("classes.courseItem", { lessons: item.lessons, minutes: item.minutes })
                      : `${item.group ?? t("classes.microLessons")} · ${t("classes.lessonItem", { minutes: item.minutes })}`}
                  </span>
                </span>
                {d.may.content ? <RemoveButton intent="removeContent" field="itemId" value={item.id} what={item.title} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-stone-600">{t("classes.noContent")}</p>
        )}
        {d.may.content ? (
          <div className="grid gap-3 md:grid-cols-2">
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="addContent" />
              <div className="min-w-0 flex-1">
                <SelectField
                  name="courseId"
                  id="courseId"
                  label={t("classes.addCourse")}
                  placeholder={t("classes.chooseCourse")}
                  options={d.courses
                    .filter((c) => !listedCourses.has(c.id))
                    .map((c) => ({ value: c.id, label: `${c.title}（${c.lessons}课时 · ${c.minutes}分钟）` }))}
                />
              </div>
              <button type="submit" className="btn-secondary">
                {t("classes.add")}
              </button>
            </Form>
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="addContent" />
              <div className="min-w-0 flex-1">
                <label htmlFor="lessonId" className="field-label">
                  {t("classes.addLesson")}
                </label>
                <select id="lessonId" name="lessonId" className="field-input" defaultValue="">
                  <option value="">{t("classes.chooseLesson")}</option>
                  {[...lessonGroups].map(([group, ls]) => (
                    <optgroup key={group} label={group}>
                      {ls.map((l) => (
                        <option key={l.id} value={l.id}>
                          {l.title}（{l.minutes}分钟）
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </div>
              <button type="submit" className="btn-secondary">
                {t("classes.add")}
              </button>
            </Form>
          </div>
        ) : (
          <p className="text-sm text-stone-600">{t("classes.contentLocked")}</p>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="test">
        <h2 id="test" className="text-lg font-semibold">
          {t("classes.test")}
        </h2>
        {errorFor("setTest")}
        <p data-testid="class-test">{d.test ? d.test.title : t("classes.noTest")}</p>
        {d.may.test ? (
          <>
            <p className="text-sm text-stone-600">{t("classes.testHint")}</p>
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="setTest" />
              <div className="min-w-0 flex-1">
                <SelectField
                  name="examId"
                  label={t("classes.chooseTest")}
                  defaultValue={k.examId ?? ""}
                  placeholder={t("classes.clearTest")}
                  options={d.annualExams.map((e) => ({ value: e.id, label: e.title }))}
                />
              </div>
              <button type="submit" className="btn-secondary">
                {t("classes.setTest")}
              </button>
            </Form>
          </>
        ) : null}
      </section>

      <section className="card space-y-3" aria-labelledby="members">
        <h2 id="members" className="text-lg font-semibold">
          {t("classes.members")}（{t("classes.membersCount", { count: d.members.length })}）
        </h2>
        {errorFor("addMembers")}
        {d.members.length ? (
          <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" data-testid="class-members">
            {d.members.map((m) => (
              <li key={m.id} className="flex items-center justify-between gap-2 rounded border border-stone-200 px-3 py-2">
                <span>
                  <span className="font-medium">{m.name}</span>
                  <span className="block text-xs text-stone-600">
                    {m.organizationName} · {m.townName}
                  </span>
                </span>
                {d.may.members ? <RemoveButton intent="removeMember" field="userId" value={m.id} what={m.name} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-stone-600">{t("classes.noMembers")}</p>
        )}
        {d.may.members ? (
          <div className="space-y-3 border-t border-stone-200 pt-3">
            <h3 className="font-semibold">{t("classes.memberPicker")}</h3>
            <div className="grid gap-3 md:grid-cols-2">
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="intent" value="addMembers" />
                <div className="min-w-0 flex-1">
                  <SelectField
                    name="townId"
                    id="pick-town"
                    label={t("classes.byTown")}
                    placeholder={t("classes.chooseTown")}
                    options={d.towns.map((tw) => ({ value: tw.id, label: tw.name }))}
                  />
                </div>
                <button type="submit" className="btn-secondary">
                  {t("classes.addAll")}
                </button>
              </Form>
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="intent" value="addMembers" />
                <div className="min-w-0 flex-1">
                  <SelectField
                    name="organizationId"
                    id="pick-org"
                    label={t("classes.byOrganization")}
                    placeholder={t("classes.chooseOrganization")}
                    options={d.organizations.map((o) => ({ value: o.id, label: `${o.name}（${o.townName}）` }))}
                  />
                </div>
                <button type="submit" className="btn-secondary">
                  {t("classes.addAll")}
                </button>
              </Form>
            </div>
            <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
              <div className="min-w-0 flex-1">
                <TextField name="q" label={t("classes.search")} defaultValue={d.q} maxLength={50} />
              </div>
              <button type="submit" className="btn-secondary">
                {t("classes.searchButton")}
              </button>
            </Form>
            {d.q ? (
              d.found.length ? (
                <Form method="post" className="space-y-2">
                  <input type="hidden" name="intent" value="addMembers" />
                  <fieldset>
                    <legend className="field-label">{t("classes.searchResults")}</legend>
                    <ul className="grid gap-1 sm:grid-cols-2" data-testid="people-found">
                      {d.found.map((p) => (
                        <li key={p.id}>
                          <label className="flex items-center gap-2">
                            <input type="checkbox" name="userId" value={p.id} className="h-5 w-5" />
                            <span>
                              {p.name}{" "}
                              <span className="text-sm text-stone-600">
                                {p.phone} · {p.organizationName}
                              </span>
                            </span>
                          </label>
                        </li>
                      ))}
                    </ul>
                  </fieldset>
                  <button type="submit" className="btn-primary">
                    {t("classes.addSelected")}
                  </button>
                </Form>
              ) : (
                <p className="text-stone-600">{t("classes.noResults")}</p>
              )
            ) : null}
          </div>
        ) : null}
      </section>
    </div>
  );
}

/** 移除 one content item or member: a small post form with an accessible name saying what goes. */
function RemoveButton({ intent, field, value, what }: { intent: string; field: string; value: number; what: string }) {
  const { t } = useT();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={field} value={value} />
      <button type="submit" className="btn-secondary min-h-9 py-1 text-sm" aria-label={`${t("classes.remove")} ${what}`}>
        {t("classes.remove")}
      </button>
    </Form>
  );
}
