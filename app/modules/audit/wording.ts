/**
 * How an audit entry reads to a county official: every action, record and field in words from the
 * catalog, values in their display form (marks in points, times in Beijing time, statuses in
 * Chinese), names instead of ids where the loader found them, a link to the record where a page
 * exists, and addresses as people write them. Pure: the translator, the date formatter and the
 * names are parameters.
 */

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Names the loader found for the ids an entry mentions (by kind, then id as a string). */
export type AuditNames = Partial<Record<NameKind, Record<string, string>>> & {
  /** exam_sitting id → exam id (a sitting's page is under its exam). */
  sittingExam?: Record<string, number>;
};
export type NameKind =
  "county" | "town" | "organization" | "user" | "question_bank" | "exam" | "exam_sitting" | "navigator_application" | "offline_class";

export interface AuditEntryInput {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface AuditField {
  label: string;
  value: string;
}

export interface AuditEntryView {
  action: string;
  entity: { kind: string; name: string; href: string | null };
  before: AuditField[];
  after: AuditField[];
  ip: string;
}

/** "::ffff:127.0.0.1" (an IPv4 address seen through an IPv6 socket) → "127.0.0.1". */
export function plainIp(ip: string | null | undefined): string {
  if (!ip) return "";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip.trim());
  return mapped ? mapped[1] : ip.trim();
}

/** The page of a record, where one exists. */
export function entityHref(entityType: string, entityId: string, names: AuditNames = {}): string | null {
  const id = /^\d+$/.test(entityId) ? entityId : null;
  switch (entityType) {
    case "county":
      return id && `/admin/org-tree/counties/${id}`;
    case "town":
      return id && `/admin/org-tree/towns/${id}`;
    case "organization":
      return id && `/admin/org-tree/organizations/${id}`;
    case "user":
      return id && `/admin/people/${id}`;
    case "navigator_application":
      return id && `/review/applications/${id}`;
    case "question_bank":
      return id && `/question-banks/${id}`;
    case "question":
      return id && `/questions/${id}`;
    case "exam":
      return id && `/admin/exams/${id}`;
    case "exam_sitting": {
      const examId = id ? names.sittingExam?.[id] : undefined;
      return examId ? `/admin/exams/${examId}/sittings/${id}` : null;
    }
    case "exam_attempt_slot": {
      const slot = /^(\d+):(\d+)$/.exec(entityId);
      return slot ? `/grading/attempts/${slot[1]}/slots/${slot[2]}` : null;
    }
    case "offline_class":
      return id && `/admin/offline-classes/${id}`;
    case "certificate":
      return "/admin/certificates";
    case "settings":
      return "/admin/settings";
    case "hours":
      return "/admin/hours";
    default:
      return null;
  }
}

const KNOWN_ENTITIES = new Set([
  "county",
  "town",
  "organization",
  "user",
  "navigator_application",
  "question_bank",
  "question",
  "question_version",
  "exam",
  "exam_sitting",
  "exam_attempt",
  "exam_attempt_slot",
  "offline_class",
  "settings",
  "hours",
]);

function entityName(entityType: string, entityId: string, names: AuditNames, t: Translate): string {
  const kind = KNOWN_ENTITIES.has(entityType) ? t(`audit.entities.${entityType}`) : t("audit.entities.other");
  if (entityType === "settings" || entityType === "hours") return kind;
  const named = names[entityType as NameKind]?.[entityId];
  if (named) return t("audit.entityNamed", { kind, name: named });
  const slot = /^(\d+):(\d+)$/.exec(entityId);
  if (entityType === "exam_attempt_slot" && slot) return t("audit.entitySlot", { kind, attempt: slot[1], slot: slot[2] });
  return t("audit.entityNumbered", { kind, id: entityId });
}

/** Fields whose value is in tenths (marks, 学时). */
const TENTHS = new Set(["markTenths", "passMarkTenths", "creditHours"]);
const DATES = new Set(["opensAt", "closesAt", "deadlineAt", "heldOn"]);
/** Fields whose value is a word from a list in the catalog. */
const WORDS: Record<string, string> = {
  role: "roles",
  area: "qb.areas",
  kind: "examAdmin.kinds",
  level: "examAdmin.levels",
  reviewPolicy: "examAdmin.reviewPolicies",
  type: "orgType",
  status: "audit.statuses",
  decision: "audit.statuses",
  source: "audit.markSources",
};
/** Ids shown as the name of what they point at. */
const ID_FIELDS: Record<string, NameKind> = {
  countyId: "county",
  townId: "town",
  organizationId: "organization",
  examId: "exam",
  bankId: "question_bank",
  userId: "user",
  sittingId: "exam_sitting",
};

function has(t: Translate, key: string): boolean {
  return t(key, { defaultValue: "\u0000" }) !== "\u0000";
}

function valueText(
  field: string,
  value: unknown,
  t: Translate,
  date: (v: string) => string,
  names: AuditNames,
  entityType: string,
): string {
  if (value === null || value === undefined || value === "") return t("audit.none");
  if (typeof value === "boolean") return t(value ? "audit.yes" : "audit.no");
  if (field in ID_FIELDS && (typeof value === "number" || typeof value === "string")) {
    return names[ID_FIELDS[field]]?.[String(value)] ?? t("audit.numbered", { id: String(value) });
  }
  if (field === "bankIds" && Array.isArray(value))
    return value.map((id) => names.question_bank?.[String(id)] ?? t("audit.numbered", { id: String(id) })).join("、");
  if (Array.isArray(value))
    return t(field === "questionIds" ? "audit.questionCount" : field === "blueprint" ? "audit.sectionCount" : "audit.itemCount", {
      count: value.length,
    });
  if (TENTHS.has(field) && typeof value === "number") return (value / 10).toFixed(1);
  if (DATES.has(field) && typeof value === "string") return date(value);
  if (field === "format" && typeof value === "string") return value.toUpperCase();
  if (field === "type" && entityType.startsWith("question")) return has(t, `qb.types.${value}`) ? t(`qb.types.${value}`) : String(value);
  if (field in WORDS && typeof value === "string") {
    const key = `${WORDS[field]}.${value}`;
    return has(t, key) ? t(key) : value;
  }
  if (typeof value === "object") return t("audit.details");
  return String(value);
}

/** The fields of a before/after value, each with its label and display value. */
export function auditFields(
  value: unknown,
  context: { t: Translate; date: (v: string) => string; names?: AuditNames; entityType?: string },
): AuditField[] {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return [];
  const { t, date, names = {}, entityType = "" } = context;
  return Object.entries(value as Record<string, unknown>).map(([field, v]) => ({
    label: has(t, `audit.fields.${field}`)
      ? t(`audit.fields.${field}`)
      : has(t, `settings.fields.${field}`)
        ? t(`settings.fields.${field}`)
        : t("audit.fields.other"),
    value: valueText(field, v, t, date, names, entityType),
  }));
}

export function auditEntryView(
  entry: AuditEntryInput,
  context: { t: Translate; date: (v: string) => string; names?: AuditNames },
): AuditEntryView {
  const { t, names = {} } = context;
  const actionKey = `audit.actions.${entry.action}`;
  return {
    action: has(t, actionKey) ? t(actionKey) : t("audit.actions.other"),
    entity: {
      kind: entry.entityType,
      name: entityName(entry.entityType, entry.entityId, names, t),
      href: entityHref(entry.entityType, entry.entityId, names),
    },
    before: auditFields(entry.before, { ...context, entityType: entry.entityType }),
    after: auditFields(entry.after, { ...context, entityType: entry.entityType }),
    ip: plainIp(entry.ip),
  };
}
