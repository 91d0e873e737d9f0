import { describe, expect, it } from "vitest";
import {
  averageTenths,
  candidacySteps,
  decisionSchema,
  holdsLecturerRole,
  mayAdmit,
  mayManage,
  mayReadPool,
  nextCandidacyStatus,
  nextPoolStatus,
  nominationSchema,
  parseTrialScores,
  poolSteps,
  profileSchema,
  yearlyActivity,
} from "./rules";

describe("candidacy state machine", () => {
  it("goes applied → trial scheduled → trial recorded → admitted", () => {
    expect(nextCandidacyStatus("applied", "scheduleTrial")).toBe("trial_scheduled");
    expect(nextCandidacyStatus("trial_scheduled", "scheduleTrial")).toBe("trial_scheduled");
    expect(nextCandidacyStatus("trial_scheduled", "recordTrial")).toBe("trial_recorded");
    expect(nextCandidacyStatus("trial_recorded", "admit")).toBe("admitted");
  });
  it("rejects from any open status, and nothing moves after a decision", () => {
    for (const s of ["applied", "trial_scheduled", "trial_recorded"] as const) expect(nextCandidacyStatus(s, "reject")).toBe("rejected");
    for (const s of ["admitted", "rejected"] as const) expect(candidacySteps(s)).toEqual([]);
  });
  it("skips no step: no admission without a recorded trial, no record without a schedule", () => {
    expect(nextCandidacyStatus("applied", "admit")).toBeNull();
    expect(nextCandidacyStatus("trial_scheduled", "admit")).toBeNull();
    expect(nextCandidacyStatus("applied", "recordTrial")).toBeNull();
    expect(nextCandidacyStatus("trial_recorded", "recordTrial")).toBeNull();
    expect(nextCandidacyStatus("trial_recorded", "scheduleTrial")).toBeNull();
  });
});

describe("pool state machine", () => {
  it("active ↔ suspended → retired, retired is final", () => {
    expect(nextPoolStatus("active", "suspend")).toBe("suspended");
    expect(nextPoolStatus("suspended", "reinstate")).toBe("active");
    expect(nextPoolStatus("active", "retire")).toBe("retired");
    expect(nextPoolStatus("suspended", "retire")).toBe("retired");
    expect(nextPoolStatus("active", "reinstate")).toBeNull();
    expect(nextPoolStatus("suspended", "suspend")).toBeNull();
    expect(poolSteps("retired")).toEqual([]);
  });
  it("the lecturer role follows the status", () => {
    expect(holdsLecturerRole("active")).toBe(true);
    expect(holdsLecturerRole("suspended")).toBe(false);
    expect(holdsLecturerRole("retired")).toBe(false);
  });
});

describe("scores", () => {
  it("averages in tenths, rounded half up", () => {
    expect(averageTenths([80, 85, 86])).toBe(837);
    expect(averageTenths([90, 91])).toBe(905);
    expect(averageTenths([100, 100, 100])).toBe(1000);
    expect(averageTenths([70, 71, 71])).toBe(707);
    expect(averageTenths([])).toBeNull();
  });
  it("admits only a recorded trial at or above the threshold", () => {
    expect(mayAdmit("trial_recorded", 750)).toEqual({ ok: true });
    expect(mayAdmit("trial_recorded", 749)).toMatchObject({ ok: false, code: "belowThreshold" });
    expect(mayAdmit("trial_scheduled", 900)).toMatchObject({ ok: false, code: "notRecorded" });
    expect(mayAdmit("trial_recorded", 600, 60)).toEqual({ ok: true });
  });
  it("reads the panel rows: empty rows left out, each judge named and scored 0–100, at least three", () => {
    const rows = (n: string[], s: string[]) => ({
      judgeName: n,
      judgeRole: n.map((x) => (x ? "评委" : "")),
      score: s,
      comment: n.map(() => ""),
    });
    const ok = parseTrialScores(rows(["甲", "乙", "丙", ""], ["80", "85", "86", ""]));
    expect(ok).toMatchObject({ ok: true });
    expect(ok.ok && ok.judges.map((j) => j.score)).toEqual([80, 85, 86]);
    expect(parseTrialScores(rows(["甲", "乙", "丙"], ["80", "101", "86"]))).toEqual({
      ok: false,
      errors: { "score-1": "lecturers.form.scoreInvalid" },
    });
    expect(parseTrialScores(rows(["甲", "", "丙"], ["80", "90", "8.5"]))).toMatchObject({
      ok: false,
      errors: { "judgeName-1": "form.required", "score-2": "lecturers.form.scoreInvalid" },
    });
    expect(parseTrialScores(rows(["甲", "乙"], ["80", "90"]))).toEqual({ ok: false, errors: { _form: "lecturers.form.panelTooSmall" } });
    expect(
      parseTrialScores({ judgeName: ["甲\u0000", "乙", "丙"], judgeRole: ["", "", ""], score: ["80", "80", "80"], comment: ["", "", ""] }),
    ).toEqual({ ok: false, errors: { "judgeName-0": "form.text.unstorable" } });
  });
});

describe("who may act", () => {
  it("the county admin of the county, never about themselves", () => {
    expect(mayManage([1], false, 10, { countyId: 1, subjectId: 11 })).toBe("ok");
    expect(mayManage([1], false, 10, { countyId: 2, subjectId: 11 })).toBe("outOfScope");
    expect(mayManage([1], false, 10, { countyId: 1, subjectId: 10 })).toBe("self");
    expect(mayManage([], true, 10, { countyId: 1, subjectId: 10 })).toBe("self");
  });
  it("towns of the county read the pool", () => {
    expect(mayReadPool([1], false, 1)).toBe(true);
    expect(mayReadPool([1], false, 2)).toBe(false);
  });
});

describe("forms", () => {
  const profile = {
    areas: ["party_history", "party_history", "rule_of_law"],
    title: "副教授",
    employer: "县委党校",
    bio: "长期从事党史教学研究工作。",
    sampleOutline: "一、红色家风；二、党史中的家书。",
  };
  it("takes several areas, once each", () => {
    const parsed = profileSchema.parse(profile);
    expect(parsed.areas).toEqual(["party_history", "rule_of_law"]);
    expect(profileSchema.safeParse({ ...profile, areas: [] }).success).toBe(false);
    expect(profileSchema.safeParse({ ...profile, areas: ["astrology"] }).success).toBe(false);
    expect(profileSchema.safeParse({ ...profile, bio: "短\u0000" }).success).toBe(false);
  });
  it("a recommendation needs the unit and its statement", () => {
    const base = { ...profile, phone: "13800000024" };
    expect(nominationSchema.safeParse({ ...base, route: "invitation" }).success).toBe(true);
    const r = nominationSchema.safeParse({ ...base, route: "recommendation", organizationId: "", recommendation: "" });
    expect(r.success).toBe(false);
    expect(
      nominationSchema.safeParse({
        ...base,
        route: "recommendation",
        organizationId: "3",
        recommendation: "该同志理论功底扎实，宣讲经验丰富。",
      }).success,
    ).toBe(true);
  });
  it("a rejection needs a reason", () => {
    expect(decisionSchema.safeParse({ decision: "reject", reason: "" }).success).toBe(false);
    expect(decisionSchema.safeParse({ decision: "admit", reason: "" }).success).toBe(true);
  });
});

describe("yearly activity", () => {
  it("counts assignments this year and last by the class date", () => {
    expect(yearlyActivity(["2026-03-01", "2026-11-30", "2025-06-01", "2024-01-01"], 2026)).toEqual({ thisYear: 2, lastYear: 1 });
  });
});
