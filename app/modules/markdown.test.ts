import { describe, expect, it } from "vitest";
import { renderInlineMarkdown, renderMarkdown } from "./markdown";

describe("question markdown", () => {
  it("renders emphasis and lists", () => {
    expect(renderMarkdown("**三会一课**\n\n- 党员大会")).toContain("<strong>三会一课</strong>");
    expect(renderInlineMarkdown("*预备期*一年")).toBe("<em>预备期</em>一年");
  });
  it("escapes HTML and drops script links", () => {
    expect(renderMarkdown('<script>alert(1)</script><img src=x onerror="alert(1)">')).not.toMatch(/<script|<img/);
    expect(renderMarkdown("[x](javascript:alert(1))")).not.toContain('href="javascript:');
  });
});

describe("links", () => {
  it("keeps http(s) links with rel=noopener noreferrer (imported [html] stems, issue 9 item 4b)", () => {
    expect(renderInlineMarkdown("听[这段录音](http://example.cn/a.mp3)")).toBe(
      '听<a href="http://example.cn/a.mp3" rel="noopener noreferrer">这段录音</a>',
    );
  });
});
