import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, PageTitle, Pager, TableScroll } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { idParam } from "~/modules/forms";
import { AREAS, QUESTION_TYPES } from "~/modules/question-bank/question";
import { bulkUpdateQuestions, getBankQuestions } from "~/modules/question-bank/questions.server";
import { bulkSchema, questionFilterSchema } from "~/modules/question-bank/schemas";
import { QUESTION_STATUSES_LIST } from "~/modules/question-bank/statuses";

export const access = requires("manage:question", "propose:question");
export const meta: MetaFunction = () => [{ title: "题库 · 红帆" }];

export const loader = guarded(access, async ({ request, params, actor }) => {
  const filter = questionFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filter, ...(await getBankQuestions(actor, idParam(params, "bankId"), filter)) };
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const form = await request.formData();
  const ids = form
    .getAll("ids")
    .map((v) => Number(v))
    .filter((n) => Number.isInteger(n) && n > 0);
  const parsed = bulkSchema.safeParse(Object.fromEntries(form));
  if (!ids.length || !parsed.success || (!parsed.data.bulkStatus && !parsed.data.bulkArea)) {
    return data({ message: "qb.bulkNone", changed: 0, skipped: 0 }, { status: 400 });
  }
  const result = await bulkUpdateQuestions(
    actor,
    { bankId: idParam(params, "bankId"), questionIds: ids, status: parsed.data.bulkStatus, area: parsed.data.bulkArea },
    meta,
  );
  return { message: "qb.bulkDone", ...result };
});

const STATUS_STYLE: Record<string, string> = {
  draft: "bg-stone-100 text-stone-800",
  submitted: "bg-amber-100 text-amber-900",
  active: "bg-green-100 text-green-900",
  retired: "bg-stone-200 text-stone-600",
};

export default function Bank() {
  const { t, date } = useT();
  const { bank, rights, questions, hasMore, total, knowledgePoints, authors, filter } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const pagerParams = Object.fromEntries([...params.entries()].filter(([k]) => k !== "page"));
  const canPropose = !bank.official && (rights.manage || rights.propose);
  return (
    <div className="space-y-4">
      <p>
        <Link to="/question-banks">← {t("qb.title")}</Link>
      </p>
      <PageTitle
        actions={
          <div className="flex flex-wrap gap-2">
            {canPropose ? (
              <Link to={`/question-banks/${bank.id}/new`} className="btn-primary">
                {rights.manage ? t("qb.newQuestion") : t("qb.proposeQuestion")}
              </Link>
            ) : null}
            {rights.manage ? (
              <Link to={`/question-banks/${bank.id}/import`} className="btn-secondary">
                {t("qb.import")}
              </Link>
            ) : null}
          </div>
        }
      >
        {bank.title}
      </PageTitle>
      {bank.official ? <Alert tone="info">{t("qb.officialHint")}</Alert> : null}
      {rights.seesAll ? (
        <p className="flex flex-wrap gap-3 text-sm">
          <span>{t("qb.export")}：</span>
          {(["xlsx", "csv", "gift"] as const).map((f) => (
            <a key={f} href={`/question-banks/${bank.id}/export?format=${f}`} download>
              {t(`qb.formats.${f}`)}
            </a>
          ))}
        </p>
      ) : null}

      <Form method="get" className="card grid gap-3 sm:grid-cols-3" role="search">
        <div className="sm:col-span-3">
          <label htmlFor="q" className="field-label">
            {t("qb.search")}
          </label>
          <input id="q" name="q" defaultValue={filter.q} className="field-input" />
        </div>
        <Filter
          name="type"
          label={t("qb.type")}
          value={filter.type}
          any={t("qb.anyType")}
          options={QUESTION_TYPES.map((v) => [v, t(`qb.types.${v}`)])}
        />
        <Filter
          name="area"
          label={t("qb.area")}
          value={filter.area}
          any={t("qb.anyArea")}
          options={AREAS.map((v) => [v, t(`qb.areas.${v}`)])}
        />
        <Filter
          name="knowledgePoint"
          label={t("qb.knowledgePoint")}
          value={filter.knowledgePoint}
          any={t("qb.anyKnowledgePoint")}
          options={knowledgePoints.map((k) => [k, k])}
        />
        <Filter
          name="difficulty"
          label={t("qb.difficulty")}
          value={filter.difficulty}
          any={t("qb.anyDifficulty")}
          options={[1, 2, 3, 4, 5].map((d) => [String(d), String(d)])}
        />
        <Filter
          name="status"
          label={t("qb.status")}
          value={filter.status}
          any={t("qb.anyStatus")}
          options={QUESTION_STATUSES_LIST.map((s) => [s, t(`qb.statuses.${s}`)])}
        />
        {authors.length ? (
          <Filter
            name="authorId"
            label={t("qb.author")}
            value={filter.authorId}
            any={t("qb.anyAuthor")}
            options={authors.map((a) => [String(a.id), a.name])}
          />
        ) : null}
        <div className="sm:col-span-3">
          <button type="submit" className="btn-primary">
            {t("qb.apply")}
          </button>
        </div>
      </Form>

      <Form method="post" className="card space-y-3">
        <p className="text-sm text-stone-700" data-testid="question-total">
          {t("qb.total", { count: total })}
        </p>
        {result ? (
          <Alert tone={result.message === "qb.bulkDone" ? "success" : "error"}>
            {t(result.message, { changed: result.changed, skipped: result.skipped })}
          </Alert>
        ) : null}
        {questions.length === 0 ? (
          <p className="text-stone-600">{t("qb.empty")}</p>
        ) : (
          <TableScroll>
            <table className="data-table min-w-[44rem]">
              <thead>
                <tr>
                  {rights.manage ? <th className="w-10">{t("qb.select")}</th> : null}
                  <th>{t("qb.stem")}</th>
                  <th>{t("qb.type")}</th>
                  <th>{t("qb.knowledgePoint")}</th>
                  <th>{t("qb.difficulty")}</th>
                  <th>{t("qb.status")}</th>
                  <th>{t("qb.updatedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {questions.map((q) => (
                  <tr key={q.id}>
                    {rights.manage ? (
                      <td>
                        <input
                          type="checkbox"
                          name="ids"
                          value={q.id}
                          aria-label={`${t("qb.select")} ${q.stem.slice(0, 20)}`}
                          className="size-5 accent-brand-700"
                        />
                      </td>
                    ) : null}
                    <td className="max-w-md">
                      <Link to={`/questions/${q.id}`} className="line-clamp-2">
                        {q.stem}
                      </Link>
                      {q.authorName ? <span className="block text-xs text-stone-600">{q.authorName}</span> : null}
                    </td>
                    <td className="whitespace-nowrap">{t(`qb.types.${q.type}`)}</td>
                    <td>
                      {q.knowledgePoint}
                      <span className="block text-xs text-stone-600">{t(`qb.areas.${q.area}`)}</span>
                    </td>
                    <td>{q.difficulty}</td>
                    <td>
                      <span className={`badge ${STATUS_STYLE[q.status]}`}>{t(`qb.statuses.${q.status}`)}</span>
                    </td>
                    <td className="whitespace-nowrap">{date(q.updatedAt, false)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {rights.manage && questions.length ? (
          <div className="flex flex-wrap items-end gap-3 border-t border-stone-200 pt-3">
            <Filter
              name="bulkStatus"
              label={t("qb.bulkStatus")}
              any="—"
              options={(["active", "retired"] as const).map((s) => [s, t(`qb.statuses.${s}`)])}
            />
            <Filter name="bulkArea" label={t("qb.bulkArea")} any="—" options={AREAS.map((v) => [v, t(`qb.areas.${v}`)])} />
            <button type="submit" className="btn-secondary">
              {t("qb.bulkApply")}
            </button>
          </div>
        ) : null}
        <Pager page={filter.page} hasMore={hasMore} params={pagerParams} />
      </Form>
    </div>
  );
}

function Filter({
  name,
  label,
  value,
  any,
  options,
}: {
  name: string;
  label: string;
  value?: string | number;
  any: string;
  options: [string, string][];
}) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="field-label">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value === undefined ? "" : String(value)} className="field-input">
        <option value="">{any}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
