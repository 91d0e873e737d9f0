import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { courseFrontMatter, lessonFrontMatter, parseMarkdownFile } from "./content-files";

describe("curriculum files", () => {
  it("parses front matter and body, and refuses bad front matter", () => {
    const ok = parseMarkdownFile("---\nslug: a-b\ntitle: 标题\norder: 1\nminutes: 45\n---\n## 正文\n", lessonFrontMatter, "x.md");
    expect(ok).toEqual({ meta: { slug: "a-b", title: "标题", order: 1, minutes: 45 }, body: "## 正文" });
    expect(() => parseMarkdownFile("---\nslug: A B\ntitle: t\norder: 1\nminutes: 0\n---\n", lessonFrontMatter, "y.md")).toThrow(
      /y\.md: slug/,
    );
    expect(() => parseMarkdownFile("no front matter", lessonFrontMatter, "z.md")).toThrow(/no front matter/);
  });

  it("the shipped curriculum has four areas, 24+ lessons and 40+ 学时 with unique slugs", () => {
    const root = "content/courses";
    const slugs = new Set<string>();
    const areas = new Set<string>();
    let minutes = 0;
    let lessons = 0;
    for (const dir of readdirSync(root)) {
      const course = parseMarkdownFile(readFileSync(join(root, dir, "course.md"), "utf8"), courseFrontMatter, dir);
      areas.add(course.meta.area);
      for (const file of readdirSync(join(root, dir)).filter((f) => f !== "course.md" && f.endsWith(".md"))) {
        const lesson = parseMarkdownFile(readFileSync(join(root, dir, file), "utf8"), lessonFrontMatter, file);
        expect(slugs.has(lesson.meta.slug), lesson.meta.slug).toBe(false);
        slugs.add(lesson.meta.slug);
        minutes += lesson.meta.minutes;
        lessons++;
        expect(lesson.body.length).toBeGreaterThan(800);
      }
    }
    expect([...areas].sort()).toEqual(["basics", "experience", "practice", "theory"]);
    expect(lessons).toBeGreaterThanOrEqual(24);
    expect(minutes / 45).toBeGreaterThanOrEqual(40);
  });
});
