import { describe, expect, it } from "vitest";
import {
  creditHourTenths,
  creditHours,
  formatCreditHours,
  formatTenths,
  hoursMet,
  requiredMinutes,
  requiredSeconds,
  requiredTenths,
  secondsPerCreditHour,
  studyAmount,
  tenthsToSeconds,
  yearProgress,
} from "./study-hours";

/** The exact (unrounded) 学时, the oracle the rounded rule is checked against. */
const exactHours = (seconds: number, minutesPerCreditHour: number) => seconds / (minutesPerCreditHour * 60);
const DEFAULTS = { requiredCreditHours: 32, minutesPerCreditHour: 45 };

describe("the yearly minimum", () => {
  it("is 32 学时 of 45 minutes = 86,400 seconds = 1,440 minutes by default", () => {
    expect(secondsPerCreditHour(45)).toBe(2700);
    expect(requiredSeconds(DEFAULTS)).toBe(86_400);
    expect(requiredMinutes(DEFAULTS)).toBe(1440);
    expect(requiredTenths(32)).toBe(320);
    expect(requiredSeconds({ requiredCreditHours: 32, minutesPerCreditHour: 40 })).toBe(76_800);
  });
  it("is met at the required second, not one before", () => {
    expect(hoursMet(86_399, DEFAULTS)).toBe(false);
    expect(hoursMet(86_400, DEFAULTS)).toBe(true);
    expect(hoursMet(0, { requiredCreditHours: 1, minutesPerCreditHour: 10 })).toBe(false);
  });
  it("agrees with the rounded display: met exactly when the shown tenths reach the minimum", () => {
    for (const minutesPerCreditHour of [10, 40, 45, 60]) {
      const settings = { requiredCreditHours: 32, minutesPerCreditHour };
      const edge = requiredSeconds(settings);
      for (const seconds of [0, edge - 270, edge - 1, edge, edge + 1]) {
        expect(hoursMet(seconds, settings)).toBe(creditHourTenths(seconds, minutesPerCreditHour) >= 320);
      }
    }
  });
});

describe("tenths", () => {
  it("formats tenths and converts them back to seconds", () => {
    expect(formatTenths(4)).toBe("0.4");
    expect(formatTenths(320)).toBe("32.0");
    expect(formatTenths(-15)).toBe("-1.5");
    expect(tenthsToSeconds(25, 45)).toBe(6750);
    expect(tenthsToSeconds(1, 40)).toBe(240);
    expect(tenthsToSeconds(40, 45)).toBe(4 * 45 * 60);
    expect(tenthsToSeconds(15, 45)).toBe(4050);
    expect(creditHourTenths(tenthsToSeconds(319, 45), 45)).toBe(319);
    expect(creditHours(32 * 2700 - 1, 45)).toBe(31.9);
    expect(creditHours(6750, 45)).toBe(2.5);
  });
});

describe("credit hours", () => {
  it("converts at 45 minutes per 学时", () => {
    expect(exactHours(45 * 60, 45)).toBe(1);
    expect(exactHours(32 * 45 * 60, 45)).toBe(32);
    expect(exactHours(90, 45)).toBeCloseTo(1 / 30, 12);
    expect(formatCreditHours(32 * 2700, 45)).toBe("32.0");
    expect(formatCreditHours(0, 45)).toBe("0.0");
  });

  it("converts at 40 minutes per 学时", () => {
    expect(exactHours(40 * 60, 40)).toBe(1);
    expect(exactHours(32 * 2400, 40)).toBe(32);
    expect(formatCreditHours(32 * 2400, 40)).toBe("32.0");
    expect(formatCreditHours(3600, 40)).toBe("1.5");
  });

  it("rounds the display down: 31.99 学时 shows 31.9, never 32", () => {
    const justBelow = 32 * 2700 - 27; // 31.99 at 45 min
    expect(exactHours(justBelow, 45)).toBeCloseTo(31.99, 10);
    expect(formatCreditHours(justBelow, 45)).toBe("31.9");
    expect(formatCreditHours(32 * 2700 - 1, 45)).toBe("31.9");
    expect(formatCreditHours(32 * 2400 - 1, 40)).toBe("31.9");
    expect(formatCreditHours(269, 45)).toBe("0.0");
    expect(formatCreditHours(270, 45)).toBe("0.1");
    expect(formatCreditHours(2699.9, 45)).toBe("0.9");
  });

  it("never rounds up anywhere across a range of values", () => {
    const wrong: string[] = [];
    for (const minutes of [40, 45]) {
      for (let seconds = 0; seconds <= 40 * minutes * 60; seconds += 7) {
        const shown = Number(formatCreditHours(seconds, minutes));
        const exact = exactHours(seconds, minutes);
        if (shown > exact + 1e-9 || exact - shown > 0.1 + 1e-9) {
          wrong.push(`${seconds}s@${minutes}min → ${shown}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses a non-positive minutes-per-学时", () => {
    expect(() => creditHourTenths(60, 0)).toThrow(RangeError);
    expect(() => formatCreditHours(60, -45)).toThrow(RangeError);
  });
});

describe("yearProgress (我的学时)", () => {
  it("4.4 minutes credited: shows the minutes, and done + remaining = required as displayed", () => {
    const p = yearProgress(264, { requiredCreditHours: 32, minutesPerCreditHour: 45 });
    expect(p.done).toEqual({ hours: "0.0", minutes: 4 });
    expect(p.remaining).toEqual({ hours: "32.0", minutes: 1436 });
    expect(Number(p.done.hours) + Number(p.remaining.hours)).toBe(32);
    expect(p.done.minutes + p.remaining.minutes).toBe(32 * 45);
    expect(p.met).toBe(false);
  });

  it("adds up for every amount of study, in 学时 and in minutes", () => {
    for (const minutesPerCreditHour of [40, 45, 60]) {
      for (let seconds = 0; seconds <= 33 * minutesPerCreditHour * 60; seconds += 997) {
        const p = yearProgress(seconds, { requiredCreditHours: 32, minutesPerCreditHour });
        const tenths = (s: string) => Math.round(Number(s) * 10);
        if (!p.met) {
          expect(tenths(p.done.hours) + tenths(p.remaining.hours)).toBe(320);
          expect(p.done.minutes + p.remaining.minutes).toBe(32 * minutesPerCreditHour);
        } else {
          expect(p.remaining).toEqual({ hours: "0.0", minutes: 0 });
        }
        expect(p.done.hours).toBe(formatCreditHours(seconds, minutesPerCreditHour));
      }
    }
  });

  it("never shows the minimum as reached early", () => {
    const p = yearProgress(32 * 2700 - 1, { requiredCreditHours: 32, minutesPerCreditHour: 45 });
    expect(p).toMatchObject({ met: false, done: { hours: "31.9" }, remaining: { hours: "0.1", minutes: 1 } });
    expect(yearProgress(32 * 2700, { requiredCreditHours: 32, minutesPerCreditHour: 45 })).toMatchObject({
      met: true,
      percent: 100,
      remaining: { hours: "0.0", minutes: 0 },
    });
  });

  it("studyAmount gives 学时 and minutes by the same rule", () => {
    expect(studyAmount(264, 45)).toEqual({ hours: "0.0", minutes: 4 });
    expect(studyAmount(2700 * 1.5, 45)).toEqual({ hours: "1.5", minutes: 67 });
  });
});
