import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";
import { I18nProvider } from "~/i18n/use-locale";
import type { ReviewSlot } from "~/modules/exams/candidate.server";
import { ReviewItem } from "./review-item";

const common = {
  slotNo: 1,
  area: "theory",
  maxMarkTenths: 20,
  markTenths: 0,
  comment: "",
  stemHtml: "<p>题干</p>",
  answer: null,
  explanationHtml: "<p>解析</p>",
} as const;
const options = ["A", "B", "C", "D"].map((letter, i) => ({ letter, html: `<p>选项${letter}</p>`, chosen: false, correct: i === 1 }));
const base: ReviewSlot = { ...common, type: "single", options };

const render = (slot: ReviewSlot) =>
  renderToStaticMarkup(
    <I18nProvider value={i18nFor("zh-CN")}>
      <ReviewItem slot={slot} n={1} />
    </I18nProvider>,
  );

/** Every <dl> holds at least one <dt>, and every <dd> follows a <dt> (axe: definition-list). */
function definitionListsWellFormed(html: string): boolean {
  const lists = html.match(/<dl[^>]*>[\s\S]*?<\/dl>/g) ?? [];
  return lists.every((dl) => /<dt[\s>]/.test(dl) && !/<dl[^>]*>\s*<dd/.test(dl));
}

describe("the answer review of one question", () => {
  it("an unanswered choice question says 未作答 as a described term, never an empty <dl> (issue 9 item 9)", () => {
    const html = render(base);
    expect(html).toContain("未作答");
    expect(definitionListsWellFormed(html)).toBe(true);
  });

  it("every type, answered or not, renders well-formed definition lists", () => {
    const variants: ReviewSlot[] = [
      { ...common, type: "single", answer: { type: "single", choice: 1 }, options: options.map((o, i) => ({ ...o, chosen: i === 1 })) },
      { ...common, type: "multiple", options },
      { ...common, type: "truefalse", correctValue: true },
      { ...common, type: "truefalse", correctValue: false, answer: { type: "truefalse", value: true } },
      { ...common, type: "fill", acceptedAnswers: [["三会一课"]] },
      { ...common, type: "fill", acceptedAnswers: [["三会一课"]], answer: { type: "fill", blanks: ["三会一课"] } },
      { ...common, type: "short", referenceAnswer: "要点", comment: "较好" },
      { ...common, type: "matching", pairs: [{ premiseHtml: "党员大会", chosenHtml: null, correctHtml: "每季度", right: false }] },
      {
        ...common,
        type: "matching",
        answer: { type: "matching", matches: [0, 1] },
        pairs: [
          { premiseHtml: "党员大会", chosenHtml: "每季度", correctHtml: "每季度", right: true },
          { premiseHtml: "党小组会", chosenHtml: "每年", correctHtml: "每月", right: false },
        ],
      },
      { ...common, type: "numeric", answers: ["7"], units: ["人"] },
      { ...common, type: "numeric", answers: ["7", "50%：6 ~ 8"], units: [], answer: { type: "numeric", text: "７人" } },
    ];
    for (const slot of variants) expect(definitionListsWellFormed(render(slot)), slot.type).toBe(true);
  });

  it("a matching question shows each premise with the response chosen and the right one; a numeric one the accepted answers and units", () => {
    const matching = render({
      ...common,
      type: "matching",
      answer: { type: "matching", matches: [1, null] },
      pairs: [
        { premiseHtml: "党小组会", chosenHtml: "每年", correctHtml: "每月", right: false },
        { premiseHtml: "党员大会", chosenHtml: null, correctHtml: "每季度", right: false },
      ],
    });
    expect(matching).toContain("<span>党小组会</span> → <span>每年</span>");
    expect(matching).toContain("配对错误");
    expect(matching).toContain("未作答");
    expect(matching).toContain("<span>党员大会</span> → <span>每季度</span>");
    const numeric = render({
      ...common,
      type: "numeric",
      answers: ["7", "50%：6 ~ 8"],
      units: ["人", "名"],
      answer: { type: "numeric", text: "７人" },
    });
    expect(numeric).toContain("７人");
    expect(numeric).toContain("7；50%：6 ~ 8（可带单位：人、名）");
  });
});
