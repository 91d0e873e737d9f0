import type { PARTY_POSTS, PARTY_STATUSES } from "../accounts/enums";

export type PartyStatus = (typeof PARTY_STATUSES)[number];
export type PartyPost = (typeof PARTY_POSTS)[number];
export type OrganizationType = "enterprise" | "social";
export type ApplicationStatus = "pending" | "approved" | "rejected";

/** Posts that qualify (DESIGN §3): 书记, 副书记, 委员, 专职党务工作者. */
export const ELIGIBLE_POSTS: readonly PartyPost[] = ["secretary", "deputy_secretary", "committee_member", "full_time_worker"];

export type IneligibleReason =
  | "notFullMember" // 预备党员 may not apply until they become 正式党员
  | "postNotEligible"
  | "notTwoNewOrganization"
  | "applicationPending"
  | "alreadyApproved";

export type Eligibility = { eligible: true } | { eligible: false; reasons: IneligibleReason[] };

/**
 * 申请资格: a formal party member (正式党员) holding a qualifying party post in a 两新 organization,
 * with no application already pending or approved.
 */
export function checkEligibility(input: {
  partyStatus: PartyStatus;
  partyPost: PartyPost;
  organizationType: OrganizationType | string;
  applications: readonly { status: ApplicationStatus }[];
}): Eligibility {
  const reasons: IneligibleReason[] = [];
  if (input.partyStatus !== "full") reasons.push("notFullMember");
  if (!ELIGIBLE_POSTS.includes(input.partyPost)) reasons.push("postNotEligible");
  if (input.organizationType !== "enterprise" && input.organizationType !== "social") reasons.push("notTwoNewOrganization");
  if (input.applications.some((a) => a.status === "approved")) reasons.push("alreadyApproved");
  else if (input.applications.some((a) => a.status === "pending")) reasons.push("applicationPending");
  return reasons.length ? { eligible: false, reasons } : { eligible: true };
}

/** A reviewer's decision: rejecting needs a reason a candidate can act on. */
export function checkDecision(input: {
  currentStatus: ApplicationStatus;
  decision: "approve" | "reject";
  reason: string;
}): { ok: true } | { ok: false; problem: "alreadyDecided" | "reasonRequired" } {
  if (input.currentStatus !== "pending") return { ok: false, problem: "alreadyDecided" };
  if (input.decision === "reject" && input.reason.trim().length < 2) return { ok: false, problem: "reasonRequired" };
  return { ok: true };
}

/**
 * What the 申请认证 page shows in place of the form: the form when the person may apply; their
 * pending or approved application when that is why they may not (not a refusal, just where they
 * stand); otherwise the reasons they cannot apply.
 */
export type ApplyView<A> =
  | { kind: "form" }
  | { kind: "pending"; application: A }
  | { kind: "approved"; application: A }
  | { kind: "refused"; reasons: IneligibleReason[] };

export function applyView<A extends { status: ApplicationStatus }>(eligibility: Eligibility, applications: readonly A[]): ApplyView<A> {
  if (eligibility.eligible) return { kind: "form" };
  const approved = applications.find((a) => a.status === "approved");
  if (eligibility.reasons.includes("alreadyApproved") && approved) return { kind: "approved", application: approved };
  const pending = applications.find((a) => a.status === "pending");
  if (eligibility.reasons.includes("applicationPending") && pending) return { kind: "pending", application: pending };
  return { kind: "refused", reasons: eligibility.reasons };
}
