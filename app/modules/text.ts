import { z } from "zod";

/**
 * Text PostgreSQL can store (issue 8, item 1). A `text` or `jsonb` value cannot hold U+0000, and
 * a lone UTF-16 surrogate is not Unicode at all (JSON gives it to PostgreSQL as "\udc00", which
 * jsonb refuses; a `text` parameter would be mangled). Such text is refused where it enters — in
 * every zod schema through `text()` — with a clear message (catalog key `form.text.unstorable`),
 * never sent to the database, where it would fail the statement (and, in a group-committed
 * statement, everyone else's request with it).
 *
 * The check is one native scan (`isWellFormed`, a regular expression where it is missing) plus `indexOf`: cheap on the hot path.
 */

export const UNSTORABLE_TEXT_KEY = "form.text.unstorable";

// A lone surrogate: a low one not after a high one, or a high one not before a low one (no
// lookbehind: older Safari and WeChat browsers cannot parse it).
const LONE_SURROGATE = /(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;
const nativeWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;

/** Whether PostgreSQL can store the string: no U+0000 and no lone surrogate. */
export function isStorableText(value: string): boolean {
  if (value.indexOf("\u0000") !== -1) return false;
  return nativeWellFormed ? nativeWellFormed.call(value) : !LONE_SURROGATE.test(value);
}

/** The same check without the native method (exported for its test). */
export function isStorableTextPortable(value: string): boolean {
  return value.indexOf("\u0000") === -1 && !LONE_SURROGATE.test(value);
}

/** Whether every string anywhere in a parsed JSON value (keys included) is storable. */
export function isStorableDeep(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return isStorableText(value);
  if (typeof value !== "object" || value === null) return true;
  if (depth > 64) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isStorableDeep(item, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (!isStorableText(key) || !isStorableDeep((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * A string schema that refuses text PostgreSQL cannot store. Use it instead of `z.string()` in
 * every schema of input (forms, search parameters, JSON endpoints); chain as usual
 * (`text().trim().min(2, "form.required")`).
 */
export function text(message: string = UNSTORABLE_TEXT_KEY) {
  return z.string().refine(isStorableText, { message, abort: true });
}

/**
 * A search parameter: anything that is not a string within `max` becomes `fallback` (as
 * `.catch` did), but unstorable text is refused — the caller answers 400 (`parseSearch`).
 */
export function searchText(max: number, fallback = "") {
  return z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (typeof v !== "string") return fallback;
      if (!isStorableText(v)) {
        ctx.addIssue({ code: "custom", message: UNSTORABLE_TEXT_KEY });
        return z.NEVER;
      }
      return v.length <= max ? v : fallback;
    });
}
