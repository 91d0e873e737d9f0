import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "#db/client.server";
import { courses, lessons } from "#db/schema";
import { courseFrontMatter, lessonFrontMatter, parseMarkdownFile } from "./content-files";

export const VIDEO_DIR = "content/videos";

/**
 * Imports content/courses into the database, idempotently by slug: a changed file updates its
 * row, nothing is duplicated, and learners' credits stay with the lesson (same id).
 */
export async function importCourseContent(database: Db, root = "content/courses"): Promise<{ courses: number; lessons: number }> {
  let lessonCount = 0;
  const dirs = readdirSync(root)
    .filter((d) => existsSync(join(root, d, "course.md")))
    .sort();
  await database.transaction(async (tx) => {
    for (const dir of dirs) {
      const course = parseMarkdownFile(readFileSync(join(root, dir, "course.md"), "utf8"), courseFrontMatter, `${dir}/course.md`);
      const values = { ...course.meta, intro: course.body, updatedAt: new Date() };
      const [row] = await tx
        .insert(courses)
        .values(values)
        .onConflictDoUpdate({ target: courses.slug, set: values })
        .returning({ id: courses.id });
      for (const file of readdirSync(join(root, dir))
        .filter((f) => f !== "course.md" && f.endsWith(".md"))
        .sort()) {
        const lesson = parseMarkdownFile(readFileSync(join(root, dir, file), "utf8"), lessonFrontMatter, `${dir}/${file}`);
        if (lesson.meta.video && !existsSync(join(VIDEO_DIR, lesson.meta.video)))
          throw new Error(`${dir}/${file}: video ${lesson.meta.video} not found`);
        const lessonValues = {
          ...lesson.meta,
          video: lesson.meta.video ?? null,
          courseId: row.id,
          body: lesson.body,
          updatedAt: new Date(),
        };
        await tx.insert(lessons).values(lessonValues).onConflictDoUpdate({ target: lessons.slug, set: lessonValues });
        lessonCount++;
      }
    }
  });
  return { courses: dirs.length, lessons: lessonCount };
}
