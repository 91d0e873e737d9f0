import { describe, expect, it } from "vitest";
import { isValidKey, keyOf } from "./blob-store";
import { sniffMediaType } from "./sniff";
import { bytes, TINY } from "../../../tests/factories/files";

describe("sniffMediaType: the type by content, never by name", () => {
  it("recognises JPEG, PNG, WebP and PDF", () => {
    expect(sniffMediaType(TINY.jpeg)).toBe("image/jpeg");
    expect(sniffMediaType(TINY.png)).toBe("image/png");
    expect(sniffMediaType(TINY.webp)).toBe("image/webp");
    expect(sniffMediaType(TINY.pdf)).toBe("application/pdf");
  });

  it("refuses HTML, SVG, a script, a GIF, a ZIP/Office file, text and truncated files", () => {
    for (const s of [
      "<!DOCTYPE html><html><script>alert(1)</script></html>",
      "<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>",
      "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000",
      "PK\u0003\u0004 docx content here",
      "just some text, not a file",
      "<html>%PDF-1.4 %%EOF",
    ]) {
      expect(sniffMediaType(bytes(s)), s).toBeNull();
    }
    expect(sniffMediaType(TINY.jpeg.subarray(0, 3))).toBeNull();
    expect(sniffMediaType(bytes("%PDF-1.4\n1 0 obj<<>>endobj\n"))).toBeNull(); // no %%EOF: truncated
    expect(sniffMediaType(bytes("RIFF", [200, 0, 0, 0], "WEBPVP8 "))).toBeNull(); // declares more than it has
    expect(sniffMediaType(bytes("RIFF", [12, 0, 0, 0], "AVI LIST", [0, 0, 0, 0]))).toBeNull();
  });
});

describe("storage keys", () => {
  it("are content addresses: sha256/<2 hex>/<64 hex>, nothing else passes", () => {
    const hex = "ab".repeat(32);
    expect(keyOf(hex)).toBe(`sha256/ab/${hex}`);
    expect(isValidKey(keyOf(hex))).toBe(true);
    for (const bad of [
      `sha256/cd/${hex}`,
      `sha256/ab/../../etc/passwd`,
      `sha256/ab/${hex}/..`,
      `/sha256/ab/${hex}`,
      "",
      `sha256/AB/${hex.toUpperCase()}`,
    ])
      expect(isValidKey(bad), bad).toBe(false);
    expect(() => keyOf("../x")).toThrow();
  });
});
