import { describe, expect, it } from "vitest";
import { SHANGHAI_OFFSET_MS, splitByYear, trainingYear, yearStart } from "./training-year";

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
