import { describe, expect, it } from "vitest";
import { contentLessons, contentTotal, mayEdit, memberFits, memberProgress, openBlockers, testResult, type ContentLesson } from "./rules";

// course 1: 3 lessons of 45 min; course 2: 2 lessons of 30 min; lesson 9: a micro lesson without a course
const LESSONS: ContentLesson[] = [
  { id: 1, courseId: 1, minutes: 45 },
  { id: 2, courseId: 1, minutes: 45 },
  { id: 3, courseId: 1, minutes: 45 },
  { id: 4, courseId: 2, minutes: 30 },
  { id: 5, courseId: 2, minutes: 30 },
  { id: 9, courseId: null, minutes: 10 },
];

describe("contentTotal", () => {
  it("counts every lesson of a course and single lessons, in 学时 rounded down", () => {
    expect(contentTotal([{ courseId: 1 }], LESSONS, 45)).toEqual({ lessons: 3, seconds: 3 * 45 * 60, tenths: 30 });
    expect(contentTotal([{ courseId: 2 }], LESSONS, 45)).toEqual({ lessons: 2, seconds: 3600, tenths: 13 }); // 1.33… → 1.3
    expect(contentTotal([{ courseId: 1 }, { lessonId: 4 }], LESSONS, 45).tenths).toBe(36); // 165 min = 3.66… → 3.6
    expect(contentTotal([], LESSONS, 45)).toEqual({ lessons: 0, seconds: 0, tenths: 0 });
  });

  it("counts a lesson listed twice (alone and within its course) once", () => {
    expect(contentTotal([{ courseId: 1 }, { lessonId: 2 }, { lessonId: 2 }], LESSONS, 45).lessons).toBe(3);
    expect(contentTotal([{ lessonId: 2 }, { courseId: 1 }], LESSONS, 45).tenths).toBe(30);
  });

  it("lists a lesson without a course (a micro lesson)", () => {
    expect(contentLessons([{ lessonId: 9 }], LESSONS).map((l) => l.id)).toEqual([9]);
    expect(contentTotal([{ lessonId: 9 }, { courseId: 2 }], LESSONS, 40)).toMatchObject({ lessons: 3, seconds: 70 * 60, tenths: 17 });
    // an unknown lesson or a course without lessons adds nothing
    expect(contentTotal([{ lessonId: 99 }, { courseId: 7 }], LESSONS, 45).lessons).toBe(0);
  });

  it("follows the minutes per 学时 setting", () => {
    expect(contentTotal([{ courseId: 1 }], LESSONS, 40).tenths).toBe(33); // 135/40 = 3.375
  });
});

describe("openBlockers", () => {
  const ready = {
    state: "draft" as const,
    countyId: 1,
    contentTenths: 320,
    requiredCreditHours: 32,
    test: { kind: "annual" as const, countyId: 1 },
    members: 3,
  };
  it("opens a draft with ≥ 32 学时, an annual test of its county and members", () => {
    expect(openBlockers(ready)).toEqual([]);
    expect(openBlockers({ ...ready, contentTenths: 400 })).toEqual([]);
  });
  it("refuses under the yearly minimum (31.9 is short)", () => {
    expect(openBlockers({ ...ready, contentTenths: 319 })).toEqual([{ code: "contentShort", tenths: 319, requiredTenths: 320 }]);
    expect(openBlockers({ ...ready, contentTenths: 200, requiredCreditHours: 20 })).toEqual([]);
  });
  it("needs a closing annual test of the same county", () => {
    expect(openBlockers({ ...ready, test: null })).toEqual([{ code: "noTest" }]);
    expect(openBlockers({ ...ready, test: { kind: "certification", countyId: 2 } })).toEqual([
      { code: "testNotAnnual" },
      { code: "testOtherCounty" },
    ]);
  });
  it("lists every reason at once; only a draft opens", () => {
    expect(openBlockers({ ...ready, state: "open", contentTenths: 0, test: null, members: 0 }).map((b) => b.code)).toEqual([
      "notDraft",
      "contentShort",
      "noTest",
      "noMembers",
    ]);
  });
});

describe("mayEdit", () => {
  it("content and test only in a draft; members until closed; nothing once closed", () => {
    expect(["details", "content", "test", "members"].map((w) => mayEdit("draft", w as never))).toEqual([true, true, true, true]);
    expect(["details", "content", "test", "members"].map((w) => mayEdit("open", w as never))).toEqual([true, false, false, true]);
    expect(["details", "content", "test", "members"].map((w) => mayEdit("closed", w as never))).toEqual([false, false, false, false]);
  });
});

describe("testResult", () => {
  const graded = (markTenths: number, passed: boolean) => ({ state: "graded" as const, markTenths, maxMarkTenths: 1000, passed });
  it("reads released attempts: passed beats a better failed score; the best passing score", () => {
    expect(testResult([])).toEqual({ state: "notTaken", markTenths: null, maxMarkTenths: null });
    expect(testResult([graded(550, false)])).toEqual({ state: "failed", markTenths: 550, maxMarkTenths: 1000 });
    expect(testResult([graded(550, false), graded(700, true), graded(650, true)])).toEqual({
      state: "passed",
      markTenths: 700,
      maxMarkTenths: 1000,
    });
  });
  it("an attempt not released says nothing about the score", () => {
    expect(testResult([{ state: "submitted", markTenths: 400, maxMarkTenths: 1000, passed: null }]).state).toBe("pending");
    expect(testResult([{ state: "in_progress", markTenths: null, maxMarkTenths: 1000, passed: null }]).state).toBe("inProgress");
  });
});

describe("memberProgress", () => {
  const classLessons = LESSONS.filter((l) => l.courseId === 1 || l.id === 9); // 145 min
  const base = { classLessons, minutesPerCreditHour: 45, requiredCreditHours: 2, attempts: [] };
  it("sums the year's credited time in the class's lessons, each capped at its length", () => {
    const p = memberProgress({
      ...base,
      creditedByLesson: new Map([
        [1, 45 * 60],
        [2, 99_999],
        [4, 3600],
        [9, 300],
      ]),
    });
    expect(p.seconds).toBe(45 * 60 * 2 + 300); // lesson 4 is not class content; lesson 2 capped
    expect(p.tenths).toBe(21); // 95 min / 45 = 2.11 → 2.1
    expect(p.percent).toBe(65); // 2.1 of 3.2
    expect(p.studyDone).toBe(true);
    expect(p.test.state).toBe("notTaken");
    expect(p.behind).toBe(true);
    expect(p.outcome).toBe("incomplete");
  });
  it("completed: the study done and the test passed", () => {
    const done = memberProgress({
      ...base,
      creditedByLesson: new Map([
        [1, 2700],
        [2, 2700],
      ]),
      attempts: [{ state: "graded", markTenths: 800, maxMarkTenths: 1000, passed: true }],
    });
    expect(done).toMatchObject({ studyDone: true, behind: false, outcome: "completed", test: { state: "passed", markTenths: 800 } });
    const shortStudy = memberProgress({
      ...base,
      creditedByLesson: new Map([[1, 2699]]),
      attempts: [{ state: "graded", markTenths: 800, maxMarkTenths: 1000, passed: true }],
    });
    expect(shortStudy).toMatchObject({ studyDone: false, behind: true, outcome: "incomplete" });
  });
  it("nothing studied is 0 %", () => {
    expect(memberProgress({ ...base, classLessons: [], creditedByLesson: new Map() })).toMatchObject({ seconds: 0, tenths: 0, percent: 0 });
  });
});

describe("memberFits", () => {
  it("same county; a town's class takes its own town's people only", () => {
    expect(memberFits({ countyId: 1, townId: null }, { countyId: 1, townId: 5 })).toBe(true);
    expect(memberFits({ countyId: 1, townId: 5 }, { countyId: 1, townId: 5 })).toBe(true);
    expect(memberFits({ countyId: 1, townId: 5 }, { countyId: 1, townId: 6 })).toBe(false);
    expect(memberFits({ countyId: 1, townId: null }, { countyId: 2, townId: 5 })).toBe(false);
  });
});
