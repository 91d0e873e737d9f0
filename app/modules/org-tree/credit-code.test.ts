import { describe, expect, it } from "vitest";
import { checkCreditCode, completeCreditCode, creditCodeCheckCharacter, normalizeCreditCode } from "./credit-code";

describe("GB 32100 unified social credit codes", () => {
  it("accepts a published valid code", () => {
    // 91350100M000100Y43 is the worked example used in the standard's guidance.
    expect(checkCreditCode("91350100M000100Y43")).toBeNull();
  });
  it("computes the check character over the 31-character set", () => {
    expect(creditCodeCheckCharacter("91350100M000100Y4")).toBe("3");
    const code = completeCreditCode("52370829MJ0000012");
    expect(checkCreditCode(code)).toBeNull();
  });
  it("rejects a wrong check character", () => {
    expect(checkCreditCode("91350100M000100Y44")).toBe("checkCharacter");
  });
  it("rejects letters outside the charset and wrong lengths", () => {
    expect(checkCreditCode("91350100M000100I43")).toBe("format");
    expect(checkCreditCode("91350100M000100Y4")).toBe("format");
  });
  it("normalises case and spaces", () => {
    expect(normalizeCreditCode(" 91350100m000100y43 ")).toBe("91350100M000100Y43");
  });
});
