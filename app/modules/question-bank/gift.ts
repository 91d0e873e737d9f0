import { z } from "zod";
import { text } from "../text";
import { BLANK_MARKER } from "./normalize";
import { AREA_NAMES_ZH, DIFFICULTIES, parseArea, type Area, type Difficulty, type QuestionDraft } from "./question";
import type { ParsedRow, Problem } from "./validate";
import type { GiftKind, GiftMetadata, GiftNoticeCode, GiftReadKit, GiftWriteKit } from "./types/definition";
import { QUESTION_TYPES } from "./question";
import { anyDefinition } from "./types/registry";

/**
 * Moodle GIFT import and export (https://docs.moodle.org/en/GIFT_format), hand-written after Moodle's
 * own qformat_gift: questions are separated by blank lines, `//` lines are comments, `\` escapes
 * `~ = # { } :` and itself, `\n` is a newline inside a text.
 *
 * How our types map (each type's reading and writing is its definition's `gift`, types/<type>/):
 * - single   ⇄ multiple choice with one `=` answer: `stem {=right ~wrong ~wrong}`.
 * - multiple ⇄ multiple choice with weights: `{~%50%A ~%50%B ~%-100%C}`; every positive weight is a
 *   correct answer. On import, when any answer is marked `=`, the `=` answers are the correct ones and
 *   partial weights are dropped (our choice questions are all-or-nothing).
 * - truefalse ⇄ `{T}` `{F}` `{TRUE}` `{FALSE}`.
 * - fill with ONE blank ⇄ Moodle short answer ("missing word"): the answer block stands where the
 *   blank is, `党的根本组织原则是{=民主集中制}。`; on import the block's position becomes `____` (also
 *   when the block ends the question). Several `{=..}` blocks in one question (not Moodle, but some
 *   tools write it) import as a fill question with several blanks.
 * - fill with SEVERAL blanks: GIFT has no such form. We export the stem with its `____` blanks followed
 *   by an empty (essay) block `{}`; the accepted answers travel in the metadata line. Moodle imports it
 *   as an essay, graded by people, which keeps the question usable there; we read it back as the
 *   original fill question.
 * - short ⇄ essay `{}`; the reference answer and the marking points travel in the metadata line. An
 *   essay without them (any Moodle essay) imports as a short answer with an empty reference answer
 *   and a notice asking for one: it is marked by hand either way.
 * - matching ⇄ `{ =premise -> response =premise2 -> response2 = -> distractor }` (Moodle's matching
 *   question; an empty premise is Moodle's "extra answer", a distractor). Moodle's importer wants 2
 *   or more premises and 3 or more responses: a question of 2 pairs and no distractor is exported as
 *   written (valid here) and Moodle refuses it.
 * - numeric ⇄ Moodle numerical: `{#3:2}` (3 ± 2), `{#1..5}` (range), `{#3}` (exact), several answers
 *   `{#=3:0 =%50%3:1}` (a partial weight is partial credit, applied when the exam allows partial
 *   credit). Answers of weight 0 or less are dropped with a notice. Units travel in the metadata line
 *   (`"units":["人"]`; Moodle's GIFT has none).
 * - `####text` is the explanation (general feedback); per-answer feedback `#...` is ignored; `::title::`
 *   is ignored; `[html]` texts are converted to plain text, `[markdown]` `[plain]` `[moodle]` prefixes
 *   are dropped. Each GIFT kind is read by the question types that claim it (`gift.reads` in their
 *   definitions, types/; the first in the registry's order that answers has it); a kind no type reads,
 *   and description questions (no answer block), are reported as unsupported.
 *
 * Metadata: a comment line right before the question (Moodle ignores it), e.g.
 *   // hongfan: {"difficulty":3,"knowledgePoint":"党的创建","area":"theory","answer":[["一年","1年"],["预备期"]]}
 * It overrides the defaults: difficulty 3, the knowledge point from the last segment of the current
 * `$CATEGORY` (else 未分类), the area from a category segment naming an area (code or Chinese name,
 * else the caller's default).
 *
 * The writer emits `$CATEGORY: $course$/top/<领域>/<知识点>` whenever the pair changes, so a Moodle
 * import files the questions by area and knowledge point.
 */

export type GiftParseResult = {
  /** Every question, in file order, for `validateRows`. */
  rows: ParsedRow[];
  /** Problems of the file itself (more questions than allowed): nothing is imported. */
  fileProblems: Problem[];
  /** The questions that could be read, with their first line. */
  drafts: { line: number; draft: QuestionDraft }[];
  /** Every problem and notice of the questions (and of the file), by line. */
  problems: Problem[];
};

export const DEFAULT_DIFFICULTY: Difficulty = 3;
export const DEFAULT_KNOWLEDGE_POINT = "未分类";

const ESCAPABLE = ["\\", ":", "#", "=", "{", "}", "~", "n"] as const;
const UNESCAPED = ["\\", ":", "#", "=", "{", "}", "~", "\n"] as const;
const PLACEHOLDER_BASE = 0xe000;

/** Replaces escaped characters with private-use placeholders, so structure parsing cannot see them. */
function protect(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && i + 1 < text.length) {
      const index = (ESCAPABLE as readonly string[]).indexOf(text[i + 1]);
      if (index >= 0) {
        out += String.fromCharCode(PLACEHOLDER_BASE + index);
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

function unprotect(text: string): string {
  return text.replace(/[\ue000-\ue007]/g, (c) => UNESCAPED[c.charCodeAt(0) - PLACEHOLDER_BASE]);
}

type Format = "moodle" | "html" | "plain" | "markdown";
const FORMAT_PREFIX = /^\s*\[(moodle|html|plain|markdown)\]/i;

function splitFormat(text: string, inherited: Format): { format: Format; text: string } {
  const m = FORMAT_PREFIX.exec(text);
  if (!m) return { format: inherited, text };
  return { format: m[1].toLowerCase() as Format, text: text.slice(m[0].length) };
}

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ldquo: "“",
  rdquo: "”",
  lsquo: "‘",
  rsquo: "’",
  hellip: "…",
  mdash: "—",
};

/** Markdown link text and destination, escaped so the link cannot break out of its brackets. */
function markdownLink(text: string, href: string): string {
  const label = text.replace(/[\\[\]]/g, "\\$&").trim() || href;
  const destination = href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `[${label}](${destination})`;
}

/** An http(s) URL, or null (javascript:, data:, relative and malformed addresses are not kept). */
function safeUrl(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = decodeEntities(raw.trim());
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value).href;
  } catch {
    return null;
  }
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const MEDIA_NAMES: Record<string, string> = {
  img: "图片",
  audio: "音频",
  video: "视频",
  source: "媒体",
  embed: "嵌入内容",
  iframe: "嵌入网页",
  object: "嵌入内容",
};

/**
 * An HTML fragment as the Markdown text our stems use (issue 9 item 4b): block ends become newlines,
 * tags are dropped, entities decoded; `<a href>` to an http(s) address stays a link (Markdown, which
 * the renderer shows with rel="noopener noreferrer"), and so does the http(s) source of an image,
 * audio or video (as a link to it). Whatever is dropped that carried content is listed in `removed`
 * (in Chinese, for the check list): scripts and styles, embedded pages, links and media whose address
 * is not http(s). No trimming of spaces.
 */
export function htmlToMarkdown(html: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const text = html
    .replace(/\s+/g, " ")
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, (_, tag: string) => {
      removed.push(tag.toLowerCase() === "script" ? "脚本" : "样式");
      return "";
    })
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_, attrs: string, inner: string) => {
      const label = decodeEntities(inner.replace(/<[^>]*>/g, ""));
      const href = attribute(attrs, "href");
      const url = safeUrl(href);
      if (url) return markdownLink(label, url);
      if (href !== undefined && href.trim() !== "") removed.push(`链接“${label.trim() || href.trim()}”（地址不是 http/https）`);
      return label;
    })
    .replace(/<(img|audio|video|source|embed|iframe|object)\b([^>]*)>/gi, (_, tag: string, attrs: string) => {
      const name = MEDIA_NAMES[tag.toLowerCase()];
      const src = attribute(attrs, "src") ?? attribute(attrs, "data");
      const url = tag.toLowerCase() === "iframe" || tag.toLowerCase() === "object" ? null : safeUrl(src);
      if (url) return markdownLink(attribute(attrs, "alt") ? decodeEntities(attribute(attrs, "alt")!) : name, url);
      if (src !== undefined || ["iframe", "object", "embed"].includes(tag.toLowerCase())) removed.push(name);
      return "";
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|tr|blockquote)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole) => decodeEntities(whole))
    .replace(/ *\n */g, "\n")
    .replace(/\n{2,}/g, "\n")
    .replace(/^\n+|\n+$/g, "");
  return { text, removed };
}

/** Plain text of an HTML fragment (links as Markdown links, see htmlToMarkdown). */
export function htmlToText(html: string): string {
  return htmlToMarkdown(html).text;
}

/** A protected fragment as plain text in the given format; what HTML lost goes to `removed`. */
function convert(fragment: string, format: Format, removed?: string[]): string {
  const plain = unprotect(fragment);
  if (format !== "html") return plain;
  const result = htmlToMarkdown(plain);
  removed?.push(...result.removed);
  return result.text;
}

/** An answer or feedback as plain text: its own `[format]` prefix wins over the question's format. */
function toText(fragment: string, inherited: Format, removed?: string[]): string {
  const { format, text } = splitFormat(fragment.trimStart(), inherited);
  return convert(text, format, removed);
}

const WEIGHT = /^\s*%(-?\d+(?:\.\d+)?)%/;

type GiftAnswer = { mark: "=" | "~" | ""; weight?: number; text: string };

/** `=a#fb ~%50%b ~c` → answers with their marks, weights and texts (feedback dropped). */
function splitAnswers(answerText: string): GiftAnswer[] {
  const answers: GiftAnswer[] = [];
  const first = answerText.search(/[=~]/);
  const lead = (first < 0 ? answerText : answerText.slice(0, first)).trim();
  if (lead !== "") answers.push(answerOf("", lead));
  if (first < 0) return answers;
  const re = /([=~])([^=~]*)/g;
  for (const m of answerText.slice(first).matchAll(re)) answers.push(answerOf(m[1] as "=" | "~", m[2]));
  return answers;
}

function answerOf(mark: GiftAnswer["mark"], body: string): GiftAnswer {
  let rest = body;
  let weight: number | undefined;
  const w = WEIGHT.exec(rest);
  if (w) {
    weight = Number(w[1]);
    rest = rest.slice(w[0].length);
  }
  const feedback = rest.indexOf("#");
  if (feedback >= 0) rest = rest.slice(0, feedback);
  return { mark, weight, text: rest.trim() };
}

const metadataSchema = z.object({
  difficulty: z.literal(DIFFICULTIES).optional(),
  knowledgePoint: text().optional(),
  area: z
    .string()
    .refine((v) => parseArea(v) !== undefined, "unknown area")
    .optional(),
  answer: z.union([text(), z.array(z.array(text()))]).optional(),
  markingPoints: z.array(text()).optional(),
  /** The blank's exact marker when a one-blank fill question does not use "____". */
  blank: text()
    .regex(/^[_＿]{4,}$/)
    .optional(),
  /** 数值题: accepted units (Moodle's GIFT has none). */
  units: z.array(text()).optional(),
});
type Metadata = z.infer<typeof metadataSchema>;
// The metadata a type may read and write (types/definition.ts) is the metadata line's schema.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const metadataMatches: Same<Metadata, GiftMetadata> = true;
void metadataMatches;

const METADATA_LINE = /^\/\/\s*hongfan:\s*(.*)$/;

type GiftCode = "giftSyntax" | "giftUnsupportedType" | "giftPartialWeight";

class GiftError extends Error {
  constructor(
    readonly code: GiftCode,
    readonly params: Record<string, string>,
  ) {
    super(params.message ?? params.kind ?? code);
  }
}

const syntax = (message: string) => new GiftError("giftSyntax", { message });

/** The Chinese names of the GIFT question types we cannot import, for the check list. */
const UNSUPPORTED_NAMES_ZH = { description: "说明文字（没有答案块）" } as const;
const unsupported = (kind: keyof typeof UNSUPPORTED_NAMES_ZH) => new GiftError("giftUnsupportedType", { kind: UNSUPPORTED_NAMES_ZH[kind] });

/** What the import changed in a question that it still imports (listed, does not keep it out). */
type Notice = { code: GiftNoticeCode | "giftHtmlRemoved"; params: Record<string, string> };

type Context = { area: Area; knowledgePoint: string; difficulty: Difficulty; meta: Metadata };

type Block = { before: string; body: string };

/** Splits protected question text into text segments and `{...}` blocks. */
function findBlocks(text: string): { blocks: Block[]; tail: string } {
  const blocks: Block[] = [];
  let pos = 0;
  for (;;) {
    const open = text.indexOf("{", pos);
    const strayClose = text.indexOf("}", pos);
    if (open < 0) {
      if (strayClose >= 0) throw syntax("a “}” without an opening “{” (write \\} for a literal brace)");
      return { blocks, tail: text.slice(pos) };
    }
    if (strayClose >= 0 && strayClose < open) throw syntax("a “}” without an opening “{” (write \\} for a literal brace)");
    const close = text.indexOf("}", open + 1);
    if (close < 0) throw syntax("the answer block “{” is not closed with “}”");
    const nested = text.indexOf("{", open + 1);
    if (nested >= 0 && nested < close) throw syntax("a “{” inside an answer block (write \\{ for a literal brace)");
    blocks.push({ before: text.slice(pos, open), body: text.slice(open + 1, close) });
    pos = close + 1;
  }
}

function kindOf(answerText: string): Exclude<GiftKind, "blanks"> {
  if (answerText === "") return "essay";
  if (answerText.startsWith("#")) return "numerical";
  if (answerText.includes("~")) return "multichoice";
  if (answerText.includes("=") && answerText.includes("->")) return "matching";
  const beforeFeedback = answerText.split("#")[0].trim();
  if (/^(t|true|f|false)$/i.test(beforeFeedback)) return "truefalse";
  return "shortanswer";
}

/** Splits off the general feedback (the last `####`). */
function splitFeedback(body: string): { answerText: string; feedback: string | undefined } {
  const at = body.lastIndexOf("####");
  if (at < 0) return { answerText: body.trim(), feedback: undefined };
  return { answerText: body.slice(0, at).trim(), feedback: body.slice(at + 4) };
}

/**
 * Where the answer block stood in a choice, true/false or essay question when text follows it (GIFT's
 * "missing word" form, e.g. `中共一大于 {~1919 =1921} 年召开。`): Moodle puts a blank there; we put
 * the Chinese exam paper's "（ ）", so the text after the block stays after it.
 */
export const CHOICE_BLANK = "（ ）";

function parseQuestion(raw: string, ctx: Context): { draft: QuestionDraft; notices: Notice[] } {
  let text = protect(raw).trim();
  if (text.startsWith("::")) {
    const end = text.indexOf("::", 2);
    text = end >= 0 ? text.slice(end + 2).trimStart() : text.slice(2);
  }
  const { format, text: body } = splitFormat(text, "moodle");
  const { blocks, tail } = findBlocks(body);
  if (blocks.length === 0) throw unsupported("description");

  const common = {
    area: ctx.meta.area !== undefined ? (parseArea(ctx.meta.area) ?? ctx.area) : ctx.area,
    knowledgePoint: ctx.meta.knowledgePoint ?? ctx.knowledgePoint,
    difficulty: ctx.meta.difficulty ?? ctx.difficulty,
  };
  const removed: string[] = [];
  const notices: Notice[] = [];
  const done = (draft: QuestionDraft) => {
    if (removed.length) notices.push({ code: "giftHtmlRemoved", params: { removed: [...new Set(removed)].join("、") } });
    return { draft, notices };
  };
  // The stem's format prefix was removed above; its segments are not checked for another one.
  const segment = (s: string) => convert(s, format, removed);
  const explanationOf = (feedback: string | undefined) => (feedback === undefined ? "" : toText(feedback, format, removed).trim());
  /** The stem around one answer block: text after the block keeps its place (a blank marks the block). */
  const around = (before: string, after: string, blank: string) => {
    const afterText = segment(after);
    return (afterText.trim() === "" ? segment(before) : `${segment(before)}${blank}${afterText}`).trim();
  };

  const parts = blocks.map((b) => ({ before: b.before, ...splitFeedback(b.body) }));
  const kinds = parts.map((p) => kindOf(p.answerText));
  // Several blocks: every block must be a short-answer block (fill-in blanks).
  if (blocks.length > 1 && kinds.some((k) => k !== "shortanswer"))
    throw syntax("a question has one answer block (only fill-in blanks {=...} may repeat)");
  const kind: GiftKind = blocks.length > 1 ? "blanks" : kinds[0];
  const feedback = blocks.length > 1 ? parts.find((p) => p.feedback !== undefined)?.feedback : parts[0].feedback;
  const kit: GiftReadKit = {
    kind,
    common,
    explanation: explanationOf(feedback),
    meta: ctx.meta,
    answerTexts: parts.map((p) => p.answerText),
    stemWith(blank) {
      if (blank === "choice") return around(parts[0].before, tail, CHOICE_BLANK);
      if (blank === "none") return (segment(parts[0].before) + segment(tail)).trim();
      const marker = ctx.meta.blank ?? BLANK_MARKER;
      return (parts.map((p) => segment(p.before)).join(marker) + marker + segment(tail)).trim();
    },
    answers: splitAnswers,
    toText: (t) => toText(t, format, removed),
    acceptedAnswers: (t) => acceptedAnswers(t, format, removed),
    notice: (code, params) => void notices.push({ code, params }),
    weight: formatWeight,
    refuse(code, params = {}) {
      throw new GiftError(code, params);
    },
  };
  // The types reading this kind, in registry order; the first to answer has it.
  for (const type of QUESTION_TYPES) {
    const definition = anyDefinition(type);
    if (!definition.gift.reads.includes(kind)) continue;
    const draft = definition.gift.read(kit);
    if (draft) return done(draft);
  }
  throw syntax(`no question type reads a GIFT ${kind} block`);
}

/**
 * The accepted answers of a short-answer block: its `=` answers with no weight or 100%. A partial
 * weight (`=%50%猫`) cannot be kept (a blank is right or wrong here) and is refused rather than
 * turned into full marks; `~` answers and weights of 0 or less are wrong answers and are left out.
 */
function acceptedAnswers(answerText: string, format: Format, removed: string[]): string[] {
  const answers = splitAnswers(answerText).filter((a) => a.mark !== "~" && (a.weight === undefined || a.weight > 0));
  const partial = answers.find((a) => a.weight !== undefined && a.weight < 100);
  if (partial)
    throw new GiftError("giftPartialWeight", { value: toText(partial.text, format).trim(), weight: formatWeight(partial.weight!) });
  return answers.map((a) => toText(a.text, format, removed).trim()).filter((a) => a !== "");
}

/** Category path segments; Moodle writes a literal "/" in a name as "//". */
function categorySegments(path: string): string[] {
  return path
    .split(/(?<!\/)\/(?!\/)/)
    .map((s) => s.replace(/\/\//g, "/").trim())
    .filter((s) => s !== "");
}

/**
 * `$CATEGORY:` → area and knowledge point: after Moodle's prefixes, a first segment naming an area
 * gives the area; the last other segment is the knowledge point. Otherwise the import's defaults.
 */
function applyCategory(path: string, defaults: { area: Area; knowledgePoint: string }): { area: Area; knowledgePoint: string } {
  const segments = categorySegments(path);
  // Moodle's context prefix ($course$, $system$...), "top" and the default category are not ours.
  while (
    segments.length > 0 &&
    (/^\$\w*\$$/.test(segments[0]) ||
      segments[0].toLowerCase() === "top" ||
      /^default for /i.test(segments[0]) ||
      /^默认|的默认类别$/.test(segments[0]))
  ) {
    segments.shift();
  }
  const area = segments.length > 0 ? parseArea(segments[0]) : undefined;
  const rest = area ? segments.slice(1) : segments;
  return { area: area ?? defaults.area, knowledgePoint: rest.at(-1) ?? defaults.knowledgePoint };
}

export type GiftOptions = {
  defaultArea: Area;
  /** For questions outside any `$CATEGORY` naming one; 未分类 if not given. */
  defaultKnowledgePoint?: string;
  defaultDifficulty?: Difficulty;
  /** Reading stops at the first question above it (a `tooManyRows` file problem). */
  maxQuestions?: number;
};

/**
 * Parses a GIFT file. `line` is the first line of each question's text (after its comments). Every
 * question becomes a row: a draft (with notices of what the import changed), or its problems; one
 * question's problem does not stop the others.
 */
export function parseGift(text: string, options: GiftOptions): GiftParseResult {
  const reader = createGiftReader(options);
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && !reader.stopped; i++) reader.line(lines[i], i + 1);
  return reader.finish();
}

/**
 * `parseGift` a line at a time, for a caller that reads a large file in slices (and lets other work
 * in between); `stopped` turns true at the question cap, after which lines are ignored.
 */
export function createGiftReader(options: GiftOptions) {
  const rows: ParsedRow[] = [];
  const fileProblems: Problem[] = [];
  const defaults = { area: options.defaultArea, knowledgePoint: options.defaultKnowledgePoint?.trim() || DEFAULT_KNOWLEDGE_POINT };
  const difficulty = options.defaultDifficulty ?? DEFAULT_DIFFICULTY;
  const maxQuestions = options.maxQuestions ?? Number.POSITIVE_INFINITY;
  let category = { ...defaults };
  let pendingMeta: { json: string } | undefined;
  let stopped = false;

  const handleBlock = (block: { line: number; text: string }[]) => {
    const question: { line: number; text: string }[] = [];
    let meta: { json: string } | undefined;
    for (const l of block) {
      const t = l.text.trim();
      if (t.startsWith("//")) {
        const m = METADATA_LINE.exec(t);
        if (m) meta = { json: m[1] };
        continue;
      }
      if (question.length === 0 && t.startsWith("$CATEGORY:")) {
        category = applyCategory(t.slice("$CATEGORY:".length).trim(), defaults);
        continue;
      }
      question.push(l);
    }
    if (question.length === 0) {
      // A metadata line separated from its question by a blank line still applies to it.
      if (meta) pendingMeta = meta;
      return;
    }
    const line = question[0].line;
    if (rows.length >= maxQuestions) {
      stopped = true;
      fileProblems.push({ line, column: "", code: "tooManyRows", params: { max: maxQuestions } });
      return;
    }
    const metaSource = meta ?? pendingMeta;
    pendingMeta = undefined;
    try {
      const metadata = parseMetadata(metaSource?.json);
      const { draft, notices } = parseQuestion(question.map((l) => l.text).join("\n"), { ...category, difficulty, meta: metadata });
      const problems = notices.map((n): Problem => ({ line, column: "", code: n.code, params: n.params, notice: true }));
      rows.push(problems.length ? { line, draft, stem: draft.stem, problems } : { line, draft, stem: draft.stem });
    } catch (error) {
      if (!(error instanceof GiftError)) throw error;
      rows.push({ line, problems: [{ line, column: "", code: error.code, params: error.params }] });
    }
  };

  let block: { line: number; text: string }[] = [];
  return {
    get stopped() {
      return stopped;
    },
    line(text: string, lineNo: number) {
      if (stopped) return;
      if (text.trim() === "") {
        if (block.length > 0) handleBlock(block);
        block = [];
      } else {
        block.push({ line: lineNo, text });
      }
    },
    finish(): GiftParseResult {
      if (block.length > 0 && !stopped) handleBlock(block);
      block = [];
      if (stopped) return { rows: [], drafts: [], problems: fileProblems, fileProblems };
      return {
        rows,
        fileProblems,
        drafts: rows.flatMap((r) => (r.draft ? [{ line: r.line, draft: r.draft }] : [])),
        problems: rows.flatMap((r) => r.problems ?? []),
      };
    },
  };
}

function parseMetadata(json: string | undefined): Metadata {
  if (json === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw syntax("the “// hongfan:” line is not valid JSON");
  }
  const result = metadataSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw syntax(`the “// hongfan:” line has an invalid ${issue.path.join(".") || "value"}`);
  }
  return result.data;
}

// ---------------------------------------------------------------------------------------------------
// Writing

/** Escapes GIFT's special characters; newlines become `\n` (as Moodle does). */
function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\\/g, "\\\\")
    .replace(/[~=#{}:]/g, "\\$&")
    .replace(/\n/g, "\\n");
}

/**
 * A text that would start with a format prefix, or with "//" (a comment line), gets an explicit
 * [plain] prefix, so it is read back as written.
 */
function writeText(text: string): string {
  return (FORMAT_PREFIX.test(text) || /^\s*\/\//.test(text) ? "[plain]" : "") + escapeText(text);
}

/** An answer whose text starts like a weight gets an explicit weight, so the text is kept. */
function writeAnswer(mark: "=" | "~", text: string, weight?: string): string {
  const explicit = weight ?? (/^\s*%/.test(text) ? (mark === "=" ? "100" : "0") : undefined);
  return `${mark}${explicit === undefined ? "" : `%${explicit}%`}${writeText(text)}`;
}

function categoryName(name: string): string {
  return name.replace(/\s+/g, " ").trim().replace(/\//g, "//");
}

function formatWeight(n: number): string {
  return String(Number(n.toFixed(5)));
}

/** Writes drafts as GIFT that Moodle imports and `parseGift` reads back to the same drafts. */
export function writeGift(drafts: Iterable<QuestionDraft>): string {
  const out: string[] = [
    "// 红帆 (Hongfan) question bank export in Moodle GIFT format.",
    "// A “// hongfan:” line before a question carries what GIFT cannot hold: difficulty, knowledge point,",
    "// area, the blanks of a fill-in question with several blanks (exported as an essay in Moodle), the",
    "// reference answer and marking points of a short-answer question and the units of a numeric question.",
    "// Moodle ignores these comments.",
    "",
  ];
  let currentCategory: string | undefined;
  for (const draft of drafts) {
    const category = `$course$/top/${categoryName(AREA_NAMES_ZH[draft.area])}/${categoryName(draft.knowledgePoint)}`;
    if (category !== currentCategory) {
      out.push(`$CATEGORY: ${category}`, "");
      currentCategory = category;
    }
    const { meta, question } = writeQuestion(draft);
    out.push(`// hongfan: ${JSON.stringify(meta)}`, question, "");
  }
  return out.join("\n");
}

function writeQuestion(draft: QuestionDraft): { meta: Metadata; question: string } {
  const meta: Metadata = { difficulty: draft.difficulty, knowledgePoint: draft.knowledgePoint, area: draft.area };
  const kit: GiftWriteKit = {
    text: writeText,
    escape: escapeText,
    answer: writeAnswer,
    weight: formatWeight,
    feedback: draft.explanation === "" ? "" : `####${writeText(draft.explanation)}`,
    stem: writeText(draft.stem),
    meta,
  };
  const question = anyDefinition(draft.type).gift.write(draft, kit);
  return { meta, question };
}
