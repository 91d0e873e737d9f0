import { describe, expect, it } from "vitest";
import { detectImportFormat } from "./import-file";

const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]);
const text = new TextEncoder().encode("题型,题干");

describe("import format detection", () => {
  it("recognises workbooks by their zip signature", () => {
    expect(detectImportFormat("题库.xlsx", zip)).toBe("xlsx");
    expect(detectImportFormat("upload", zip)).toBe("xlsx");
  });
  it("recognises CSV and GIFT by name, and refuses the rest", () => {
    expect(detectImportFormat("a.CSV", text)).toBe("csv");
    expect(detectImportFormat("moodle.gift", text)).toBe("gift");
    expect(detectImportFormat("moodle.txt", text)).toBe("gift");
    expect(detectImportFormat("a.xlsx", text)).toBeNull();
    expect(detectImportFormat("a.docx", text)).toBeNull();
    expect(detectImportFormat("a.csv", zip)).toBeNull();
  });
});
