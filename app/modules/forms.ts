import { z } from "zod";
import { notFound } from "./errors";

/**
 * Form helpers. Error messages in schemas are message-catalog keys (e.g. "form.required"), so
 * the server returns keys and the page words them in the reader's language.
 */
export type FieldErrors = Record<string, string>;

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
  }
  return values;
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    // Our schemas give catalog keys ("form.required", "offline.creditHoursInvalid"); zod's own
    // English defaults (with spaces) become a generic message.
    if (!(field in errors)) errors[field] = /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/.test(issue.message) ? issue.message : "form.invalid";
  }
  return errors;
}

/** What the person typed, to put back into the form after an error (passwords never travel back). */
export function echoValues(values: Record<string, string>): Record<string, string> {
  const echoed: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!/password/i.test(key)) echoed[key] = value;
  }
  return echoed;
}

/** Stands in for this site's origin when a redirect target is resolved (only "same origin or not" matters). */
const SITE = "http://hongfan.invalid";
/** C0/C1 control characters, every kind of whitespace and the backslash: browsers drop tabs and newlines
 * from URLs and read "\\" as "/", so "/\t/evil" or "/\\evil" would leave the site. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\s\\]/;

/**
 * The one gate for redirect targets taken from a request (`redirectTo` of login, set-locale,
 * notifications, the login redirect of guarded pages): a path of this site, else `fallback`.
 * Refused: anything with a control character, whitespace or a backslash (also once
 * percent-decoded, in the path), anything not starting with exactly one "/", and anything that,
 * resolved with `new URL(to, origin)`, leaves the origin. The answer is the resolved, normalised
 * path + query + fragment (non-ASCII percent-encoded, so it is always a valid Location header).
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !isSafePath(to) || !isSafePath(decodedPath(to))) return fallback;
  let url: URL;
  try {
    url = new URL(to, SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SITE) return fallback;
  const resolved = url.pathname + url.search + url.hash;
  return isSafePath(resolved) && isSafePath(decodedPath(resolved)) ? resolved : fallback;
}

function isSafePath(to: string): boolean {
  return to.startsWith("/") && !to.startsWith("//") && !UNSAFE_CHARACTERS.test(to);
}

/** The path part (before "?" or "#"), percent-decoded; "" when it does not decode. */
function decodedPath(to: string): string {
  try {
    return decodeURIComponent(to.split(/[?#]/, 1)[0]);
  } catch {
    return "";
  }
}

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** A numeric id from the URL; anything else is a 404, never a 500. */
export function idParam(params: Record<string, string | undefined>, name: string): number {
  const parsed = idSchema.safeParse(params[name]);
  if (!parsed.success) throw notFound();
  return parsed.data;
}
