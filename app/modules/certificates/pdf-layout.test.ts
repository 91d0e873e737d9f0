import { describe, expect, it } from "vitest";
import { bodyRuns, fitFontSize, issuingBody, missingCharacters, printedDate, qrRects, statusNote, verifyUrl } from "./pdf-layout";

describe("certificate PDF layout helpers", () => {
  it("derives the issuing body from the county's name", () => {
    expect(issuingBody("嘉祥县")).toBe("中共嘉祥县委组织部");
    expect(issuingBody("曲阜市")).toBe("中共曲阜市委组织部");
    expect(issuingBody(" 任城区 ")).toBe("中共任城区委组织部");
    expect(() => issuingBody(" ")).toThrow();
  });

  it("builds the verification URL from the origin alone (path, query and trailing slash dropped)", () => {
    expect(verifyUrl("https://hongfan.example.cn", "HF370829-2026-1-0007-5")).toBe(
      "https://hongfan.example.cn/verify/HF370829-2026-1-0007-5",
    );
    expect(verifyUrl("https://hongfan.example.cn/some/page?x=1", "HF370829-2026-1-0007-X")).toBe(
      "https://hongfan.example.cn/verify/HF370829-2026-1-0007-X",
    );
    expect(verifyUrl("http://localhost:3000/", "HF370829-2026-1-0007-5")).toBe("http://localhost:3000/verify/HF370829-2026-1-0007-5");
    expect(() => verifyUrl("javascript:alert(1)", "x")).toThrow();
  });

  it("prints the issue date as the calendar day in Asia/Shanghai", () => {
    expect(printedDate(new Date("2026-05-03T02:00:00Z"))).toBe("2026年5月3日");
    // 23:30 UTC on 2 May is already 3 May in Shanghai
    expect(printedDate(new Date("2026-05-02T23:30:00Z"))).toBe("2026年5月3日");
    expect(printedDate(new Date("2026-12-31T15:59:00Z"))).toBe("2026年12月31日");
  });

  it("says the level in the body and keeps the name as its own (bold) run", () => {
    const runs = bodyRuns(" 张明远 ", "嘉祥县鲁锦纺织有限公司", "intermediate");
    expect(runs[1]).toEqual({ text: "张明远", bold: true });
    expect(runs.map((r) => r.text).join("")).toContain("具备中级红帆领航员资格");
  });

  it("marks every certificate that no longer stands, and none that does", () => {
    expect(statusNote("valid")).toBeNull();
    for (const s of ["on_hold", "superseded", "downgraded", "revoked"] as const) expect(statusNote(s)).toBeTruthy();
  });

  it("lists characters the font lacks, once each, ignoring spaces", () => {
    const has = (cp: number) => cp < 0x20000;
    expect(missingCharacters("张 𠀾明𠀾", has)).toEqual(["𠀾"]);
    expect(missingCharacters("张明远", has)).toEqual([]);
  });

  it("shrinks the body to fit in half-point steps, never below the minimum", () => {
    expect(fitFontSize((s) => s * 10, 200, 20, 12)).toBe(20);
    expect(fitFontSize((s) => s * 10, 150, 20, 12)).toBe(15);
    expect(fitFontSize((s) => s * 100, 150, 20, 12)).toBe(12);
  });

  it("draws a QR matrix as one rectangle per horizontal run of dark modules", () => {
    const m = ["#.##", "....", "####", "#..#"].map((r) => [...r].map((c) => c === "#"));
    const rects = qrRects(4, (r, c) => m[r][c], 10, 20, 40);
    expect(rects).toEqual([
      { x: 10, y: 20, w: 10, h: 10 },
      { x: 30, y: 20, w: 20, h: 10 },
      { x: 10, y: 40, w: 40, h: 10 },
      { x: 10, y: 50, w: 10, h: 10 },
      { x: 40, y: 50, w: 10, h: 10 },
    ]);
  });
});
