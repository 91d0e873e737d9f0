import { catalogFor } from "~/i18n/i18n.server";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";

export const access = publicAccess;

/**
 * The reader's message catalog as JSON, fetched by entry.client.tsx before hydrating (the pages name
 * it in a preload link). Content-hashed names are cached for good; a name with an older hash (a
 * page rendered before a deploy) gets the current catalog, revalidated each time.
 */
export const loader = open(async ({ params }) => {
  const found = catalogFor(params.catalog ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  return new Response(found.file.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": found.current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
});
