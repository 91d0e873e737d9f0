import {
  AREA_NAMES_ZH,
  QUESTION_TYPES,
  isDifficulty,
  parseArea,
  type Area,
  type Difficulty,
  type QuestionDraft,
  type QuestionType,
} from "./question";
import { anyDefinition, QUESTION_TYPE_REGISTRY } from "./types/registry";
import { checkDraft, sortByColumn, type DecodedField, type ParsedRow, type Problem } from "./validate";

export { parseLetters } from "./types/choice/choice";
export { ALTERNATIVE_SEPARATOR, BLANK_SEPARATOR, parseBlanks } from "./types/fill";
export { TRUE_FALSE_ZH, parseTrueFalse } from "./types/truefalse";

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

/** The name written in the 题型 column: each type's first table name. */
export const TYPE_NAMES_ZH = Object.fromEntries(QUESTION_TYPES.map((t) => [t, QUESTION_TYPE_REGISTRY[t].table.names[0]])) as Readonly<
  Record<QuestionType, string>
>;

/** Every name a type is read by: its table names and its code. */
const TYPE_ALIASES: Record<string, QuestionType> = Object.fromEntries(
  QUESTION_TYPES.flatMap((t) =>
    [...QUESTION_TYPE_REGISTRY[t].table.names, t].map((name) => [name.normalize("NFKC").replace(/\s+/g, "").toLowerCase(), t]),
  ),
);

const DIFFICULTY_WORDS: Record<string, Difficulty> = { 易: 1, 容易: 1, 简单: 1, 较易: 2, 中: 3, 中等: 3, 一般: 3, 较难: 4, 难: 5, 困难: 5 };

const HEADER_ALIASES: Record<string, TableColumn> = {
  题型: "题型",
  题目类型: "题型",
  试题类型: "题型",
  类型: "题型",
  题干: "题干",
  题目: "题干",
  试题: "题干",
  题目内容: "题干",
  试题内容: "题干",
  问题: "题干",
  答案: "答案",
  正确答案: "答案",
  参考答案: "答案",
  标准答案: "答案",
  解析: "解析",
  答案解析: "解析",
  试题解析: "解析",
  题目解析: "解析",
  难度: "难度",
  难易度: "难度",
  难度系数: "难度",
  难易程度: "难度",
  知识点: "知识点",
  领域: "领域",
  所属领域: "领域",
  培训领域: "领域",
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
  const problems = REQUIRED_COLUMNS.filter((c) => !seen.has(c)).map((column): Problem => ({
    line,
    column,
    code: "missingColumn",
    params: { column },
  }));
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

  const draft = anyDefinition(type).table.decode({
    common,
    optionCells,
    answerCell,
    reportAnswer: (code, value) => report("answer", "答案", code, value),
    reportOption: (index, code, params) => void problems.push({ line, column: OPTION_COLUMNS[index], code, params }),
  }) as QuestionDraft;
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
  const { items, answer } = anyDefinition(draft.type).table.encode(draft);
  fillOptionColumns(items);
  cells["答案"] = answer;
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
