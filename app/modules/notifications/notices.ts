/**
 * In-app notices (pure): what kinds there are, what parameters each carries, and where each one
 * leads. The words are catalog keys `notifications.<kind>`.
 */

export type NoticeParams = {
  /** an officer's reminder about 学时 (sent in bulk by hours/dashboard.server.ts) */
  hoursReminder: { year: number; required: number; hours: number };
  /** a navigator application was approved; `reason` is the reviewer's 审核意见, if any */
  applicationApproved: { applicationId: number; reason: string | null };
  applicationRejected: { applicationId: number; reason: string | null };
  /** an exam result was released to the candidate */
  resultReleased: { attemptId: number; examTitle: string; passed: boolean };
  /** a released result changed after a correction */
  resultChanged: { attemptId: number; examTitle: string; passed: boolean };
  /** the person's password was changed (every other session ended; decision 016) */
  passwordChanged: Record<string, never>;
  /** a certificate was issued to the person */
  certificateIssued: { certificateId: number; number: string; level: "junior" | "intermediate" | "senior" };
  /** the status of the person's certificate changed (已升级, 暂停, 保留, 撤销, 降级); reason when one was given */
  certificateStatus: {
    certificateId: number;
    number: string;
    status: "valid" | "on_hold" | "superseded" | "downgraded" | "revoked";
    reason: string | null;
  };
  /** 年度考核: the grade of an applied round (or its correction) and what it did to the person's level */
  assessmentResult: {
    roundId: number;
    year: number;
    grade: "excellent" | "good" | "average" | "poor" | null;
    outcome: "unchanged" | "downgraded" | "revoked" | "unassessed" | "restored";
    levelBefore: "junior" | "intermediate" | "senior" | null;
    levelAfter: "junior" | "intermediate" | "senior" | null;
    certificateNumber: string | null;
    newCertificateNumber: string | null;
    reason?: string | null;
    /** a correction: the outcome it corrects */
    correctsOutcomeId?: number;
    outcomeId?: number;
  };
  /** a supervision record (走访考察, 约谈提醒, 通报批评, 通报表扬) about the person was recorded or corrected */
  supervisionRecorded: { recordId: number; kind: string; category: "visit" | "warning" | "praise"; date: string; correction: boolean };
  /** 网上班级 (app/modules/classes): the person is a member of a class that opened (or joined an open one) */
  classOpened: { classId: number; title: string; year: number };
  /** an officer's reminder to a member behind in a class's study or its closing test */
  classReminder: { classId: number; title: string; year: number; hours: string; required: number; test: string };
  /** the class closed; the person's outcome went to their archive */
  classClosed: { classId: number; title: string; year: number; outcome: "completed" | "incomplete"; hours: string };
  /** 师资库: invited or recommended by a unit (the county admin recorded it) */
  lecturerNominated: { candidacyId: number; route: "invitation" | "recommendation" };
  /** 师资库: the trial lecture (试讲) was scheduled */
  lecturerTrialScheduled: { candidacyId: number; trialOn: string; topic: string };
  /** 师资库: admitted or not, with the reason */
  lecturerDecision: { candidacyId: number; decision: "admitted" | "rejected"; reason: string };
  /** 师资库: suspended, reinstated or retired, with the reason */
  lecturerPoolStatus: { memberId: number; status: "active" | "suspended" | "retired"; reason: string };
  /** 师资调配: assigned to teach an offline class */
  lecturerAssigned: { memberId: number; classTitle: string; heldOn: string };
  /** 微党课: the author's revision was published / returned with comments (decision 023) */
  microLessonPublished: { microLessonId: number; title: string; revision: number };
  microLessonReturned: { microLessonId: number; title: string; revision: number };
  /** 优秀微党课评选: the author's lesson was ranked */
  microSelectionResult: { microLessonId: number; title: string; year: number; rank: number | null };
};

export type NoticeKind = keyof NoticeParams;

/** The page a notice leads to, or null (reminders lead to 我的学时). */
export function noticeLink(kind: string, params: unknown): string | null {
  const p = (params ?? {}) as Record<string, unknown>;
  switch (kind) {
    case "hoursReminder":
      return "/hours";
    case "applicationApproved":
    case "applicationRejected":
      return "/apply";
    case "passwordChanged":
      return "/account";
    case "resultReleased":
    case "resultChanged":
      return typeof p.attemptId === "number" ? `/exams/attempts/${p.attemptId}/result` : "/exams";
    case "certificateIssued":
    case "certificateStatus":
    case "assessmentResult":
      return "/certificates";
    case "supervisionRecorded":
      return "/supervision";
    case "classOpened":
    case "classReminder":
    case "classClosed":
      return typeof p.classId === "number" ? `/classes/${p.classId}` : null;
    case "lecturerNominated":
    case "lecturerTrialScheduled":
    case "lecturerDecision":
    case "lecturerPoolStatus":
    case "lecturerAssigned":
      return "/lecturers/apply";
    case "microLessonPublished":
    case "microLessonReturned":
    case "microSelectionResult":
      return typeof p.microLessonId === "number" ? `/my/micro-lessons/${p.microLessonId}` : "/my/micro-lessons";
    default:
      return null;
  }
}

/** The catalog key of a notice's text: a different sentence when an optional comment is present. */
export function noticeMessageKey(kind: string, params: unknown): string {
  const p = (params ?? {}) as Record<string, unknown>;
  if ((kind === "applicationApproved" || kind === "applicationRejected") && typeof p.reason === "string" && p.reason)
    return `notifications.${kind}WithReason`;
  if ((kind === "resultReleased" || kind === "resultChanged") && typeof p.passed === "boolean")
    return `notifications.${kind}${p.passed ? "Passed" : "Failed"}`;
  if (kind === "certificateIssued" && typeof p.level === "string") return `notifications.certificateIssued.${p.level}`;
  if (kind === "certificateStatus" && typeof p.status === "string") return `notifications.certificateStatus.${p.status}`;
  if (kind === "assessmentResult" && typeof p.outcome === "string")
    return `notifications.assessmentResult.${p.outcome}${p.correctsOutcomeId ? "Corrected" : ""}`;
  if (kind === "supervisionRecorded" && (p.category === "visit" || p.category === "warning" || p.category === "praise"))
    return `notifications.supervisionRecorded.${p.category}${p.correction ? "Corrected" : ""}`;
  if (kind === "classClosed" && (p.outcome === "completed" || p.outcome === "incomplete")) return `notifications.classClosed.${p.outcome}`;
  if (kind === "lecturerNominated" && typeof p.route === "string") return `notifications.lecturerNominated.${p.route}`;
  if (kind === "lecturerDecision" && typeof p.decision === "string") return `notifications.lecturerDecision.${p.decision}`;
  if (kind === "lecturerPoolStatus" && typeof p.status === "string") return `notifications.lecturerPoolStatus.${p.status}`;
  return `notifications.${kind}`;
}

/**
 * The values of a notice's sentence: its params, with codes (a grade, a level) put into words by
 * `translate`, so that a navigator reads "考核结果为一般，级别由高级调整为中级", not a code or "一般或较差".
 */
export function noticeValues(kind: string, params: unknown, translate: (key: string) => string): Record<string, unknown> {
  const values: Record<string, unknown> = { ...((params ?? {}) as Record<string, unknown>) };
  if (kind === "assessmentResult") {
    if (typeof values.grade === "string") values.grade = translate(`certificates.grades.${values.grade}`);
    for (const key of ["levelBefore", "levelAfter"])
      if (typeof values[key] === "string") values[key] = translate(`certificates.levels.${values[key]}`);
  }
  return values;
}
