import { z } from "zod";
import { text } from "../text";
import { canAct, type Actor } from "../auth/access";

/**
 * The grader's form, pure: what a typed mark means, and who may change a mark once it is given.
 * Error messages are catalog keys (app/i18n/messages/exams/grading.*.ts, under `examGrading.form`);
 * the page words them with `{ max }` (the slot's maximum in points).
 */

export const COMMENT_MAX_LENGTH = 500;
export const REASON_MAX_LENGTH = 300;

export type MarkProblem = "markRequired" | "markInvalid" | "markOneDecimal" | "markRange";
export type MarkParse = { ok: true; tenths: number } | { ok: false; problem: MarkProblem };

/**
 * A mark typed by a grader, in points with at most one decimal ("7", "7.5", "７．５", " 10 "),
 * as integer tenths between 0 and `maxTenths`. Full-width digits and the full-width point are
 * accepted (Chinese input methods type them); a decimal comma, signs, exponents and more than one
 * decimal are not.
 */
export function parseMark(input: string, maxTenths: number): MarkParse {
  const text = input.normalize("NFKC").trim().replace(/。/g, ".");
  if (text === "") return { ok: false, problem: "markRequired" };
  if (/^-/.test(text)) return { ok: false, problem: "markRange" };
  if (/^\d*\.\d{2,}$/.test(text)) return { ok: false, problem: "markOneDecimal" };
  const match = /^(\d+)?(?:\.(\d)?)?$/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return { ok: false, problem: "markInvalid" };
  const tenths = Number(match[1] ?? "0") * 10 + Number(match[2] ?? "0");
  if (tenths < 0 || tenths > maxTenths) return { ok: false, problem: "markRange" };
  return { ok: true, tenths };
}

/** Tenths as points for display and for the form's field ("7.5", "10"). */
export function formatTenths(tenths: number): string {
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}

/**
 * The grading form of one slot worth `maxTenths`. `expectedMarkId` is the id of the slot's latest
 * mark as the page showed it ("" when it had none): a mark written meanwhile by someone else makes
 * the save a conflict instead of a silent overwrite. A change of an existing mark needs a reason.
 */
export function gradeFormSchema(maxTenths: number) {
  return z.object({
    mark: text()
      .default("")
      .transform((value, ctx) => {
        const parsed = parseMark(value, maxTenths);
        if (parsed.ok) return parsed.tenths;
        ctx.addIssue({ code: "custom", message: `examGrading.form.${parsed.problem}` });
        return z.NEVER;
      }),
    comment: text()
      .default("")
      .transform((v) => v.trim())
      .pipe(text().max(COMMENT_MAX_LENGTH, "examGrading.form.commentTooLong")),
    reason: text()
      .default("")
      .transform((v) => v.trim())
      .pipe(text().max(REASON_MAX_LENGTH, "examGrading.form.reasonTooLong")),
    expectedMarkId: z
      .string()
      .default("")
      .pipe(z.union([z.literal(""), text().regex(/^\d{1,15}$/, "form.invalid")]))
      .transform((v) => (v === "" ? null : Number(v))),
  });
}
export type GradeForm = z.infer<ReturnType<typeof gradeFormSchema>>;

/**
 * Changing a mark already given is for the exam's county admins only (graders — lecturers — give
 * first marks). Expressed through the permission only county admins hold on exams of their county.
 */
export function mayChangeMark(actor: Pick<Actor, "grants" | "userId">, examCountyId: number): boolean {
  return canAct(actor, "manage:exam", { countyId: examCountyId });
}

/** Whether a save may go ahead given the slot's latest mark now and what the page showed. */
export type SaveDecision =
  | { kind: "first" }
  | { kind: "change"; previousTenths: number }
  | { kind: "refused"; problem: "alreadyGraded" | "changedMeanwhile" | "notAllowedToChange" | "reasonRequired" | "unchanged" };

export function decideSave(input: {
  latest: { id: number; markTenths: number } | null;
  expectedMarkId: number | null;
  newTenths: number;
  reason: string;
  mayChange: boolean;
}): SaveDecision {
  const { latest, expectedMarkId } = input;
  if (latest === null) return expectedMarkId === null ? { kind: "first" } : { kind: "refused", problem: "changedMeanwhile" };
  if (expectedMarkId === null) return { kind: "refused", problem: "alreadyGraded" };
  if (latest.id !== expectedMarkId) return { kind: "refused", problem: "changedMeanwhile" };
  if (!input.mayChange) return { kind: "refused", problem: "notAllowedToChange" };
  if (input.reason === "") return { kind: "refused", problem: "reasonRequired" };
  if (latest.markTenths === input.newTenths) return { kind: "refused", problem: "unchanged" };
  return { kind: "change", previousTenths: latest.markTenths };
}
