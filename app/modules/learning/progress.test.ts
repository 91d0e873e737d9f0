import { describe, expect, it } from "vitest";
import { courseProgress, lessonCreditedSeconds, lessonPercent } from "./progress";

describe("course progress", () => {
  it("a course never started shows nothing studied (a lesson without progress counts 0, not its nominal time)", () => {
    const p = courseProgress([
      { minutes: 45, creditedSeconds: null, completedAt: null },
      { minutes: 540, creditedSeconds: null, completedAt: null },
    ]);
    expect(p).toMatchObject({ lessons: 2, completed: 0, creditedSeconds: 0, creditedMinutes: 0, nominalMinutes: 585, percent: 0 });
  });

  it("caps each lesson at its nominal time and rounds minutes and percent down", () => {
    const p = courseProgress([
      { minutes: 10, creditedSeconds: 10 * 60 + 300, completedAt: "2026-01-01" },
      { minutes: 10, creditedSeconds: 119, completedAt: null },
    ]);
    expect(p).toMatchObject({ completed: 1, creditedSeconds: 719, creditedMinutes: 11, nominalMinutes: 20, percent: 59 });
  });

  it("lesson figures", () => {
    expect(lessonCreditedSeconds({ minutes: 1, creditedSeconds: 90, completedAt: null })).toBe(60);
    expect(lessonPercent({ minutes: 10, creditedSeconds: 299, completedAt: null })).toBe(49);
    expect(lessonPercent({ minutes: 10, creditedSeconds: null, completedAt: null })).toBe(0);
  });
});
