import { describe, expect, it } from "vitest";
import { planIssuance, type PassedAttempt } from "./plan";

const at = (m: number) => new Date(Date.UTC(2026, 5, 1, 0, m));
const attempt = (attemptId: number, userId: number, level: PassedAttempt["level"], minute = attemptId): PassedAttempt => ({
  attemptId,
  userId,
  level,
  countyId: 1,
  countyCode: "370829",
  releasedAt: at(minute),
  releasedPass: true,
});

describe("planIssuance", () => {
  it("numbers each level from the last sequence, in level, release and attempt order", () => {
    const plan = planIssuance({
      attempts: [attempt(3, 30, "intermediate"), attempt(2, 20, "junior", 9), attempt(1, 10, "junior", 5)],
      current: [],
      issuedAttemptIds: new Set(),
      lastSeq: new Map([["1:2026:junior", 6]]),
      year: 2026,
    });
    expect(plan.map((p) => [p.attemptId, p.outcome === "issue" ? p.number.slice(0, -2) : p.reason])).toEqual([
      [1, "HF370829-2026-1-0007"],
      [2, "HF370829-2026-1-0008"],
      [3, "HF370829-2026-2-0001"],
    ]);
  });

  it("skips what was issued, what is held at that level or higher, and what is not a released pass", () => {
    const plan = planIssuance({
      attempts: [
        attempt(1, 10, "junior"),
        attempt(2, 20, "junior"),
        { ...attempt(3, 30, "junior"), releasedPass: false },
        attempt(4, 40, "junior"),
      ],
      current: [{ id: 9, userId: 20, level: "intermediate", status: "valid", number: "N" }],
      issuedAttemptIds: new Set([1]),
      lastSeq: new Map(),
      year: 2026,
    });
    expect(plan.map((p) => (p.outcome === "issue" ? p.seq : p.reason))).toEqual(["alreadyIssued", "levelHeld", "notReleasedPass", 1]);
  });

  it("a higher level supersedes the current lower certificate; two levels for one person in one batch chain", () => {
    const junior = { id: 9, userId: 10, level: "junior" as const, status: "valid" as const, number: "J" };
    const [one] = planIssuance({
      attempts: [attempt(1, 10, "intermediate")],
      current: [junior],
      issuedAttemptIds: new Set(),
      lastSeq: new Map(),
      year: 2026,
    });
    expect(one).toMatchObject({ outcome: "issue", supersedes: junior });
    const chain = planIssuance({
      attempts: [attempt(2, 50, "senior"), attempt(1, 50, "junior")],
      current: [],
      issuedAttemptIds: new Set(),
      lastSeq: new Map(),
      year: 2026,
    });
    expect(chain.map((p) => (p.outcome === "issue" ? [p.level, p.supersedes?.level ?? null] : p.reason))).toEqual([
      ["junior", null],
      ["senior", "junior"],
    ]);
  });
});
