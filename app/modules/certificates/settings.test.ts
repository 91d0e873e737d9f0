import { describe, expect, it } from "vitest";
import { certificateSettingsSchema, DEFAULT_CERTIFICATE_SETTINGS, readCertificateSettings } from "./settings";

describe("county certificate settings", () => {
  it("defaults: issue by hand, one full year, 良好", () => {
    expect(readCertificateSettings(undefined)).toEqual({ autoIssue: false, minFullYearsHeld: 1, minAssessment: "good" });
    expect(readCertificateSettings({ autoIssue: "yes", minFullYearsHeld: -3, minAssessment: "great" })).toEqual(
      DEFAULT_CERTIFICATE_SETTINGS,
    );
    expect(readCertificateSettings({ autoIssue: true, minFullYearsHeld: 2, minAssessment: "excellent" })).toEqual({
      autoIssue: true,
      minFullYearsHeld: 2,
      minAssessment: "excellent",
    });
  });

  it("parses the form: an unchecked box is off", () => {
    expect(certificateSettingsSchema.parse({ minFullYearsHeld: "2", minAssessment: "average" })).toEqual({
      autoIssue: false,
      minFullYearsHeld: 2,
      minAssessment: "average",
    });
    expect(certificateSettingsSchema.parse({ autoIssue: "on", minFullYearsHeld: "0", minAssessment: "good" }).autoIssue).toBe(true);
    expect(certificateSettingsSchema.safeParse({ minFullYearsHeld: "11", minAssessment: "good" }).success).toBe(false);
    expect(certificateSettingsSchema.safeParse({ minFullYearsHeld: "1", minAssessment: "great" }).success).toBe(false);
  });
});
