import { formFromValues, type QuestionForm } from "./authoring";

/** Reads the authoring form from a request body (checkbox answers come as several values). */
export function questionFormOf(form: FormData): { form: QuestionForm; intent: string } {
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string" && !(key in values)) values[key] = value;
  const choices = form.getAll("answerChoices").filter((v): v is string => typeof v === "string");
  return { form: formFromValues(values, choices), intent: values.intent ?? "" };
}
