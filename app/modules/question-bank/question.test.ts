import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseArea } from "./question";
import { questionBankFileSchema, questionDraftSchema } from "./types/registry";

const contentDir = fileURLToPath(new URL("../../../content/questions/", import.meta.url));

describe("questionDraftSchema", () => {
  it("reads every content file", () => {
    const files = readdirSync(contentDir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBe(4);
    let count = 0;
    for (const file of files) {
      const bank = questionBankFileSchema.parse(JSON.parse(readFileSync(contentDir + file, "utf-8")));
      count += bank.questions.length;
      for (const q of bank.questions) expect(q.slug).toMatch(/^[a-z]+-\d{4}$/);
    }
    expect(count).toBe(370);
  });

  it("keeps a draft's fields and drops unknown keys such as the slug", () => {
    const draft = questionDraftSchema.parse({
      slug: "x-0001",
      type: "truefalse",
      stem: "预备党员的义务同正式党员一样。",
      area: "basics",
      knowledgePoint: "预备党员",
      difficulty: 1,
      explanation: "",
      answer: true,
    });
    expect(draft).toEqual({
      type: "truefalse",
      stem: "预备党员的义务同正式党员一样。",
      area: "basics",
      knowledgePoint: "预备党员",
      difficulty: 1,
      explanation: "",
      answer: true,
    });
  });

  it("refuses wrong shapes", () => {
    const base = { stem: "s", area: "theory", knowledgePoint: "k", difficulty: 3, explanation: "" };
    expect(questionDraftSchema.safeParse({ ...base, type: "essay", answer: "" }).success).toBe(false);
    expect(questionDraftSchema.safeParse({ ...base, type: "truefalse", answer: "对" }).success).toBe(false);
    expect(questionDraftSchema.safeParse({ ...base, type: "fill", answer: ["一年"] }).success).toBe(false);
    expect(questionDraftSchema.safeParse({ ...base, type: "short", answer: "a" }).success).toBe(false);
    expect(questionDraftSchema.safeParse({ ...base, difficulty: 6, type: "truefalse", answer: true }).success).toBe(false);
    expect(questionDraftSchema.safeParse({ ...base, area: "history", type: "truefalse", answer: true }).success).toBe(false);
  });
});

describe("parseArea", () => {
  it("reads codes and Chinese names", () => {
    expect(parseArea("theory")).toBe("theory");
    expect(parseArea(" Practice ")).toBe("practice");
    expect(parseArea("党务工作基础知识")).toBe("basics");
    expect(parseArea("经验 交流")).toBe("experience");
    expect(parseArea("党史")).toBeUndefined();
  });
});
