import { describe, expect, it } from "vitest";
import { DEFAULT_LEVEL_RULES, fullYearsHeld, levelBlockers, type LevelFacts } from "./level-rule";

const at = (iso: string) => new Date(iso);
const now = at("2027-03-01T02:00:00Z");
const junior = (issuedAt: string, status: "valid" | "on_hold" = "valid"): LevelFacts["current"] => ({
  level: "junior",
  status,
  issuedAt: at(issuedAt),
});
const facts = (f: Partial<LevelFacts>): LevelFacts => ({ current: null, lastAssessment: "good", rules: DEFAULT_LEVEL_RULES, ...f });

describe("level eligibility (who may sit which level)", () => {
  it("junior: nothing more than the start rule, unless a level is already held", () => {
    expect(levelBlockers("junior", facts({ lastAssessment: null }), now)).toEqual([]);
    expect(levelBlockers("junior", facts({ current: junior("2026-05-01T00:00:00Z") }), now)).toEqual([
      { code: "levelHeld", level: "junior" },
    ]);
  });

  it("intermediate: a valid junior certificate held one full year, assessed 良好 or better", () => {
    expect(levelBlockers("intermediate", facts({ current: junior("2025-06-01T00:00:00Z") }), now)).toEqual([]);
    expect(levelBlockers("intermediate", facts({ current: junior("2025-06-01T00:00:00Z"), lastAssessment: "excellent" }), now)).toEqual([]);
  });

  it("names every reason at once", () => {
    expect(levelBlockers("intermediate", facts({ current: null, lastAssessment: null }), now)).toEqual([
      { code: "lowerLevelRequired", required: "junior" },
      { code: "notAssessed", minimum: "good" },
    ]);
    expect(
      levelBlockers("intermediate", facts({ current: junior("2026-06-01T00:00:00Z", "on_hold"), lastAssessment: "average" }), now),
    ).toEqual([
      { code: "lowerLevelOnHold", required: "junior" },
      { code: "lowerLevelTooRecent", required: "junior", years: 1, eligibleYear: 2028 },
      { code: "assessmentTooLow", grade: "average", minimum: "good" },
    ]);
  });

  it("senior needs intermediate, not junior", () => {
    expect(levelBlockers("senior", facts({ current: junior("2020-01-01T00:00:00Z") }), now)).toEqual([
      { code: "lowerLevelRequired", required: "intermediate" },
    ]);
    expect(
      levelBlockers("senior", facts({ current: { level: "intermediate", status: "valid", issuedAt: at("2025-01-01T00:00:00Z") } }), now),
    ).toEqual([]);
    expect(
      levelBlockers("intermediate", facts({ current: { level: "senior", status: "valid", issuedAt: at("2025-01-01T00:00:00Z") } }), now),
    ).toEqual([{ code: "levelHeld", level: "senior" }]);
  });

  it("counts full assessment years in Shanghai time", () => {
    // issued 2025-12-31 23:30 Shanghai (15:30 UTC): year 2025; 2026 is the full year
    expect(fullYearsHeld(at("2025-12-31T15:30:00Z"), at("2027-01-01T00:00:00Z"))).toBe(1);
    // issued 2026-01-01 00:30 Shanghai (2025-12-31 16:30 UTC): year 2026; not a full year by 2027
    expect(fullYearsHeld(at("2025-12-31T16:30:00Z"), at("2027-06-01T00:00:00Z"))).toBe(0);
    expect(fullYearsHeld(at("2026-06-01T00:00:00Z"), at("2026-12-01T00:00:00Z"))).toBe(0);
  });

  it("follows the county's settings", () => {
    const rules = { minFullYearsHeld: 2, minAssessment: "excellent" as const };
    expect(levelBlockers("intermediate", facts({ current: junior("2025-06-01T00:00:00Z"), rules }), now)).toEqual([
      { code: "lowerLevelTooRecent", required: "junior", years: 2, eligibleYear: 2028 },
      { code: "assessmentTooLow", grade: "good", minimum: "excellent" },
    ]);
    expect(
      levelBlockers(
        "intermediate",
        facts({ current: junior("2026-06-01T00:00:00Z"), rules: { minFullYearsHeld: 0, minAssessment: "poor" }, lastAssessment: "poor" }),
        now,
      ),
    ).toEqual([]);
  });
});
