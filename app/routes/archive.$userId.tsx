import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, PageTitle, SelectField, TextArea } from "~/components/form";
import { localeFromCookie } from "~/i18n/i18n";
import { useT } from "~/i18n/use-locale";
import { ARCHIVE_GROUPS, GROUP_LABELS } from "~/modules/archive/events";
import { archivePage, recordCorrection } from "~/modules/archive/read.server";
import { archiveFilterSchema, correctionSchema } from "~/modules/archive/schemas";
import { signedInAccess } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam } from "~/modules/forms";

/** Signed in; the use case decides: the person themself, their town officer, their county admin (else 403). */
export const access = signedInAccess;
export const meta: MetaFunction = () => [{ title: "专项档案 · 红帆" }];

export const loader = guarded(access, async ({ request, params, actor }) => {
  const userId = idParam(params, "userId");
  const url = new URL(request.url);
  const filter = archiveFilterSchema.parse(Object.fromEntries(url.searchParams));
  const locale = localeFromCookie(request.headers.get("Cookie"));
  const page = await archivePage(actor, userId, { ...filter, locale });
  return {
    own: page.person.id === actor.userId,
    filter,
    person: page.person,
    study: page.study,
    entries: page.entries,
    nextBefore: page.nextBefore,
    canCorrect: page.canCorrect,
    groups: ARCHIVE_GROUPS.map((g) => ({ value: g, label: GROUP_LABELS[g][locale] })),
  };
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const userId = idParam(params, "userId");
  const values = formValues(await request.formData());
  const parsed = correctionSchema.safeParse(values);
  if (!parsed.success)
    return data({ ok: false as const, eventId: Number(values.eventId) || null, fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
  await recordCorrection(actor, { userId, ...parsed.data }, meta);
  return { ok: true as const, eventId: parsed.data.eventId, fieldErrors: {} as Record<string, string> };
});

export default function ArchivePage() {
  const { t, date } = useT();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const p = d.person;
  const groupQuery = d.filter.group ? `group=${d.filter.group}&` : "";
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <a className="btn-secondary" href={`/archive/${p.id}.pdf`} data-testid="archive-pdf">
            {t("archive.pdf")}
          </a>
        }
      >
        {d.own ? t("archive.myTitle") : `${p.name} · ${t("archive.title")}`}
      </PageTitle>
      {result?.ok ? <Alert tone="success">{t("archive.corrected")}</Alert> : null}
      <section className="card">
        <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm sm:grid-cols-[8rem_1fr_8rem_1fr]">
          <dt className="text-stone-600">{t("archive.person")}</dt>
          <dd className="font-medium" data-testid="archive-person">
            {p.name}
          </dd>
          <dt className="text-stone-600">{t("archive.organization")}</dt>
          <dd>{p.organizationName}</dd>
          <dt className="text-stone-600">{t("archive.town")}</dt>
          <dd>
            {p.countyName} · {p.townName}
          </dd>
          <dt className="text-stone-600">{t("archive.partyStatus")}</dt>
          <dd>
            {t(`partyStatus.${p.partyStatus}`)} · {t(`partyPost.${p.partyPost}`)}
          </dd>
          <dt className="text-stone-600">{t("archive.certificate")}</dt>
          <dd>
            {p.certificate ? (
              <>
                {t(`certificates.levels.${p.certificate.level}`)} · <span className="font-mono">{p.certificate.number}</span> ·{" "}
                {t(`certificates.statuses.${p.certificate.status}`)}
              </>
            ) : (
              t("archive.noCertificate")
            )}
          </dd>
          <dt className="text-stone-600">{t("archive.registeredAt")}</dt>
          <dd>{date(p.createdAt, false)}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="study-title">
        <h2 id="study-title" className="mb-2 font-semibold">
          {t("archive.study")}
        </h2>
        {d.study.years.length === 0 ? (
          <p className="text-stone-600">{t("archive.noStudy")}</p>
        ) : (
          <ul className="flex flex-wrap gap-2" data-testid="study-years">
            {d.study.years.map((y) => (
              <li
                key={y.year}
                className={`rounded border px-3 py-1 text-sm ${y.met ? "border-green-300 bg-green-50" : "border-amber-300 bg-amber-50"}`}
              >
                {t("archive.year", { year: y.year })}：{t("archive.hoursOf", { hours: y.hours })} ·{" "}
                {t(y.met ? "archive.met" : "archive.notMet", { required: d.study.required })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card space-y-3" aria-labelledby="timeline-title">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="timeline-title" className="font-semibold">
            {t("archive.timeline")}
          </h2>
          <Form method="get" className="flex items-end gap-2">
            <SelectField
              name="group"
              label={t("archive.filter")}
              defaultValue={d.filter.group ?? ""}
              placeholder={t("archive.all")}
              options={d.groups}
            />
            <button type="submit" className="btn-secondary">
              {t("archive.apply")}
            </button>
          </Form>
        </div>
        {d.entries.length === 0 ? (
          <p className="text-stone-600">{t("archive.none")}</p>
        ) : (
          <ol className="space-y-2" data-testid="timeline">
            {d.entries.map((e) => (
              <li key={e.id} id={`e-${e.id}`} className="rounded border border-stone-200 p-3" data-type={e.type}>
                <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <p className="font-medium">{e.title}</p>
                  <p className="text-xs text-stone-600">
                    <time dateTime={new Date(e.occurredAt).toISOString()}>{date(e.occurredAt)}</time> · {t("archive.seq", { seq: e.seq })}
                  </p>
                </div>
                {e.detail ? <p className="text-sm break-words text-stone-800">{e.detail}</p> : null}
                {e.reason ? <p className="text-sm break-words text-stone-800">{t("archive.reason", { reason: e.reason })}</p> : null}
                <p className="text-xs text-stone-600">
                  {e.recordedBy ? t("archive.recordedBy", { name: e.recordedBy }) : t("archive.system")}
                  {e.corrects ? (
                    <>
                      {" · "}
                      <a href={`?${groupQuery}before=${e.corrects.seq + 1}#e-${e.corrects.id}`}>
                        {t("archive.corrects", { seq: e.corrects.seq })}
                      </a>
                    </>
                  ) : null}
                  {e.correctedBy.map((c) => (
                    <span key={c.id}>
                      {" · "}
                      <a href={`?before=${c.seq + 1}#e-${c.id}`} className="font-medium text-red-800">
                        {t("archive.correctedBy", { seq: c.seq })}
                      </a>
                    </span>
                  ))}
                  <span className="sr-only"> · {t("archive.chain")} </span>
                  <span className="hidden font-mono sm:inline" title={t("archive.chain")}>
                    {" · "}#{e.hash.slice(0, 10)}
                  </span>
                </p>
                {d.canCorrect && e.type !== "correction" ? (
                  <details className="mt-1 text-sm" open={result && !result.ok && result.eventId === e.id ? true : undefined}>
                    <summary className="cursor-pointer text-stone-700">{t("archive.correct")}</summary>
                    <Form method="post" className="mt-2 space-y-2">
                      <input type="hidden" name="eventId" value={e.id} />
                      <TextArea
                        id={`note-${e.id}`}
                        name="note"
                        label={t("archive.correctNote")}
                        rows={2}
                        maxLength={2000}
                        error={result && !result.ok && result.eventId === e.id ? result.fieldErrors.note : undefined}
                      />
                      <button type="submit" className="btn-secondary" disabled={busy}>
                        {t("archive.correctSubmit")}
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        <p className="flex flex-wrap gap-4 text-sm">
          {d.filter.before ? <Link to={`?${groupQuery}`.replace(/&$/, "")}>{t("archive.newest")}</Link> : null}
          {d.nextBefore ? (
            <Link to={`?${groupQuery}before=${d.nextBefore}`} data-testid="archive-more">
              {t("archive.more")} →
            </Link>
          ) : null}
        </p>
        <p className="text-xs text-stone-600">{t("archive.chainNote")}</p>
      </section>
    </div>
  );
}
