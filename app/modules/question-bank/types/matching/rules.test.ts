import { describe, expect, it } from "vitest";
import type { MatchingDraft } from "../../question";
import {
  cellsOfPairs,
  correctPairs,
  matchingFits,
  matchingKey,
  matchingResponses,
  matchingUnanswered,
  parsePairCell,
  pairsFromCells,
} from "./rules";

const draft: Pick<MatchingDraft, "pairs" | "distractors"> = {
  pairs: [
    { premise: "党员大会", response: "每季度" },
    { premise: "支部委员会会议", response: "每月" },
    { premise: "党小组会", response: "每月" },
  ],
  distractors: ["每年"],
};

describe("the responses and the key", () => {
  it("lists distinct responses in order of first appearance, then the distractors", () => {
    expect(matchingResponses(draft)).toEqual(["每季度", "每月", "每年"]);
    expect(matchingKey(draft)).toEqual([0, 1, 1]);
  });

  it("counts correct pairs; two premises may share a response", () => {
    expect(correctPairs(draft, [0, 1, 1])).toBe(3);
    expect(correctPairs(draft, [0, 1, 2])).toBe(2);
    expect(correctPairs(draft, [1, 0, null])).toBe(0);
    expect(correctPairs(draft, [])).toBe(0);
  });

  it("knows an answer with nothing matched", () => {
    expect(matchingUnanswered([null, null, null])).toBe(true);
    expect(matchingUnanswered([null, 2, null])).toBe(false);
  });

  it("fits a slot with one entry per premise, each null or a shown response", () => {
    expect(matchingFits([0, null, 2], 3, 3)).toBe(true);
    expect(matchingFits([0, 1], 3, 3)).toBe(false);
    expect(matchingFits([0, 1, 3], 3, 3)).toBe(false);
    expect(matchingFits([0, 1, -1], 3, 3)).toBe(false);
    expect(matchingFits([0, 1, 1.5], 3, 3)).toBe(false);
  });
});

describe("spreadsheet cells", () => {
  it("reads premise -> response, a distractor -> response, and the other arrows", () => {
    expect(parsePairCell("党员大会 -> 每季度")).toEqual({ premise: "党员大会", response: "每季度" });
    expect(parsePairCell("党员大会→每季度")).toEqual({ premise: "党员大会", response: "每季度" });
    expect(parsePairCell("党员大会 －＞ 每季度")).toEqual({ premise: "党员大会", response: "每季度" });
    expect(parsePairCell("-> 每年")).toEqual({ premise: "", response: "每年" });
    expect(parsePairCell("没有箭头")).toBeNull();
  });

  it("splits cells into pairs, distractors and cells without an arrow, and writes them back", () => {
    const cells = cellsOfPairs(draft);
    expect(cells).toEqual(["党员大会 -> 每季度", "支部委员会会议 -> 每月", "党小组会 -> 每月", "-> 每年"]);
    expect(pairsFromCells([...cells, "", ""])).toEqual({ ...draft, invalid: [] });
    expect(pairsFromCells(["甲 -> 乙", "丙"]).invalid).toEqual([{ index: 1, value: "丙" }]);
  });
});
