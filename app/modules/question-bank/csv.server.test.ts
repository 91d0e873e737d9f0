import { describe, expect, it } from "vitest";
import { decodeCsvBytes, parseQuestionCsv, readQuestionCsv, writeQuestionCsv } from "./csv.server";
import type { QuestionDraft } from "./question";
import { TEMPLATE_EXAMPLES } from "./template-examples";
import { validateRows } from "./validate";

const common = { area: "practice", knowledgePoint: "三会一课", difficulty: 2, explanation: "" } as const;
/** A GBK encoder for test data, built from Node's gb18030 decoder over the two-byte code space. */
const GBK_CODES = new Map<string, [number, number]>();
{
  const decoder = new TextDecoder("gb18030");
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(hi, lo));
      if (ch.length === 1 && ch !== "\ufffd" && !GBK_CODES.has(ch)) GBK_CODES.set(ch, [hi, lo]);
    }
  }
}
function encodeGbk(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...(GBK_CODES.get(ch) ?? fail(ch)));
  }
  return Buffer.from(bytes);
}
function fail(ch: string): never {
  throw new Error(`no GBK code for ${ch}`);
}

const HEADER = "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,解析,难度,知识点,领域";

describe("writeQuestionCsv", () => {
  it("writes UTF-8 with a BOM, CRLF line ends and the template header", () => {
    const bytes = writeQuestionCsv([TEMPLATE_EXAMPLES[2]]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf-8");
    expect(text.split("\r\n")[0]).toBe(HEADER);
    expect(text.split("\r\n")[1]).toBe(
      "判断题,预备党员的义务同正式党员一样。,,,,,,,,,对,党章第七条规定，预备党员的义务同正式党员一样；预备党员没有表决权、选举权和被选举权。,1,预备党员,党务工作基础知识",
    );
  });

  it("round-trips quotes, commas, newlines and formula-looking cells", async () => {
    const drafts: QuestionDraft[] = [
      ...TEMPLATE_EXAMPLES,
      {
        type: "single",
        stem: '含有"引号",逗号\n和换行的题干（ ）。',
        ...common,
        options: ["=1+1", "-5", "+86", "@home", "'引号开头"],
        answer: "B",
        explanation: "第一行\n第二行",
      },
      { type: "fill", stem: '填____，"再"填____。', ...common, answer: [["a,b", "c d"], ["“中文引号”"]] },
    ];
    const bytes = writeQuestionCsv(drafts);
    // Excel would evaluate these; the apostrophe keeps them text.
    expect(bytes.toString("utf-8")).toContain(",'=1+1,'-5,'+86,'@home,'引号开头,");
    const { rows, fileProblems } = await parseQuestionCsv(bytes);
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => r.draft)).toEqual(drafts);
    expect(rows.map((r) => r.line)).toEqual(drafts.map((_, i) => i + 2));
  });
});

describe("readQuestionCsv", () => {
  it("reads UTF-8 without a BOM and numbers lines as a spreadsheet does", async () => {
    const text = [
      "题型,题干,答案,难度,知识点,领域,备注",
      '判断题,"跨两行的\n题干。",对,1,k,theory,x',
      "",
      "判断题,第二题。,错,2,k,basics,",
    ].join("\n");
    const { rows, fileProblems, encoding } = await parseQuestionCsv(Buffer.from(text, "utf-8"));
    expect({ fileProblems, encoding }).toEqual({ fileProblems: [], encoding: "utf-8" });
    expect(rows.map((r) => [r.line, r.draft?.stem])).toEqual([
      [2, "跨两行的\n题干。"],
      [4, "第二题。"],
    ]);
  });

  it("detects GBK bytes (Excel on Chinese Windows)", async () => {
    expect(decodeCsvBytes(Buffer.from([0xb5, 0xa5, 0xd1, 0xa1, 0xcc, 0xe2]))).toEqual({ text: "单选题", encoding: "gb18030" });
    expect([...encodeGbk("单选题")]).toEqual([0xb5, 0xa5, 0xd1, 0xa1, 0xcc, 0xe2]);
    const text = [
      "题型,题干,选项A,选项B,选项C,选项D,答案,解析,难度,知识点,领域",
      "单选题,党支部委员会会议一般每（ ）召开1次。,周,月,季度,半年,B,根据需要可以随时召开。,1,三会一课,操作实务",
      "判断题,预备党员的义务同正式党员一样。,,,,,正确,,2,预备党员,党务工作基础知识",
    ].join("\r\n");
    const { rows, fileProblems, encoding } = await parseQuestionCsv(encodeGbk(text));
    expect(encoding).toBe("gb18030");
    expect(fileProblems).toEqual([]);
    expect(rows.map((r) => r.draft)).toEqual([
      {
        type: "single",
        stem: "党支部委员会会议一般每（ ）召开1次。",
        area: "practice",
        knowledgePoint: "三会一课",
        difficulty: 1,
        explanation: "根据需要可以随时召开。",
        options: ["周", "月", "季度", "半年"],
        answer: "B",
      },
      {
        type: "truefalse",
        stem: "预备党员的义务同正式党员一样。",
        area: "basics",
        knowledgePoint: "预备党员",
        difficulty: 2,
        explanation: "",
        answer: true,
      },
    ]);
  });

  it("reads tab-separated UTF-16 (Excel's Unicode text)", async () => {
    const text = "题型\t题干\t答案\t难度\t知识点\t领域\r\n判断题\t民主集中制是党的根本组织原则。\t√\t1\t民主集中制\t党务工作基础知识\r\n";
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const { rows, encoding } = await parseQuestionCsv(bytes);
    expect(encoding).toBe("utf-16le");
    expect(rows.map((r) => r.draft)).toEqual([
      {
        type: "truefalse",
        stem: "民主集中制是党的根本组织原则。",
        area: "basics",
        knowledgePoint: "民主集中制",
        difficulty: 1,
        explanation: "",
        answer: true,
      },
    ]);
  });

  it("reports bad rows, missing columns and unreadable files", async () => {
    const bad = await parseQuestionCsv(Buffer.from(`${HEADER}\n多选题,q,甲,乙,丙,,,,,,A,,3,k,theory\n`));
    expect(validateRows(bad.rows, { existingStems: new Set() }).problems).toEqual([
      { line: 2, column: "答案", code: "multipleNeedsTwoAnswers", params: { value: "A" } },
    ]);
    expect(
      (await parseQuestionCsv(Buffer.from("题型,题干,答案\n判断题,q,对\n"))).fileProblems.map((p) => [p.line, p.code, p.column]),
    ).toEqual([
      [1, "missingColumn", "难度"],
      [1, "missingColumn", "知识点"],
      [1, "missingColumn", "领域"],
    ]);
    expect((await parseQuestionCsv(Buffer.from(`${HEADER}\n`))).fileProblems).toEqual([{ line: 1, column: "", code: "emptyFile" }]);
    expect((await parseQuestionCsv(Buffer.alloc(0))).fileProblems).toEqual([{ line: 1, column: "", code: "emptyFile" }]);
    const unclosed = await readQuestionCsv(Buffer.from(`${HEADER}\n判断题,"没有结束的引号,对,1,k,theory\n`), () => {});
    expect(unclosed.fileProblems.map((p) => p.code)).toEqual(["unreadableFile"]);
  });
});
