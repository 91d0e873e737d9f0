import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../forms";
import { changePasswordSchema, loginSchema, registerSchema } from "./schemas";

const good = {
  name: "张三明",
  phone: "138 1234 5678",
  idNumber: "11010519491231002x",
  password: "red sail 2026",
  passwordConfirm: "red sail 2026",
  consent: "on",
  partyStatus: "full",
  partyPost: "secretary",
  organizationId: "3",
};

describe("registration form", () => {
  it("normalises a good submission", () => {
    const parsed = registerSchema.parse(good);
    expect(parsed).toMatchObject({ phone: "13812345678", idNumber: "11010519491231002X", organizationId: 3 });
  });

  it("words every problem as a catalog key", () => {
    const result = registerSchema.safeParse({
      ...good,
      name: "",
      phone: "12345",
      idNumber: "110105194912310021",
      password: "short",
      passwordConfirm: "other",
      partyStatus: "x",
      organizationId: "",
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)).toEqual({
      name: "form.required",
      phone: "form.phone.invalid",
      idNumber: "form.idNumber.checkDigit",
      password: "form.password.tooShort",
      passwordConfirm: "form.password.mismatch",
      partyStatus: "form.choose",
      organizationId: "form.organization.required",
    });
  });

  it("needs the personal information notice agreed to (PIPL consent), and says so", () => {
    const { consent: _omitted, ...without } = good;
    const none = registerSchema.safeParse(without);
    expect(none.success || fieldErrorsOf(none.error)).toEqual({ consent: "form.consent.required" });
    const other = registerSchema.safeParse({ ...good, consent: "yes" });
    expect(other.success || fieldErrorsOf(other.error)).toEqual({ consent: "form.consent.required" });
  });

  it("needs an organization or a valid credit code", () => {
    const none = registerSchema.safeParse({ ...good, organizationId: "" });
    expect(none.success || fieldErrorsOf(none.error)).toEqual({ organizationId: "form.organization.required" });
    const badCode = registerSchema.safeParse({ ...good, organizationId: "", creditCode: "91350100M000100Y44" });
    expect(badCode.success || fieldErrorsOf(badCode.error)).toEqual({ creditCode: "form.creditCode.checkCharacter" });
    expect(registerSchema.safeParse({ ...good, organizationId: "", creditCode: "91350100m000100y43" }).success).toBe(true);
  });

  it("requires matching passwords", () => {
    const result = registerSchema.safeParse({ ...good, passwordConfirm: "red sail 2027" });
    expect(result.success || fieldErrorsOf(result.error)).toEqual({ passwordConfirm: "form.password.mismatch" });
  });
});

describe("new passwords (password-rule.ts)", () => {
  it("refuses what the old rule allowed: 8 to 11 characters", () => {
    const result = registerSchema.safeParse({ ...good, password: "hongfan2026", passwordConfirm: "hongfan2026" });
    expect(result.success || fieldErrorsOf(result.error)).toEqual({ password: "form.password.tooShort" });
  });

  it("allows what the old rule refused: no digit, spaces, astral characters, keeps spaces", () => {
    const password = "  红帆 领航 🚩 sail  ";
    const parsed = registerSchema.parse({ ...good, password, passwordConfirm: password });
    expect(parsed.password).toBe(password);
  });

  it("refuses the ID number or the phone number as the password, alongside other problems", () => {
    const id = registerSchema.safeParse({ ...good, password: "11010519491231002X", passwordConfirm: "11010519491231002X" });
    expect(id.success || fieldErrorsOf(id.error)).toEqual({ password: "form.password.isIdNumber" });
    const phone = registerSchema.safeParse({ ...good, name: "", password: "+86 138 1234 5678", passwordConfirm: "+86 138 1234 5678" });
    expect(phone.success || fieldErrorsOf(phone.error)).toEqual({ name: "form.required", password: "form.password.isPhone" });
  });

  it("measures the change-password form the same way", () => {
    const short = changePasswordSchema.safeParse({ currentPassword: "password1", newPassword: "sail2026", newPasswordConfirm: "sail2026" });
    expect(short.success || fieldErrorsOf(short.error)).toEqual({ newPassword: "form.password.tooShort" });
    const long = "🚩".repeat(129);
    const tooLong = changePasswordSchema.safeParse({ currentPassword: "password1", newPassword: long, newPasswordConfirm: long });
    expect(tooLong.success || fieldErrorsOf(tooLong.error)).toEqual({ newPassword: "form.password.tooLong" });
  });

  it("still lets an older, shorter password sign in, and any new one up to 128 code points", () => {
    expect(loginSchema.safeParse({ identifier: "13812345678", password: "pass2020" }).success).toBe(true);
    expect(loginSchema.safeParse({ identifier: "13812345678", password: "🚩".repeat(128) }).success).toBe(true);
    expect(loginSchema.safeParse({ identifier: "13812345678", password: "🚩".repeat(129) }).success).toBe(false);
  });
});
