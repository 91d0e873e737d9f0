import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CERTIFICATE_EVENT_KINDS } from "#db/schema";
import { deriveStatus, issuanceEffect, STATUS_AFTER, transition, type CertificateEventKind, type CertificateStatus } from "./status";
import { readFileSync } from "node:fs";

describe("certificate status", () => {
  it("derives the status from the events", () => {
    expect(deriveStatus([{ kind: "issued" }])).toBe("valid");
    expect(deriveStatus([{ kind: "issued" }, { kind: "superseded" }])).toBe("superseded");
    expect(deriveStatus([{ kind: "issued" }, { kind: "on_hold", reason: "regrade" }])).toBe("on_hold");
    expect(deriveStatus([{ kind: "issued" }, { kind: "on_hold", reason: "regrade" }, { kind: "kept" }])).toBe("valid");
    expect(deriveStatus([{ kind: "issued" }, { kind: "on_hold", reason: "regrade" }, { kind: "revoked", reason: "作弊" }])).toBe("revoked");
    expect(deriveStatus([{ kind: "issued" }, { kind: "downgraded", reason: "年度考核 一般" }])).toBe("downgraded");
  });

  it("refuses histories that break the rule", () => {
    expect(() => deriveStatus([])).toThrow();
    expect(() => deriveStatus([{ kind: "superseded" }])).toThrow();
    expect(() => deriveStatus([{ kind: "issued" }, { kind: "issued" }])).toThrow();
    expect(() => deriveStatus([{ kind: "issued" }, { kind: "kept" }])).toThrow();
    expect(() => deriveStatus([{ kind: "issued" }, { kind: "revoked", reason: "x" }, { kind: "kept" }])).toThrow();
    expect(() => deriveStatus([{ kind: "issued" }, { kind: "superseded" }, { kind: "on_hold", reason: "x" }])).toThrow();
  });

  it("needs a reason to revoke", () => {
    expect(transition("valid", "revoked", "")).toEqual({ ok: false, error: "reasonRequired" });
    expect(transition("on_hold", "revoked", "  ")).toEqual({ ok: false, error: "reasonRequired" });
    expect(transition("on_hold", "revoked", "成绩更正后不合格")).toEqual({ ok: true, status: "revoked" });
    expect(transition("on_hold", "kept")).toEqual({ ok: true, status: "valid" });
  });

  it("final statuses take no more events", () => {
    for (const status of ["superseded", "downgraded", "revoked"] as CertificateStatus[]) {
      for (const kind of CERTIFICATE_EVENT_KINDS) expect(transition(status, kind, "r").ok).toBe(false);
    }
  });

  it("the status is always the status the last accepted event implies", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CERTIFICATE_EVENT_KINDS), { maxLength: 8 }), (kinds) => {
        const accepted: { kind: CertificateEventKind; reason: string }[] = [{ kind: "issued", reason: "" }];
        let status: CertificateStatus = "valid";
        for (const kind of kinds) {
          const next = transition(status, kind, "reason");
          if (!next.ok) continue;
          accepted.push({ kind, reason: "reason" });
          status = next.status;
          expect(status).toBe(STATUS_AFTER[kind]);
        }
        expect(deriveStatus(accepted)).toBe(status);
      }),
    );
  });

  it("the database trigger maps events to statuses as STATUS_AFTER does", () => {
    const sql = readFileSync(new URL("../../../db/migrations/0018_certificates_append_only.sql", import.meta.url), "utf8");
    for (const [kind, status] of Object.entries(STATUS_AFTER)) expect(sql).toContain(`WHEN '${kind}' THEN '${status}'`);
  });

  it("a higher level supersedes, the same or a lower level issues nothing", () => {
    expect(issuanceEffect("intermediate", { level: "junior", status: "valid" })).toBe("supersede");
    expect(issuanceEffect("senior", { level: "junior", status: "on_hold" })).toBe("supersede");
    expect(issuanceEffect("junior", { level: "junior", status: "valid" })).toBe("skip");
    expect(issuanceEffect("junior", { level: "intermediate", status: "valid" })).toBe("skip");
    expect(issuanceEffect("junior", null)).toBe("none");
    expect(issuanceEffect("junior", { level: "junior", status: "revoked" })).toBe("none");
  });
});
