import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  codePointLength,
  commonPasswordSet,
  newPasswordProblem,
  PASSWORD_MAX_CODE_POINTS,
  PASSWORD_MIN_CODE_POINTS,
} from "./password-rule";

const common = commonPasswordSet(readFileSync("vendor/passwords/common-10k.txt", "utf8"));
const isCommon = (p: string) => common.has(p.toLowerCase());

describe("codePointLength", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(codePointLength("abc")).toBe(3);
    expect(codePointLength("红帆")).toBe(2);
    expect(codePointLength("😀")).toBe(1);
    expect("😀".length).toBe(2);
    expect(codePointLength("𠮷野家")).toBe(3);
    expect(codePointLength("\ud800x")).toBe(2); // a lone surrogate counts once
    expect(codePointLength("")).toBe(0);
  });
});

describe("newPasswordProblem", () => {
  it("needs at least 12 code points", () => {
    expect(newPasswordProblem("a".repeat(11) + "b")).toBeNull();
    expect(newPasswordProblem("hongfan2026")).toBe("tooShort");
    expect(newPasswordProblem("")).toBe("tooShort");
    // six emoji are twelve UTF-16 units but six characters
    expect(newPasswordProblem("😀🎉🚩😀🎉🚩")).toBe("tooShort");
    expect(newPasswordProblem("😀🎉🚩😀🎉🚩😀🎉🚩😀🎉🚩")).toBeNull();
  });

  it("allows at most 128 code points, counting astral characters once", () => {
    expect(newPasswordProblem("x".repeat(PASSWORD_MAX_CODE_POINTS))).toBeNull();
    expect(newPasswordProblem("x".repeat(PASSWORD_MAX_CODE_POINTS + 1))).toBe("tooLong");
    const emoji = "🚩".repeat(PASSWORD_MAX_CODE_POINTS); // 256 UTF-16 units
    expect(newPasswordProblem(emoji)).toBeNull();
    expect(newPasswordProblem(emoji + "🚩")).toBe("tooLong");
  });

  it("counts spaces and keeps them (no trimming), and has no composition rules", () => {
    expect(newPasswordProblem("   red sail  ")).toBeNull();
    expect(newPasswordProblem(" ".repeat(PASSWORD_MIN_CODE_POINTS - 1) + "a")).toBeNull();
    expect(newPasswordProblem("onlylowercaseletters")).toBeNull();
    expect(newPasswordProblem("红帆领航员培训认证平台一二")).toBeNull();
    expect(PASSWORD_MIN_CODE_POINTS).toBe(12);
  });

  it("refuses a common password, whatever its case", () => {
    expect(newPasswordProblem("unbelievable", { isCommon })).toBe("common");
    expect(newPasswordProblem("Scandinavian", { isCommon })).toBe("common");
    expect(newPasswordProblem("unbelievable!", { isCommon })).toBeNull();
    // without a list nothing is refused as common
    expect(newPasswordProblem("unbelievable")).toBeNull();
  });

  it("refuses the person's phone number, however it is typed", () => {
    const phone = "13800000011";
    expect(newPasswordProblem("+86 138 0000 0011", { phone })).toBe("isPhone");
    expect(newPasswordProblem("8613800000011", { phone })).toBe("isPhone");
    expect(newPasswordProblem("138-0000-0011 ", { phone })).toBe("isPhone");
    expect(newPasswordProblem("+86 138 0000 0012", { phone })).toBeNull();
    expect(newPasswordProblem("13800000011ab", { phone })).toBeNull();
  });

  it("refuses the person's ID number, whatever the case of X", () => {
    const idNumber = "11010519491231002X";
    expect(newPasswordProblem("11010519491231002X", { idNumber })).toBe("isIdNumber");
    expect(newPasswordProblem("11010519491231002x", { idNumber })).toBe("isIdNumber");
    expect(newPasswordProblem("11010519491231002Y", { idNumber })).toBeNull();
  });
});

describe("the shipped list", () => {
  it("holds the 10,000 SecLists entries, most common first", () => {
    const lines = readFileSync("vendor/passwords/common-10k.txt", "utf8").split("\n").filter(Boolean);
    expect(lines).toHaveLength(10_000);
    expect(lines.slice(0, 3)).toEqual(["password", "123456", "12345678"]);
    expect(common.size).toBeGreaterThan(9_900);
  });
});
