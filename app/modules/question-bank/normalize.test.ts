import { describe, expect, it } from "vitest";
import { countBlanks, matchesBlank, normalizeAnswer, normalizeStem, splitAtBlanks } from "./normalize";

describe("normalizeAnswer", () => {
  it("folds full-width letters, digits and punctuation, trims and lower-cases", () => {
    expect(normalizeAnswer("ＡＢＣ ")).toBe("abc");
    expect(normalizeAnswer("１９２１")).toBe("1921");
    expect(normalizeAnswer("（一）")).toBe("(一)");
    expect(normalizeAnswer("\u3000民主集中制\u3000")).toBe("民主集中制");
  });

  it("collapses whitespace and drops spaces next to CJK characters", () => {
    expect(normalizeAnswer("一 年")).toBe("一年");
    expect(normalizeAnswer("1 年")).toBe("1年");
    expect(normalizeAnswer("政治  核心")).toBe("政治核心");
    expect(normalizeAnswer("party   building")).toBe("party building");
    expect(normalizeAnswer("Party\tbuilding\n")).toBe("party building");
  });
});

describe("matchesBlank", () => {
  it("accepts any listed alternative after normalisation", () => {
    expect(matchesBlank("ＡＢＣ ", ["abc"])).toBe(true);
    expect(matchesBlank("一 年", ["一年"])).toBe(true);
    expect(matchesBlank("1年", ["一年", "1年"])).toBe(true);
    expect(matchesBlank("１年", ["一年", "1年"])).toBe(true);
    expect(matchesBlank("1年", ["一年"])).toBe(false);
  });

  it("never matches an empty answer", () => {
    expect(matchesBlank("", ["一年"])).toBe(false);
    expect(matchesBlank("   ", [""])).toBe(false);
  });
});

describe("blanks", () => {
  it("counts groups of 4+ underscores, half- or full-width", () => {
    expect(countBlanks("党的根本组织原则是____。")).toBe(1);
    expect(countBlanks("分为____个阶段、________个步骤。")).toBe(2);
    expect(countBlanks("全角＿＿＿＿也算，混合__＿＿也算")).toBe(2);
    expect(countBlanks("三个下划线___不算")).toBe(0);
    expect(countBlanks("没有空")).toBe(0);
  });

  it("splits a stem at its blanks", () => {
    expect(splitAtBlanks("发挥____作用，发挥____作用。")).toEqual(["发挥", "作用，发挥", "作用。"]);
    expect(splitAtBlanks("____开头")).toEqual(["", "开头"]);
  });
});

describe("normalizeStem", () => {
  it("ignores width, spaces, blank length and case", () => {
    expect(normalizeStem("党员大会一般每（ ）召开1次。")).toBe(normalizeStem("党员大会一般每（）召开１次。"));
    expect(normalizeStem("原则是____。")).toBe(normalizeStem("原则是＿＿＿＿＿＿。"));
    expect(normalizeStem("ABC question")).toBe(normalizeStem("abc  question"));
    expect(normalizeStem("原则是____。")).not.toBe(normalizeStem("原则是____"));
  });
});
