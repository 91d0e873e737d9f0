import { z } from "zod";
import { text } from "../text";
import { PARTY_POSTS, PARTY_STATUSES } from "./enums";
import { checkCreditCode, normalizeCreditCode } from "../org-tree/credit-code";
import { checkIdNumber, normalizeIdNumber } from "./id-number";
import { codePointLength, newPasswordProblem, PASSWORD_MAX_CODE_POINTS, passwordProblemKey } from "./password-rule";
import { isMobilePhone, normalizePhone } from "./phone";

export const nameField = z
  .string()
  .trim()
  .min(1, "form.required")
  .max(30, "form.name.tooLong")
  .regex(/^[\p{Script=Han}A-Za-z·•\s]+$/u, "form.name.invalid");

export const phoneField = z
  .string()
  .transform(normalizePhone)
  .refine((v) => v.length > 0, "form.required")
  .refine(isMobilePhone, "form.phone.invalid");

export const idNumberField = z
  .string()
  .transform(normalizeIdNumber)
  .superRefine((value, ctx) => {
    if (!value) return void ctx.addIssue({ code: "custom", message: "form.required" });
    const problem = checkIdNumber(value);
    if (problem) ctx.addIssue({ code: "custom", message: `form.idNumber.${problem}` });
  });

export const creditCodeField = z
  .string()
  .transform(normalizeCreditCode)
  .superRefine((value, ctx) => {
    if (!value) return void ctx.addIssue({ code: "custom", message: "form.required" });
    const problem = checkCreditCode(value);
    if (problem) ctx.addIssue({ code: "custom", message: `form.creditCode.${problem}` });
  });

/**
 * A new password: the length part of the rule (password-rule.ts: 12–128 code points, no trimming,
 * no composition rules). Whether it is a common password, or the person's phone or ID number, the
 * use case decides with the whole rule (common-passwords.server.ts); registration also checks the
 * phone and ID number here, so the form reports everything at once.
 */
export const passwordField = text().superRefine((value, ctx) => {
  const problem = newPasswordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: passwordProblemKey(problem) });
});

export const partyStatusField = z.enum(PARTY_STATUSES, { error: "form.choose" });
export const partyPostField = z.enum(PARTY_POSTS, { error: "form.choose" });

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : undefined));

export const registerSchema = z
  .object({
    name: nameField,
    phone: phoneField,
    idNumber: idNumberField,
    password: passwordField,
    passwordConfirm: text(),
    /** the personal information notice read and agreed to, sensitive information included (PIPL art. 29) */
    consent: z.literal("on", { error: "form.consent.required" }),
    partyStatus: partyStatusField,
    partyPost: partyPostField,
    organizationId: optionalId,
    creditCode: z
      .string()
      .optional()
      .transform((v) => (v ? normalizeCreditCode(v) : undefined)),
  })
  .superRefine(
    (value, ctx) => {
      if (value.password !== value.passwordConfirm) {
        ctx.addIssue({ code: "custom", path: ["passwordConfirm"], message: "form.password.mismatch" });
      }
      if (typeof value.password === "string") {
        const problem = newPasswordProblem(value.password, {
          phone: typeof value.phone === "string" ? value.phone : null,
          idNumber: typeof value.idNumber === "string" ? value.idNumber : null,
        });
        if (problem === "isPhone" || problem === "isIdNumber")
          ctx.addIssue({ code: "custom", path: ["password"], message: passwordProblemKey(problem) });
      }
      if (value.creditCode) {
        const problem = checkCreditCode(value.creditCode);
        if (problem) ctx.addIssue({ code: "custom", path: ["creditCode"], message: `form.creditCode.${problem}` });
      } else if (!value.organizationId) {
        ctx.addIssue({ code: "custom", path: ["organizationId"], message: "form.organization.required" });
      }
    },
    // Run even when other fields are wrong, so every problem is reported at once.
    { when: () => true },
  );
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  identifier: text().trim().min(1, "form.required").max(40, "form.invalid"),
  // any password that was ever accepted (new ones: 12–128 code points; older ones: 8 or more)
  password: text()
    .min(1, "form.required")
    .refine((v) => codePointLength(v) <= PASSWORD_MAX_CODE_POINTS, "form.invalid"),
});

export const changePasswordSchema = z
  .object({
    currentPassword: text().min(1, "form.required"),
    newPassword: passwordField,
    newPasswordConfirm: text(),
  })
  .superRefine((value, ctx) => {
    if (value.newPassword !== value.newPasswordConfirm) {
      ctx.addIssue({ code: "custom", path: ["newPasswordConfirm"], message: "form.password.mismatch" });
    }
    if (value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "form.password.same" });
    }
  });

export const profileSchema = z.object({ partyStatus: partyStatusField, partyPost: partyPostField });
