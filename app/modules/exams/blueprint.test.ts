import { describe, expect, it } from "vitest";
import type { Area, Difficulty, QuestionType } from "../question-bank/question";
import { allocate, blueprintSchema, blueprintTotals, checkBlueprint } from "./blueprint";
import type { BankEntry, Blueprint, BlueprintSection } from "./types";

function section(overrides: Partial<BlueprintSection> = {}): BlueprintSection {
  return { area: "theory", type: "single", count: 2, pointsTenths: 20, difficultyMin: 1, difficultyMax: 5, ...overrides };
}

let nextId = 1;
function entries(n: number, area: Area, type: QuestionType, difficulty: Difficulty): BankEntry[] {
  return Array.from({ length: n }, () => {
    const id = nextId++;
    return {
      questionId: id,
      versionId: 10_000 + id,
      area,
      type,
      difficulty,
      optionCount: type === "single" || type === "multiple" ? 4 : 0,
    };
  });
}

describe("blueprintSchema", () => {
  it("accepts a well-formed blueprint and keeps its shape", () => {
    const b: Blueprint = {
      sections: [section(), section({ area: "practice", type: "short", count: 1, pointsTenths: 100, difficultyMin: 3, difficultyMax: 3 })],
    };
    expect(blueprintSchema.parse(b)).toEqual(b);
  });

  it("drops unknown keys", () => {
    expect(blueprintSchema.parse({ sections: [{ ...section(), extra: 1 }] })).toEqual({ sections: [section()] });
  });

  const issues = (value: unknown) => {
    const r = blueprintSchema.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
  };

  it("needs 1 to 20 sections", () => {
    expect(issues({ sections: [] })).toEqual([["sections", "examAdmin.blueprint.noSections"]]);
    expect(issues({ sections: Array.from({ length: 21 }, () => section()) })).toEqual([
      ["sections", "examAdmin.blueprint.tooManySections"],
    ]);
    expect(issues({ sections: Array.from({ length: 20 }, () => section()) })).toEqual([]);
  });

  it("bounds count (1–200) and points (0.1–100 points)", () => {
    expect(issues({ sections: [section({ count: 0 })] })).toEqual([["sections.0.count", "examAdmin.blueprint.countRange"]]);
    expect(issues({ sections: [section({ count: 201 })] })).toEqual([["sections.0.count", "examAdmin.blueprint.countRange"]]);
    expect(issues({ sections: [section({ count: 2.5 })] })).toEqual([["sections.0.count", "examAdmin.blueprint.countRange"]]);
    expect(issues({ sections: [section({ count: 200, pointsTenths: 1 })] })).toEqual([]);
    expect(issues({ sections: [section({ pointsTenths: 0 })] })).toEqual([["sections.0.pointsTenths", "examAdmin.blueprint.pointsRange"]]);
    expect(issues({ sections: [section({ pointsTenths: 1001 })] })).toEqual([
      ["sections.0.pointsTenths", "examAdmin.blueprint.pointsRange"],
    ]);
    expect(issues({ sections: [section({ pointsTenths: 1000 })] })).toEqual([]);
  });

  it("checks area, type and the difficulty range", () => {
    expect(issues({ sections: [{ ...section(), area: "history" }] })).toEqual([["sections.0.area", "examAdmin.blueprint.area"]]);
    expect(issues({ sections: [{ ...section(), type: "essay" }] })).toEqual([["sections.0.type", "examAdmin.blueprint.type"]]);
    expect(issues({ sections: [{ ...section(), difficultyMin: 0 }] })).toEqual([
      ["sections.0.difficultyMin", "examAdmin.blueprint.difficultyRange"],
    ]);
    expect(issues({ sections: [{ ...section(), difficultyMax: 6 }] })).toEqual([
      ["sections.0.difficultyMax", "examAdmin.blueprint.difficultyRange"],
    ]);
    expect(issues({ sections: [section({ difficultyMin: 4, difficultyMax: 2 })] })).toEqual([
      ["sections.0.difficultyMax", "examAdmin.blueprint.difficultyOrder"],
    ]);
    expect(issues({ sections: [section({ difficultyMin: 3, difficultyMax: 3 })] })).toEqual([]);
  });
});

describe("blueprintTotals", () => {
  it("adds questions and points in tenths", () => {
    const b: Blueprint = {
      sections: [
        section({ count: 10, pointsTenths: 30 }),
        section({ type: "multiple", area: "basics", count: 5, pointsTenths: 40 }),
        section({ type: "truefalse", area: "practice", count: 10, pointsTenths: 20 }),
        section({ type: "fill", area: "experience", count: 2, pointsTenths: 50 }),
        section({ type: "short", area: "practice", count: 2, pointsTenths: 100 }),
      ],
    };
    expect(blueprintTotals(b)).toEqual({ questions: 29, maxMarkTenths: 1000 });
    expect(blueprintTotals({ sections: [section({ count: 3, pointsTenths: 15 })] })).toEqual({ questions: 3, maxMarkTenths: 45 });
  });
});

describe("checkBlueprint", () => {
  const bank = [
    ...entries(5, "theory", "single", 1),
    ...entries(5, "theory", "single", 3),
    ...entries(3, "basics", "multiple", 2),
    ...entries(4, "practice", "truefalse", 5),
  ];

  it("is empty when every section can be filled", () => {
    expect(checkBlueprint({ sections: [section({ count: 10 }), section({ area: "basics", type: "multiple", count: 3 })] }, bank)).toEqual(
      [],
    );
  });

  it("counts only matching area, type and difficulty", () => {
    expect(checkBlueprint({ sections: [section({ count: 6, difficultyMin: 2, difficultyMax: 5 })] }, bank)).toEqual([
      { section: 0, needed: 6, available: 5 },
    ]);
    expect(checkBlueprint({ sections: [section({ area: "basics", type: "single", count: 1 })] }, bank)).toEqual([
      { section: 0, needed: 1, available: 0 },
    ]);
    expect(
      checkBlueprint({ sections: [section({ area: "practice", type: "truefalse", count: 4, difficultyMin: 1, difficultyMax: 4 })] }, bank),
    ).toEqual([{ section: 0, needed: 4, available: 0 }]);
  });

  it("reports every short section with its index", () => {
    const b = {
      sections: [
        section({ count: 2 }),
        section({ area: "basics", type: "multiple", count: 4 }),
        section({ area: "experience", type: "fill", count: 1 }),
      ],
    };
    expect(checkBlueprint(b, bank)).toEqual([
      { section: 1, needed: 4, available: 3 },
      { section: 2, needed: 1, available: 0 },
    ]);
  });

  it("counts a question once when sections compete for it (the later section is short)", () => {
    const b = { sections: [section({ count: 7 }), section({ count: 5 })] };
    expect(checkBlueprint(b, bank)).toEqual([{ section: 1, needed: 5, available: 3 }]);
  });

  it("finds a fill where a greedy choice would not (overlapping difficulty ranges)", () => {
    // Section 0 takes any difficulty, section 1 only difficulty 1: section 0 must leave the
    // difficulty-1 questions for section 1.
    const b = {
      sections: [section({ count: 5, difficultyMin: 1, difficultyMax: 3 }), section({ count: 5, difficultyMin: 1, difficultyMax: 1 })],
    };
    expect(checkBlueprint(b, bank)).toEqual([]);
    const tooMany = {
      sections: [section({ count: 6, difficultyMin: 1, difficultyMax: 3 }), section({ count: 5, difficultyMin: 1, difficultyMax: 1 })],
    };
    expect(checkBlueprint(tooMany, bank)).toEqual([{ section: 1, needed: 5, available: 4 }]);
  });

  it("counts a question listed twice in the snapshot once", () => {
    const one = entries(1, "experience", "short", 2);
    expect(checkBlueprint({ sections: [section({ area: "experience", type: "short", count: 2 })] }, [...one, ...one])).toEqual([
      { section: 0, needed: 2, available: 1 },
    ]);
  });
});

describe("allocate", () => {
  it("serves sections in order, rerouting earlier ones to make room", () => {
    // classes: 0 (2 questions), 1 (1 question); section 0 takes either, section 1 only class 0.
    expect(allocate([2, 2], [2, 1], [[0, 1], [0]])).toEqual([2, 1]);
    expect(allocate([1, 2], [2, 1], [[0, 1], [0]])).toEqual([1, 2]);
    expect(allocate([3, 1], [2, 1], [[0, 1], [0]])).toEqual([3, 0]);
  });

  it("follows chains of swaps", () => {
    // s0: {0,1}, s1: {1,2}, s2: {0}; supplies 1 each.
    expect(allocate([1, 1, 1], [1, 1, 1], [[0, 1], [1, 2], [0]])).toEqual([1, 1, 1]);
    expect(allocate([0, 0, 0], [1, 1, 1], [[0, 1], [1, 2], [0]])).toEqual([0, 0, 0]);
  });
});
