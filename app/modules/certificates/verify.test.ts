import { describe, expect, it } from "vitest";
import { publicCertificate, publicReasonOf, type VerifyRow } from "./verify";

const base: VerifyRow = {
  number: "HF370829-2026-1-0007-5",
  level: "junior",
  status: "valid",
  county_name: "嘉祥县",
  holder_name: "张明远",
  issued_ms: Date.UTC(2026, 4, 3, 2),
  last_kind: "issued",
  last_ms: Date.UTC(2026, 4, 3, 2),
  last_data: '{"number":"x"}',
  next_level: null,
  was_held: false,
};

describe("the public view of a certificate", () => {
  it("shows a valid certificate with the masked name and nothing else personal", () => {
    const view = publicCertificate(base);
    expect(view).toEqual({
      number: base.number,
      level: "junior",
      countyName: "嘉祥县",
      issuedAt: "2026-05-03T02:00:00.000Z",
      maskedName: "张*远",
      status: { kind: "valid" },
    });
    expect(JSON.stringify(view)).not.toContain("明");
  });

  it("says to which level and when a certificate was superseded or downgraded", () => {
    const at = Date.UTC(2026, 8, 1);
    expect(
      publicCertificate({ ...base, status: "superseded", last_kind: "superseded", last_ms: at, last_data: '{"byLevel":"intermediate"}' })
        .status,
    ).toEqual({ kind: "superseded", at: "2026-09-01T00:00:00.000Z", toLevel: "intermediate" });
    expect(
      publicCertificate({
        ...base,
        level: "intermediate",
        status: "downgraded",
        last_kind: "downgraded",
        last_ms: at,
        last_data: "{}",
        next_level: "junior",
      }).status,
    ).toEqual({ kind: "downgraded", at: "2026-09-01T00:00:00.000Z", toLevel: "junior" });
    expect(
      publicCertificate({ ...base, status: "downgraded", last_kind: "downgraded", last_ms: at, last_data: "not json" }).status,
    ).toEqual({ kind: "downgraded", at: "2026-09-01T00:00:00.000Z", toLevel: null });
  });

  it("gives a revocation one public word, never the admin's reason", () => {
    const revoked = publicCertificate({
      ...base,
      status: "revoked",
      last_kind: "revoked",
      last_data: '{"note":"私下原因"}',
      was_held: true,
    });
    expect(revoked.status).toEqual({ kind: "revoked", at: "2026-05-03T02:00:00.000Z", reason: "regrade" });
    expect(publicReasonOf({ publicReason: "misconduct" }, true)).toBe("misconduct");
    expect(publicReasonOf({ publicReason: "<script>" }, false)).toBe("other");
    expect(publicReasonOf({}, false)).toBe("other");
  });
});
