import { describe, expect, it } from "vitest";
import { applyView, checkDecision, checkEligibility } from "./eligibility";

const base = { partyStatus: "full", partyPost: "secretary", organizationType: "enterprise", applications: [] } as const;

describe("navigator eligibility (申请资格)", () => {
  it.each(["secretary", "deputy_secretary", "committee_member", "full_time_worker"] as const)(
    "a formal member who is %s may apply",
    (partyPost) => {
      expect(checkEligibility({ ...base, partyPost })).toEqual({ eligible: true });
    },
  );

  it("a social organization qualifies like an enterprise", () => {
    expect(checkEligibility({ ...base, organizationType: "social" })).toEqual({ eligible: true });
  });

  it("a probationary member (预备党员) may not apply", () => {
    expect(checkEligibility({ ...base, partyStatus: "probationary" })).toEqual({ eligible: false, reasons: ["notFullMember"] });
  });

  it("an ordinary member without a party post may not apply", () => {
    expect(checkEligibility({ ...base, partyPost: "other" })).toEqual({ eligible: false, reasons: ["postNotEligible"] });
  });

  it("reports every reason at once", () => {
    expect(checkEligibility({ ...base, partyStatus: "probationary", partyPost: "other", organizationType: "government" })).toEqual({
      eligible: false,
      reasons: ["notFullMember", "postNotEligible", "notTwoNewOrganization"],
    });
  });

  it("a pending or approved application blocks another; a rejected one does not", () => {
    expect(checkEligibility({ ...base, applications: [{ status: "pending" }] })).toEqual({
      eligible: false,
      reasons: ["applicationPending"],
    });
    expect(checkEligibility({ ...base, applications: [{ status: "rejected" }, { status: "approved" }] })).toEqual({
      eligible: false,
      reasons: ["alreadyApproved"],
    });
    expect(checkEligibility({ ...base, applications: [{ status: "rejected" }] })).toEqual({ eligible: true });
  });
});

describe("application decisions", () => {
  it("approves a pending application without a reason", () => {
    expect(checkDecision({ currentStatus: "pending", decision: "approve", reason: "" })).toEqual({ ok: true });
  });
  it("needs a reason to reject", () => {
    expect(checkDecision({ currentStatus: "pending", decision: "reject", reason: " " })).toEqual({ ok: false, problem: "reasonRequired" });
    expect(checkDecision({ currentStatus: "pending", decision: "reject", reason: "党内职务不符" })).toEqual({ ok: true });
  });
  it("cannot decide twice", () => {
    expect(checkDecision({ currentStatus: "approved", decision: "reject", reason: "x y" })).toEqual({
      ok: false,
      problem: "alreadyDecided",
    });
  });
});

describe("the 申请认证 page after applying", () => {
  const facts = { partyStatus: "full" as const, partyPost: "secretary" as const, organizationType: "enterprise" };
  it("shows the pending application, not a refusal", () => {
    const applications = [
      { id: 2, status: "pending" as const },
      { id: 1, status: "rejected" as const },
    ];
    expect(applyView(checkEligibility({ ...facts, applications }), applications)).toEqual({
      kind: "pending",
      application: applications[0],
    });
  });
  it("shows the approved application once approved", () => {
    const applications = [{ id: 1, status: "approved" as const }];
    expect(applyView(checkEligibility({ ...facts, applications }), applications)).toEqual({
      kind: "approved",
      application: applications[0],
    });
  });
  it("the form when the person may apply, the reasons when they may not", () => {
    expect(applyView(checkEligibility({ ...facts, applications: [] }), [])).toEqual({ kind: "form" });
    expect(applyView(checkEligibility({ ...facts, partyStatus: "probationary", applications: [] }), [])).toEqual({
      kind: "refused",
      reasons: ["notFullMember"],
    });
  });
});
