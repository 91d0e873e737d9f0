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

/** Only same-site relative paths may be redirected to after login. */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** A numeric id from the URL; anything else is a 404, never a 500. */
export function idParam(params: Record<string, string | undefined>, name: string): number {
  const parsed = idSchema.safeParse(params[name]);
  if (!parsed.success) throw notFound();
  return parsed.data;
}
