import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskName } from "./mask";

describe("maskName (public verification)", () => {
  it("keeps the surname and the last character", () => {
    expect(maskName("张明远")).toBe("张*远");
    expect(maskName("张明")).toBe("张*");
    expect(maskName("李")).toBe("*");
    expect(maskName("王小二麻")).toBe("王*麻");
  });

  it("keeps a compound surname whole", () => {
    expect(maskName("欧阳锋")).toBe("欧阳*");
    expect(maskName("欧阳娜娜")).toBe("欧阳*娜");
    expect(maskName("司马相如")).toBe("司马*如");
    // two characters that start like a compound surname are a surname and a given name
    expect(maskName("欧阳")).toBe("欧*");
  });

  it("masks names with a middle dot and Latin names part by part", () => {
    expect(maskName("阿依古丽·买买提")).toBe("阿*·买*");
    expect(maskName("John Smith")).toBe("J* S*");
  });

  it("handles characters outside the Basic Multilingual Plane as one character", () => {
    expect(maskName("𠀾明远")).toBe("𠀾*远");
  });

  it("never shows more than two characters of a name of three or more, and always hides something", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."张王李赵刘陈杨黄周吴明远华强伟芳娜"), minLength: 1, maxLength: 8 }), (name) => {
        const masked = maskName(name);
        expect(masked).toContain("*");
        expect(Array.from(masked.replace("*", "")).length).toBeLessThanOrEqual(Math.min(3, Array.from(name).length - 1));
        expect(masked).not.toBe(name);
      }),
    );
  });
});
