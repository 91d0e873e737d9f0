import { describe, expect, it } from "vitest";
import { SHANGHAI_OFFSET_MS, formatCreditHours, splitByYear, studyAmount, toCreditHours, trainingYear, yearProgress, yearStart } from "./training-year";

const d = (iso: string) => new Date(iso);

describe("trainingYear", () => {
  it("uses the calendar year in Shanghai (UTC+8, no DST)", () => {
    expect(SHANGHAI_OFFSET_MS).toBe(28_800_000);
    expect(trainingYear(d("2026-12-31T15:59:59.999Z"))).toBe(2026);
    expect(trainingYear(d("2026-12-31T16:00:00Z"))).toBe(2027);
    expect(trainingYear(d("2027-01-01T00:00:00Z"))).toBe(2027);
    expect(trainingYear(d("2026-06-30T23:00:00Z"))).toBe(2026);
    // summer and winter behave the same: no daylight saving
    expect(trainingYear(d("2026-07-01T00:00:00+08:00"))).toBe(2026);
  });
});

describe("yearStart", () => {
  it("is Jan 1 00:00 in Shanghai, i.e. Dec 31 16:00 UTC", () => {
    expect(yearStart(2027).toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(yearStart(2026).toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect(yearStart(2025).getTime()).toBe(Date.parse("2025-01-01T00:00:00+08:00"));
  });

  it("round-trips with trainingYear", () => {
    for (const year of [1999, 2000, 2024, 2026, 2027, 2100]) {
      expect(trainingYear(yearStart(year))).toBe(year);
      expect(trainingYear(new Date(yearStart(year).getTime() - 1))).toBe(year - 1);
    }
  });
});

describe("splitByYear", () => {
  const boundary = d("2026-12-31T16:00:00Z");

  it("is empty for empty or reversed intervals", () => {
    expect(splitByYear(boundary, boundary)).toEqual([]);
    expect(splitByYear(d("2026-05-01T00:00:10Z"), d("2026-05-01T00:00:00Z"))).toEqual([]);
  });

  it("keeps an interval inside one year whole", () => {
    expect(splitByYear(d("2026-05-01T00:00:00Z"), d("2026-05-01T00:00:40Z"))).toEqual([{ year: 2026, seconds: 40 }]);
  });

  it("splits exactly at the Shanghai new-year midnight", () => {
    expect(splitByYear(d("2026-12-31T15:59:40Z"), d("2026-12-31T16:00:20Z"))).toEqual([
      { year: 2026, seconds: 20 },
      { year: 2027, seconds: 20 },
    ]);
  });

  it("an interval ending at the boundary belongs to the old year, one starting there to the new", () => {
    expect(splitByYear(d("2026-12-31T15:59:30Z"), boundary)).toEqual([{ year: 2026, seconds: 30 }]);
    expect(splitByYear(boundary, d("2026-12-31T16:00:30Z"))).toEqual([{ year: 2027, seconds: 30 }]);
  });

  it("does not split at UTC midnight", () => {
    expect(splitByYear(d("2026-12-31T23:59:50Z"), d("2027-01-01T00:00:10Z"))).toEqual([{ year: 2027, seconds: 20 }]);
  });

  it("parts add up to the rounded total with sub-second edges", () => {
    const from = d("2026-12-31T15:59:59.700Z");
    const to = d("2026-12-31T16:00:10.400Z"); // 10.7 s → 11
    const parts = splitByYear(from, to);
    expect(parts.reduce((sum, p) => sum + p.seconds, 0)).toBe(11);
    expect(parts).toEqual([{ year: 2027, seconds: 11 }]); // 0.3 s rounds to nothing in 2026
    const parts2 = splitByYear(d("2026-12-31T15:59:59.400Z"), d("2026-12-31T16:00:05.000Z")); // 5.6 → 6
    expect(parts2).toEqual([
      { year: 2026, seconds: 1 },
      { year: 2027, seconds: 5 },
    ]);
  });

  it("spans several years including a leap year", () => {
    // 2028 is a leap year (366 days), 2027 is not (365 days)
    const parts = splitByYear(yearStart(2027), yearStart(2029));
    expect(parts).toEqual([
      { year: 2027, seconds: 365 * 86_400 },
      { year: 2028, seconds: 366 * 86_400 },
    ]);
    const partial = splitByYear(d("2027-12-31T15:00:00Z"), d("2029-01-01T00:00:00+08:00"));
    expect(partial).toEqual([
      { year: 2027, seconds: 3600 },
      { year: 2028, seconds: 366 * 86_400 },
    ]);
  });

  it("counts Feb 29 of a leap year within that year", () => {
    const from = d("2028-02-29T00:00:00+08:00");
    expect(splitByYear(from, new Date(from.getTime() + 86_400_000))).toEqual([{ year: 2028, seconds: 86_400 }]);
  });
});

describe("credit hours", () => {
  it("converts at 45 minutes per 学时", () => {
    expect(toCreditHours(45 * 60, 45)).toBe(1);
    expect(toCreditHours(32 * 45 * 60, 45)).toBe(32);
    expect(toCreditHours(90, 45)).toBeCloseTo(1 / 30, 12);
    expect(formatCreditHours(32 * 2700, 45)).toBe("32.0");
    expect(formatCreditHours(0, 45)).toBe("0.0");
  });

  it("converts at 40 minutes per 学时", () => {
    expect(toCreditHours(40 * 60, 40)).toBe(1);
    expect(toCreditHours(32 * 2400, 40)).toBe(32);
    expect(formatCreditHours(32 * 2400, 40)).toBe("32.0");
    expect(formatCreditHours(3600, 40)).toBe("1.5");
  });

  it("rounds the display down: 31.99 学时 shows 31.9, never 32", () => {
    const justBelow = 32 * 2700 - 27; // 31.99 at 45 min
    expect(toCreditHours(justBelow, 45)).toBeCloseTo(31.99, 10);
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
        const exact = toCreditHours(seconds, minutes);
        if (shown > exact + 1e-9 || exact - shown > 0.1 + 1e-9) {
          wrong.push(`${seconds}s@${minutes}min → ${shown}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses a non-positive minutes-per-学时", () => {
    expect(() => toCreditHours(60, 0)).toThrow(RangeError);
    expect(() => formatCreditHours(60, -45)).toThrow(RangeError);
  });
});

describe("yearProgress (我的学时)", () => {
  it("4.4 minutes credited: shows the minutes, and done + remaining = required as displayed", () => {
    const p = yearProgress(264, 32, 45);
    expect(p.done).toEqual({ hours: "0.0", minutes: 4 });
    expect(p.remaining).toEqual({ hours: "32.0", minutes: 1436 });
    expect(Number(p.done.hours) + Number(p.remaining.hours)).toBe(32);
    expect(p.done.minutes + p.remaining.minutes).toBe(32 * 45);
    expect(p.met).toBe(false);
  });

  it("adds up for every amount of study, in 学时 and in minutes", () => {
    for (const minutesPerCreditHour of [40, 45, 60]) {
      for (let seconds = 0; seconds <= 33 * minutesPerCreditHour * 60; seconds += 997) {
        const p = yearProgress(seconds, 32, minutesPerCreditHour);
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
    const p = yearProgress(32 * 2700 - 1, 32, 45);
    expect(p).toMatchObject({ met: false, done: { hours: "31.9" }, remaining: { hours: "0.1", minutes: 1 } });
    expect(yearProgress(32 * 2700, 32, 45)).toMatchObject({ met: true, percent: 100, remaining: { hours: "0.0", minutes: 0 } });
  });

  it("studyAmount gives 学时 and minutes by the same rule", () => {
    expect(studyAmount(264, 45)).toEqual({ hours: "0.0", minutes: 4 });
    expect(studyAmount(2700 * 1.5, 45)).toEqual({ hours: "1.5", minutes: 67 });
  });
});
