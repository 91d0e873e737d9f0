/**
 * Problem codes of question validation and their messages, for the i18n catalogs. Kept apart from
 * validate.ts (which needs the zod question model) so the catalogs stay free of zod: they ship to
 * the browser.
 */

export const PROBLEM_CODES = [
  // a question
  "unknownType",
  "missingStem",
  "stemTooLong",
  "tooFewOptions",
  "tooManyOptions",
  "emptyOption",
  "duplicateOption",
  "optionTooLong",
  "answerMissing",
  "answerNotLetters",
  "answerLetterWithoutOption",
  "singleNeedsOneAnswer",
  "multipleNeedsTwoAnswers",
  "truefalseAnswerInvalid",
  "blankCountMismatch",
  "blankAnswerMissing",
  "fillAnswerHasSeparator",
  "difficultyOutOfRange",
  "unknownArea",
  "missingKnowledgePoint",
  "textTooLong",
  // across the rows of a file
  "duplicateInFile",
  "duplicateInBank",
  // the file itself
  "missingColumn",
  "emptyFile",
  "unreadableFile",
  "giftSyntax",
  "giftUnsupportedType",
  // added for issue 8 item 3 and issue 9 item 4
  "tooManyRows",
  "giftPartialWeight",
  "giftNegativeWeights",
  "giftHtmlRemoved",
  "giftEssayNoReference",
  // 连线题 and 数值题
  "matchingTooFewPairs",
  "matchingTooManyItems",
  "matchingEmptyPair",
  "matchingArrowInText",
  "matchingDuplicatePremise",
  "matchingDistractorRepeats",
  "matchingCellNoArrow",
  "numericAnswerInvalid",
  "numericTooManyAnswers",
  "numericNeedsFullAnswer",
  "numericRangeReversed",
  "numericToleranceNegative",
  "numericPercentInvalid",
  "numericUnitInvalid",
  "giftNumericWrongAnswers",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

const AREA_LIST_ZH = "党的历史和党建理论、党务工作基础知识、操作实务或经验交流";

/** Messages for the i18n catalogs; `{{name}}` is a param. */
export const PROBLEM_MESSAGES_ZH: Record<ProblemCode, string> = {
  unknownType: "题型“{{value}}”无法识别，应为单选题、多选题、判断题、填空题、简答题、连线题或数值题。",
  missingStem: "题干不能为空。",
  stemTooLong: "题干过长（{{length}} 字），不能超过 {{max}} 字。",
  tooFewOptions: "选项太少，至少需要 {{min}} 个选项。",
  tooManyOptions: "选项太多，最多 {{max}} 个。",
  emptyOption: "选项{{letter}}为空：选项须从 A 开始连续填写。",
  duplicateOption: "选项{{letter}}与选项{{otherLetter}}内容相同。",
  optionTooLong: "选项{{letter}}过长（{{length}} 字），不能超过 {{max}} 字。",
  answerMissing: "答案不能为空。",
  answerNotLetters: "答案“{{value}}”无效：单选题、多选题的答案应为选项字母，如 B 或 ABD。",
  answerLetterWithoutOption: "答案中的字母 {{letter}} 没有对应的选项。",
  singleNeedsOneAnswer: "单选题只能有一个正确答案，当前答案为“{{value}}”。",
  multipleNeedsTwoAnswers: "多选题至少需要两个正确答案，当前答案为“{{value}}”。",
  truefalseAnswerInvalid: "判断题答案“{{value}}”无效，应为“对”或“错”。",
  blankCountMismatch: "题干中有 {{blanks}} 个空（用 ____ 表示），答案却有 {{answers}} 组（各空答案用“；”分隔）。",
  blankAnswerMissing: "第 {{blank}} 个空没有答案。",
  fillAnswerHasSeparator: "填空题答案“{{value}}”中不能含有“；”或“|”：它们用于分隔各空和备选答案。",
  difficultyOutOfRange: "难度应为 1 到 5 之间的整数，当前为“{{value}}”。",
  unknownArea: `领域“{{value}}”无法识别，应为${AREA_LIST_ZH}。`,
  missingKnowledgePoint: "知识点不能为空。",
  textTooLong: "内容过长（{{length}} 字），不能超过 {{max}} 字。",
  duplicateInFile: "与第 {{otherLine}} 行的题干重复。",
  duplicateInBank: "题库中已有题干相同的题目。",
  missingColumn: "表头缺少“{{column}}”列。",
  emptyFile: "文件中没有题目。",
  unreadableFile: "无法读取文件，请确认文件格式正确（Excel 请保存为 .xlsx）。",
  giftSyntax: "无法解析这道 GIFT 题目：{{message}}",
  giftUnsupportedType: "不支持的 GIFT 题型“{{kind}}”：只能导入单选、多选、判断、填空、简答、连线和数值题。",
  tooManyRows: "文件中的题目超过 {{max}} 道，未导入任何题目。请拆分为每个不超过 {{max}} 道题的文件，分批导入。",
  giftPartialWeight:
    "填空答案“{{value}}”的得分比例为 {{weight}}%：本系统的填空题只有全对或不得分，不能导入部分得分的答案。请删除该答案，或改为完全正确（=）的答案。",
  giftNegativeWeights: "多选题的错误选项带有扣分比例（{{weights}}）：本系统的多选题全部选对才得分、不扣分，导入后这些扣分不再保留。",
  giftHtmlRemoved: "题干中的 HTML 内容已被移除：{{removed}}。",
  giftEssayNoReference:
    "问答题（GIFT 中的空答案块 {}）已作为简答题导入，由阅卷人评分；文件中没有参考答案，请在题库中为它补充参考答案和评分要点。",
  matchingTooFewPairs: "连线题至少需要 {{min}} 组配对（每格写“前项 -> 后项”）。",
  matchingTooManyItems: "连线题的配对和干扰项合计最多 {{max}} 个（选项A–H 各一个）。",
  matchingEmptyPair: "选项{{letter}}的配对不完整：“->”前后都要有内容。",
  matchingArrowInText: "选项{{letter}}的内容“{{value}}”中不能含有“->”或“→”：它们用于分隔前项和后项。",
  matchingDuplicatePremise: "选项{{letter}}的前项与选项{{otherLetter}}相同：每个前项只能出现一次。",
  matchingDistractorRepeats: "选项{{letter}}的干扰项“{{value}}”与某个配对的后项或其他干扰项相同。",
  matchingCellNoArrow: "选项{{letter}}“{{value}}”缺少“->”：连线题的每格写“前项 -> 后项”，干扰项写“-> 后项”。",
  numericAnswerInvalid:
    "数值题答案“{{value}}”无效：应写成 3（精确值）、3:2 或 3±2（3 加减 2）、1..5（1 到 5），多个答案用“|”分隔，部分得分写 %50%3:1。",
  numericTooManyAnswers: "数值题最多 {{max}} 个可接受的答案。",
  numericNeedsFullAnswer: "数值题至少需要一个满分（100%）的答案。",
  numericRangeReversed: "数值范围 {{min}}..{{max}} 的下限大于上限。",
  numericToleranceNegative: "误差 {{value}} 不能为负数。",
  numericPercentInvalid: "得分比例“{{value}}”无效，应在 0 以上、100 以内。",
  numericUnitInvalid: "选项{{letter}}的单位“{{value}}”无效：单位不能为空、不能含数字或符号 . , + - |，最多 {{max}} 个字。",
  giftNumericWrongAnswers: "数值题中得分为 0 或负数的答案（{{values}}）没有导入：未命中任何答案即不得分。",
};

const AREA_LIST_EN = "党的历史和党建理论 (theory), 党务工作基础知识 (basics), 操作实务 (practice) or 经验交流 (experience)";

export const PROBLEM_MESSAGES_EN: Record<ProblemCode, string> = {
  unknownType:
    "Unknown question type “{{value}}”: use 单选题, 多选题, 判断题, 填空题, 简答题, 连线题 or 数值题 (single, multiple, truefalse, fill, short, matching, numeric).",
  missingStem: "The question text is empty.",
  stemTooLong: "The question text is too long ({{length}} characters; at most {{max}}).",
  tooFewOptions: "Too few options: at least {{min}} are needed.",
  tooManyOptions: "Too many options: at most {{max}} are allowed.",
  emptyOption: "Option {{letter}} is empty: fill the options from A on without gaps.",
  duplicateOption: "Option {{letter}} is the same as option {{otherLetter}}.",
  optionTooLong: "Option {{letter}} is too long ({{length}} characters; at most {{max}}).",
  answerMissing: "The answer is empty.",
  answerNotLetters: "The answer “{{value}}” is not valid: choice questions are answered with option letters, such as B or ABD.",
  answerLetterWithoutOption: "The answer letter {{letter}} has no matching option.",
  singleNeedsOneAnswer: "A single-choice question has exactly one correct answer, not “{{value}}”.",
  multipleNeedsTwoAnswers: "A multiple-choice question needs at least two correct answers, not “{{value}}”.",
  truefalseAnswerInvalid: "The true/false answer “{{value}}” is not valid: use 对 (true) or 错 (false).",
  blankCountMismatch: "The question text has {{blanks}} blank(s) (marked ____) but the answer has {{answers}} (separate blanks with “；”).",
  blankAnswerMissing: "Blank {{blank}} has no answer.",
  fillAnswerHasSeparator: "The fill-in answer “{{value}}” may not contain “；” or “|”: they separate blanks and alternatives.",
  difficultyOutOfRange: "The difficulty must be a whole number from 1 to 5, not “{{value}}”.",
  unknownArea: `Unknown area “{{value}}”: use ${AREA_LIST_EN}.`,
  missingKnowledgePoint: "The knowledge point is empty.",
  textTooLong: "The text is too long ({{length}} characters; at most {{max}}).",
  duplicateInFile: "Same question text as line {{otherLine}}.",
  duplicateInBank: "The bank already has a question with this text.",
  missingColumn: "The header row has no “{{column}}” column.",
  emptyFile: "The file contains no questions.",
  unreadableFile: "The file could not be read. Check its format (save Excel files as .xlsx).",
  giftSyntax: "This GIFT question could not be read: {{message}}",
  giftUnsupportedType:
    "GIFT question type “{{kind}}” is not supported: only single and multiple choice, true/false, fill-in, short answer, matching and numeric questions can be imported.",
  tooManyRows:
    "The file has more than {{max}} questions; nothing was imported. Split it into files of at most {{max}} questions and import them one by one.",
  giftPartialWeight:
    "The fill-in answer “{{value}}” is worth {{weight}}%: fill-in questions here are right or wrong, so an answer with partial marks cannot be imported. Remove it, or make it a fully correct (=) answer.",
  giftNegativeWeights:
    "Wrong options of this multiple-response question carry penalties ({{weights}}): multiple-response questions here score only when every option is right and never deduct, so the penalties are not kept.",
  giftHtmlRemoved: "HTML removed from the question text: {{removed}}.",
  giftEssayNoReference:
    "An essay question (the empty answer block {} in GIFT) was imported as a short-answer question, marked by hand; the file has no reference answer, so add one and its marking points in the bank.",
  matchingTooFewPairs: "A matching question needs at least {{min}} pairs (write “premise -> response” in each cell).",
  matchingTooManyItems: "A matching question has at most {{max}} pairs and distractors together (one per option column A–H).",
  matchingEmptyPair: "The pair in option {{letter}} is incomplete: write text on both sides of “->”.",
  matchingArrowInText: "Option {{letter}} “{{value}}” may not contain “->” or “→”: they separate a premise from its response.",
  matchingDuplicatePremise: "The premise of option {{letter}} is the same as option {{otherLetter}}: each premise appears once.",
  matchingDistractorRepeats: "The distractor “{{value}}” in option {{letter}} repeats a response or another distractor.",
  matchingCellNoArrow:
    "Option {{letter}} “{{value}}” has no “->”: each cell of a matching question is “premise -> response”, a distractor “-> response”.",
  numericAnswerInvalid:
    "The numeric answer “{{value}}” is not valid: write 3 (exact), 3:2 or 3±2 (3 plus or minus 2), 1..5 (1 to 5); separate answers with “|”, partial credit as %50%3:1.",
  numericTooManyAnswers: "A numeric question has at most {{max}} accepted answers.",
  numericNeedsFullAnswer: "A numeric question needs at least one answer worth 100%.",
  numericRangeReversed: "The range {{min}}..{{max}} has its lower bound above its upper bound.",
  numericToleranceNegative: "The tolerance {{value}} may not be negative.",
  numericPercentInvalid: "The percentage “{{value}}” is not valid: it must be above 0 and at most 100.",
  numericUnitInvalid:
    "The unit “{{value}}” in option {{letter}} is not valid: not empty, no digits or . , + - |, at most {{max}} characters.",
  giftNumericWrongAnswers:
    "Answers of this numeric question worth 0 % or less ({{values}}) were not imported: an input that matches no answer scores nothing anyway.",
};
