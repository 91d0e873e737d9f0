import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../forms";
import { registerSchema } from "./schemas";

const good = {
  name: "张三明",
  phone: "138 1234 5678",
  idNumber: "11010519491231002x",
  password: "hongfan2026",
  passwordConfirm: "hongfan2026",
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

  it("needs an organization or a valid credit code", () => {
    const none = registerSchema.safeParse({ ...good, organizationId: "" });
    expect(none.success || fieldErrorsOf(none.error)).toEqual({ organizationId: "form.organization.required" });
    const badCode = registerSchema.safeParse({ ...good, organizationId: "", creditCode: "91350100M000100Y44" });
    expect(badCode.success || fieldErrorsOf(badCode.error)).toEqual({ creditCode: "form.creditCode.checkCharacter" });
    expect(registerSchema.safeParse({ ...good, organizationId: "", creditCode: "91350100m000100y43" }).success).toBe(true);
  });

  it("requires matching passwords", () => {
    const result = registerSchema.safeParse({ ...good, passwordConfirm: "hongfan2027" });
    expect(result.success || fieldErrorsOf(result.error)).toEqual({ passwordConfirm: "form.password.mismatch" });
  });
});
