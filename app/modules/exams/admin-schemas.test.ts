import { describe, expect, it } from "vitest";
import {
  blueprintFromFields,
  examFormFields,
  examToFormValues,
  removeSectionRow,
  extraTimeSchema,
  parseExamDefinition,
  parseExamSettings,
  parseShanghaiDateTime,
  parseSitting,
  pointsToTenths,
  sectionRowCount,
  toShanghaiInput,
} from "./admin-schemas";

const good = {
  title: "认证考试",
  kind: "certification",
  level: "junior",
  durationMinutes: "60",
  passMark: "6",
  attemptsAllowed: "2",
  reviewPolicy: "after_release",
  partialCredit: "on",
  instructions: "",
  "s0.area": "theory",
  "s0.type": "single",
  "s0.count": "2",
  "s0.points": "5",
  "s0.dmin": "1",
  "s0.dmax": "5",
};

describe("Asia/Shanghai datetimes", () => {
  it("reads datetime-local values as Beijing time", () => {
    expect(parseShanghaiDateTime("2026-05-01T09:00")?.toISOString()).toBe("2026-05-01T01:00:00.000Z");
    expect(parseShanghaiDateTime("2026-01-01T03:30")?.toISOString()).toBe("2025-12-31T19:30:00.000Z");
  });
  it("refuses impossible dates and other shapes", () => {
    expect(parseShanghaiDateTime("2026-02-30T09:00")).toBeNull();
    expect(parseShanghaiDateTime("2026-05-01 09:00")).toBeNull();
    expect(parseShanghaiDateTime("2026-05-01T24:00")).toBeNull();
    expect(parseShanghaiDateTime("")).toBeNull();
  });
  it("formats back to the same input", () => {
    expect(toShanghaiInput(new Date("2026-05-01T01:00:00Z"))).toBe("2026-05-01T09:00");
    expect(toShanghaiInput(parseShanghaiDateTime("2026-12-31T23:59")!)).toBe("2026-12-31T23:59");
  });
});

describe("blueprint rows", () => {
  it("reads filled rows, skips empty ones and converts points to tenths", () => {
    const { blueprint, errors } = blueprintFromFields({
      ...good,
      "s2.area": "practice",
      "s2.type": "fill",
      "s2.count": "1",
      "s2.points": "2.5",
      "s2.dmin": "2",
      "s2.dmax": "3",
    });
    expect(errors).toEqual({});
    expect(blueprint.sections).toEqual([
      { area: "theory", type: "single", count: 2, pointsTenths: 50, difficultyMin: 1, difficultyMax: 5 },
      { area: "practice", type: "fill", count: 1, pointsTenths: 25, difficultyMin: 2, difficultyMax: 3 },
    ]);
  });
  it("reports each bad field of a row under its own key", () => {
    const { errors } = blueprintFromFields({
      "s1.area": "x",
      "s1.type": "single",
      "s1.count": "0",
      "s1.points": "abc",
      "s1.dmin": "4",
      "s1.dmax": "2",
    });
    expect(errors).toEqual({
      "s1.area": "examAdmin.errors.area",
      "s1.count": "examAdmin.errors.count",
      "s1.points": "examAdmin.errors.points",
      "s1.dmax": "examAdmin.errors.difficultyOrder",
    });
  });
  it("needs at least one section", () => {
    expect(blueprintFromFields({}).errors).toEqual({ sections: "examAdmin.errors.noSections" });
  });
  it("counts rows within limits", () => {
    expect(sectionRowCount({ sectionRows: "5" })).toBe(5);
    expect(sectionRowCount({ sectionRows: "999" })).toBe(3);
    expect(sectionRowCount({})).toBe(3);
  });
  it("points with one decimal at most", () => {
    expect(pointsToTenths("3")).toBe(30);
    expect(pointsToTenths("0.5")).toBe(5);
    expect(pointsToTenths("1.25")).toBeNull();
    expect(pointsToTenths("-1")).toBeNull();
  });
});

describe("exam definition", () => {
  it("accepts a good form", () => {
    const r = parseExamDefinition(good, ["1", "2"], [1, 2, 3]);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.data).toMatchObject({
        kind: "certification",
        level: "junior",
        bankIds: [1, 2],
        passMarkTenths: 60,
        durationMinutes: 60,
        attemptsAllowed: 2,
        partialCredit: true,
      });
  });
  it("drops the level of an annual test", () => {
    const r = parseExamDefinition({ ...good, kind: "annual", level: "" }, ["1"], [1]);
    expect(r.ok && r.data.level).toBeNull();
  });
  it("reports every bad field", () => {
    const r = parseExamDefinition(
      {
        title: "",
        kind: "certification",
        level: "",
        durationMinutes: "0",
        passMark: "x",
        attemptsAllowed: "50",
        reviewPolicy: "sometimes",
      },
      ["9"],
      [1],
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual({
        title: "examAdmin.errors.title",
        reviewPolicy: "examAdmin.errors.reviewPolicy",
        level: "examAdmin.errors.level",
        durationMinutes: "examAdmin.errors.duration",
        passMark: "examAdmin.errors.passMark",
        attemptsAllowed: "examAdmin.errors.attempts",
        bankIds: "examAdmin.errors.bankNotAllowed",
        sections: "examAdmin.errors.noSections",
      });
  });
  it("refuses a pass mark above the paper's total and no banks", () => {
    const r = parseExamDefinition({ ...good, passMark: "11" }, [], [1]);
    expect(!r.ok && r.errors).toEqual({ passMark: "examAdmin.errors.passMarkRange", bankIds: "examAdmin.errors.banks" });
  });
  it("settings only", () => {
    expect(parseExamSettings({ title: "新标题", reviewPolicy: "never", instructions: "" }).ok).toBe(true);
    expect(parseExamSettings({ title: "x", reviewPolicy: "never" })).toEqual({ ok: false, errors: { title: "examAdmin.errors.title" } });
  });
  it("collects every checked bank", () => {
    const f = new FormData();
    f.append("title", "t");
    f.append("bankId", "1");
    f.append("bankId", "4");
    expect(examFormFields(f)).toEqual({ values: { title: "t" }, bankIds: ["1", "4"] });
  });
});

describe("sitting form", () => {
  const sitting = {
    title: "第一场",
    opensAt: "2026-05-01T09:00",
    closesAt: "2026-05-01T11:00",
    capacity: "100",
    townId: "",
    location: "县委党校",
  };
  it("accepts a good sitting for the whole county or a town of it", () => {
    const r = parseSitting(sitting, [7]);
    expect(r.ok && r.data).toEqual({
      title: "第一场",
      opensAt: new Date("2026-05-01T01:00:00Z"),
      closesAt: new Date("2026-05-01T03:00:00Z"),
      capacity: 100,
      townId: null,
      location: "县委党校",
    });
    expect(parseSitting({ ...sitting, townId: "7" }, [7]).ok).toBe(true);
  });
  it("refuses close before open, zero capacity, a town elsewhere", () => {
    const r = parseSitting({ ...sitting, closesAt: "2026-05-01T08:00", capacity: "0", townId: "8" }, [7]);
    expect(!r.ok && r.errors).toEqual({
      closesAt: "examAdmin.errors.closeAfterOpen",
      capacity: "examAdmin.errors.capacity",
      townId: "examAdmin.errors.town",
    });
  });
});

describe("extra time", () => {
  it("needs minutes and a reason", () => {
    expect(extraTimeSchema.safeParse({ attemptId: "3", minutes: "10", reason: "网络故障" }).success).toBe(true);
    const bad = extraTimeSchema.safeParse({ attemptId: "3", minutes: "0", reason: "" });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual(["examAdmin.errors.extraMinutes", "examAdmin.errors.reason"]);
  });
});

describe("form rows", () => {
  it("an exam's definition round-trips through the form values", () => {
    const r = parseExamDefinition(good, ["1"], [1]);
    if (!r.ok) throw new Error("expected ok");
    const values = examToFormValues({ ...r.data, passMarkTenths: r.data.passMarkTenths });
    const again = parseExamDefinition(values, ["1"], [1]);
    expect(again.ok && again.data).toEqual(r.data);
  });
  it("removing a row moves the later rows up", () => {
    const values = { sectionRows: "4", "s0.count": "1", "s1.count": "2", "s2.count": "3", "s3.count": "4", title: "t" };
    expect(removeSectionRow(values, 1)).toEqual({ title: "t", sectionRows: "3", "s0.count": "1", "s1.count": "3", "s2.count": "4" });
  });
});
