import { describe, expect, it } from "vitest";
import en from "./i18n/messages/en";
import zhCN from "./i18n/messages/zh-CN";
import { ROLES } from "./modules/accounts/enums";
import { cardTextKey, navFor } from "./navigation";

function lookup(catalog: unknown, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), catalog);
}

describe("home page cards", () => {
  it("every card any role sees has a description in both catalogs", () => {
    for (const role of ROLES) {
      for (const item of navFor([role])) {
        const key = cardTextKey(item.to, [role]);
        expect(key, `${role} ${item.to}`).toBeDefined();
        expect(typeof lookup(zhCN, key!), `${role} ${item.to} zh-CN`).toBe("string");
        expect(typeof lookup(en, key!), `${role} ${item.to} en`).toBe("string");
      }
    }
  });

  it("考试, 考试管理 and 阅卷 are described", () => {
    expect(lookup(zhCN, cardTextKey("/exams", ["candidate"])!)).toMatch(/考试/);
    expect(lookup(zhCN, cardTextKey("/admin/exams", ["county_admin"])!)).toMatch(/场次/);
    expect(lookup(zhCN, cardTextKey("/grading", ["lecturer"])!)).toMatch(/简答/);
  });

  it("a lecturer's 题库 card describes proposing questions, not reviewing them", () => {
    const lecturer = lookup(zhCN, cardTextKey("/question-banks", ["lecturer"])!) as string;
    const admin = lookup(zhCN, cardTextKey("/question-banks", ["county_admin"])!) as string;
    expect(lecturer).toMatch(/提交审核/);
    expect(lecturer).not.toMatch(/审核讲师/);
    expect(admin).toMatch(/审核讲师提交的题目/);
    expect(cardTextKey("/question-banks", ["lecturer", "county_admin"])).toBe("home.questionBanksCard");
  });
});
