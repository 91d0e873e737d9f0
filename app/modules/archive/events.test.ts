import { describe, expect, it } from "vitest";
import {
  ARCHIVE_EVENT_KINDS,
  ARCHIVE_EVENT_TYPES,
  ARCHIVE_GROUPS,
  describeEvent,
  GROUP_LABELS,
  kindsOfGroup,
  parsePayload,
} from "./events";

describe("archive event registry", () => {
  it("every kind has a group, a payload schema and a title in both languages", () => {
    for (const type of ARCHIVE_EVENT_TYPES) {
      const k = ARCHIVE_EVENT_KINDS[type];
      expect(ARCHIVE_GROUPS).toContain(k.group);
      expect(k.title["zh-CN"]).toMatch(/\S/);
      expect(k.title.en).toMatch(/\S/);
    }
    for (const g of ARCHIVE_GROUPS) expect(GROUP_LABELS[g]["zh-CN"]).toMatch(/\S/);
  });

  it("groups partition the kinds", () => {
    expect(ARCHIVE_GROUPS.flatMap((g) => kindsOfGroup(g)).sort()).toEqual([...ARCHIVE_EVENT_TYPES].sort());
    expect(kindsOfGroup("certificates")).toContain("certificateRevoked");
  });

  it("payloads are checked against their kind; common fields (corrects, demo) and extra fields pass", () => {
    expect(parsePayload("certificateIssued", { certificateId: 1, number: "HF", level: "senior", corrects: 5, extra: "x" })).toMatchObject({
      corrects: 5,
      extra: "x",
    });
    expect(() => parsePayload("certificateIssued", { certificateId: 1, number: "HF", level: "expert" })).toThrow(/level/);
    expect(() => parsePayload("correction", { note: "x" })).toThrow(/corrects/);
    expect(() => parsePayload("nope" as never, {})).toThrow(/unknown/);
  });

  it("reads on the timeline in zh-CN and en; an unknown kind reads by its name", () => {
    expect(describeEvent("certificateDowngraded", { certificateId: 1, number: "HF-1", level: "intermediate" }, "zh-CN")).toEqual({
      title: "证书降级",
      detail: "HF-1 · 中级",
      group: "certificates",
    });
    expect(describeEvent("certificateDowngraded", { certificateId: 1, number: "HF-1", level: "intermediate" }, "en").detail).toBe(
      "HF-1 · intermediate",
    );
    expect(describeEvent("somethingNew", {}, "zh-CN")).toEqual({ title: "somethingNew", detail: "", group: null });
    expect(
      describeEvent(
        "assessmentApplied",
        { roundId: 1, year: 2025, grade: "average", outcome: "downgraded", levelBefore: "intermediate", levelAfter: "junior" },
        "zh-CN",
      ),
    ).toEqual({
      title: "年度考核",
      detail: "2025年度 · 一般 · 中级 → 初级",
      group: "assessments",
    });
    expect(
      describeEvent(
        "assessmentApplied",
        { roundId: 1, year: 2025, grade: "poor", outcome: "revoked", levelBefore: "junior", levelAfter: null },
        "zh-CN",
      ).detail,
    ).toBe("2025年度 · 较差 · 初级 → 撤销");
    expect(
      describeEvent(
        "supervisionRecorded",
        { recordId: 3, kind: "employer_views", date: "2026-04-02", judgement: "fairly_good", correctsId: null, attachments: [] },
        "zh-CN",
      ),
    ).toEqual({
      title: "走访考察",
      detail: "2026-04-02 · 听取业主意见 · 评价：较好",
      group: "supervision",
    });
    expect(
      describeEvent(
        "trainingClassClosed",
        {
          classId: 2,
          title: "2026年度网上班级",
          year: 2026,
          outcome: "completed",
          creditedTenths: 325,
          contentTenths: 400,
          requiredTenths: 320,
          test: "passed",
          markTenths: 850,
          maxMarkTenths: 1000,
        },
        "zh-CN",
      ),
    ).toEqual({ title: "网上班级结业", detail: "2026年度网上班级 · 32.5 学时 · 测试合格 85分 · 已结业", group: "study" });
    expect(() => parsePayload("trainingClassClosed", { classId: 2, title: "x", year: 2026, outcome: "done" })).toThrow(/outcome/);
    expect(describeEvent("warningRecorded", { recordId: 4, kind: "admonition", date: "2026-05-01" }, "en")).toMatchObject({
      detail: "2026-05-01 · admonition",
      group: "warnings",
    });
  });
});
