import { fieldErrorsOf } from "../forms";
import type { FormProblem } from "./micro-lessons.server";
import { lessonFormSchema, type LessonFormInput } from "./schemas";

/** Parses the lesson form: the input, or field errors (catalog keys). */
export function parseLessonForm(
  values: Record<string, string>,
): { ok: true; input: LessonFormInput } | { ok: false; errors: Record<string, string> } {
  const parsed = lessonFormSchema.safeParse(values);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: fieldErrorsOf(parsed.error) };
}

export function problemKey(problem: FormProblem): string {
  return `micro.${problem}`;
}
