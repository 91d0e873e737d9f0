import { describe, expect, it } from "vitest";
import { checkIdNumber, idNumberCheckCharacter, maskIdNumber, normalizeIdNumber } from "./id-number";

describe("GB 11643 identity numbers", () => {
  it("accepts numbers whose check character matches, including X", () => {
    // Published example from the standard's explanatory notes.
    expect(checkIdNumber("11010519491231002X")).toBeNull();
    expect(checkIdNumber("440524188001010014")).toBeNull();
    expect(idNumberCheckCharacter("37082919900307123")).toMatch(/^[0-9X]$/);
  });

  it("rejects a wrong check character", () => {
    expect(checkIdNumber("110105194912310021")).toBe("checkDigit");
  });

  it("rejects impossible or future birth dates", () => {
    const body = "37082919990230123"; // 30 February
    expect(checkIdNumber(body + idNumberCheckCharacter(body))).toBe("birthDate");
    const future = "37082930000101123";
    expect(checkIdNumber(future + idNumberCheckCharacter(future), new Date("2026-01-01"))).toBe("birthDate");
  });

  it("rejects wrong length and characters", () => {
    expect(checkIdNumber("37082919900307")).toBe("format");
    expect(checkIdNumber("03082919900307123X")).toBe("format");
    expect(checkIdNumber("3708291990030712AX")).toBe("format");
  });

  it("normalises spaces and a lower-case or full-width x", () => {
    expect(normalizeIdNumber(" 110105 19491231 002x ")).toBe("11010519491231002X");
    expect(normalizeIdNumber("11010519491231002ｘ")).toBe("11010519491231002X");
  });

  it("masks all but the region and the last four characters", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
  });
});
