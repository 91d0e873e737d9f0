import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { QUESTION_TYPES } from "../question";

/**
 * Decision 026: what depends on a question's type is looked up in the registry of question types,
 * never decided by comparing the type with a literal — such a chain falls through silently for a
 * type added later. This test keeps it so: it reads every source file of app/, db/ and server/
 * (tests and the types folder itself excepted) and fails on a comparison with a question type's
 * code: `=== "single"`, `case "fill":`, `eq(x.type, "short")`, SQL `type = 'single'` / `type in ('single', …)`.
 */

const ROOT = join(__dirname, "../../../..");
const SCANNED = ["app", "db", "server"];
/** A type's own folder may switch on its own type; migrations are history (never edited once shipped). */
const EXCLUDED = ["app/modules/question-bank/types/", "db/migrations/"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const types = QUESTION_TYPES.join("|");
const q = `["'\`]`;
export const TYPE_COMPARISON = new RegExp(
  [
    `[!=]==?\\s*${q}(?:${types})${q}`,
    `${q}(?:${types})${q}\\s*[!=]==?`,
    `\\bcase\\s+${q}(?:${types})${q}\\s*:`,
    `\\b(?:eq|ne)\\([^()]*\\btype\\b[^()]*,\\s*${q}(?:${types})${q}\\s*\\)`,
    `\\btype\\s*(?:=|<>|!=|in\\s*\\()\\s*'(?:${types})'`,
  ].join("|"),
  "i",
);

/** Every comparison with a question type's code in a text: "line: code". */
export function typeComparisons(text: string): string[] {
  return text.split("\n").flatMap((line, i) => (TYPE_COMPARISON.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe("no question-type chains outside the registry (decision 026)", () => {
  it("the pattern finds each kind of comparison, and not data or other words", () => {
    for (const hit of [
      `if (slot.type === "single") x();`,
      `a.type !== 'fill'`,
      `"short" === t`,
      `case "truefalse":`,
      `eq(examAttemptSlots.type, "short")`,
      `where s.type = 'fill'`,
      `case when q.type in ('single', 'multiple') then`,
    ]) {
      expect(typeComparisons(hit), hit).toHaveLength(1);
    }
    for (const miss of [
      `{ area: "theory", type: "single", count: 10 }`,
      `format === "shorter"`,
      `const TYPES = ["single", "multiple"];`,
      `kind === "essay"`,
    ]) {
      expect(typeComparisons(miss), miss).toEqual([]);
    }
  });

  it("app/, db/ and server/ compare no question type with a literal", () => {
    const found: string[] = [];
    for (const top of SCANNED) {
      for (const file of sourceFiles(join(ROOT, top))) {
        const path = relative(ROOT, file).split(sep).join("/");
        if (EXCLUDED.some((prefix) => path.startsWith(prefix))) continue;
        for (const hit of typeComparisons(readFileSync(file, "utf8"))) found.push(`${path}:${hit}`);
      }
    }
    expect(found).toEqual([]);
  });
});
