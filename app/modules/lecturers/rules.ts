import { z } from "zod";
import { CANDIDACY_STATUSES, LECTURER_AREAS, LECTURER_ROUTES, POOL_STATUSES } from "#db/schema/lecturers";
import { text } from "../text";

/**
 * 师资库 rules (pure; docs/decisions/024): the candidacy and pool state machines, the trial panel's
 * average and the admission threshold, who may act, and the forms' schemas.
 */
export { CANDIDACY_STATUSES, LECTURER_AREAS, LECTURER_ROUTES, POOL_STATUSES };
export type LecturerRoute = (typeof LECTURER_ROUTES)[number];
export type LecturerArea = (typeof LECTURER_AREAS)[number];
export type CandidacyStatus = (typeof CANDIDACY_STATUSES)[number];
export type PoolStatus = (typeof POOL_STATUSES)[number];

/** The average a trial must reach to admit (out of 100). */
export const ADMISSION_THRESHOLD = 75;
/** Panel size of a trial lecture. */
export const PANEL = { min: 3, max: 9 } as const;

// ---------------------------------------------------------------- candidacy state machine

export type CandidacyStep = "scheduleTrial" | "recordTrial" | "admit" | "reject";

const CANDIDACY_MOVES: Record<CandidacyStep, { from: readonly CandidacyStatus[]; to: CandidacyStatus }> = {
  // a scheduled trial may be moved to another day before it is recorded
  scheduleTrial: { from: ["applied", "trial_scheduled"], to: "trial_scheduled" },
  recordTrial: { from: ["trial_scheduled"], to: "trial_recorded" },
  admit: { from: ["trial_recorded"], to: "admitted" },
  reject: { from: ["applied", "trial_scheduled", "trial_recorded"], to: "rejected" },
};

/** The status a step leads to, or null when the step is not allowed from `status`. */
export function nextCandidacyStatus(status: CandidacyStatus, step: CandidacyStep): CandidacyStatus | null {
  const move = CANDIDACY_MOVES[step];
  return move.from.includes(status) ? move.to : null;
}

export function isOpenCandidacy(status: CandidacyStatus): boolean {
  return status === "applied" || status === "trial_scheduled" || status === "trial_recorded";
}

/** The steps the page offers for a candidacy. */
export function candidacySteps(status: CandidacyStatus): CandidacyStep[] {
  return (Object.keys(CANDIDACY_MOVES) as CandidacyStep[]).filter((s) => nextCandidacyStatus(status, s) !== null);
}

// ---------------------------------------------------------------- pool state machine

export type PoolStep = "suspend" | "reinstate" | "retire";

const POOL_MOVES: Record<PoolStep, { from: readonly PoolStatus[]; to: PoolStatus }> = {
  suspend: { from: ["active"], to: "suspended" },
  reinstate: { from: ["suspended"], to: "active" },
  retire: { from: ["active", "suspended"], to: "retired" },
};

export function nextPoolStatus(status: PoolStatus, step: PoolStep): PoolStatus | null {
  const move = POOL_MOVES[step];
  return move.from.includes(status) ? move.to : null;
}

export function poolSteps(status: PoolStatus): PoolStep[] {
  return (Object.keys(POOL_MOVES) as PoolStep[]).filter((s) => nextPoolStatus(status, s) !== null);
}

/** Whether the member holds the lecturer role in the county in this status (only while active). */
export function holdsLecturerRole(status: PoolStatus): boolean {
  return status === "active";
}

/** Only an active member may be assigned to a class. */
export function mayBeAssigned(status: PoolStatus): boolean {
  return status === "active";
}

// ---------------------------------------------------------------- scores

/** The panel's average in tenths of a point, rounded half up (80, 85, 86 → 837 = 83.7); null for no scores. */
export function averageTenths(scores: readonly number[]): number | null {
  if (!scores.length) return null;
  const sum = scores.reduce((a, b) => a + b, 0);
  return Math.floor((sum * 10) / scores.length + 0.5);
}

export type AdmitCheck =
  { ok: true } | { ok: false; code: "notRecorded" | "belowThreshold"; averageTenths: number | null; threshold: number };

/** Whether a candidacy may be admitted: its trial is recorded and the average reaches the threshold. */
export function mayAdmit(status: CandidacyStatus, average: number | null, threshold = ADMISSION_THRESHOLD): AdmitCheck {
  if (status !== "trial_recorded" || average === null) return { ok: false, code: "notRecorded", averageTenths: average, threshold };
  if (average < threshold * 10) return { ok: false, code: "belowThreshold", averageTenths: average, threshold };
  return { ok: true };
}

// ---------------------------------------------------------------- who may act

export type ActCheck = "ok" | "outOfScope" | "self";

/**
 * Whether an actor may manage (schedule, record, decide, suspend, assign) a candidacy or member of
 * `countyId` about `subjectId`: a county admin of that county, never about themselves.
 */
export function mayManage(
  manageCountyIds: readonly number[],
  all: boolean,
  actorId: number,
  target: { countyId: number; subjectId: number },
): ActCheck {
  if (!all && !manageCountyIds.includes(target.countyId)) return "outOfScope";
  if (actorId === target.subjectId) return "self";
  return "ok";
}

/** Whether an actor may read a county's pool: its county admins, and the officers of its towns. */
export function mayReadPool(readCountyIds: readonly number[], all: boolean, countyId: number): boolean {
  return all || readCountyIds.includes(countyId);
}

// ---------------------------------------------------------------- forms

const areasField = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v ? [v] : []))
  .pipe(
    z
      .array(z.enum(LECTURER_AREAS, { message: "form.invalid" }))
      .min(1, "lecturers.form.areasRequired")
      .max(LECTURER_AREAS.length),
  )
  .transform((v) => [...new Set(v)]);

/** The profile and sample every route in shares. */
export const profileSchema = z.object({
  areas: areasField,
  title: text().trim().min(1, "form.required").max(60, "form.tooLong"),
  employer: text().trim().min(1, "form.required").max(100, "form.tooLong"),
  bio: text().trim().min(10, "lecturers.form.bioShort").max(2000, "form.tooLong"),
  sampleOutline: text().trim().min(10, "lecturers.form.outlineShort").max(4000, "form.tooLong"),
});
export type ProfileInput = z.output<typeof profileSchema>;

/** 邀请 / 单位推荐 by the county admin: the person (by phone), and for a recommendation the unit and its statement. */
export const nominationSchema = profileSchema
  .extend({
    route: z.enum(["invitation", "recommendation"], { message: "form.choose" }),
    phone: text()
      .trim()
      .regex(/^1\d{10}$/, "lecturers.form.phoneInvalid"),
    organizationId: z
      .union([z.literal(""), z.coerce.number().int().positive()])
      .optional()
      .transform((v) => (v === "" || v === undefined ? null : v)),
    recommendation: text().trim().max(2000, "form.tooLong").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.route === "recommendation" && v.organizationId === null)
      ctx.addIssue({ code: "custom", path: ["organizationId"], message: "lecturers.form.orgRequired" });
    if (v.route === "recommendation" && v.recommendation.length < 10)
      ctx.addIssue({ code: "custom", path: ["recommendation"], message: "lecturers.form.statementShort" });
  });
export type NominationInput = z.output<typeof nominationSchema>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "form.invalid")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "form.invalid");

export const scheduleTrialSchema = z.object({
  trialOn: isoDate,
  trialTopic: text().trim().min(2, "form.required").max(100, "form.tooLong"),
});

/**
 * The trial record: judges as parallel fields judgeName/judgeRole/score/comment (the form has
 * PANEL.max rows; empty rows are left out). Each judge named, scored 0–100 as a whole number.
 */
export function parseTrialScores(form: {
  judgeName: string[];
  judgeRole: string[];
  score: string[];
  comment: string[];
}):
  | { ok: true; judges: { judgeName: string; judgeRole: string; score: number; comment: string }[] }
  | { ok: false; errors: Record<string, string> } {
  const judge = z.object({
    judgeName: text().trim().min(1, "form.required").max(40, "form.tooLong"),
    judgeRole: text().trim().max(40, "form.tooLong"),
    score: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, "lecturers.form.scoreInvalid")
      .transform(Number)
      .refine((n) => n <= 100, "lecturers.form.scoreInvalid"),
    comment: text().trim().max(500, "form.tooLong"),
  });
  const judges: { judgeName: string; judgeRole: string; score: number; comment: string }[] = [];
  const errors: Record<string, string> = {};
  const rows = Math.max(form.judgeName.length, form.score.length);
  for (let i = 0; i < rows; i++) {
    const row = {
      judgeName: form.judgeName[i] ?? "",
      judgeRole: form.judgeRole[i] ?? "",
      score: form.score[i] ?? "",
      comment: form.comment[i] ?? "",
    };
    if (!row.judgeName.trim() && !row.score.trim() && !row.judgeRole.trim() && !row.comment.trim()) continue;
    const parsed = judge.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors[`${String(issue.path[0])}-${i}`] = issue.message;
    } else judges.push(parsed.data);
  }
  if (!Object.keys(errors).length && judges.length < PANEL.min) errors._form = "lecturers.form.panelTooSmall";
  if (judges.length > PANEL.max) errors._form = "lecturers.form.panelTooLarge";
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, judges };
}

export const decisionSchema = z
  .object({
    decision: z.enum(["admit", "reject"], { message: "form.choose" }),
    reason: text().trim().max(1000, "form.tooLong").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "reject" && v.reason.length < 2)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "lecturers.form.reasonRequired" });
  });

export const poolStepSchema = z.object({
  step: z.enum(["suspend", "reinstate", "retire"], { message: "form.choose" }),
  reason: text().trim().min(2, "lecturers.form.reasonRequired").max(1000, "form.tooLong"),
});

export const assignSchema = z.object({
  offlineClassId: z.coerce.number({ message: "form.choose" }).int().positive("form.choose"),
  topic: text().trim().max(100, "form.tooLong").default(""),
});

// ---------------------------------------------------------------- activity

/** Yearly activity: assignments in `year` and the year before (by the class's date). */
export function yearlyActivity(classDates: readonly string[], year: number): { thisYear: number; lastYear: number } {
  let thisYear = 0;
  let lastYear = 0;
  for (const d of classDates) {
    const y = Number(d.slice(0, 4));
    if (y === year) thisYear++;
    else if (y === year - 1) lastYear++;
  }
  return { thisYear, lastYear };
}
