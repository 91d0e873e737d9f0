import { describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";
import { formatDateTime } from "~/i18n/format";
import { auditEntryView, auditFields, entityHref, plainIp } from "./wording";

const zh = i18nFor("zh-CN").t;
const en = i18nFor("en").t;
const date = (v: string) => formatDateTime(v, "zh-CN", true);
const ctx = { t: zh, date };

describe("audit log wording", () => {
  it("shows IPv4 addresses seen through an IPv6 socket plainly, and leaves others alone", () => {
    expect(plainIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(plainIp("::FFFF:10.1.2.3")).toBe("10.1.2.3");
    expect(plainIp("203.0.113.9")).toBe("203.0.113.9");
    expect(plainIp("2001:db8::1")).toBe("2001:db8::1");
    expect(plainIp("::1")).toBe("::1");
    expect(plainIp(null)).toBe("");
  });

  it("words a GIFT import on a question bank: no developer words left", () => {
    const view = auditEntryView(
      {
        action: "question.import",
        entityType: "question_bank",
        entityId: "6",
        before: null,
        after: { format: "gift", status: "active", skipped: 0, imported: 1 },
        ip: "::ffff:127.0.0.1",
      },
      { ...ctx, names: { question_bank: { "6": "嘉祥县党建题库" } } },
    );
    expect(view.action).toBe("导入题目");
    expect(view.entity).toEqual({ kind: "question_bank", name: "题库：嘉祥县党建题库", href: "/question-banks/6" });
    expect(view.after).toEqual([
      { label: "文件格式", value: "GIFT" },
      { label: "状态", value: "启用" },
      { label: "跳过题数", value: "0" },
      { label: "导入题数", value: "1" },
    ]);
    expect(view.ip).toBe("127.0.0.1");
    const shown = JSON.stringify([view.action, view.entity.name, view.after, view.ip]);
    for (const word of ["question_bank", "gift", "active", "skipped", "imported", "::ffff:", "#"]) expect(shown, word).not.toContain(word);
  });

  it("words an application decision with the applicant's name, a link, and the status in Chinese", () => {
    const view = auditEntryView(
      {
        action: "application.approve",
        entityType: "navigator_application",
        entityId: "6",
        before: { status: "pending" },
        after: { status: "approved", reason: null },
        ip: "10.0.0.1",
      },
      { ...ctx, names: { navigator_application: { "6": "王建国" } } },
    );
    expect(view.action).toBe("通过认证申请");
    expect(view.entity.name).toBe("认证申请：王建国");
    expect(view.entity.href).toBe("/review/applications/6");
    expect(view.before).toEqual([{ label: "状态", value: "待审核" }]);
    expect(view.after).toEqual([
      { label: "状态", value: "已通过" },
      { label: "原因", value: "无" },
    ]);
  });

  it("shows ids as the names they point at, and a number in words when the name is unknown", () => {
    expect(auditFields({ countyId: 1, townId: 7, role: "town_officer" }, { ...ctx, names: { county: { "1": "嘉祥县" } } })).toEqual([
      { label: "县（市、区）", value: "嘉祥县" },
      { label: "镇（街道）", value: "编号 7" },
      { label: "角色", value: "镇街党(工)委" },
    ]);
  });

  it("shows marks and 学时 in points, times in Beijing time, lists as counts, and settings by their label", () => {
    expect(auditFields({ markTenths: 45, passMarkTenths: 600, creditHours: 20 }, ctx).map((f) => f.value)).toEqual(["4.5", "60.0", "2.0"]);
    expect(auditFields({ deadlineAt: "2026-05-01T02:30:00.000Z" }, ctx)[0]).toEqual({
      label: "交卷截止时间",
      value: date("2026-05-01T02:30:00.000Z"),
    });
    expect(date("2026-05-01T02:30:00.000Z")).toContain("10:30");
    expect(auditFields({ questionIds: [1, 2, 3], partialCredit: true, blueprint: [{}, {}] }, ctx).map((f) => f.value)).toEqual([
      "3 道题",
      "是",
      "2 节",
    ]);
    expect(auditFields({ heartbeatSeconds: 30 }, ctx)).toEqual([{ label: "学习心跳间隔（秒）", value: "30" }]);
    expect(auditFields({ someNewField: "x" }, ctx)[0].label).toBe("其他");
  });

  it("has words and a link for the grading and release actions, in both languages", () => {
    for (const action of [
      "exam.mark.save",
      "exam.result.release",
      "exam.result.change",
      "exam.regrade",
      "exam.mark.change",
      "exam_attempt.extra_time",
    ]) {
      const entry = { action, entityType: "exam_attempt_slot", entityId: "12:3", before: null, after: null, ip: "" };
      const zhView = auditEntryView(entry, ctx);
      const enView = auditEntryView(entry, { t: en, date });
      expect(zhView.action, action).not.toBe("其他操作");
      expect(enView.action, action).not.toBe("Other action");
      expect(zhView.action).not.toContain(".");
    }
    expect(
      auditEntryView(
        { action: "exam.mark.save", entityType: "exam_attempt_slot", entityId: "12:3", before: null, after: null, ip: "" },
        ctx,
      ).entity,
    ).toEqual({
      kind: "exam_attempt_slot",
      name: "答卷中的题目（答卷 12 第 3 题）",
      href: "/grading/attempts/12/slots/3",
    });
    expect(
      auditEntryView({ action: "something.new", entityType: "mystery", entityId: "3", before: null, after: null, ip: "" }, ctx),
    ).toMatchObject({
      action: "其他操作",
      entity: { name: "记录（编号 3）", href: null },
    });
  });

  it("links every kind of record that has a page", () => {
    expect(entityHref("county", "1")).toBe("/admin/org-tree/counties/1");
    expect(entityHref("town", "2")).toBe("/admin/org-tree/towns/2");
    expect(entityHref("organization", "3")).toBe("/admin/org-tree/organizations/3");
    expect(entityHref("user", "4")).toBe("/admin/people/4");
    expect(entityHref("exam", "5")).toBe("/admin/exams/5");
    expect(entityHref("exam_sitting", "9", { sittingExam: { "9": 5 } })).toBe("/admin/exams/5/sittings/9");
    expect(entityHref("exam_sitting", "9")).toBeNull();
    expect(entityHref("question", "8")).toBe("/questions/8");
    expect(entityHref("offline_class", "2")).toBe("/admin/offline-classes/2");
    expect(entityHref("question_version", "2")).toBeNull();
  });
});
