import { z } from "zod";
import { isStorableText, text, UNSTORABLE_TEXT_KEY } from "../text";
import { AREAS, DIFFICULTIES, QUESTION_TYPES } from "../question-bank/question";
import { BLUEPRINT_LIMITS } from "./blueprint";
import { EXAM_KINDS, LEVELS, REVIEW_POLICIES, type Blueprint, type BlueprintSection } from "./types";

/**
 * Form schemas of the exam admin pages (pure). Error messages are catalog keys of the exam admin
 * namespace (`examAdmin.errors.*`), keyed by form field; blueprint rows by `s<i>.<field>`.
 */

/** Section rows the form always offers (without JS); "添加一节" adds one more. */
export const DEFAULT_SECTION_ROWS = 3;
export const SECTION_FIELDS = ["area", "type", "count", "points", "dmin", "dmax"] as const;

/* ---------------------------------------------------------------- datetime in Asia/Shanghai -- */

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // UTC+8 all year (no daylight saving since 1991)

/** "2026-05-01T09:00" as Beijing time → the instant; null when it is not a real date and time. */
export function parseShanghaiDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return null;
  return new Date(utc - SHANGHAI_OFFSET_MS);
}

/** The instant as a datetime-local value in Beijing time ("2026-05-01T09:00"). */
export function toShanghaiInput(at: Date | string): string {
  const d = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS);
  return d.toISOString().slice(0, 16);
}

/* ------------------------------------------------------------------------------ exam form -- */

/** The fields of a posted exam form: single values, plus every checked bank. */
export function examFormFields(form: FormData): { values: Record<string, string>; bankIds: string[] } {
  const values: Record<string, string> = {};
  for (const [key, value] of form) {
    if (typeof value === "string" && key !== "bankId" && !(key in values)) values[key] = value;
  }
  return { values, bankIds: form.getAll("bankId").filter((v): v is string => typeof v === "string") };
}

/** How many section rows the posted form had (at least the default). */
export function sectionRowCount(values: Record<string, string>): number {
  const n = Number(values.sectionRows);
  return Number.isInteger(n) && n >= DEFAULT_SECTION_ROWS && n <= BLUEPRINT_LIMITS.maxSections ? n : DEFAULT_SECTION_ROWS;
}

function rowIsEmpty(values: Record<string, string>, i: number): boolean {
  return !(values[`s${i}.count`] ?? "").trim() && !(values[`s${i}.points`] ?? "").trim();
}

/** Points typed as "3" or "2.5" → tenths; null when not a number with at most one decimal. */
export function pointsToTenths(value: string): number | null {
  const v = value.trim();
  if (!/^\d{1,4}(\.\d)?$/.test(v)) return null;
  return Math.round(Number(v) * 10);
}

function positiveInt(value: string | undefined): number | null {
  const v = (value ?? "").trim();
  return /^\d{1,6}$/.test(v) ? Number(v) : null;
}

/**
 * Blueprint sections from the rows `s<i>.*` (empty rows skipped; a row counts as empty when both
 * count and points are blank). Errors keyed `s<i>.<field>`.
 */
export function blueprintFromFields(
  values: Record<string, string>,
  rows = sectionRowCount(values),
): { blueprint: Blueprint; errors: Record<string, string> } {
  const sections: BlueprintSection[] = [];
  const errors: Record<string, string> = {};
  for (let i = 0; i < rows; i++) {
    if (rowIsEmpty(values, i)) continue;
    const f = (name: string) => values[`s${i}.${name}`] ?? "";
    const area = AREAS.find((a) => a === f("area"));
    const type = QUESTION_TYPES.find((t) => t === f("type"));
    const count = positiveInt(f("count"));
    const points = pointsToTenths(f("points"));
    const dmin = DIFFICULTIES.find((d) => String(d) === f("dmin"));
    const dmax = DIFFICULTIES.find((d) => String(d) === f("dmax"));
    if (!area) errors[`s${i}.area`] = "examAdmin.errors.area";
    if (!type) errors[`s${i}.type`] = "examAdmin.errors.type";
    if (count === null || count < BLUEPRINT_LIMITS.minCount || count > BLUEPRINT_LIMITS.maxCount)
      errors[`s${i}.count`] = "examAdmin.errors.count";
    if (points === null || points < BLUEPRINT_LIMITS.minPointsTenths || points > BLUEPRINT_LIMITS.maxPointsTenths)
      errors[`s${i}.points`] = "examAdmin.errors.points";
    if (dmin === undefined) errors[`s${i}.dmin`] = "examAdmin.errors.difficulty";
    if (dmax === undefined) errors[`s${i}.dmax`] = "examAdmin.errors.difficulty";
    else if (dmin !== undefined && dmin > dmax) errors[`s${i}.dmax`] = "examAdmin.errors.difficultyOrder";
    if (
      area &&
      type &&
      count !== null &&
      points !== null &&
      dmin !== undefined &&
      dmax !== undefined &&
      !Object.keys(errors).some((k) => k.startsWith(`s${i}.`))
    ) {
      sections.push({ area, type, count, pointsTenths: points, difficultyMin: dmin, difficultyMax: dmax });
    }
  }
  if (!sections.length && !Object.keys(errors).length) errors.sections = "examAdmin.errors.noSections";
  return { blueprint: { sections }, errors };
}

const settingsSchema = z.object({
  title: text().trim().min(2, "examAdmin.errors.title").max(100, "examAdmin.errors.title"),
  instructions: text().max(4000, "examAdmin.errors.instructions").default(""),
  reviewPolicy: z.enum(REVIEW_POLICIES, { error: "examAdmin.errors.reviewPolicy" }),
});

const definitionSchema = z.object({
  kind: z.enum(EXAM_KINDS, { error: "examAdmin.errors.kind" }),
  level: text().default(""),
  durationMinutes: text()
    .trim()
    .regex(/^\d{1,3}$/, "examAdmin.errors.duration")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 600, "examAdmin.errors.duration"),
  passMark: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const tenths = pointsToTenths(v);
      if (tenths === null) {
        ctx.addIssue({ code: "custom", message: "examAdmin.errors.passMark" });
        return z.NEVER;
      }
      return tenths;
    }),
  attemptsAllowed: text()
    .trim()
    .regex(/^\d{1,2}$/, "examAdmin.errors.attempts")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 20, "examAdmin.errors.attempts"),
  partialCredit: text()
    .optional()
    .transform((v) => v === "on" || v === "true"),
});

export interface ExamSettingsInput {
  title: string;
  instructions: string;
  reviewPolicy: (typeof REVIEW_POLICIES)[number];
}

export interface ExamDefinitionInput extends ExamSettingsInput {
  kind: (typeof EXAM_KINDS)[number];
  level: (typeof LEVELS)[number] | null;
  bankIds: number[];
  blueprint: Blueprint;
  durationMinutes: number;
  passMarkTenths: number;
  attemptsAllowed: number;
  partialCredit: boolean;
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[], errors: Record<string, string>) {
  for (const issue of issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    if (!(field in errors)) errors[field] = /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/.test(issue.message) ? issue.message : "form.invalid";
  }
}

/** What a published exam may still change: title, instructions, review policy. */
export function parseExamSettings(
  values: Record<string, string>,
): { ok: true; data: ExamSettingsInput } | { ok: false; errors: Record<string, string> } {
  const parsed = settingsSchema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  issuesToErrors(parsed.error.issues, errors);
  return { ok: false, errors };
}

/** The whole definition (a draft exam). Every field and every section row is checked. */
export function parseExamDefinition(
  values: Record<string, string>,
  bankIds: readonly string[],
  allowedBankIds: readonly number[],
): { ok: true; data: ExamDefinitionInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const settings = settingsSchema.safeParse(values);
  if (!settings.success) issuesToErrors(settings.error.issues, errors);
  const definition = definitionSchema.safeParse(values);
  if (!definition.success) issuesToErrors(definition.error.issues, errors);
  if (values.kind === "certification" && !LEVELS.includes(values.level as never)) errors.level = "examAdmin.errors.level";
  const banks = [...new Set(bankIds.map(Number))];
  if (!banks.length) errors.bankIds = "examAdmin.errors.banks";
  else if (banks.some((id) => !allowedBankIds.includes(id))) errors.bankIds = "examAdmin.errors.bankNotAllowed";
  const { blueprint, errors: rowErrors } = blueprintFromFields(values);
  Object.assign(errors, rowErrors);
  if (definition.success && !Object.keys(rowErrors).length) {
    const max = blueprint.sections.reduce((sum, s) => sum + s.count * s.pointsTenths, 0);
    if (definition.data.passMark < 1 || definition.data.passMark > max) errors.passMark = "examAdmin.errors.passMarkRange";
  }
  if (Object.keys(errors).length || !settings.success || !definition.success) return { ok: false, errors };
  const d = definition.data;
  return {
    ok: true,
    data: {
      ...settings.data,
      kind: d.kind,
      level: d.kind === "certification" ? (d.level as ExamDefinitionInput["level"]) : null,
      bankIds: banks,
      blueprint,
      durationMinutes: d.durationMinutes,
      passMarkTenths: d.passMark,
      attemptsAllowed: d.attemptsAllowed,
      partialCredit: d.partialCredit,
    },
  };
}

/* --------------------------------------------------------------------------- sitting form -- */

export interface SittingInput {
  title: string;
  opensAt: Date;
  closesAt: Date;
  capacity: number;
  townId: number | null;
  location: string;
}

/** A sitting; the town must be one of `townIds` (the exam's county). */
export function parseSitting(
  values: Record<string, string>,
  townIds: readonly number[],
): { ok: true; data: SittingInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const title = (values.title ?? "").trim();
  if (title.length < 2 || title.length > 100) errors.title = "examAdmin.errors.title";
  const opensAt = parseShanghaiDateTime(values.opensAt ?? "");
  const closesAt = parseShanghaiDateTime(values.closesAt ?? "");
  if (!opensAt) errors.opensAt = "examAdmin.errors.datetime";
  if (!closesAt) errors.closesAt = "examAdmin.errors.datetime";
  else if (opensAt && closesAt <= opensAt) errors.closesAt = "examAdmin.errors.closeAfterOpen";
  const capacity = positiveInt(values.capacity);
  if (capacity === null || capacity < 1 || capacity > 100_000) errors.capacity = "examAdmin.errors.capacity";
  let townId: number | null = null;
  if ((values.townId ?? "").trim()) {
    townId = Number(values.townId);
    if (!townIds.includes(townId)) errors.townId = "examAdmin.errors.town";
  }
  const location = (values.location ?? "").trim();
  if (location.length > 100) errors.location = "examAdmin.errors.location";
  if (!isStorableText(title)) errors.title = UNSTORABLE_TEXT_KEY;
  if (!isStorableText(location)) errors.location = UNSTORABLE_TEXT_KEY;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { title, opensAt: opensAt!, closesAt: closesAt!, capacity: capacity!, townId, location } };
}

/* ------------------------------------------------------------------------------ extra time -- */

export const extraTimeSchema = z.object({
  attemptId: z.coerce.number({ error: "form.invalid" }).int().positive().max(2_147_483_647),
  minutes: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, "examAdmin.errors.extraMinutes")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 240, "examAdmin.errors.extraMinutes"),
  reason: text().trim().min(2, "examAdmin.errors.reason").max(200, "examAdmin.errors.reason"),
});

/* ------------------------------------------------------------------- form values of a row -- */

/** An exam's stored definition as form values (for editing). */
export function examToFormValues(exam: {
  title: string;
  kind: string;
  level: string | null;
  durationMinutes: number;
  passMarkTenths: number;
  attemptsAllowed: number;
  reviewPolicy: string;
  partialCredit: boolean;
  instructions: string;
  blueprint: Blueprint;
}): Record<string, string> {
  const values: Record<string, string> = {
    title: exam.title,
    kind: exam.kind,
    level: exam.level ?? "",
    durationMinutes: String(exam.durationMinutes),
    passMark: String(exam.passMarkTenths / 10),
    attemptsAllowed: String(exam.attemptsAllowed),
    reviewPolicy: exam.reviewPolicy,
    partialCredit: exam.partialCredit ? "on" : "",
    instructions: exam.instructions,
    sectionRows: String(Math.max(DEFAULT_SECTION_ROWS, exam.blueprint.sections.length)),
  };
  exam.blueprint.sections.forEach((s, i) => {
    values[`s${i}.area`] = s.area;
    values[`s${i}.type`] = s.type;
    values[`s${i}.count`] = String(s.count);
    values[`s${i}.points`] = String(s.pointsTenths / 10);
    values[`s${i}.dmin`] = String(s.difficultyMin);
    values[`s${i}.dmax`] = String(s.difficultyMax);
  });
  return values;
}

/** The form values with section row `index` removed (later rows move up). */
export function removeSectionRow(values: Record<string, string>, index: number): Record<string, string> {
  const rows = sectionRowCount(values);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (!/^s\d+\./.test(k)) out[k] = v;
  let to = 0;
  for (let i = 0; i < rows; i++) {
    if (i === index) continue;
    for (const f of SECTION_FIELDS) if (values[`s${i}.${f}`] !== undefined) out[`s${to}.${f}`] = values[`s${i}.${f}`];
    to++;
  }
  out.sectionRows = String(Math.max(DEFAULT_SECTION_ROWS, rows - 1));
  return out;
}
