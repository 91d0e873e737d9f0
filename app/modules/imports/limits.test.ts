import { describe, expect, it } from "vitest";
import { capProblems, chunks, IMPORT_LIMITS } from "./limits";

describe("import limits", () => {
  it("keeps the first problems and counts the others", () => {
    expect(capProblems([1, 2, 3, 4, 5], 3)).toEqual({ shown: [1, 2, 3], more: 2 });
    expect(capProblems([1, 2], 3)).toEqual({ shown: [1, 2], more: 0 });
    expect(capProblems(Array.from({ length: 1000 }, (_, i) => i)).shown).toHaveLength(IMPORT_LIMITS.shownProblems);
  });

  it("splits long lists into chunks no longer than the insert chunk", () => {
    const parts = chunks(Array.from({ length: 1201 }, (_, i) => i));
    expect(parts.map((p) => p.length)).toEqual([500, 500, 201]);
    expect(parts.flat()).toHaveLength(1201);
    expect(chunks([])).toEqual([]);
  });
});
