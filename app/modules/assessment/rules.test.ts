import { describe, expect, it } from "vitest";
import { LEVELS } from "../exams/types";
import {
  ASSESSMENT_GRADES,
  correctionChange,
  gradeCounts,
  levelChange,
  planApply,
  planKey,
  proposalProblems,
  roundAllows,
  type RoundMember,
} from "./rules";

describe("levelChange: every grade × level", () => {
  const expected = {
    excellent: { junior: "junior", intermediate: "intermediate", senior: "senior" },
    good: { junior: "junior", intermediate: "intermediate", senior: "senior" },
    average: { junior: "revoked", intermediate: "junior", senior: "intermediate" },
    poor: { junior: "revoked", intermediate: "junior", senior: "intermediate" },
  } as const;
  for (const grade of ASSESSMENT_GRADES) {
    for (const level of LEVELS) {
      it(`${grade} × ${level} → ${expected[grade][level]}`, () => {
        const change = levelChange(grade, level);
        const after = change.kind === "unchanged" ? change.level : change.kind === "downgraded" ? change.to : "revoked";
        expect(after).toBe(expected[grade][level]);
        if (change.kind === "downgraded") expect(change.from).toBe(level);
      });
    }
  }
});

describe("proposalProblems", () => {
  it("needs a basis, and a written reason for 良好 or better without the year's 学时", () => {
    expect(proposalProblems({ grade: "good", basis: "  ", reason: null, metHours: true })).toEqual(["basisRequired"]);
    expect(proposalProblems({ grade: "good", basis: "按时参加活动", reason: null, metHours: false })).toEqual(["hoursReasonRequired"]);
    expect(proposalProblems({ grade: "excellent", basis: "按时参加活动", reason: " ", metHours: false })).toEqual(["hoursReasonRequired"]);
    expect(proposalProblems({ grade: "good", basis: "按时参加活动", reason: "病假三个月，经镇党委同意", metHours: false })).toEqual([]);
    expect(proposalProblems({ grade: "average", basis: "学时不足", reason: null, metHours: false })).toEqual([]);
    expect(proposalProblems({ grade: "poor", basis: "学时不足", reason: null, metHours: false })).toEqual([]);
  });
  it("counts code points for the length limits", () => {
    expect(proposalProblems({ grade: "good", basis: "好".repeat(500), reason: null, metHours: true })).toEqual([]);
    expect(proposalProblems({ grade: "good", basis: "好".repeat(501), reason: null, metHours: true })).toEqual(["basisTooLong"]);
    expect(proposalProblems({ grade: "good", basis: "好", reason: "因".repeat(501), metHours: true })).toEqual(["reasonTooLong"]);
  });
});

describe("the round's states", () => {
  it("takes proposals, changes and one apply while open; only corrections once applied", () => {
    expect(["propose", "change", "apply", "correct"].filter((a) => roundAllows("open", a as never))).toEqual([
      "propose",
      "change",
      "apply",
    ]);
    expect(["propose", "change", "apply", "correct"].filter((a) => roundAllows("applied", a as never))).toEqual(["correct"]);
  });
});

describe("planApply", () => {
  const members: RoundMember[] = [
    { userId: 3, townId: 2, level: "senior" },
    { userId: 1, townId: 1, level: "junior" },
    { userId: 2, townId: 1, level: "intermediate" },
    { userId: 4, townId: 2, level: "junior" },
  ];
  it("lists every consequence and the members without a proposal", () => {
    const grades = new Map([
      [1, "poor"],
      [2, "average"],
      [3, "good"],
      [9, "poor"],
    ] as const);
    const plan = planApply(members, grades, false);
    expect(plan.outcomes.map((o) => [o.userId, o.change.kind])).toEqual([
      [1, "revoked"],
      [2, "downgraded"],
      [3, "unchanged"],
      [4, "unassessed"],
    ]);
    expect(plan.missing.map((m) => m.userId)).toEqual([4]);
    expect(plan.ignored).toEqual([9]);
    expect(plan.counts).toEqual({ unchanged: 1, downgraded: 1, revoked: 1, unassessed: 1 });
    expect(plan.blocked).toBe(true);
    expect(planApply(members, grades, true).blocked).toBe(false);
  });
  it("is not blocked when everyone has a grade", () => {
    const grades = new Map([
      [1, "good"],
      [2, "good"],
      [3, "good"],
      [4, "excellent"],
    ] as const);
    expect(planApply(members, grades, false)).toMatchObject({
      blocked: false,
      missing: [],
      counts: { unchanged: 4, downgraded: 0, revoked: 0, unassessed: 0 },
    });
  });
  it("counts grades by town and in all", () => {
    const counts = gradeCounts(
      members,
      new Map([
        [1, "poor"],
        [3, "good"],
      ] as const),
    );
    expect(counts.get("all")).toEqual({ excellent: 0, good: 1, average: 0, poor: 1, missing: 2 });
    expect(counts.get(1)).toEqual({ excellent: 0, good: 0, average: 0, poor: 1, missing: 1 });
  });
});

describe("correctionChange", () => {
  it("restores the level held before the round when the corrected grade does not lower it", () => {
    expect(correctionChange({ levelBefore: "intermediate", levelNow: "junior", grade: "good" })).toEqual({
      kind: "issue",
      level: "intermediate",
      replaces: "junior",
    });
    expect(correctionChange({ levelBefore: "junior", levelNow: null, grade: "good" })).toEqual({
      kind: "issue",
      level: "junior",
      replaces: null,
    });
  });
  it("lowers the level when the corrected grade lowers it, and does nothing when the level is already right", () => {
    expect(correctionChange({ levelBefore: "senior", levelNow: "senior", grade: "poor" })).toEqual({
      kind: "issue",
      level: "intermediate",
      replaces: "senior",
    });
    expect(correctionChange({ levelBefore: "junior", levelNow: "junior", grade: "average" })).toEqual({ kind: "revoke", level: "junior" });
    expect(correctionChange({ levelBefore: "intermediate", levelNow: "junior", grade: "poor" })).toEqual({ kind: "none" });
    expect(correctionChange({ levelBefore: "junior", levelNow: null, grade: "poor" })).toEqual({ kind: "none" });
  });
});

describe("planKey", () => {
  const members: RoundMember[] = [
    { userId: 2, townId: 1, level: "senior" },
    { userId: 1, townId: 2, level: "junior" },
  ];
  it("names who, which grade and what happens, whatever the order; any change of grade or level changes it", () => {
    const key = planKey(
      planApply(
        members,
        new Map([
          [2, "average"],
          [1, "good"],
        ]),
        true,
      ),
    );
    expect(key).toBe("1:good:unchanged:junior;2:average:downgraded:senior>intermediate");
    expect(
      planKey(
        planApply(
          [...members].reverse(),
          new Map([
            [1, "good"],
            [2, "average"],
          ]),
          true,
        ),
      ),
    ).toBe(key);
    expect(
      planKey(
        planApply(
          members,
          new Map([
            [2, "poor"],
            [1, "good"],
          ]),
          true,
        ),
      ),
    ).not.toBe(key);
    expect(planKey(planApply(members, new Map([[2, "average"]]), true))).toBe(
      "1:-:unassessed:junior;2:average:downgraded:senior>intermediate",
    );
    expect(
      planKey(
        planApply(
          [{ ...members[0], level: "intermediate" }, members[1]],
          new Map([
            [2, "average"],
            [1, "good"],
          ]),
          true,
        ),
      ),
    ).not.toBe(key);
  });
});
