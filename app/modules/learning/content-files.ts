import { parse } from "yaml";
import { z } from "zod";
import { text } from "../text";

/** The curriculum files in content/courses (pure parsing; the importer reads the disk). */
export const AREA_CODES = ["theory", "basics", "practice", "experience"] as const;

const slug = text().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "slug must be kebab-case ASCII");

export const courseFrontMatter = z.object({
  slug,
  title: text().min(1),
  area: z.enum(AREA_CODES),
  order: z.number().int().min(0),
  summary: text().min(1),
  attentionCheck: z.boolean().default(false),
});

export const lessonFrontMatter = z.object({
  slug,
  title: text().min(1),
  order: z.number().int().min(0),
  minutes: z.number().int().min(1).max(600),
  video: z
    .string()
    .regex(/^[a-z0-9-]+\.mp4$/, "video must be a .mp4 file name")
    .optional(),
});

/** Splits `---\n yaml \n---\n body` and validates the front matter with the given schema. */
export function parseMarkdownFile<T extends z.ZodType>(text: string, schema: T, name: string): { meta: z.infer<T>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${name}: no front matter`);
  const parsed = schema.safeParse(parse(match[1]));
  if (!parsed.success) throw new Error(`${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return { meta: parsed.data, body: match[2].trim() };
}
