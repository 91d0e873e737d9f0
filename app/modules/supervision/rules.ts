import { z } from "zod";
import { SUPERVISION_JUDGEMENTS, SUPERVISION_KINDS, SUPERVISION_VISIT_KINDS, SUPERVISION_WARNING_KINDS } from "#db/schema/supervision";
import type { SniffedType } from "../storage/sniff";
import { checkUploads, type UploadedFile } from "../storage/uploads";
import { text } from "../text";
import { ATTACHMENT_LIMITS } from "./limits";

/**
 * 走访考察 and 约谈提醒 / 通报批评 / 通报表扬 (pure): what a record may say, what attachments it may
 * carry, and what a year of records adds up to. No I/O, no clock: `today` is a parameter.
 */

export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];
export type Judgement = (typeof SUPERVISION_JUDGEMENTS)[number];
export type Category = "visit" | "warning" | "praise";

export function categoryOf(kind: SupervisionKind): Category {
  if ((SUPERVISION_VISIT_KINDS as readonly string[]).includes(kind)) return "visit";
  if ((SUPERVISION_WARNING_KINDS as readonly string[]).includes(kind)) return "warning";
  return "praise";
}

/** The archive event a record of this kind writes (app/modules/archive). */
export function archiveTypeOf(kind: SupervisionKind): "supervisionRecorded" | "warningRecorded" | "praiseRecorded" {
  const category = categoryOf(kind);
  return category === "visit" ? "supervisionRecorded" : category === "warning" ? "warningRecorded" : "praiseRecorded";
}

export { ATTACHMENT_LIMITS };

/** The earliest date a record may carry (anything before is a typing error). */
export const EARLIEST_DATE = "2000-01-01";

const MAX_COUNT = 100_000;
const count = z
  .string()
  .default("0")
  .transform((v) => v.trim() || "0")
  .refine((v) => /^-?\d{1,9}$/.test(v), "supervision.form.countInvalid")
  .transform(Number)
  .refine((n) => n >= 0, "supervision.form.countNegative")
  .refine((n) => n <= MAX_COUNT, "supervision.form.countInvalid");

const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

/**
 * The record form. `today` is the date in Asia/Shanghai (YYYY-MM-DD): a record of a day after it is
 * refused. The judgement is required for a visit and must be absent for a warning or praise.
 */
export function supervisionRecordSchema(today: string) {
  return z
    .object({
      kind: z.enum(SUPERVISION_KINDS, { message: "supervision.form.kindInvalid" }),
      occurredOn: text()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "form.date.invalid")
        .refine(isRealDate, "form.date.invalid")
        .refine((v) => v <= today, "supervision.form.dateFuture")
        .refine((v) => v >= EARLIEST_DATE, "supervision.form.dateTooEarly"),
      partyMembers: count,
      staff: count,
      findings: text().trim().max(2000, "form.tooLong").default(""),
      judgement: z
        .enum(["", ...SUPERVISION_JUDGEMENTS], { message: "supervision.form.judgementInvalid" })
        .optional()
        .transform((v) => (v ? v : null)),
      followUp: text().trim().max(2000, "form.tooLong").default(""),
      correctsId: z
        .union([z.literal(""), z.coerce.number().int().positive().max(2_147_483_647)])
        .optional()
        .transform((v) => (v ? v : null)),
    })
    .superRefine((v, ctx) => {
      const visit = categoryOf(v.kind) === "visit";
      if (visit && !v.judgement) ctx.addIssue({ code: "custom", path: ["judgement"], message: "supervision.form.judgementRequired" });
      if (!visit && v.judgement) ctx.addIssue({ code: "custom", path: ["judgement"], message: "supervision.form.judgementOnlyVisits" });
      if (!visit && !v.findings) ctx.addIssue({ code: "custom", path: ["findings"], message: "supervision.form.reasonRequired" });
    });
}
export type SupervisionRecordInput = z.output<ReturnType<typeof supervisionRecordSchema>>;

/** Files as they arrive and the problems a check finds: the storage module's (one code path for uploads). */
export type { UploadedFile, CheckedUpload as CheckedAttachment, UploadProblem as AttachmentProblem } from "../storage/uploads";

/**
 * The attachments of one record, checked all before anything is stored: count, size, and type by
 * content, within ATTACHMENT_LIMITS (storage/uploads.ts `checkUploads`).
 */
export function checkAttachments(files: readonly UploadedFile[]) {
  return checkUploads(files, ATTACHMENT_LIMITS);
}

export interface RecordFact {
  id: number;
  userId: number;
  kind: SupervisionKind;
  occurredOn: string;
  judgement: Judgement | null;
  correctsId: number | null;
}

/** What a year of records says about one navigator (the annual assessment's evidence). */
export interface SupervisionSummary {
  userId: number;
  year: number;
  /** visits (the five visit kinds) dated in the year */
  visits: number;
  /** the latest visit on record (any year), YYYY-MM-DD */
  lastVisitOn: string | null;
  /** the year's visit judgements, oldest first */
  judgements: { occurredOn: string; kind: SupervisionKind; judgement: Judgement }[];
  /** the year's 约谈提醒 / 通报批评 */
  warnings: { occurredOn: string; kind: SupervisionKind; recordId: number }[];
  /** the year's 通报表扬 */
  praise: { occurredOn: string; recordId: number }[];
}

/**
 * Only the records in force: a record that a later record corrects is replaced by it (the
 * correction is itself a record in force unless corrected again).
 */
export function inForce<T extends Pick<RecordFact, "id" | "correctsId">>(records: readonly T[]): T[] {
  const corrected = new Set(records.map((r) => r.correctsId).filter((id): id is number => id !== null));
  return records.filter((r) => !corrected.has(r.id));
}

/** Per person, in the order of `userIds`: the year's visits, the last visit, judgements, warnings and praise. */
export function summarise(records: readonly RecordFact[], userIds: readonly number[], year: number): SupervisionSummary[] {
  const byUser = new Map<number, SupervisionSummary>(
    userIds.map((userId) => [userId, { userId, year, visits: 0, lastVisitOn: null, judgements: [], warnings: [], praise: [] }]),
  );
  const sorted = inForce(records)
    .slice()
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id - b.id);
  const prefix = `${year}-`;
  for (const r of sorted) {
    const s = byUser.get(r.userId);
    if (!s) continue;
    const category = categoryOf(r.kind);
    if (category === "visit" && r.occurredOn.slice(0, 4) <= String(year)) {
      if (!s.lastVisitOn || r.occurredOn > s.lastVisitOn) s.lastVisitOn = r.occurredOn;
    }
    if (!r.occurredOn.startsWith(prefix)) continue;
    if (category === "visit") {
      s.visits++;
      if (r.judgement) s.judgements.push({ occurredOn: r.occurredOn, kind: r.kind, judgement: r.judgement });
    } else if (category === "warning") s.warnings.push({ occurredOn: r.occurredOn, kind: r.kind, recordId: r.id });
    else s.praise.push({ occurredOn: r.occurredOn, recordId: r.id });
  }
  return userIds.map((id) => byUser.get(id)!);
}

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The Content-Disposition of a served attachment: inline for images, a download for PDF; RFC 6266/5987 name. */
export function contentDisposition(mediaType: SniffedType, name: string, extension: string): string {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, "") || "附件";
  const filename = `${base}.${extension}`;
  const asciiFallback = `attachment.${extension}`;
  const disposition = mediaType === "application/pdf" ? "attachment" : "inline";
  return `${disposition}; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
