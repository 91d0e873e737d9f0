import { z } from "zod";
import { PARTY_POSTS, PARTY_STATUSES } from "./enums";
import { checkCreditCode, normalizeCreditCode } from "../org-tree/credit-code";
import { checkIdNumber, normalizeIdNumber } from "./id-number";
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

export const passwordField = z
  .string()
  .min(8, "form.password.tooShort")
  .max(128, "form.password.tooLong")
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), "form.password.weak");

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
    passwordConfirm: z.string(),
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
  identifier: z.string().trim().min(1, "form.required").max(40, "form.invalid"),
  password: z.string().min(1, "form.required").max(128, "form.invalid"),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "form.required"),
    newPassword: passwordField,
    newPasswordConfirm: z.string(),
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
