import { describe, expect, it } from "vitest";
import { htmlToMarkdown, htmlToText, parseGift, writeGift } from "./gift";
import type { QuestionDraft } from "./question";
import { TEMPLATE_EXAMPLES } from "./template-examples";
import { formatProblem, validateRows } from "./validate";

const parse = (text: string) => parseGift(text, { defaultArea: "basics" });
const only = (text: string) => {
  const { drafts, problems } = parse(text);
  expect(problems).toEqual([]);
  expect(drafts).toHaveLength(1);
  return drafts[0].draft;
};
const defaults = { area: "basics", knowledgePoint: "未分类", difficulty: 3, explanation: "" } as const;

describe("parseGift: question types", () => {
  it("reads single choice", () => {
    expect(only("党的最高理想和最终目标是（ ）。{~全面建成小康社会 ~实现中华民族伟大复兴 =实现共产主义}")).toEqual({
      type: "single",
      stem: "党的最高理想和最终目标是（ ）。",
      ...defaults,
      options: ["全面建成小康社会", "实现中华民族伟大复兴", "实现共产主义"],
      answer: "C",
    });
  });

  it("reads multiple answers from positive weights", () => {
    expect(
      only("下列属于党员权利的有（ ）。{\n~%50%对党的工作提出建议和倡议\n~%50%行使表决权、选举权，有被选举权\n~%-100%要求优先晋升\n}"),
    ).toMatchObject({
      type: "multiple",
      options: ["对党的工作提出建议和倡议", "行使表决权、选举权，有被选举权", "要求优先晋升"],
      answer: "AB",
    });
    expect(only("三项正确{~%33.33333%甲 ~%33.33333%乙 ~%0%丙 ~%33.33333%丁}")).toMatchObject({ type: "multiple", answer: "ABD" });
  });

  it("takes the = answers when there are any, dropping partial credit", () => {
    expect(only("中共一大召开于（ ）年。{~1919 =1921 ~%50%1927}")).toMatchObject({ type: "single", answer: "B" });
  });

  it("reads true/false in all four spellings", () => {
    expect(only("预备党员的义务同正式党员一样。{T}")).toEqual({
      type: "truefalse",
      stem: "预备党员的义务同正式党员一样。",
      ...defaults,
      answer: true,
    });
    expect(only("预备党员有表决权。{F}")).toMatchObject({ answer: false });
    expect(only("党的根本组织原则是民主集中制。{TRUE}")).toMatchObject({ type: "truefalse", answer: true });
    expect(only("党员可以不交纳党费。{FALSE#答错了#答对了####党员应按规定交纳党费。}")).toMatchObject({
      type: "truefalse",
      answer: false,
      explanation: "党员应按规定交纳党费。",
    });
  });

  it("reads short answer / missing word as a one-blank fill question, the block becoming the blank", () => {
    expect(only("党的根本组织原则是{=民主集中制}。")).toEqual({
      type: "fill",
      stem: "党的根本组织原则是____。",
      ...defaults,
      answer: [["民主集中制"]],
    });
    expect(only("党章规定，留党察看最长不超过{=两 =二 =2}年。")).toMatchObject({
      stem: "党章规定，留党察看最长不超过____年。",
      answer: [["两", "二", "2"]],
    });
    expect(only("Who is buried in Grant's tomb? {=Grant =Ulysses S. Grant}")).toMatchObject({
      stem: "Who is buried in Grant's tomb? ____",
      answer: [["Grant", "Ulysses S. Grant"]],
    });
    expect(only("{=民主集中制}是党的根本组织原则。")).toMatchObject({ stem: "____是党的根本组织原则。" });
  });

  it("reads several short-answer blocks as a fill question with several blanks", () => {
    expect(only("党的最大政治优势是{=密切联系群众}，党执政后的最大危险是{=脱离群众}。")).toMatchObject({
      type: "fill",
      stem: "党的最大政治优势是____，党执政后的最大危险是____。",
      answer: [["密切联系群众"], ["脱离群众"]],
    });
  });

  it("reads essays as short-answer questions: with the reference answer of the metadata, or without one and a notice", () => {
    expect(only('// hongfan: {"answer":"支部党员大会、支部委员会、党小组会和党课。"}\n简述“三会一课”制度的内容。{}')).toEqual({
      type: "short",
      stem: "简述“三会一课”制度的内容。",
      ...defaults,
      answer: "支部党员大会、支部委员会、党小组会和党课。",
      markingPoints: [],
    });
    const { rows, problems } = parse("简述“三会一课”制度的内容。{}");
    const notice = { line: 1, column: "", code: "giftEssayNoReference", params: {}, notice: true };
    expect(rows).toEqual([
      {
        line: 1,
        stem: "简述“三会一课”制度的内容。",
        draft: { type: "short", stem: "简述“三会一课”制度的内容。", ...defaults, answer: "", markingPoints: [] },
        problems: [notice],
      },
    ]);
    expect(formatProblem(problems[0])).toContain("简答题");
    // The notice does not keep it out, and validation does not ask for the reference answer here.
    const checked = validateRows(rows, { existingStems: new Set() });
    expect(checked.valid.map((v) => v.draft.type)).toEqual(["short"]);
    expect(checked.problems).toEqual([notice]);
  });
});

describe("parseGift: syntax", () => {
  it("separates questions by blank lines, skips comments and keeps titles out of the stem", () => {
    const { drafts, problems } = parse(
      [
        "// 第一题",
        "::一大::中共一大召开于（ ）年。",
        "{~1919 =1921}",
        "",
        "   ",
        "// 第二题",
        "// 还是注释",
        "::t2:: 党员有表决权。{T}",
        "",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(drafts.map((d) => [d.line, d.draft.stem])).toEqual([
      [2, "中共一大召开于（ ）年。"],
      [8, "党员有表决权。"],
    ]);
  });

  it("takes ####text as the explanation and ignores per-answer feedback", () => {
    expect(only("中共一大召开于（ ）年。{~1919#太早 =1921#对 ####1921年7月在上海召开。}")).toMatchObject({
      options: ["1919", "1921"],
      answer: "B",
      explanation: "1921年7月在上海召开。",
    });
  });

  it("unescapes \\~ \\= \\# \\{ \\} \\: \\\\ and \\n", () => {
    expect(only("比较\\: a \\= b \\~ c \\# d \\{e\\} f\\\\g\\n第二行 {=\\{x\\} ~y\\=z ####说明\\: 1\\#}")).toEqual({
      type: "single",
      stem: "比较: a = b ~ c # d {e} f\\g\n第二行",
      ...defaults,
      options: ["{x}", "y=z"],
      answer: "A",
      explanation: "说明: 1#",
    });
  });

  it("strips [markdown] [plain] [moodle] prefixes and turns [html] into text", () => {
    expect(only("[markdown]党的**根本**组织原则是民主集中制。{T}")).toMatchObject({ stem: "党的**根本**组织原则是民主集中制。" });
    expect(only("::t::[plain]预备党员有表决权。{F}")).toMatchObject({ stem: "预备党员有表决权。" });
    expect(
      only(
        "[html]<p>党员大会一般每<strong>季度</strong>召开&nbsp;1&nbsp;次。</p><p>第二段 &amp; &lt;b&gt;</p>{T####<p>见支部工作条例。</p>}",
      ),
    ).toMatchObject({
      stem: "党员大会一般每季度召开 1 次。\n第二段 & <b>",
      explanation: "见支部工作条例。",
    });
    expect(htmlToText("<p>a<br/>b</p>\n<div>c&#x4E2D;&#25991;</div>")).toBe("a\nb\nc中文");
  });

  it("reports unparseable questions at their first line and goes on", () => {
    const { drafts, problems } = parse(
      [
        "没有结束的括号 {=a ~b", // 1
        "",
        "多余的 } 括号 {T}", // 3
        "",
        "嵌套 {=a {b} ~c}", // 5
        "",
        "数值题 {#1921:0}", // 7
        "",
        "配对题 {=中共一大 -> 1921 =遵义会议 -> 1935}", // 9
        "",
        "只是说明文字，没有答案。", // 11
        "",
        "// hongfan: {not json", // 13
        "坏的元数据 {T}", // 14
        "",
        '// hongfan: {"difficulty":9}',
        "难度超出范围 {T}", // 17
        "",
        "最后一题正常。{T}", // 19
      ].join("\n"),
    );
    expect(problems.map((p) => [p.line, p.code, p.params?.kind ?? ""])).toEqual([
      [1, "giftSyntax", ""],
      [3, "giftSyntax", ""],
      [5, "giftSyntax", ""],
      [11, "giftUnsupportedType", "说明文字（没有答案块）"],
      [14, "giftSyntax", ""],
      [17, "giftSyntax", ""],
    ]);
    expect(problems[0].params?.message).toContain("not closed");
    expect(problems.every((p) => p.column === "")).toBe(true);
    // The numerical and the matching question are read (matching validation is validateRows' work).
    expect(drafts.map((d) => [d.line, d.draft.type])).toEqual([
      [7, "numeric"],
      [9, "matching"],
      [19, "truefalse"],
    ]);
  });

  it("leaves semantic problems to validation (no correct answer), and imports an essay without reference answer with a notice", () => {
    const { rows } = parse("没有正确答案（ ）。{~a ~b}\n\n简述。{}");
    const { problems } = validateRows(rows, { existingStems: new Set() });
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [1, "answerMissing"],
      [3, "giftEssayNoReference"],
    ]);
  });
});

describe("parseGift: categories and metadata", () => {
  it("maps category segments to the area and the knowledge point", () => {
    const { drafts } = parse(
      [
        "$CATEGORY: theory/党的创建",
        "",
        "a{T}",
        "",
        "$CATEGORY: $course$/top/Default for 红帆培训/操作实务/三会一课",
        "",
        "b{T}",
        "",
        "$CATEGORY: 党务工作基础知识",
        "",
        "c{T}",
        "",
        "$CATEGORY: 其他/杂项//综合",
        "",
        "d{T}",
      ].join("\n"),
    );
    expect(drafts.map((d) => [d.draft.area, d.draft.knowledgePoint])).toEqual([
      ["theory", "党的创建"],
      ["practice", "三会一课"],
      ["basics", "未分类"],
      ["basics", "杂项/综合"],
    ]);
  });

  it("lets the metadata line override the defaults and carry what GIFT cannot", () => {
    const { drafts, problems } = parse(
      [
        "$CATEGORY: theory/党的创建",
        "",
        '// hongfan: {"difficulty":4,"knowledgePoint":"预备党员","area":"basics","answer":[["一年","1年"],["预备期"]]}',
        "预备党员的预备期为____，从支部大会通过之日起计算____。 {####党章第七条。}",
        "",
        '// hongfan: {"difficulty":2,"knowledgePoint":"三会一课","area":"操作实务","answer":"支部党员大会、支部委员会、党小组会和党课。","markingPoints":["说出三会（6分）","说出党课（4分）"]}',
        "",
        "简述“三会一课”。{}",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(drafts).toEqual([
      {
        line: 4,
        draft: {
          type: "fill",
          stem: "预备党员的预备期为____，从支部大会通过之日起计算____。",
          area: "basics",
          knowledgePoint: "预备党员",
          difficulty: 4,
          explanation: "党章第七条。",
          answer: [["一年", "1年"], ["预备期"]],
        },
      },
      {
        line: 8,
        draft: {
          type: "short",
          stem: "简述“三会一课”。",
          area: "practice",
          knowledgePoint: "三会一课",
          difficulty: 2,
          explanation: "",
          answer: "支部党员大会、支部委员会、党小组会和党课。",
          markingPoints: ["说出三会（6分）", "说出党课（4分）"],
        },
      },
    ]);
  });
});

describe("parseGift: a Moodle export", () => {
  it("reads what Moodle 4 writes", () => {
    const moodle = `// question: 0  name: Switch category to $course$/top/Default for 红帆培训/党的历史和党建理论/党的创建
$CATEGORY: $course$/top/Default for 红帆培训/党的历史和党建理论/党的创建


// question: 101  name: 一大召开时间
::一大召开时间::[html]<p>中国共产党第一次全国代表大会于（ ）年召开。</p>{
\t~<p>1919</p>#<p>五四运动在这一年。</p>
\t=<p>1921</p>#<p>正确！</p>
\t~%50%<p>1927</p>
\t~<p>1949</p>
\t####<p>中共一大于1921年7月在上海召开，详见<a href\\="https\\://www.12371.cn/">共产党员网</a>。</p>
}


// question: 102  name: 党的性质
::党的性质::[html]<p>中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队。</p>{TRUE#<p>再想想。</p>#<p>对。</p>####<p>见党章总纲。</p>}


// question: 103  name: 根本组织原则
::根本组织原则::[html]<p>党的根本组织原则是什么？</p>{
\t=%100%民主集中制#
\t=%100%民主集中#
\t####<p>党章第十条。</p>
}


// question: 104  name: 党员权利
::党员权利::[html]<p>下列属于党员权利的有：</p>{
\t~%50%<p>对党的工作提出建议和倡议</p>
\t~%50%<p>行使表决权、选举权，有被选举权</p>
\t~%-100%<p>要求组织优先安排晋升</p>
}


// question: 105  name: 简述三会一课
::简述三会一课::[html]<p>简述“三会一课”制度的内容。</p>{####<p>参考：支部党员大会、支部委员会、党小组会和党课。</p>}

`;
    const { drafts, problems } = parse(moodle);
    expect(problems).toEqual([{ line: 36, column: "", code: "giftEssayNoReference", params: {}, notice: true }]);
    const common = { area: "theory", knowledgePoint: "党的创建", difficulty: 3 } as const;
    expect(drafts).toEqual([
      {
        line: 6,
        draft: {
          type: "single",
          stem: "中国共产党第一次全国代表大会于（ ）年召开。",
          ...common,
          explanation: "中共一大于1921年7月在上海召开，详见[共产党员网](https://www.12371.cn/)。",
          options: ["1919", "1921", "1927", "1949"],
          answer: "B",
        },
      },
      {
        line: 16,
        draft: {
          type: "truefalse",
          stem: "中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队。",
          ...common,
          explanation: "见党章总纲。",
          answer: true,
        },
      },
      {
        line: 20,
        draft: {
          type: "fill",
          stem: "党的根本组织原则是什么？____",
          ...common,
          explanation: "党章第十条。",
          answer: [["民主集中制", "民主集中"]],
        },
      },
      {
        line: 28,
        draft: {
          type: "multiple",
          stem: "下列属于党员权利的有：",
          ...common,
          explanation: "",
          options: ["对党的工作提出建议和倡议", "行使表决权、选举权，有被选举权", "要求组织优先安排晋升"],
          answer: "AB",
        },
      },
      {
        line: 36,
        draft: {
          type: "short",
          stem: "简述“三会一课”制度的内容。",
          ...common,
          explanation: "参考：支部党员大会、支部委员会、党小组会和党课。",
          answer: "",
          markingPoints: [],
        },
      },
    ]);
  });
});

describe("writeGift", () => {
  it("writes categories, metadata and Moodle-readable questions", () => {
    const [single, multiple, truefalse, fill, short] = TEMPLATE_EXAMPLES;
    const text = writeGift([
      single,
      multiple,
      truefalse,
      fill,
      short,
      {
        type: "fill",
        stem: "党的根本组织原则是____。",
        area: "basics",
        knowledgePoint: "民主集中制",
        difficulty: 1,
        explanation: "",
        answer: [["民主集中制"]],
      },
    ]);
    expect(text).toContain("$CATEGORY: $course$/top/操作实务/三会一课\n");
    expect(text).toContain(
      '// hongfan: {"difficulty":1,"knowledgePoint":"三会一课","area":"practice"}\n按照《中国共产党支部工作条例（试行）》，党支部党员大会一般每（ ）召开1次。 {\n\t~月\n\t=季度\n',
    );
    expect(text).toContain("\t~%25%参加党的有关会议，阅读党的有关文件，接受党的教育和培训\n");
    expect(text).toContain("\t~%-100%要求组织优先安排本人晋升职务\n");
    expect(text).toContain("预备党员的义务同正式党员一样。 {TRUE####党章第七条规定");
    expect(text).toContain('"answer":[["五","5"],["二十五","25"]]}\n按照发展党员工作细则，发展党员工作分为____个阶段、____个步骤。 {####');
    expect(text).toContain('"markingPoints":["答出五项及以上权利');
    expect(text).toContain("党的根本组织原则是{=民主集中制}。\n");
    // Only one-line texts: a blank line inside a question would split it.
    for (const block of text.split("\n\n")) expect(block.trim()).not.toBe("");
  });

  it("round-trips all five types, special characters and awkward texts", () => {
    const common = {
      area: "experience",
      knowledgePoint: "案例: A/B {x}",
      difficulty: 5,
      explanation: "解析 ~ = # { } : \\ 完\n第二行",
    } as const;
    const drafts: QuestionDraft[] = [
      ...TEMPLATE_EXAMPLES,
      {
        type: "single",
        stem: "[html]<p>不是 HTML</p>",
        ...common,
        options: ["%50%不是权重", "// 不是注释", "a=b", "#1", "~"],
        answer: "A",
      },
      {
        type: "multiple",
        stem: "// 以斜杠开头的题干\n第二行",
        ...common,
        options: ["甲", "乙", "丙", "丁", "戊", "己"],
        answer: "ABCDEF".slice(0, 3),
      },
      { type: "multiple", stem: "六个都对", ...common, options: ["1", "2", "3", "4", "5", "6"], answer: "ABCDEF" },
      { type: "truefalse", stem: "::不是标题:: {T}", ...common, answer: false },
      { type: "fill", stem: "____在开头", ...common, answer: [["答{案}", "%100%"]] },
      { type: "fill", stem: "结尾是空______", ...common, answer: [["长空"]] },
      { type: "fill", stem: "全角＿＿＿＿空和____空", ...common, answer: [["一"], ["二"]] },
      { type: "short", stem: "简答二", ...common, explanation: "", answer: "参考\n答案 {}", markingPoints: ["要点: 1"] },
    ];
    const { drafts: parsed, problems } = parseGift(writeGift(drafts), { defaultArea: "theory" });
    expect(problems).toEqual([]);
    expect(parsed.map((p) => p.draft)).toEqual(drafts);
  });

  it("gives Moodle a sensible question without our metadata", () => {
    const withoutMetadata = writeGift(TEMPLATE_EXAMPLES)
      .split("\n")
      .filter((l) => !l.startsWith("// hongfan:"))
      .join("\n");
    const { drafts, problems } = parseGift(withoutMetadata, { defaultArea: "theory" });
    // The fill-in with several blanks and the short answer travel as Moodle essays; without our
    // metadata they have no reference answer: short answers (marked by hand) with a notice each.
    // Matching and numeric questions are Moodle's own; only the numeric units were metadata.
    expect(problems.map((p) => p.code)).toEqual(["giftEssayNoReference", "giftEssayNoReference"]);
    expect(drafts.map((d) => d.draft.type)).toEqual(["single", "multiple", "truefalse", "short", "short", "matching", "numeric"]);
    const [, , , , , matching, numeric] = TEMPLATE_EXAMPLES;
    expect(drafts[5].draft).toEqual({ ...matching, difficulty: 3 });
    expect(drafts[6].draft).toEqual({ ...numeric, difficulty: 3, units: [] });
    // Area and knowledge point come back from the categories; difficulty falls back to 3.
    expect(drafts.map((d) => [d.draft.area, d.draft.knowledgePoint, d.draft.difficulty])).toEqual(
      TEMPLATE_EXAMPLES.map((e) => [e.area, e.knowledgePoint, 3]),
    );
  });
});

describe("parseGift: what an import must not change silently (issue 9 item 4)", () => {
  it("(a) refuses a partly right short answer instead of giving it full marks", () => {
    const { rows, problems } = parse("Two cats?{=%50%Cat =Cats}\n\n党的根本组织原则是{=%100%民主集中制}。");
    expect(rows[0]).toEqual({
      line: 1,
      problems: [{ line: 1, column: "", code: "giftPartialWeight", params: { value: "Cat", weight: "50" } }],
    });
    expect(rows[1].draft).toMatchObject({ type: "fill", answer: [["民主集中制"]] });
    expect(formatProblem(problems[0])).toContain("50%");
  });

  it("(a) keeps -100 on wrong options (our rule) and says so when another deduction is dropped", () => {
    const keep = parse("下列正确的有（ ）。{~%50%甲 ~%50%乙 ~%-100%丙}");
    expect(keep.problems).toEqual([]);
    const dropped = parse("下列正确的有（ ）。{~%50%甲 ~%50%乙 ~%-50%丙 ~%-25%丁}");
    expect(dropped.drafts[0].draft).toMatchObject({ type: "multiple", answer: "AB" });
    expect(dropped.problems).toEqual([
      { line: 1, column: "", code: "giftNegativeWeights", params: { weights: "-50%、-25%" }, notice: true },
    ]);
    // A notice does not keep the question out.
    expect(validateRows(dropped.rows, { existingStems: new Set() }).valid).toHaveLength(1);
  });

  it("(b) keeps http(s) links of an [html] stem as Markdown links and reports what it removed", () => {
    const { drafts, problems } = parse(
      '[html]<p>听<a href\\="http\\://example.cn/a.mp3">这段录音</a>，<a href\\="javascript:alert(1)">点这里</a><script>alert(2)</script><img src\\="data:image/png;base64,AAAA"></p>{T}',
    );
    expect(drafts[0].draft.stem).toBe("听[这段录音](http://example.cn/a.mp3)，点这里");
    expect(problems).toEqual([
      {
        line: 1,
        column: "",
        code: "giftHtmlRemoved",
        params: { removed: "脚本、链接“点这里”（地址不是 http/https）、图片" },
        notice: true,
      },
    ]);
    expect(htmlToMarkdown('<audio src="https://example.cn/b.mp3"></audio>')).toEqual({
      text: "[音频](https://example.cn/b.mp3)",
      removed: [],
    });
    expect(htmlToMarkdown('<a href="https://x.cn/a (1).mp3">[录音]</a>').text).toBe("[\\[录音\\]](https://x.cn/a%20%281%29.mp3)");
  });

  it("(c) keeps text after the closing } after the answer's place, as Moodle does", () => {
    expect(only("中共一大于{~1919 =1921 ~1927}年召开。")).toMatchObject({ type: "single", stem: "中共一大于（ ）年召开。" });
    expect(only("党的根本组织原则{T}是民主集中制。")).toMatchObject({ type: "truefalse", stem: "党的根本组织原则（ ）是民主集中制。" });
    expect(only("党的根本组织原则是{=民主集中制}，写入党章。")).toMatchObject({ type: "fill", stem: "党的根本组织原则是____，写入党章。" });
    expect(only("党的根本组织原则是民主集中制。{T}")).toMatchObject({ stem: "党的根本组织原则是民主集中制。" });
  });

  it("(d) takes the import page's defaults, and $CATEGORY for the knowledge point", () => {
    const text =
      "无分类的题。{T}\n\n$CATEGORY: $course$/top/党务工作基础知识/三会一课\n\n有分类的题。{T}\n\n$CATEGORY: $course$/top/其他\n\n只有知识点。{F}";
    const { drafts } = parseGift(text, { defaultArea: "practice", defaultKnowledgePoint: "发展党员", defaultDifficulty: 2 });
    expect(drafts.map((d) => [d.draft.area, d.draft.knowledgePoint, d.draft.difficulty])).toEqual([
      ["practice", "发展党员", 2],
      ["basics", "三会一课", 2],
      ["practice", "其他", 2],
    ]);
  });

  it("(e) names unsupported types in Chinese", () => {
    const { problems } = parse("只有说明文字，没有答案块。");
    expect(problems.map((p) => formatProblem(p))).toEqual([expect.stringContaining("“说明文字（没有答案块）”")]);
  });

  it("stops at the question cap with a file problem naming the limit", () => {
    const text = Array.from({ length: 6 }, (_, i) => `第${i}题。{T}`).join("\n\n");
    const { rows, fileProblems } = parseGift(text, { defaultArea: "theory", maxQuestions: 5 });
    expect(rows).toEqual([]);
    expect(fileProblems).toEqual([{ line: 11, column: "", code: "tooManyRows", params: { max: 5 } }]);
    expect(formatProblem(fileProblems[0])).toContain("5");
    expect(parseGift(text, { defaultArea: "theory", maxQuestions: 6 }).fileProblems).toEqual([]);
  });
});

describe("parseGift / writeGift: matching (连线题)", () => {
  it("reads Moodle's own matching example, with its general feedback", () => {
    const moodle = [
      "Match the following countries with their corresponding capitals. {",
      "    =Canada -> Ottawa",
      "    =Italy  -> Rome",
      "    =Japan  -> Tokyo",
      "    =India  -> New Delhi",
      "    ####It's good to know the capitals",
      "    }",
    ].join("\n");
    expect(only(moodle)).toEqual({
      type: "matching",
      stem: "Match the following countries with their corresponding capitals.",
      ...defaults,
      explanation: "It's good to know the capitals",
      pairs: [
        { premise: "Canada", response: "Ottawa" },
        { premise: "Italy", response: "Rome" },
        { premise: "Japan", response: "Tokyo" },
        { premise: "India", response: "New Delhi" },
      ],
      distractors: [],
    });
  });

  it("reads an empty premise as a distractor (Moodle's extra answer) and escaped characters in texts", () => {
    expect(only("将会议与召开频次连线。{=党员大会 -> 每季度 =支部委员会会议 -> 每月 = -> 每年 =党课\\: 讲党课 -> 每季度}")).toMatchObject({
      pairs: [
        { premise: "党员大会", response: "每季度" },
        { premise: "支部委员会会议", response: "每月" },
        { premise: "党课: 讲党课", response: "每季度" },
      ],
      distractors: ["每年"],
    });
  });

  it("refuses a pair without an arrow, and leaves too few pairs to validation", () => {
    expect(parse("连线。{=甲 -> 乙 =丙}").problems.map((p) => p.code)).toEqual(["giftSyntax"]);
    const { rows } = parse("连线。{=甲 -> 乙}");
    expect(validateRows(rows, { existingStems: new Set() }).problems.map((p) => p.code)).toEqual(["matchingTooFewPairs"]);
  });

  it("writes Moodle's form and reads it back", () => {
    const draft: QuestionDraft = {
      type: "matching",
      stem: "连线：{特殊} 字符 = ~",
      ...defaults,
      explanation: "解析 #1",
      pairs: [
        { premise: "甲 = 1", response: "乙 ~ 2" },
        { premise: "丙", response: "丁#" },
      ],
      distractors: ["戊"],
    };
    const text = writeGift([draft]);
    expect(text).toContain("连线：\\{特殊\\} 字符 \\= \\~ {\n\t=甲 \\= 1 -> 乙 \\~ 2\n\t=丙 -> 丁\\#\n\t= -> 戊\n\t####解析 \\#1\n}");
    expect(parseGift(text, { defaultArea: "basics" }).drafts.map((d) => d.draft)).toEqual([draft]);
  });
});

describe("parseGift / writeGift: numeric (数值题)", () => {
  it("reads Moodle's own numerical examples: tolerance, range, several answers with partial credit", () => {
    expect(only("When was Ulysses S. Grant born?{#1822:5}")).toEqual({
      type: "numeric",
      stem: "When was Ulysses S. Grant born?",
      ...defaults,
      answer: [{ kind: "tolerance", value: 1822, tolerance: 5, percent: 100 }],
      units: [],
    });
    expect(only("What is the value of pi (to 3 decimal places)? {#3.14159:0.0005}.")).toMatchObject({
      stem: "What is the value of pi (to 3 decimal places)? （ ）.",
      answer: [{ kind: "tolerance", value: 3.14159, tolerance: 0.0005, percent: 100 }],
    });
    expect(only("What is the value of pi (to 3 decimal places)? {#3.141..3.142}.")).toMatchObject({
      answer: [{ kind: "range", min: 3.141, max: 3.142, percent: 100 }],
    });
    const several = [
      "When was Ulysses S. Grant born? {#",
      "    =1822:0      # Correct! Full credit.",
      "    =%50%1822:2  # He was born in 1822. Half credit for being close.",
      "}",
    ].join("\n");
    expect(only(several)).toMatchObject({
      answer: [
        { kind: "tolerance", value: 1822, tolerance: 0, percent: 100 },
        { kind: "tolerance", value: 1822, tolerance: 2, percent: 50 },
      ],
    });
    expect(only("{# =3:0 =%50%3:1} 是几？")).toMatchObject({ stem: "（ ） 是几？" });
  });

  it("drops wrong answers (weight 0 or less) with a notice", () => {
    const { rows } = parse("党的全国代表大会每几年举行一次？{#=5 =%0%4 ~6}");
    expect(rows[0].draft).toMatchObject({ answer: [{ kind: "tolerance", value: 5, tolerance: 0, percent: 100 }] });
    expect(rows[0].problems).toEqual([{ line: 1, column: "", code: "giftNumericWrongAnswers", params: { values: "4、6" }, notice: true }]);
  });

  it("refuses a value that is not a number, and leaves a missing full-credit answer to validation", () => {
    const { problems } = parse("几？{#三:1}");
    expect(problems.map((p) => p.code)).toEqual(["giftSyntax"]);
    expect(formatProblem(problems[0])).toContain("三:1");
    const { rows } = parse("几？{#=%50%3}");
    expect(validateRows(rows, { existingStems: new Set() }).problems.map((p) => p.code)).toEqual(["numericNeedsFullAnswer"]);
  });

  it("writes {#3:2}, {#1..5} and several answers, the units in the metadata line, and reads them back", () => {
    const drafts: QuestionDraft[] = [
      {
        type: "numeric",
        stem: "甲",
        ...defaults,
        answer: [{ kind: "tolerance", value: 3, tolerance: 2, percent: 100 }],
        units: ["人", "名"],
      },
      { type: "numeric", stem: "乙", ...defaults, answer: [{ kind: "range", min: 1, max: 5, percent: 100 }], units: [] },
      {
        type: "numeric",
        stem: "丙",
        ...defaults,
        explanation: "见党章。",
        answer: [
          { kind: "tolerance", value: 3, tolerance: 0, percent: 100 },
          { kind: "tolerance", value: 3, tolerance: 1, percent: 50 },
        ],
        units: ["%"],
      },
    ];
    const text = writeGift(drafts);
    expect(text).toContain('"units":["人","名"]}\n甲 {#3:2}\n');
    expect(text).toContain("\n乙 {#1..5}\n");
    expect(text).toContain("\n丙 {#=3 =%50%3:1####见党章。}\n");
    expect(parseGift(text, { defaultArea: "basics" }).drafts.map((d) => d.draft)).toEqual(drafts);
  });
});
