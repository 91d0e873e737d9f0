import { describe, expect, it } from "vitest";
import { bandLimits, bandOf, sharePercent } from "./dashboard";

const required = 32 * 45 * 60;

describe("hours dashboard bands", () => {
  it("puts learners into quarters of the requirement and the met band", () => {
    expect(bandOf(0, required)).toBe(0);
    expect(bandOf(required / 4 - 1, required)).toBe(0);
    expect(bandOf(required / 4, required)).toBe(1);
    expect(bandOf(required - 1, required)).toBe(3);
    expect(bandOf(required, required)).toBe(4);
    expect(bandOf(required * 3, required)).toBe(4);
  });
  it("labels bands in 学时 and rounds shares to a tenth", () => {
    expect(bandLimits(32)).toEqual([0, 8, 16, 24, 32]);
    expect(bandLimits(30)).toEqual([0, 7.5, 15, 22.5, 30]);
    expect(sharePercent(1, 3)).toBe(33.3);
    expect(sharePercent(0, 0)).toBe(0);
  });
});
