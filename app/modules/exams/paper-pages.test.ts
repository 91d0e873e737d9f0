import { describe, expect, it } from "vitest";
import { paperPage } from "./paper-pages";

describe("the paper's pages before JavaScript", () => {
  it("cuts 100 questions into ten pages of ten", () => {
    expect(paperPage(100, null)).toEqual({ page: 1, pages: 10, from: 0, to: 10 });
    expect(paperPage(100, "3")).toEqual({ page: 3, pages: 10, from: 20, to: 30 });
    expect(paperPage(100, "10")).toEqual({ page: 10, pages: 10, from: 90, to: 100 });
  });

  it("ends with a shorter page, and a short paper is one page", () => {
    expect(paperPage(25, "3")).toEqual({ page: 3, pages: 3, from: 20, to: 25 });
    expect(paperPage(2, null)).toEqual({ page: 1, pages: 1, from: 0, to: 2 });
    expect(paperPage(0, null)).toEqual({ page: 1, pages: 1, from: 0, to: 0 });
  });

  it("shows the nearest page for anything else in the address", () => {
    expect(paperPage(100, "0")).toMatchObject({ page: 1, from: 0 });
    expect(paperPage(100, "11")).toMatchObject({ page: 10, from: 90 });
    expect(paperPage(100, "999999")).toMatchObject({ page: 10 });
    for (const junk of ["-1", "2.5", "abc", "", "1e3", " 2", "9999999999"]) expect(paperPage(100, junk).page, junk).toBe(1);
  });
});
