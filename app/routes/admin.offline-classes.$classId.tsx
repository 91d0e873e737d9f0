import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { idParam } from "~/modules/forms";
import { searchText } from "~/modules/text";
import type { AttendanceProblem } from "~/modules/hours/attendance";
import { formatTenths } from "~/modules/hours/study-hours";
import { IMPORT_LIMITS } from "~/modules/imports/limits";
import { addAttendees, getOfflineClass, previewAttendanceFile } from "~/modules/hours/offline-classes.server";

export const access = requires("manage:offline");
// the attendee search box (text PostgreSQL cannot store → 400, see app/modules/text.ts)
const attendeeSearchSchema = searchText(Number.MAX_SAFE_INTEGER);
export const meta: MetaFunction = () => [{ title: "线下培训 · 红帆" }];

export const loader = guarded(access, async ({ request, params, actor }) => {
  const q = attendeeSearchSchema.parse(new URL(request.url).searchParams.get("q") ?? "").slice(0, 40);
  return { q, ...(await getOfflineClass(actor, idParam(params, "classId"), q)) };
});

type Result = {
  message: string | null;
  tone: "success" | "error" | "info";
  count?: number;
  max?: number;
  preview?: {
    matches: { line: number; userId: number; name: string; organizationName: string }[];
    problems: AttendanceProblem[];
    moreProblems: number;
  };
};

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const classId = idParam(params, "classId");
  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    await getOfflineClass(actor, classId); // scope first
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_LIMITS.attendanceFileBytes }),
      );
    } catch {
      return data<Result>({ message: "offline.fileInvalid", tone: "error" }, { status: 400 });
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return data<Result>({ message: "qb.fileRequired", tone: "error" }, { status: 400 });
    const preview = await previewAttendanceFile(actor, classId, new Uint8Array(await file.arrayBuffer()));
    if (!preview.ok) {
      if (preview.reason === "tooManyRows")
        return data<Result>({ message: "offline.tooManyRows", tone: "error", max: preview.max }, { status: 413 });
      return data<Result>({ message: "offline.fileInvalid", tone: "error" }, { status: 400 });
    }
    const { matches, problems, moreProblems, problemCount } = preview;
    return data<Result>(
      {
        message: problemCount ? "offline.previewProblems" : "offline.previewClean",
        tone: problemCount ? "error" : "info",
        count: problemCount,
        preview: { matches, problems, moreProblems },
      },
      { status: problemCount ? 422 : 200 },
    );
  }
  const form = await request.formData();
  const userIds = form
    .getAll("userId")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  if (userIds.length > IMPORT_LIMITS.attendanceRows)
    return data<Result>({ message: "offline.tooManyRows", tone: "error", max: IMPORT_LIMITS.attendanceRows }, { status: 413 });
  if (!userIds.length) return data<Result>({ message: "offline.noneSelected", tone: "error" }, { status: 400 });
  const added = await addAttendees(actor, { classId, userIds }, meta);
  return data<Result>({ message: "offline.added", tone: "success", count: added });
});

export default function OfflineClass() {
  const { t } = useT();
  const { offlineClass: c, attendees, candidates, q } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-4">
      <p>
        <Link to="/admin/offline-classes">← {t("offline.title")}</Link>
      </p>
      <PageTitle>{c.title}</PageTitle>
      <p className="text-stone-700">
        {c.heldOn} · {c.location} · {c.organizer} · {t("offline.creditHoursValue", { hours: formatTenths(c.creditTenths) })}
      </p>
      {result?.message ? <Alert tone={result.tone}>{t(result.message, { count: result.count ?? 0, max: result.max ?? 0 })}</Alert> : null}

      {result?.preview ? (
        <section className="card space-y-3" data-testid="attendance-preview">
          {result.preview.problems.length ? (
            <TableScroll>
              <table className="data-table" data-testid="attendance-problems">
                <thead>
                  <tr>
                    <th>{t("qb.line")}</th>
                    <th>{t("offline.identifier")}</th>
                    <th>{t("qb.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.preview.problems.map((p, i) => (
                    <tr key={i}>
                      <td>{p.line}</td>
                      <td>{p.value}</td>
                      <td>{t(`offline.problems.${p.code}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : null}
          {result.preview.moreProblems ? (
            <p className="text-sm text-stone-700" data-testid="attendance-more-problems">
              {t("offline.moreProblems", { shown: result.preview.problems.length, more: result.preview.moreProblems })}
            </p>
          ) : null}
          {result.preview.matches.length ? (
            <Form method="post" className="space-y-2">
              <p className="font-medium">{t("offline.matches", { count: result.preview.matches.length })}</p>
              <ul className="text-sm">
                {result.preview.matches.map((m) => (
                  <li key={m.userId}>
                    <input type="hidden" name="userId" value={m.userId} />
                    {m.line}. {m.name} · {m.organizationName}
                  </li>
                ))}
              </ul>
              <button type="submit" className="btn-primary">
                {result.preview.problems.length ? t("offline.confirmGood", { count: result.preview.matches.length }) : t("offline.confirm")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="card space-y-3">
        <h2 className="font-semibold">{t("offline.addPeople")}</h2>
        <Form method="get" className="flex gap-2" role="search">
          <label htmlFor="q" className="sr-only">
            {t("common.search")}
          </label>
          <input id="q" name="q" defaultValue={params.get("q") ?? ""} placeholder={t("people.searchPlaceholder")} className="field-input" />
          <button type="submit" className="btn-secondary shrink-0">
            {t("common.search")}
          </button>
        </Form>
        {q && candidates.length === 0 ? <p className="text-stone-600">{t("people.empty")}</p> : null}
        {candidates.length ? (
          <Form method="post" className="space-y-2">
            <ul className="space-y-1">
              {candidates.map((p) => (
                <li key={p.userId}>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" name="userId" value={p.userId} className="size-5 accent-brand-700" />
                    {p.name} · {p.organizationName} · {p.phone}
                  </label>
                </li>
              ))}
            </ul>
            <button type="submit" className="btn-primary">
              {t("offline.addSelected")}
            </button>
          </Form>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="space-y-2 border-t border-stone-200 pt-3">
          <label htmlFor="file" className="field-label">
            {t("offline.upload")}
          </label>
          <p className="field-hint">{t("offline.uploadHint")}</p>
          <input id="file" name="file" type="file" accept=".xlsx" className="field-input" />
          <button type="submit" className="btn-secondary">
            {t("offline.check")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2 className="mb-2 font-semibold">{t("offline.attendeeList", { count: attendees.length })}</h2>
        <TableScroll>
          <table className="data-table" data-testid="attendees">
            <thead>
              <tr>
                <th>{t("common.name")}</th>
                <th>{t("dashboard.organization")}</th>
                <th>{t("register.phone")}</th>
              </tr>
            </thead>
            <tbody>
              {attendees.map((a) => (
                <tr key={a.userId}>
                  <td>{a.name}</td>
                  <td>
                    {a.organizationName}
                    <span className="block text-xs text-stone-600">{a.townName}</span>
                  </td>
                  <td>{a.phone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </div>
  );
}
