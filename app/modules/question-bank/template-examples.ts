import { QUESTION_TYPES, type QuestionDraft } from "./question";
import { QUESTION_TYPE_REGISTRY } from "./types/registry";

/**
 * The 示例 rows of the Excel template, one per question type in the registry's order: each type's
 * `table.example`, a question copied from the content bank (`content/questions/*.json`; a test
 * checks they still match).
 */
export const TEMPLATE_EXAMPLES: readonly QuestionDraft[] = QUESTION_TYPES.map((type) => QUESTION_TYPE_REGISTRY[type].table.example.draft);
/** Their slugs in the content bank, in the same order. */
export const TEMPLATE_EXAMPLE_SLUGS: readonly string[] = QUESTION_TYPES.map((type) => QUESTION_TYPE_REGISTRY[type].table.example.slug);
