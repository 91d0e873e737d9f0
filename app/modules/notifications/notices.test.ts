import { describe, expect, it } from "vitest";
import { noticeLink, noticeMessageKey, noticeValues } from "./notices";
import zh from "~/i18n/messages/zh-CN";

describe("notices", () => {
  it("each decision leads to its record", () => {
    expect(noticeLink("applicationApproved", { applicationId: 3, reason: null })).toBe("/apply");
    expect(noticeLink("resultReleased", { attemptId: 7, examTitle: "初级", passed: true })).toBe("/exams/attempts/7/result");
    expect(noticeLink("hoursReminder", { year: 2026 })).toBe("/hours");
    expect(noticeLink("passwordChanged", {})).toBe("/account");
    expect(noticeLink("unknown", {})).toBeNull();
  });

  it("words a decision with or without the reviewer's comment, a result as passed or not", () => {
    expect(noticeMessageKey("applicationRejected", { applicationId: 1, reason: "岗位不符" })).toBe(
      "notifications.applicationRejectedWithReason",
    );
    expect(noticeMessageKey("applicationApproved", { applicationId: 1, reason: null })).toBe("notifications.applicationApproved");
    expect(noticeMessageKey("resultReleased", { attemptId: 1, examTitle: "x", passed: false })).toBe("notifications.resultReleasedFailed");
    expect(noticeMessageKey("hoursReminder", {})).toBe("notifications.hoursReminder");
  });

  it("tells a navigator their grade and levels in words, not 一般或较差", () => {
    const catalog = zh as unknown as Record<string, unknown>;
    const lookup = (key: string) =>
      key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], catalog) as string;
    const params = {
      roundId: 1,
      year: 2025,
      grade: "average",
      outcome: "downgraded",
      levelBefore: "senior",
      levelAfter: "intermediate",
      certificateNumber: "A",
      newCertificateNumber: "B",
    };
    const values = noticeValues("assessmentResult", params, lookup);
    expect(values).toMatchObject({ grade: "一般", levelBefore: "高级", levelAfter: "中级", year: 2025 });
    const sentence = lookup(noticeMessageKey("assessmentResult", params)).replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]));
    expect(sentence).toContain("考核结果为一般");
    expect(sentence).toContain("由高级调整为中级");
    expect(sentence).not.toContain("一般或较差");
    expect(noticeValues("hoursReminder", { year: 2026 }, lookup)).toEqual({ year: 2026 });
  });
});
