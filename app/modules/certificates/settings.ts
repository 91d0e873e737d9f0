import { z } from "zod";
import { ASSESSMENT_GRADES, DEFAULT_LEVEL_RULES, type LevelRules } from "./level-rule";

/**
 * A county's certificate settings (kept in the `settings` table under `certificates:county:<id>`,
 * as the study settings are: a missing key means the defaults). Changed by the county's admin,
 * audited (settings.server.ts).
 */
export interface CertificateSettings extends LevelRules {
  /** issue at release (发证 without the 待发证 step); off: the county admin issues from 待发证 */
  autoIssue: boolean;
}

export const DEFAULT_CERTIFICATE_SETTINGS: CertificateSettings = { autoIssue: false, ...DEFAULT_LEVEL_RULES };

export const certificateSettingsSchema = z.object({
  autoIssue: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
  minFullYearsHeld: z.coerce
    .number({ error: "settings.integer" })
    .int("settings.integer")
    .min(0, "certificates.settings.yearsRange")
    .max(10, "certificates.settings.yearsRange"),
  minAssessment: z.enum(ASSESSMENT_GRADES, { error: "certificates.settings.grade" }),
});

export function settingsKey(countyId: number): string {
  return `certificates:county:${countyId}`;
}

/** The stored value read leniently: anything unreadable falls back to the default of that field. */
export function readCertificateSettings(value: unknown): CertificateSettings {
  const v = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const out = { ...DEFAULT_CERTIFICATE_SETTINGS };
  if (typeof v.autoIssue === "boolean") out.autoIssue = v.autoIssue;
  const years = certificateSettingsSchema.shape.minFullYearsHeld.safeParse(v.minFullYearsHeld);
  if (years.success && v.minFullYearsHeld !== undefined) out.minFullYearsHeld = years.data;
  const grade = certificateSettingsSchema.shape.minAssessment.safeParse(v.minAssessment);
  if (grade.success) out.minAssessment = grade.data;
  return out;
}
