import { AREA_NAMES_ZH, isDifficulty, parseArea, type Area, type Difficulty, type QuestionDraft, type QuestionType } from "./question";
import { checkDraft, sortByColumn, type DecodedField, type ParsedRow, type Problem } from "./validate";
import { cellsOfPairs, pairsFromCells } from "./types/matching/rules";
import { numericCell, parseNumericCell } from "./types/numeric/rules";

/**
 * The row format shared by the Excel template and CSV: the kind of sheet Chinese exam systems use.
 *
 * | column   | content                                                                          |
 * |----------|----------------------------------------------------------------------------------|
 * | 题型      | 单选题 多选题 判断题 填空题 简答题 连线题 数值题 (also 单选, 问答题, 匹配题, ...)        |
 * | 题干      | the question; a 填空题 marks each blank with ____                                   |
 * | 选项A–H   | choice options from A without gaps; for 简答题 the marking points (评分要点); for   |
 * |          | 连线题 one pair per cell `前项 -> 后项`, then distractors `-> 后项`; for 数值题 the    |
 * |          | accepted units (人, 个, %), one per cell, may be none                               |
 * | 答案      | 单选 "B"; 多选 "ABD" (also "A,B,D", "A、B、D", lower case); 判断 对/错 (also 正确/错误,    |
 * |          | √/×, T/F, true/false, 是/否); 填空 blanks separated by "；", alternatives by "|"      |
 * |          | (`五|5；二十五|25`); 简答 the reference answer; 连线 empty (the pairs are the key);   |
 * |          | 数值 `3:2` or `3±2` (3 ± 2), `1..5`, `3`; several with "|", partial `%50%3:5`      |
 * | 解析      | explanation, may be empty                                                         |
 * | 难度      | 1–5 (also 易 较易 中等 较难 难)                                                      |
 * | 知识点     | knowledge point                                                                   |
 * | 领域      | 党的历史和党建理论 党务工作基础知识 操作实务 经验交流, or theory basics practice experience |
 *
 * Lines are spreadsheet row numbers: the header is line 1, the first question line 2.
 */

export const OPTION_COLUMNS = ["选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H"] as const;
export const TABLE_COLUMNS = ["题型", "题干", ...OPTION_COLUMNS, "答案", "解析", "难度", "知识点", "领域"] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
/** The optional columns are the options and 解析; a file without any other column is refused. */
export const REQUIRED_COLUMNS: readonly TableColumn[] = ["题型", "题干", "答案", "难度", "知识点", "领域"];

/** A data row keyed by column header. */
export type TableCells = Partial<Record<TableColumn, string>>;

export const TYPE_NAMES_ZH: Readonly<Record<QuestionType, string>> = {
  single: "单选题",
  multiple: "多选题",
  truefalse: "判断题",
  fill: "填空题",
  short: "简答题",
  matching: "连线题",
  numeric: "数值题",
};

/** How true/false answers are written on export. */
export const TRUE_FALSE_ZH = { true: "对", false: "错" } as const;
/** Separators of a fill-in answer on export: between blanks, between accepted alternatives. */
export const BLANK_SEPARATOR = "；";
export const ALTERNATIVE_SEPARATOR = "|";

const TYPE_ALIASES: Record<string, QuestionType> = {
  单选题: "single", 单选: "single", 单项选择题: "single", 单项选择: "single", 单择题: "single",
  多选题: "multiple", 多选: "multiple", 多项选择题: "multiple", 多项选择: "multiple", 不定项选择题: "multiple",
  判断题: "truefalse", 判断: "truefalse", 是非题: "truefalse",
  填空题: "fill", 填空: "fill",
  简答题: "short", 简答: "short", 问答题: "short", 问答: "short", 论述题: "short",
  连线题: "matching", 连线: "matching", 匹配题: "matching", 匹配: "matching", 配对题: "matching",
  数值题: "numeric", 数值: "numeric", 数字题: "numeric", 计算题: "numeric",
  single: "single", multiple: "multiple", truefalse: "truefalse", fill: "fill", short: "short", matching: "matching", numeric: "numeric",
};

const TRUE_WORDS = new Set(["对", "正确", "√", "✓", "✔", "是", "t", "true", "y", "yes"]);
const FALSE_WORDS = new Set(["错", "错误", "×", "✗", "✘", "否", "f", "false", "n", "no"]);

const DIFFICULTY_WORDS: Record<string, Difficulty> = { 易: 1, 容易: 1, 简单: 1, 较易: 2, 中: 3, 中等: 3, 一般: 3, 较难: 4, 难: 5, 困难: 5 };

const HEADER_ALIASES: Record<string, TableColumn> = {
  题型: "题型", 题目类型: "题型", 试题类型: "题型", 类型: "题型",
  题干: "题干", 题目: "题干", 试题: "题干", 题目内容: "题干", 试题内容: "题干", 问题: "题干",
  答案: "答案", 正确答案: "答案", 参考答案: "答案", 标准答案: "答案",
  解析: "解析", 答案解析: "解析", 试题解析: "解析", 题目解析: "解析",
  难度: "难度", 难易度: "难度", 难度系数: "难度", 难易程度: "难度",
  知识点: "知识点",
  领域: "领域", 所属领域: "领域", 培训领域: "领域",
};

function headerKey(cell: string): string {
  return cell
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/\*/g, "")
    .replace(/\((必填|选填|可选|非必填)\)$/, "")
    .toUpperCase();
}

/** Maps a header cell to its column, tolerating spaces, full-width letters, "*" and "(必填)". */
export function columnOfHeader(cell: string): TableColumn | null {
  const key = headerKey(cell);
  const option = /^(?:选项)?([A-H])(?:选项)?$/.exec(key);
  if (option) return `选项${option[1]}` as TableColumn;
  return HEADER_ALIASES[key] ?? null;
}

/**
 * Reads the header row: the column each position holds (null for columns we do not know, which are
 * ignored) and a `missingColumn` problem per required column that is absent.
 */
export function matchHeader(cells: readonly string[], line = 1): { columns: (TableColumn | null)[]; problems: Problem[] } {
  const columns: (TableColumn | null)[] = [];
  const seen = new Set<TableColumn>();
  for (const cell of cells) {
    const column = columnOfHeader(cell);
    // A repeated header counts once, at its first position.
    columns.push(column && !seen.has(column) ? column : null);
    if (column) seen.add(column);
  }
  const problems = REQUIRED_COLUMNS.filter((c) => !seen.has(c)).map(
    (column): Problem => ({ line, column, code: "missingColumn", params: { column } }),
  );
  return { columns, problems };
}

export function toCells(values: readonly string[], columns: readonly (TableColumn | null)[]): TableCells {
  const cells: TableCells = {};
  columns.forEach((column, i) => {
    if (column) cells[column] = values[i] ?? "";
  });
  return cells;
}

export function isBlankRow(cells: TableCells): boolean {
  return Object.values(cells).every((v) => v === undefined || v.trim() === "");
}

function clean(value: string | undefined): string {
  return (value ?? "").replace(/\r\n?/g, "\n").trim();
}

export function parseQuestionType(value: string): QuestionType | undefined {
  return TYPE_ALIASES[value.normalize("NFKC").replace(/\s+/g, "").toLowerCase()];
}

export function parseDifficulty(value: string): Difficulty | undefined {
  const key = value.normalize("NFKC").replace(/\s+/g, "");
  if (/^\d+(\.0+)?$/.test(key)) {
    const n = Number(key);
    return isDifficulty(n) ? n : undefined;
  }
  return DIFFICULTY_WORDS[key];
}

export function parseTrueFalse(value: string): boolean | undefined {
  const key = value.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  if (TRUE_WORDS.has(key)) return true;
  if (FALSE_WORDS.has(key)) return false;
  return undefined;
}

/** "A, b、D" → "ABD"; undefined when anything but letters and separators is present. */
export function parseLetters(value: string): string | undefined {
  const letters = value.normalize("NFKC").toUpperCase().replace(/[\s,，、;；/|.．]+/g, "");
  if (!/^[A-Z]+$/.test(letters)) return undefined;
  return [...new Set(letters)].sort().join("");
}

/** `五|5；二十五|25` → [["五","5"],["二十五","25"]]. A trailing separator is ignored. */
export function parseBlanks(value: string): string[][] {
  if (value.trim() === "") return [];
  const blanks = value.split(/[;；]/).map((blank) =>
    blank
      .split(/[|｜]/)
      .map((a) => a.trim())
      .filter((a) => a !== ""),
  );
  while (blanks.length > 0 && blanks[blanks.length - 1].length === 0) blanks.pop();
  return blanks;
}

export type RowResult = { draft?: QuestionDraft; stem: string; problems: Problem[] };

/**
 * Decodes one data row. Every problem of the row is reported (decoding and validation alike); the
 * draft is returned only when there is none.
 */
export function rowToDraft(cells: TableCells, line: number): RowResult {
  const problems: Problem[] = [];
  const reported = new Set<DecodedField>();
  const report = (field: DecodedField, column: TableColumn, code: Problem["code"], value: string) => {
    reported.add(field);
    problems.push(value === "" && code === "answerMissing" ? { line, column, code } : { line, column, code, params: { value } });
  };

  const typeCell = clean(cells["题型"]);
  const type = parseQuestionType(typeCell);
  if (!type) report("type", "题型", "unknownType", typeCell);
  const areaCell = clean(cells["领域"]);
  const area = parseArea(areaCell);
  if (!area) report("area", "领域", "unknownArea", areaCell);
  const difficultyCell = clean(cells["难度"]);
  const difficulty = parseDifficulty(difficultyCell);
  if (difficulty === undefined) report("difficulty", "难度", "difficultyOutOfRange", difficultyCell);

  const common = {
    stem: clean(cells["题干"]),
    area: area ?? ("" as Area),
    knowledgePoint: clean(cells["知识点"]),
    difficulty: difficulty ?? (0 as Difficulty),
    explanation: clean(cells["解析"]),
  };
  const optionCells = OPTION_COLUMNS.map((c) => clean(cells[c]));
  const answerCell = clean(cells["答案"]);

  if (!type) {
    // Without a type the answer cannot be read; the other columns are still checked.
    problems.push(...checkDraft(common, line, new Set<DecodedField>(["type", "area", "difficulty", "answer"])));
    return { stem: common.stem, problems: sortByColumn(problems) };
  }

  const decode = (): QuestionDraft => {
    switch (type) {
      case "single":
      case "multiple": {
        let last = optionCells.length - 1;
        while (last >= 0 && optionCells[last] === "") last--;
        const letters = answerCell === "" ? "" : parseLetters(answerCell);
        if (letters === undefined) report("answer", "答案", "answerNotLetters", answerCell);
        return { type, ...common, options: optionCells.slice(0, last + 1), answer: letters ?? "" };
      }
      case "truefalse": {
        // Some templates repeat 正确/错误 in the option columns of a 判断题; they are ignored.
        const answer = parseTrueFalse(answerCell);
        if (answerCell === "") report("answer", "答案", "answerMissing", "");
        else if (answer === undefined) report("answer", "答案", "truefalseAnswerInvalid", answerCell);
        return { type, ...common, answer: answer ?? false };
      }
      case "fill":
        return { type, ...common, answer: parseBlanks(answerCell) };
      case "short":
        return { type, ...common, answer: answerCell, markingPoints: optionCells.filter((p) => p !== "") };
      case "matching": {
        const { pairs, distractors, invalid } = pairsFromCells(optionCells);
        for (const cell of invalid) {
          problems.push({ line, column: OPTION_COLUMNS[cell.index], code: "matchingCellNoArrow", params: { letter: OPTION_COLUMNS[cell.index].slice(2), value: cell.value } });
        }
        return { type, ...common, pairs, distractors };
      }
      case "numeric": {
        const read: ReturnType<typeof parseNumericCell> = answerCell === "" ? { ok: true, answers: [] } : parseNumericCell(answerCell);
        if (!read.ok) report("answer", "答案", "numericAnswerInvalid", read.value);
        return { type, ...common, answer: read.ok ? read.answers : [], units: optionCells.filter((u) => u !== "") };
      }
    }
  };
  const draft = decode();
  problems.push(...checkDraft(draft, line, reported));
  if (problems.length > 0) return { stem: common.stem, problems: sortByColumn(problems) };
  return { draft, stem: common.stem, problems };
}

/** The inverse of `rowToDraft`: the cells of one row in `TABLE_COLUMNS` order. */
export function draftToRow(draft: QuestionDraft): string[] {
  const cells: Record<TableColumn, string> = Object.fromEntries(TABLE_COLUMNS.map((c) => [c, ""])) as Record<TableColumn, string>;
  cells["题型"] = TYPE_NAMES_ZH[draft.type];
  cells["题干"] = draft.stem;
  cells["解析"] = draft.explanation;
  cells["难度"] = String(draft.difficulty);
  cells["知识点"] = draft.knowledgePoint;
  cells["领域"] = AREA_NAMES_ZH[draft.area];
  const fillOptionColumns = (items: readonly string[]) => {
    if (items.length > OPTION_COLUMNS.length) {
      throw new Error(`draftToRow: ${items.length} options or marking points do not fit in ${OPTION_COLUMNS.length} columns`);
    }
    items.forEach((item, i) => (cells[OPTION_COLUMNS[i]] = item));
  };
  switch (draft.type) {
    case "single":
    case "multiple":
      fillOptionColumns(draft.options);
      cells["答案"] = draft.answer;
      break;
    case "truefalse":
      cells["答案"] = draft.answer ? TRUE_FALSE_ZH.true : TRUE_FALSE_ZH.false;
      break;
    case "fill":
      cells["答案"] = draft.answer.map((accepted) => accepted.join(ALTERNATIVE_SEPARATOR)).join(BLANK_SEPARATOR);
      break;
    case "short":
      fillOptionColumns(draft.markingPoints);
      cells["答案"] = draft.answer;
      break;
    case "matching":
      fillOptionColumns(cellsOfPairs(draft));
      break;
    case "numeric":
      fillOptionColumns(draft.units);
      cells["答案"] = numericCell(draft.answer);
      break;
  }
  return TABLE_COLUMNS.map((c) => cells[c]);
}

/** The result of reading a spreadsheet or CSV file. */
export type TableImport = { rows: ParsedRow[]; fileProblems: Problem[] };

/** How many non-blank rows may stand above the header (a title such as "红帆题库导入"). */
const MAX_ROWS_BEFORE_HEADER = 5;

/**
 * The state machine shared by the spreadsheet readers. The header is the first row naming at least two
 * known columns among the first few non-blank rows (rows above it, such as a title, are skipped); if
 * there is none, the first non-blank row is taken as the header and its missing columns reported.
 * Every later non-blank row goes to `onRow`. If the header lacks a required column no row is passed
 * on (the file-level problems say why).
 */
export function createTableReader(onRow: (cells: TableCells, line: number) => void, options: { maxRows?: number } = {}) {
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  let stopped = false;
  let columns: (TableColumn | null)[] | null = null;
  let firstCandidate: { values: readonly string[]; line: number } | undefined;
  let candidates = 0;
  let headerLine = 1;
  let headerOk = false;
  let rows = 0;
  const fileProblems: Problem[] = [];
  const acceptHeader = (values: readonly string[], line: number) => {
    const header = matchHeader(values, line);
    columns = header.columns;
    headerLine = line;
    headerOk = header.problems.length === 0;
    fileProblems.push(...header.problems);
  };
  return {
    /** Whether the row cap was passed: the caller stops reading (the file is refused). */
    get stopped() {
      return stopped;
    },
    push(values: readonly string[], line: number) {
      if (stopped) return;
      if (columns === null) {
        if (values.every((v) => v.trim() === "")) return;
        firstCandidate ??= { values, line };
        candidates++;
        const known = values.filter((v) => columnOfHeader(v) !== null).length;
        if (known >= 2) acceptHeader(values, line);
        else if (candidates >= MAX_ROWS_BEFORE_HEADER) acceptHeader(firstCandidate.values, firstCandidate.line);
        return;
      }
      if (!headerOk) return;
      const cells = toCells(values, columns);
      if (isBlankRow(cells)) return;
      if (rows >= maxRows) {
        stopped = true;
        fileProblems.push({ line, column: "", code: "tooManyRows", params: { max: maxRows } });
        return;
      }
      rows++;
      onRow(cells, line);
    },
    finish(): { rows: number; fileProblems: Problem[] } {
      if (columns === null && firstCandidate) acceptHeader(firstCandidate.values, firstCandidate.line);
      if (columns === null || (headerOk && rows === 0)) fileProblems.push({ line: headerLine, column: "", code: "emptyFile" });
      return { rows, fileProblems };
    },
  };
}

/** An `onRow` that decodes each row and collects the results for `validateRows`. */
export function collectRows(): { rows: ParsedRow[]; onRow: (cells: TableCells, line: number) => void } {
  const rows: ParsedRow[] = [];
  return {
    rows,
    onRow(cells, line) {
      const result = rowToDraft(cells, line);
      rows.push(result.draft ? { line, draft: result.draft, stem: result.stem } : { line, stem: result.stem, problems: result.problems });
    },
  };
}
