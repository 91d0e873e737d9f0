import { z } from "zod";
import type { Locale } from "~/i18n/i18n";
import { formatTenths } from "../hours/study-hours";

/**
 * THE REGISTRY OF ARCHIVE EVENT KINDS (专项档案). One entry per kind: its payload (zod), the
 * filter group it belongs to, and how it reads on the timeline in both languages. Adding a kind is
 * adding one entry here; `appendArchiveEvent` is typed by this table and validates every payload
 * against it before hashing and writing.
 *
 * Payloads are objects that survive a JSONB round trip (chain.ts checks). Every payload may carry
 * `corrects` (the id of an earlier event of the same person that this one corrects) and `demo`.
 */

export const ARCHIVE_GROUPS = [
  "registration",
  "study",
  "exams",
  "certificates",
  "assessments",
  "supervision",
  "warnings",
  "lecturers",
  "teaching",
  "corrections",
] as const;
export type ArchiveGroup = (typeof ARCHIVE_GROUPS)[number];

export const GROUP_LABELS: Record<ArchiveGroup, Record<Locale, string>> = {
  registration: { "zh-CN": "注册与申请", en: "Registration & applications" },
  study: { "zh-CN": "学习与线下培训", en: "Study & offline classes" },
  exams: { "zh-CN": "考试与成绩", en: "Exams & marks" },
  certificates: { "zh-CN": "证书", en: "Certificates" },
  assessments: { "zh-CN": "年度考核", en: "Annual assessments" },
  supervision: { "zh-CN": "走访考察", en: "Supervision" },
  warnings: { "zh-CN": "提醒与表扬", en: "Warnings & praise" },
  lecturers: { "zh-CN": "师资库", en: "Lecturer pool" },
  teaching: { "zh-CN": "授课与微党课", en: "Teaching & micro lessons" },
  corrections: { "zh-CN": "更正", en: "Corrections" },
};

const common = { corrects: z.number().int().positive().optional(), demo: z.boolean().optional() };
const id = z.number().int().positive();
const level = z.enum(["junior", "intermediate", "senior"]);
const LEVEL_TEXT: Record<string, Record<Locale, string>> = {
  junior: { "zh-CN": "初级", en: "junior" },
  intermediate: { "zh-CN": "中级", en: "intermediate" },
  senior: { "zh-CN": "高级", en: "senior" },
};
const lv = (l: string | null | undefined, locale: Locale) => (l ? (LEVEL_TEXT[l]?.[locale] ?? l) : "");
const marks = (tenths: number | null | undefined) => (tenths == null ? "—" : (tenths / 10).toFixed(tenths % 10 ? 1 : 0));

/** A payload: the kind's own fields, the common ones, and (loosely) anything a writer adds besides. */
function payload<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject(common).extend(shape);
}

interface KindDefinition<S extends z.ZodType> {
  group: ArchiveGroup;
  payload: S;
  title: Record<Locale, string>;
  /** one line under the title (optional) */
  detail?(data: z.output<S>, locale: Locale): string;
}

function kind<S extends z.ZodType>(definition: KindDefinition<S>): KindDefinition<S> {
  return definition;
}

const certificate = payload({ certificateId: id, number: z.string(), level });
const certDetail = (d: z.output<typeof certificate>, l: Locale) => `${d.number} · ${lv(d.level, l)}`;
const exam = payload({
  examId: id,
  examTitle: z.string(),
  kind: z.enum(["certification", "annual"]),
  level: level.nullable(),
  attemptId: id,
  attemptNo: z.number().int(),
  markTenths: z.number().int().nullable(),
  maxMarkTenths: z.number().int().nullable(),
  passed: z.boolean().nullable(),
  subScores: z.unknown(),
});
const examDetail = (d: z.output<typeof exam>, l: Locale) =>
  `${d.examTitle} · ${marks(d.markTenths)}/${marks(d.maxMarkTenths)} · ${d.passed ? (l === "en" ? "passed" : "通过") : l === "en" ? "not passed" : "未通过"}`;

const assessmentGrade = z.enum(["excellent", "good", "average", "poor"]);
const GRADE_TEXT: Record<string, Record<Locale, string>> = {
  excellent: { "zh-CN": "优秀", en: "excellent" },
  good: { "zh-CN": "良好", en: "good" },
  average: { "zh-CN": "一般", en: "average" },
  poor: { "zh-CN": "较差", en: "poor" },
};
function assessmentDetail(
  d: { year: number; grade: string | null; levelBefore?: string | null; levelAfter?: string | null },
  l: Locale,
): string {
  const grade = d.grade ? (GRADE_TEXT[d.grade]?.[l] ?? d.grade) : l === "en" ? "not assessed" : "未考核";
  const change =
    d.levelBefore !== undefined && d.levelAfter !== undefined && d.levelBefore !== d.levelAfter
      ? ` · ${lv(d.levelBefore, l) || "—"} → ${lv(d.levelAfter, l) || (l === "en" ? "revoked" : "撤销")}`
      : "";
  return `${d.year}${l === "en" ? "" : "年度"} · ${grade}${change}`;
}
const SUPERVISION_KIND_TEXT: Record<string, Record<Locale, string>> = {
  employer_views: { "zh-CN": "听取业主意见", en: "employer's views" },
  symposium: { "zh-CN": "党员职工座谈会", en: "symposium" },
  site_visit: { "zh-CN": "实地走访", en: "site visit" },
  heart_talk: { "zh-CN": "谈心谈话", en: "talk" },
  other: { "zh-CN": "其他", en: "other" },
  admonition: { "zh-CN": "约谈提醒", en: "admonition" },
  criticism: { "zh-CN": "通报批评", en: "criticism" },
  commendation: { "zh-CN": "通报表扬", en: "commendation" },
};
const JUDGEMENT_TEXT: Record<string, Record<Locale, string>> = {
  good: { "zh-CN": "好", en: "good" },
  fairly_good: { "zh-CN": "较好", en: "fairly good" },
  average: { "zh-CN": "一般", en: "average" },
  poor: { "zh-CN": "差", en: "poor" },
};
function supervisionDetail(d: { kind: string; date: string; judgement?: string }, l: Locale): string {
  const parts = [d.date, SUPERVISION_KIND_TEXT[d.kind]?.[l] ?? d.kind];
  if (d.judgement) parts.push(`${l === "en" ? "judgement" : "评价"}：${JUDGEMENT_TEXT[d.judgement]?.[l] ?? d.judgement}`);
  return parts.join(" · ");
}

export const ARCHIVE_EVENT_KINDS = {
  registered: kind({
    group: "registration",
    payload: payload({
      organizationId: id,
      partyStatus: z.string().optional(),
      partyPost: z.string().optional(),
      privacyNotice: z.string().optional(),
    }),
    title: { "zh-CN": "注册账号", en: "Registered" },
  }),
  profileChanged: kind({
    group: "registration",
    payload: payload({ before: z.record(z.string(), z.unknown()), after: z.record(z.string(), z.unknown()) }),
    title: { "zh-CN": "个人信息变更", en: "Profile changed" },
  }),
  applicationSubmitted: kind({
    group: "registration",
    payload: payload({ applicationId: id }),
    title: { "zh-CN": "提交领航员申请", en: "Applied to be a navigator" },
  }),
  applicationApproved: kind({
    group: "registration",
    payload: payload({ applicationId: id }),
    title: { "zh-CN": "申请审核通过", en: "Application approved" },
  }),
  applicationRejected: kind({
    group: "registration",
    payload: payload({ applicationId: id }),
    title: { "zh-CN": "申请未通过", en: "Application rejected" },
  }),
  offlineClassAttended: kind({
    group: "study",
    payload: payload({ classId: id, title: z.string(), heldOn: z.string(), creditTenths: z.number().int(), seconds: z.number().int() }),
    title: { "zh-CN": "参加线下培训", en: "Attended an offline class" },
    detail: (d, l) => `${d.title} · ${d.heldOn} · ${formatTenths(d.creditTenths)} ${l === "en" ? "credit hours" : "学时"}`,
  }),
  examGraded: kind({ group: "exams", payload: exam, title: { "zh-CN": "考试成绩发布", en: "Exam result released" }, detail: examDetail }),
  examRegraded: kind({
    group: "exams",
    payload: exam.extend({ previousMarkTenths: z.number().int().nullable(), previousPassed: z.boolean().nullable() }),
    title: { "zh-CN": "考试成绩变更", en: "Exam result changed" },
    detail: (d, l) => `${examDetail(d, l)} (${l === "en" ? "was" : "原"} ${marks(d.previousMarkTenths)})`,
  }),
  certificateIssued: kind({
    group: "certificates",
    payload: certificate.extend({
      attemptId: id.optional(),
      examTitle: z.string().optional(),
      supersededNumber: z.string().nullable().optional(),
    }),
    title: { "zh-CN": "颁发证书", en: "Certificate issued" },
    detail: certDetail,
  }),
  certificateSuperseded: kind({
    group: "certificates",
    payload: certificate,
    title: { "zh-CN": "证书被新证书替代", en: "Certificate superseded" },
    detail: certDetail,
  }),
  certificateOnHold: kind({
    group: "certificates",
    payload: certificate,
    title: { "zh-CN": "证书暂停", en: "Certificate on hold" },
    detail: certDetail,
  }),
  certificateKept: kind({
    group: "certificates",
    payload: certificate,
    title: { "zh-CN": "证书保留", en: "Certificate kept" },
    detail: certDetail,
  }),
  certificateRevoked: kind({
    group: "certificates",
    payload: certificate,
    title: { "zh-CN": "证书撤销", en: "Certificate revoked" },
    detail: certDetail,
  }),
  certificateDowngraded: kind({
    group: "certificates",
    payload: certificate,
    title: { "zh-CN": "证书降级", en: "Certificate downgraded" },
    detail: certDetail,
  }),
  /*
   * 年度考核 (the assessment work, app/modules/assessment): the grade of an applied round and what it
   * did to the level; a later correction of it. Shapes as that module writes them.
   * The corrected outcome is `correctsOutcomeId` (an assessment_outcomes id; `corrects` would be an archive event id).
   */
  assessmentApplied: kind({
    group: "assessments",
    payload: payload({
      roundId: id,
      year: z.number().int(),
      grade: assessmentGrade.nullable(),
      outcome: z.string(),
      levelBefore: level.nullable().optional(),
      levelAfter: level.nullable().optional(),
      certificateNumber: z.string().nullable().optional(),
      newCertificateNumber: z.string().nullable().optional(),
    }),
    title: { "zh-CN": "年度考核", en: "Annual assessment" },
    detail: (d, l) => assessmentDetail(d, l),
  }),
  assessmentCorrected: kind({
    group: "assessments",
    payload: payload({
      roundId: id,
      year: z.number().int(),
      grade: assessmentGrade.nullable(),
      outcome: z.string(),
      levelBefore: level.nullable().optional(),
      levelAfter: level.nullable().optional(),
      certificateNumber: z.string().nullable().optional(),
      newCertificateNumber: z.string().nullable().optional(),
      /** the assessment_outcomes row corrected, and the new one */
      correctsOutcomeId: id.optional(),
      outcomeId: id.optional(),
    }),
    title: { "zh-CN": "年度考核更正", en: "Annual assessment corrected" },
    detail: (d, l) => assessmentDetail(d, l),
  }),
  /*
   * 走访考察 and 约谈提醒 / 通报批评 / 通报表扬 (the supervision work, app/modules/supervision): payload
   * { recordId, kind, date, judgement? (visits), partyMembers?, staff?, correctsId (a supervision
   * record id) , attachments, followUp? }.
   */
  supervisionRecorded: kind({
    group: "supervision",
    payload: payload({
      recordId: id,
      kind: z.string(),
      date: z.string(),
      judgement: z.string().optional(),
      correctsId: id.nullable().optional(),
      attachments: z.array(z.unknown()).optional(),
    }),
    title: { "zh-CN": "走访考察", en: "Supervision visit" },
    detail: (d, l) => supervisionDetail(d, l),
  }),
  warningRecorded: kind({
    group: "warnings",
    payload: payload({
      recordId: id,
      kind: z.string(),
      date: z.string(),
      correctsId: id.nullable().optional(),
      attachments: z.array(z.unknown()).optional(),
    }),
    title: { "zh-CN": "约谈提醒 / 通报批评", en: "Warning" },
    detail: (d, l) => supervisionDetail(d, l),
  }),
  praiseRecorded: kind({
    group: "warnings",
    payload: payload({
      recordId: id,
      kind: z.string(),
      date: z.string(),
      correctsId: id.nullable().optional(),
      attachments: z.array(z.unknown()).optional(),
    }),
    title: { "zh-CN": "通报表扬", en: "Commendation" },
    detail: (d, l) => supervisionDetail(d, l),
  }),
  /*
   * 网上班级 (app/modules/classes): a training class the person was a member of closed, with their
   * outcome — 学时 credited in the class content (tenths), the closing test's result.
   */
  trainingClassClosed: kind({
    group: "study",
    payload: payload({
      classId: id,
      title: z.string(),
      year: z.number().int(),
      outcome: z.enum(["completed", "incomplete"]),
      creditedTenths: z.number().int(),
      contentTenths: z.number().int(),
      requiredTenths: z.number().int(),
      test: z.enum(["passed", "failed", "pending", "inProgress", "notTaken"]),
      markTenths: z.number().int().nullable(),
      maxMarkTenths: z.number().int().nullable(),
    }),
    title: { "zh-CN": "网上班级结业", en: "Training class closed" },
    detail: (d, l) =>
      `${d.title} · ${formatTenths(d.creditedTenths)} ${l === "en" ? "credit hours" : "学时"} · ${
        d.test === "passed"
          ? l === "en"
            ? `test passed ${marks(d.markTenths)}`
            : `测试合格 ${marks(d.markTenths)}分`
          : d.test === "failed"
            ? l === "en"
              ? `test failed ${marks(d.markTenths)}`
              : `测试不合格 ${marks(d.markTenths)}分`
            : l === "en"
              ? "no test result"
              : "无测试成绩"
      } · ${d.outcome === "completed" ? (l === "en" ? "completed" : "已结业") : l === "en" ? "not completed" : "未完成"}`,
  }),
  /*
   * 师资库 (the lecturer pool, app/modules/lecturers; decision 024): a candidacy (自荐 / 邀请 / 单位推荐),
   * its trial lecture, the decision, pool status changes and 调配 to an offline class.
   */
  lecturerNominated: kind({
    group: "lecturers",
    payload: payload({
      candidacyId: id,
      route: z.enum(["self", "invitation", "recommendation"]),
      areas: z.array(z.string()),
      organizationId: id.nullable().optional(),
    }),
    title: { "zh-CN": "申请加入师资库", en: "Lecturer pool candidacy" },
    detail: (d, l) =>
      ({
        self: { "zh-CN": "自荐", en: "self-nomination" },
        invitation: { "zh-CN": "邀请", en: "invitation" },
        recommendation: { "zh-CN": "单位推荐", en: "recommended by a unit" },
      })[d.route][l],
  }),
  lecturerTrialRecorded: kind({
    group: "lecturers",
    payload: payload({
      candidacyId: id,
      trialOn: z.string(),
      topic: z.string(),
      averageTenths: z.number().int(),
      judges: z.number().int(),
    }),
    title: { "zh-CN": "试讲评分", en: "Trial lecture scored" },
    detail: (d, l) => `${d.trialOn} · ${d.topic} · ${l === "en" ? "average" : "平均分"} ${marks(d.averageTenths)}`,
  }),
  lecturerAdmitted: kind({
    group: "lecturers",
    payload: payload({ candidacyId: id, memberId: id, averageTenths: z.number().int().nullable() }),
    title: { "zh-CN": "入选师资库", en: "Admitted to the lecturer pool" },
  }),
  lecturerRejected: kind({
    group: "lecturers",
    payload: payload({ candidacyId: id }),
    title: { "zh-CN": "未入选师资库", en: "Not admitted to the lecturer pool" },
  }),
  lecturerPoolStatus: kind({
    group: "lecturers",
    payload: payload({
      memberId: id,
      status: z.enum(["active", "suspended", "retired"]),
      step: z.enum(["suspend", "reinstate", "retire"]),
    }),
    title: { "zh-CN": "师资库状态变更", en: "Lecturer pool status changed" },
    detail: (d, l) =>
      ({
        suspend: { "zh-CN": "暂停", en: "suspended" },
        reinstate: { "zh-CN": "恢复", en: "reinstated" },
        retire: { "zh-CN": "退出", en: "retired" },
      })[d.step][l],
  }),
  lecturerAssigned: kind({
    group: "lecturers",
    payload: payload({ memberId: id, offlineClassId: id, classTitle: z.string(), heldOn: z.string() }),
    title: { "zh-CN": "师资调配", en: "Assigned to an offline class" },
    detail: (d) => `${d.classTitle} · ${d.heldOn}`,
  }),
  /*
   * 微党课 (app/modules/micro-lessons, decision 023): a reviewer published or returned the author's
   * revision; the county's yearly 优秀微党课 selection ranked the author's lesson.
   */
  microLessonPublished: kind({
    group: "teaching",
    payload: payload({ microLessonId: id, revisionId: id, revision: z.number().int().positive(), title: z.string(), lessonId: id }),
    title: { "zh-CN": "微党课审核通过并发布", en: "Micro lesson published" },
    detail: (d, l) => `${d.title} · ${l === "en" ? "revision" : "第"} ${d.revision}${l === "en" ? "" : " 版"}`,
  }),
  microLessonReturned: kind({
    group: "teaching",
    payload: payload({
      microLessonId: id,
      revisionId: id,
      revision: z.number().int().positive(),
      title: z.string(),
      comments: z.number().int().min(0),
    }),
    title: { "zh-CN": "微党课退回修改", en: "Micro lesson returned" },
    detail: (d, l) => `${d.title} · ${l === "en" ? "revision" : "第"} ${d.revision}${l === "en" ? "" : " 版"}`,
  }),
  microLessonSelected: kind({
    group: "teaching",
    payload: payload({
      selectionId: id,
      year: z.number().int(),
      microLessonId: id,
      title: z.string(),
      rank: z.number().int().positive().nullable(),
      mean: z.number().nullable(),
    }),
    title: { "zh-CN": "优秀微党课评选结果", en: "Micro lesson selection result" },
    detail: (d, l) => `${d.year} · ${d.title} · ${d.rank == null ? "—" : l === "en" ? `rank ${d.rank}` : `第 ${d.rank} 名`}`,
  }),
  /** A correction of an earlier entry (the entry stays; this one says what was wrong). */
  correction: kind({
    group: "corrections",
    payload: payload({ corrects: id, note: z.string().min(1).max(2000) }),
    title: { "zh-CN": "更正记录", en: "Correction" },
    detail: (d) => d.note,
  }),
} satisfies Record<string, KindDefinition<z.ZodType>>;

export type ArchiveEventType = keyof typeof ARCHIVE_EVENT_KINDS;
/** What a writer passes as `data` for a kind. */
export type ArchivePayload<K extends ArchiveEventType> = z.input<(typeof ARCHIVE_EVENT_KINDS)[K]["payload"]>;

export const ARCHIVE_EVENT_TYPES = Object.keys(ARCHIVE_EVENT_KINDS) as ArchiveEventType[];

export function isArchiveEventType(type: string): type is ArchiveEventType {
  return Object.hasOwn(ARCHIVE_EVENT_KINDS, type);
}

/** The kinds of a filter group (kinds another module registers later join their group by their entry). */
export function kindsOfGroup(group: ArchiveGroup): ArchiveEventType[] {
  return ARCHIVE_EVENT_TYPES.filter((t) => ARCHIVE_EVENT_KINDS[t].group === group);
}

/** Validates a payload for its kind (throws on a writer's mistake: it is a programming error, not user input). */
export function parsePayload<K extends ArchiveEventType>(type: K, data: unknown): Record<string, unknown> {
  const definition = ARCHIVE_EVENT_KINDS[type] as KindDefinition<z.ZodType>;
  if (!definition) throw new Error(`unknown archive event kind: ${type}`);
  const parsed = definition.payload.safeParse(data ?? {});
  if (!parsed.success)
    throw new Error(`archive event ${type}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data as Record<string, unknown>;
}

/** How a stored event reads on the timeline; unknown kinds (a newer version's) read by their name. */
export function describeEvent(
  type: string,
  data: Record<string, unknown>,
  locale: Locale,
): { title: string; detail: string; group: ArchiveGroup | null } {
  if (!isArchiveEventType(type)) return { title: type, detail: "", group: null };
  const definition = ARCHIVE_EVENT_KINDS[type] as KindDefinition<z.ZodType>;
  let detail = "";
  if (definition.detail) {
    const parsed = definition.payload.safeParse(data);
    detail = parsed.success ? definition.detail(parsed.data, locale) : "";
  }
  return { title: definition.title[locale], detail, group: definition.group };
}
