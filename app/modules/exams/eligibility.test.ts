import { describe, expect, it } from "vitest";
import { maySitWhileOpen, passSettling, PREREQUISITES, startBlockers, type StartInput } from "./eligibility";

const now = new Date("2026-06-01T02:00:00Z");
const opensAt = new Date("2026-06-01T00:00:00Z");
const closesAt = new Date("2026-06-01T06:00:00Z");

function input(
  overrides: {
    exam?: Partial<StartInput["exam"]>;
    sitting?: Partial<StartInput["sitting"]>;
    person?: Partial<StartInput["person"]>;
    attemptsUsed?: number;
    hasAttemptInProgress?: boolean;
    now?: Date;
  } = {},
): StartInput {
  return {
    exam: { id: 7, kind: "certification", level: "intermediate", status: "published", attemptsAllowed: 2, ...overrides.exam },
    sitting: { status: "published", opensAt, closesAt, capacity: 100, startedCount: 10, townId: null, countyId: 1, ...overrides.sitting },
    person: {
      countyId: 1,
      townId: 11,
      applicationApproved: true,
      creditedHours: 32,
      requiredHours: 32,
      passedCertifications: [],
      ...overrides.person,
    },
    attemptsUsed: overrides.attemptsUsed ?? 0,
    hasAttemptInProgress: overrides.hasAttemptInProgress ?? false,
    now: overrides.now ?? now,
  };
}

describe("startBlockers", () => {
  it("lets a ready candidate start", () => {
    expect(startBlockers(input())).toEqual([]);
    expect(startBlockers(input({ sitting: { townId: 11 } }))).toEqual([]);
  });

  it("keeps candidates of other counties and other towns out", () => {
    expect(startBlockers(input({ person: { countyId: 2 } }))).toEqual([{ code: "notInScope" }]);
    expect(startBlockers(input({ sitting: { townId: 12 } }))).toEqual([{ code: "notInScope" }]);
  });

  it("needs a published exam and sitting", () => {
    expect(startBlockers(input({ exam: { status: "draft" } }))).toEqual([{ code: "examNotPublished" }]);
    expect(startBlockers(input({ exam: { status: "archived" } }))).toEqual([{ code: "examNotPublished" }]);
    expect(startBlockers(input({ sitting: { status: "cancelled" } }))).toEqual([{ code: "sittingNotPublished" }]);
    expect(startBlockers(input({ sitting: { status: "draft" } }))).toEqual([{ code: "sittingNotPublished" }]);
  });

  it("needs an approved application and the year's 学时 (decimals compare exactly)", () => {
    expect(startBlockers(input({ person: { applicationApproved: false } }))).toEqual([{ code: "applicationNotApproved" }]);
    expect(startBlockers(input({ person: { creditedHours: 31.99 } }))).toEqual([{ code: "hoursShort", credited: 31.99, required: 32 }]);
    expect(startBlockers(input({ person: { creditedHours: 32.5 } }))).toEqual([]);
    // the learner's own view carries the minutes as well
    expect(startBlockers(input({ person: { creditedHours: 0, creditedMinutes: 4, requiredMinutes: 1440 } }))).toEqual([
      { code: "hoursShort", credited: 0, required: 32, creditedMinutes: 4, requiredMinutes: 1440 },
    ]);
    expect(startBlockers(input({ person: { creditedHours: 10, requiredHours: 8 } }))).toEqual([]);
  });

  it("applies the same prerequisites to the annual test (DESIGN §3)", () => {
    expect(PREREQUISITES.annual).toEqual({ approvedApplication: true, hours: true });
    expect(startBlockers(input({ exam: { kind: "annual" }, person: { applicationApproved: false, creditedHours: 3 } }))).toEqual([
      { code: "applicationNotApproved" },
      { code: "hoursShort", credited: 3, required: 32 },
    ]);
  });

  it("keeps an annual test that closes a training class to the class's members", () => {
    const annual = { exam: { kind: "annual" as const, level: null } };
    // no class links the exam (or not checked): the other rules only
    expect(startBlockers(input(annual))).toEqual([]);
    expect(startBlockers({ ...input(annual), classTest: null })).toEqual([]);
    expect(startBlockers({ ...input(annual), classTest: { member: true } })).toEqual([]);
    expect(startBlockers({ ...input(annual), classTest: { member: false } })).toEqual([{ code: "notClassMember" }]);
    // listed with every other reason
    expect(
      startBlockers({ ...input({ ...annual, person: { applicationApproved: false } }), classTest: { member: false } }).map((b) => b.code),
    ).toEqual(["notClassMember", "applicationNotApproved"]);
    // a certification exam is never a class's test
    expect(startBlockers({ ...input(), classTest: { member: false } })).toEqual([]);
    // not a reason that lifts while the sitting is open
    expect(maySitWhileOpen({ ...input(annual), classTest: { member: false } }, false)).toBe(false);
  });

  it("counts attempts", () => {
    expect(startBlockers(input({ attemptsUsed: 1 }))).toEqual([]);
    expect(startBlockers(input({ attemptsUsed: 2 }))).toEqual([{ code: "noAttemptsLeft", allowed: 2 }]);
  });

  it("opens at opensAt and closes at closesAt", () => {
    expect(startBlockers(input({ now: new Date(opensAt.getTime() - 1) }))).toEqual([{ code: "notOpenYet", opensAt }]);
    expect(startBlockers(input({ now: opensAt }))).toEqual([]);
    expect(startBlockers(input({ now: new Date(closesAt.getTime() - 1) }))).toEqual([]);
    expect(startBlockers(input({ now: closesAt }))).toEqual([{ code: "closed", closesAt }]);
  });

  it("is full at capacity", () => {
    expect(startBlockers(input({ sitting: { capacity: 11, startedCount: 10 } }))).toEqual([]);
    expect(startBlockers(input({ sitting: { capacity: 10, startedCount: 10 } }))).toEqual([{ code: "full", capacity: 10 }]);
  });

  it("lists every reason at once", () => {
    const blockers = startBlockers(
      input({
        exam: { status: "draft" },
        sitting: { status: "draft", capacity: 1, startedCount: 1 },
        person: { applicationApproved: false, creditedHours: 20.5 },
        attemptsUsed: 2,
        now: new Date(opensAt.getTime() - 60_000),
      }),
    );
    expect(blockers.map((b) => b.code)).toEqual([
      "examNotPublished",
      "sittingNotPublished",
      "applicationNotApproved",
      "hoursShort",
      "noAttemptsLeft",
      "notOpenYet",
      "full",
    ]);
  });

  it("never blocks resuming an attempt in progress, except by scope", () => {
    const late = {
      exam: { status: "archived" as const },
      sitting: { capacity: 1, startedCount: 5 },
      person: { creditedHours: 0 },
      attemptsUsed: 2,
      now: closesAt,
    };
    expect(startBlockers(input({ ...late, hasAttemptInProgress: true }))).toEqual([]);
    expect(startBlockers(input({ ...late, hasAttemptInProgress: true, person: { countyId: 9 } }))).toEqual([{ code: "notInScope" }]);
  });

  it("refuses another attempt at a certification exam once passed, naming the level passed", () => {
    // passed this exam: "已考 1 / 2 次" is not an invitation to sit it again
    expect(startBlockers(input({ attemptsUsed: 1, person: { passedCertifications: [{ examId: 7, level: "intermediate" }] } }))).toEqual([
      { code: "alreadyPassed", level: "intermediate" },
    ]);
    // the pass is the reason, not the attempts used
    expect(startBlockers(input({ attemptsUsed: 2, person: { passedCertifications: [{ examId: 7, level: "intermediate" }] } }))).toEqual([
      { code: "alreadyPassed", level: "intermediate" },
    ]);
    // another exam of the same or a higher level settles it too; a lower level does not
    expect(startBlockers(input({ person: { passedCertifications: [{ examId: 3, level: "intermediate" }] } }))).toEqual([
      { code: "alreadyPassed", level: "intermediate" },
    ]);
    expect(startBlockers(input({ person: { passedCertifications: [{ examId: 3, level: "senior" }] } }))).toEqual([
      { code: "alreadyPassed", level: "senior" },
    ]);
    expect(startBlockers(input({ person: { passedCertifications: [{ examId: 3, level: "junior" }] } }))).toEqual([]);
    // without a level only the exam itself counts
    expect(startBlockers(input({ exam: { level: null }, person: { passedCertifications: [{ examId: 3, level: "senior" }] } }))).toEqual([]);
    expect(startBlockers(input({ exam: { level: null }, person: { passedCertifications: [{ examId: 7, level: null }] } }))).toEqual([
      { code: "alreadyPassed", level: null },
    ]);
    // the annual test follows its own rule
    expect(
      startBlockers(input({ exam: { kind: "annual", level: null }, person: { passedCertifications: [{ examId: 7, level: null }] } })),
    ).toEqual([]);
    // an attempt in progress is still resumed
    expect(
      startBlockers(input({ hasAttemptInProgress: true, person: { passedCertifications: [{ examId: 7, level: "intermediate" }] } })),
    ).toEqual([]);
  });

  it("names the highest level that settles the exam", () => {
    const exam = { id: 7, kind: "certification" as const, level: "junior" as const };
    expect(
      passSettling(exam, [
        { examId: 3, level: "junior" },
        { examId: 4, level: "senior" },
        { examId: 5, level: "intermediate" },
      ]),
    ).toEqual({ examId: 4, level: "senior" });
    expect(passSettling(exam, [])).toBeNull();
  });
});

describe("maySitWhileOpen (the grader's conflict of interest)", () => {
  it("is true while only time, a seat or 学时 stand in the way", () => {
    expect(maySitWhileOpen(input(), false)).toBe(true);
    expect(
      maySitWhileOpen(
        input({ now: new Date(opensAt.getTime() - 60_000), person: { creditedHours: 3 }, sitting: { capacity: 1, startedCount: 1 } }),
        false,
      ),
    ).toBe(true);
    expect(maySitWhileOpen(input({ hasAttemptInProgress: true, now: closesAt }), false)).toBe(true);
  });

  it("counts an application under review, not a person who never applied", () => {
    expect(maySitWhileOpen(input({ person: { applicationApproved: false } }), true)).toBe(true);
    expect(maySitWhileOpen(input({ person: { applicationApproved: false } }), false)).toBe(false);
  });

  it("is false once the sitting closed, the attempts are used, the exam is passed, or outside the person's county", () => {
    expect(maySitWhileOpen(input({ now: closesAt }), false)).toBe(false);
    expect(maySitWhileOpen(input({ attemptsUsed: 2 }), false)).toBe(false);
    expect(maySitWhileOpen(input({ person: { passedCertifications: [{ examId: 7, level: "intermediate" }] } }), false)).toBe(false);
    expect(maySitWhileOpen(input({ person: { countyId: 2 } }), false)).toBe(false);
    expect(maySitWhileOpen(input({ sitting: { status: "cancelled" } }), false)).toBe(false);
  });
});

describe("startBlockers: the level rule (certificates/level-rule.ts)", () => {
  const rules = { minFullYearsHeld: 1, minAssessment: "good" as const };
  it("lists the level reasons with every other reason", () => {
    const blockers = startBlockers(input({ person: { creditedHours: 10, levelFacts: { current: null, lastAssessment: null, rules } } }));
    expect(blockers.map((b) => b.code)).toEqual(["hoursShort", "lowerLevelRequired", "notAssessed"]);
  });

  it("lets a junior navigator held a full year and assessed 良好 sit the intermediate exam", () => {
    const levelFacts = {
      current: { level: "junior" as const, status: "valid" as const, issuedAt: new Date("2024-05-01T00:00:00Z") },
      lastAssessment: "good" as const,
      rules,
    };
    expect(startBlockers(input({ person: { levelFacts } }))).toEqual([]);
    expect(startBlockers(input({ person: { levelFacts: { ...levelFacts, lastAssessment: "average" } } }))).toEqual([
      { code: "assessmentTooLow", grade: "average", minimum: "good" },
    ]);
  });

  it("keeps a junior exam closed to someone holding a certificate already; annual tests have no level rule", () => {
    const levelFacts = {
      current: { level: "junior" as const, status: "valid" as const, issuedAt: new Date("2026-01-10T00:00:00Z") },
      lastAssessment: null,
      rules,
    };
    expect(startBlockers(input({ exam: { level: "junior" }, person: { levelFacts } }))).toEqual([{ code: "levelHeld", level: "junior" }]);
    expect(startBlockers(input({ exam: { kind: "annual", level: null }, person: { levelFacts } }))).toEqual([]);
  });
});
