import { describe, expect, it } from "vitest";
import { renderVerifyHtml } from "./verify-lean.server";

describe("the lean verification page", () => {
  it("shows the status, the masked name and the level, with the stylesheet and no script", () => {
    const html = renderVerifyHtml(
      {
        kind: "found",
        certificate: {
          number: "HF370829-2026-2-0001-9",
          level: "intermediate",
          countyName: "嘉祥县",
          issuedAt: "2026-09-01T02:00:00.000Z",
          maskedName: "赵*博",
          status: { kind: "valid" },
        },
      },
      "zh-CN",
      "/assets/app-x.css",
    );
    expect(html).toContain('data-testid="verify-status">有效<');
    expect(html).toContain('data-testid="verify-holder">赵*博<');
    expect(html).toContain("中级红帆领航员");
    expect(html).toContain("2026年9月1日");
    expect(html).toContain('<link rel="stylesheet" href="/assets/app-x.css">');
    expect(html).not.toContain("<script");
  });

  it("says when and why a certificate was revoked, and escapes what it prints", () => {
    const html = renderVerifyHtml(
      {
        kind: "found",
        certificate: {
          number: "HF370829-2026-1-0001-5",
          level: "junior",
          countyName: "<b>县</b>",
          issuedAt: "2026-05-03T02:00:00.000Z",
          maskedName: "张*",
          status: { kind: "revoked", at: "2026-10-08T03:00:00.000Z", reason: "regrade" },
        },
      },
      "zh-CN",
      null,
    );
    expect(html).toContain("已撤销");
    expect(html).toContain("本证书已于 2026年10月8日 撤销（原因：成绩更正）。");
    expect(html).toContain("&#60;b&#62;县&#60;/b&#62;");
  });

  it("words a mistyped number and the rate limit plainly", () => {
    expect(renderVerifyHtml({ kind: "check", input: "x" }, "zh-CN", null)).toContain("校验位不符");
    expect(renderVerifyHtml({ kind: "rateLimited", message: "查询过于频繁，请一分钟后再试。" }, "zh-CN", null)).toContain("查询过于频繁");
  });
});
