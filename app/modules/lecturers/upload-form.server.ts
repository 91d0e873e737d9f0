import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import type { UploadedFile } from "../storage/uploads";
import { SAMPLE_LIMITS } from "./candidacies.server";

/** A candidacy form as posted (multipart with the optional sample, or urlencoded): the form, the files, or why it could not be read. */
export async function readCandidacyForm(
  request: Request,
): Promise<{ ok: true; form: FormData; files: UploadedFile[] } | { ok: false; status: number; message: string }> {
  let form: FormData;
  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    try {
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: SAMPLE_LIMITS.maxBytes }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, message: "lecturers.files.bodyTooLarge" };
      return { ok: false, status: 400, message: "lecturers.files.unreadable" };
    }
  } else form = await request.formData();
  const files: UploadedFile[] = [];
  for (const entry of form.getAll("sample"))
    if (entry instanceof File) files.push({ name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
  return { ok: true, form, files };
}

/** The form's values with `areas` as a list (checkboxes). */
export function candidacyValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of form) if (typeof value === "string" && !(key in values)) values[key] = value;
  values.areas = form.getAll("areas").filter((v): v is string => typeof v === "string");
  return values;
}
