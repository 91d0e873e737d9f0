import type { ExamKind } from "./types";

/**
 * Whether a candidate may start an exam in a sitting now, and if not, every reason why (the page
 * lists them all, e.g. "学时 20.5/32" and "场次尚未开始" together). Pure.
 *
 * Rules:
 * - Scope: the candidate belongs to the exam's county and, for a town sitting, to that town.
 * - Exam and sitting are published; the sitting is open (opensAt ≤ now < closesAt) and not full.
 * - Attempts used < attempts allowed.
 * - Prerequisites by kind (PREREQUISITES): a certification exam (认证考试) needs an approved
 *   navigator application (DESIGN §3: the application is verified "before the person may sit a
 *   certification exam") and the year's 学时 minimum. The annual test (年度测试) needs an approved
 *   application too (it is the yearly test of navigators and applicants), and — DESIGN §3: "A
 *   candidate may start a certification exam or the annual test only with at least 32 学时
 *   credited in the current year" — the 学时 minimum as well.
 * - An attempt already in progress is never blocked except by scope: the candidate resumes it
 *   (its deadline stands), even if the sitting has since closed for new starts or filled up.
 */

export const PREREQUISITES: Readonly<Record<ExamKind, { approvedApplication: boolean; hours: boolean }>> = {
  certification: { approvedApplication: true, hours: true },
  annual: { approvedApplication: true, hours: true },
};

export type StartBlocker =
  | { code: "notInScope" }
  | { code: "examNotPublished" }
  | { code: "sittingNotPublished" }
  | { code: "applicationNotApproved" }
  | { code: "hoursShort"; credited: number; required: number }
  | { code: "noAttemptsLeft"; allowed: number }
  | { code: "notOpenYet"; opensAt: Date }
  | { code: "closed"; closesAt: Date }
  | { code: "full"; capacity: number };

export type StartBlockerCode = StartBlocker["code"];

export interface StartInput {
  exam: { kind: ExamKind; status: "draft" | "published" | "archived"; attemptsAllowed: number };
  sitting: {
    status: "draft" | "published" | "cancelled";
    opensAt: Date;
    closesAt: Date;
    capacity: number;
    /** attempts started in this sitting so far (any state) */
    startedCount: number;
    /** null: the whole county */
    townId: number | null;
    /** the exam's county */
    countyId: number;
  };
  person: {
    countyId: number;
    townId: number;
    applicationApproved: boolean;
    /** 学时 credited this training year (decimals allowed) */
    creditedHours: number;
    requiredHours: number;
  };
  attemptsUsed: number;
  hasAttemptInProgress: boolean;
  now: Date;
}

export function startBlockers(input: StartInput): StartBlocker[] {
  const { exam, sitting, person, now } = input;
  const blockers: StartBlocker[] = [];
  if (person.countyId !== sitting.countyId || (sitting.townId != null && sitting.townId !== person.townId)) {
    blockers.push({ code: "notInScope" });
  }
  if (input.hasAttemptInProgress) return blockers;

  if (exam.status !== "published") blockers.push({ code: "examNotPublished" });
  if (sitting.status !== "published") blockers.push({ code: "sittingNotPublished" });
  const needs = PREREQUISITES[exam.kind];
  if (needs.approvedApplication && !person.applicationApproved) blockers.push({ code: "applicationNotApproved" });
  if (needs.hours && person.creditedHours < person.requiredHours) {
    blockers.push({ code: "hoursShort", credited: person.creditedHours, required: person.requiredHours });
  }
  if (input.attemptsUsed >= exam.attemptsAllowed) blockers.push({ code: "noAttemptsLeft", allowed: exam.attemptsAllowed });
  if (now.getTime() < sitting.opensAt.getTime()) blockers.push({ code: "notOpenYet", opensAt: sitting.opensAt });
  if (now.getTime() >= sitting.closesAt.getTime()) blockers.push({ code: "closed", closesAt: sitting.closesAt });
  if (sitting.startedCount >= sitting.capacity) blockers.push({ code: "full", capacity: sitting.capacity });
  return blockers;
}
