import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, PageTitle, SelectField, TableScroll, TextField } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { forbidden } from "~/modules/errors";
import { idParam } from "~/modules/forms";
import { detectImportFormat } from "~/modules/question-bank/import-file";
import { importQuestionFile } from "~/modules/question-bank/import-file.server";
import { getBank, loadBankForImport } from "~/modules/question-bank/questions.server";
import { AREAS, DIFFICULTIES, LIMITS } from "~/modules/question-bank/question";
import { importOptionsSchema } from "~/modules/question-bank/schemas";
import { IMPORT_LIMITS } from "~/modules/imports/limits";
import type { Problem } from "~/modules/question-bank/validate";

export const access = requires("manage:question");
export const meta: MetaFunction = () => [{ title: "导入题目 · 红帆" }];

const MAX_MB = IMPORT_LIMITS.questionFileBytes / (1024 * 1024);

export const loader = guarded(access, async ({ params, actor }) => {
  const { bank, rights } = await getBank(actor, idParam(params, "bankId"));
  if (!rights.manage) throw forbidden();
  return { bank };
});

type Result = {
  message: string;
  params?: Record<string, number>;
  problems: Problem[];
  moreProblems?: number;
  imported: number;
  skipped: number;
  committed: boolean;
};

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const bankId = idParam(params, "bankId");
  const fail = (message: string, status: number, extra: Record<string, number> = {}) =>
    data<Result>({ message, params: extra, problems: [], imported: 0, skipped: 0, committed: false }, { status });
  await loadBankForImport(actor, bankId); // scope first: no upload is read for a bank out of reach
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return fail("qb.fileRequired", 400);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_LIMITS.questionFileBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return fail("qb.fileTooLarge", 413, { mb: MAX_MB });
    return fail("qb.fileRequired", 400);
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return fail("qb.fileRequired", 400);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = detectImportFormat(file.name, bytes);
  if (!format) return fail("qb.fileType", 415);
  const options = importOptionsSchema.parse(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
  const result = await importQuestionFile(
    actor,
    {
      bankId,
      format,
      bytes,
      goodRowsOnly: options.goodRowsOnly,
      status: options.status,
      defaults: { area: options.defaultArea, knowledgePoint: options.defaultKnowledgePoint, difficulty: options.defaultDifficulty },
    },
    meta,
  );
  if (!result.committed) {
    return data<Result>({ message: "qb.importProblems", params: { count: result.problemCount }, ...result }, { status: 422 });
  }
  return data<Result>({ message: "qb.importDone", params: { imported: result.imported, skipped: result.skipped }, ...result });
});

export default function ImportQuestions() {
  const { t } = useT();
  const { bank } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/question-banks/${bank.id}`}>← {bank.title}</Link>
      </p>
      <PageTitle>{t("qb.importTitle")}</PageTitle>
      <p className="text-stone-700">
        {t("qb.importHint")} {t("qb.importLimit", { max: IMPORT_LIMITS.questionRows })}
      </p>
      <p>
        <a href="/question-banks/template" download className="btn-secondary">
          {t("qb.template")}
        </a>
      </p>
      {result ? (
        <Alert tone={result.committed ? "success" : "error"}>
          {t(result.message, result.params)}
          {result.committed && result.skipped ? ` ${t("qb.importSkipped", { skipped: result.skipped })}` : ""}
        </Alert>
      ) : null}
      {result?.problems.length ? (
        <section className="card">
          <TableScroll>
            <table className="data-table" data-testid="import-problems">
              <thead>
                <tr>
                  <th>{t("qb.line")}</th>
                  <th>{t("qb.column")}</th>
                  <th>{t("qb.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {result.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.line || "—"}</td>
                    <td className="whitespace-nowrap">{p.column || "—"}</td>
                    <td>
                      {p.notice ? <span className="me-1 font-medium text-stone-700">{t("qb.notice")}：</span> : null}
                      {t(`qb.problems.${p.code}`, p.params ?? {})}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {result.moreProblems ? (
            <p className="mt-2 text-sm text-stone-700" data-testid="import-more-problems">
              {t("qb.moreProblems", { shown: result.problems.length, more: result.moreProblems })}
            </p>
          ) : null}
        </section>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card space-y-4">
        <div>
          <label htmlFor="file" className="field-label">
            {t("qb.file")}
          </label>
          <input id="file" name="file" type="file" accept=".xlsx,.csv,.gift,.txt" required className="field-input" />
        </div>
        <div>
          <label htmlFor="status" className="field-label">
            {t("qb.importAs")}
          </label>
          <select id="status" name="status" className="field-input" defaultValue="draft">
            <option value="active">{t("qb.statuses.active")}</option>
            <option value="draft">{t("qb.statuses.draft")}</option>
          </select>
        </div>
        <fieldset className="space-y-3">
          <legend className="font-medium">{t("qb.defaultsTitle")}</legend>
          <p className="text-sm text-stone-700">{t("qb.defaultsHint")}</p>
          <SelectField
            name="defaultArea"
            label={t("qb.defaultArea")}
            defaultValue="theory"
            options={AREAS.map((a) => ({ value: a, label: t(`qb.areas.${a}`) }))}
          />
          <TextField
            name="defaultKnowledgePoint"
            label={t("qb.defaultKnowledgePoint")}
            hint={t("qb.defaultKnowledgePointHint")}
            maxLength={LIMITS.knowledgePointLength}
          />
          <SelectField
            name="defaultDifficulty"
            label={t("qb.defaultDifficulty")}
            defaultValue={3}
            options={DIFFICULTIES.map((d) => ({ value: d, label: t("qb.difficultyLevel", { level: d }) }))}
          />
        </fieldset>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="goodRowsOnly" className="size-5 accent-brand-700" />
          {t("qb.goodRowsOnly")}
        </label>
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("qb.importSubmit")}
        </button>
      </Form>
    </div>
  );
}
