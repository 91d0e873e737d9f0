import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PageTitle, Pager } from "~/components/form";
import { MicroCard } from "~/components/micro/micro-card";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { AppError } from "~/modules/errors";
import { LIBRARY_PAGE_SIZE, listPublishedMicroLessons } from "~/modules/micro-lessons/micro-lessons.server";
import { searchText } from "~/modules/text";

export const access = requires("study:lesson");
export const meta: MetaFunction = () => [{ title: "微党课 · 红帆" }];

const searchSchema = z.object({ q: searchText(40), page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export const loader = guarded(access, async ({ request, actor }) => {
  const url = new URL(request.url);
  const parsed = searchSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw new AppError("badRequest", "unstorable search text");
  const { q, page } = parsed.data;
  const { items, hasMore } = await listPublishedMicroLessons(actor, {
    limit: LIBRARY_PAGE_SIZE,
    offset: (page - 1) * LIBRARY_PAGE_SIZE,
    q,
  });
  return { items, hasMore, page, q };
});

export default function MicroLibrary() {
  const { t } = useT();
  const { items, hasMore, page, q } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p>
        <Link to="/learn">← {t("learn.title")}</Link>
      </p>
      <PageTitle>{t("micro.libraryTitle")}</PageTitle>
      <p className="text-stone-700">{t("micro.libraryHint")}</p>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <label className="sr-only" htmlFor="q">
          {t("micro.search")}
        </label>
        <input id="q" name="q" defaultValue={q} className="field-input w-56 max-w-full" placeholder={t("micro.search")} />
        <button type="submit" className="btn-secondary">
          {t("micro.searchButton")}
        </button>
      </Form>
      {items.length === 0 ? (
        <p className="text-stone-600">{t("micro.libraryNone")}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {items.map((l) => (
            <li key={l.id}>
              <MicroCard lesson={l} />
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} hasMore={hasMore} params={q ? { q } : undefined} />
    </div>
  );
}
