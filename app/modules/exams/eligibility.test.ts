import { describe, expect, it } from "vitest";
import { PREREQUISITES, startBlockers, type StartInput } from "./eligibility";

const now = new Date("2026-06-01T02:00:00Z");
const opensAt = new Date("2026-06-01T00:00:00Z");
const closesAt = new Date("2026-06-01T06:00:00Z");

function input(overrides: {
  exam?: Partial<StartInput["exam"]>;
  sitting?: Partial<StartInput["sitting"]>;
  person?: Partial<StartInput["person"]>;
  attemptsUsed?: number;
  hasAttemptInProgress?: boolean;
  now?: Date;
} = {}): StartInput {
  return {
    exam: { kind: "certification", status: "published", attemptsAllowed: 2, ...overrides.exam },
    sitting: { status: "published", opensAt, closesAt, capacity: 100, startedCount: 10, townId: null, countyId: 1, ...overrides.sitting },
    person: { countyId: 1, townId: 11, applicationApproved: true, creditedHours: 32, requiredHours: 32, ...overrides.person },
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
    expect(startBlockers(input({ person: { creditedHours: 10, requiredHours: 8 } }))).toEqual([]);
  });

  it("applies the same prerequisites to the annual test (DESIGN §3)", () => {
    expect(PREREQUISITES.annual).toEqual({ approvedApplication: true, hours: true });
    expect(startBlockers(input({ exam: { kind: "annual" }, person: { applicationApproved: false, creditedHours: 3 } }))).toEqual([
      { code: "applicationNotApproved" },
      { code: "hoursShort", credited: 3, required: 32 },
    ]);
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
    expect(blockers.map((b) => b.code)).toEqual(["examNotPublished", "sittingNotPublished", "applicationNotApproved", "hoursShort", "noAttemptsLeft", "notOpenYet", "full"]);
  });

  it("never blocks resuming an attempt in progress, except by scope", () => {
    const late = { exam: { status: "archived" as const }, sitting: { capacity: 1, startedCount: 5 }, person: { creditedHours: 0 }, attemptsUsed: 2, now: closesAt };
    expect(startBlockers(input({ ...late, hasAttemptInProgress: true }))).toEqual([]);
    expect(startBlockers(input({ ...late, hasAttemptInProgress: true, person: { countyId: 9 } }))).toEqual([{ code: "notInScope" }]);
  });
});
