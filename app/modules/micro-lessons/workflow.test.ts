import { describe, expect, it } from "vitest";
import {
  decide,
  displayMinutes,
  nominalSecondsOf,
  returnHasReason,
  type RevisionState,
  type WorkflowActor,
  type WorkflowLesson,
} from "./workflow";

const lecturer: WorkflowActor = { userId: 5, mayAuthor: true, reviewCountyIds: [] };
const otherLecturer: WorkflowActor = { userId: 6, mayAuthor: true, reviewCountyIds: [] };
const admin: WorkflowActor = { userId: 2, mayAuthor: false, reviewCountyIds: [10] };
const otherCountyAdmin: WorkflowActor = { userId: 3, mayAuthor: false, reviewCountyIds: [11] };
const authorAdmin: WorkflowActor = { userId: 7, mayAuthor: true, reviewCountyIds: [10] };
const lesson = (latestState: RevisionState, extra: Partial<WorkflowLesson> = {}): WorkflowLesson => ({
  authorId: 5,
  countyId: 10,
  latestState,
  everPublished: false,
  ...extra,
});

describe("the revision and review state machine", () => {
  it("lets the author edit a draft in place and start a new revision from a returned or published one", () => {
    expect(decide(lecturer, lesson("draft"), "edit")).toEqual({ ok: true, action: "edit", mode: "inPlace" });
    expect(decide(lecturer, lesson("returned"), "edit")).toEqual({ ok: true, action: "edit", mode: "newRevision" });
    expect(decide(lecturer, lesson("published", { everPublished: true }), "edit")).toEqual({
      ok: true,
      action: "edit",
      mode: "newRevision",
    });
    expect(decide(lecturer, lesson("submitted"), "edit")).toEqual({ ok: false, reason: "wrongState" });
  });

  it("lets only the author submit, and only a draft", () => {
    expect(decide(lecturer, lesson("draft"), "submit")).toEqual({ ok: true, action: "submit", to: "submitted" });
    for (const s of ["submitted", "returned", "published", "superseded"] as const)
      expect(decide(lecturer, lesson(s), "submit")).toEqual({ ok: false, reason: "wrongState" });
    expect(decide(otherLecturer, lesson("draft"), "submit")).toEqual({ ok: false, reason: "notAuthor" });
    expect(decide(otherLecturer, lesson("draft"), "edit")).toEqual({ ok: false, reason: "notAuthor" });
    expect(decide(admin, lesson("draft"), "edit")).toEqual({ ok: false, reason: "notAuthor" });
  });

  it("lets a county admin of the lesson's county comment on, return or publish a submitted revision", () => {
    expect(decide(admin, lesson("submitted"), "comment")).toMatchObject({ ok: true, to: "submitted" });
    expect(decide(admin, lesson("submitted"), "return")).toMatchObject({ ok: true, to: "returned" });
    expect(decide(admin, lesson("submitted"), "publish")).toMatchObject({ ok: true, to: "published" });
    expect(decide(admin, lesson("draft"), "publish")).toEqual({ ok: false, reason: "wrongState" });
    expect(decide(admin, lesson("returned"), "return")).toEqual({ ok: false, reason: "wrongState" });
  });

  it("refuses reviewers of another county and lecturers", () => {
    expect(decide(otherCountyAdmin, lesson("submitted"), "publish")).toEqual({ ok: false, reason: "notReviewer" });
    expect(decide(otherLecturer, lesson("submitted"), "comment")).toEqual({ ok: false, reason: "notReviewer" });
  });

  it("never lets an author review their own lesson, even as a county admin of its county", () => {
    const own = lesson("submitted", { authorId: 7 });
    for (const action of ["comment", "return", "publish"] as const)
      expect(decide(authorAdmin, own, action)).toEqual({ ok: false, reason: "ownLesson" });
    // …but they review someone else's
    expect(decide(authorAdmin, lesson("submitted"), "publish")).toMatchObject({ ok: true });
  });

  it("deletes only lessons never published and not under review", () => {
    expect(decide(lecturer, lesson("draft"), "delete")).toMatchObject({ ok: true });
    expect(decide(lecturer, lesson("returned"), "delete")).toMatchObject({ ok: true });
    expect(decide(lecturer, lesson("submitted"), "delete")).toEqual({ ok: false, reason: "wrongState" });
    expect(decide(lecturer, lesson("draft", { everPublished: true }), "delete")).toEqual({ ok: false, reason: "wrongState" });
  });

  it("needs a reason to return", () => {
    expect(returnHasReason("  ", 0)).toBe(false);
    expect(returnHasReason("", 1)).toBe(true);
    expect(returnHasReason("请补充案例", 0)).toBe(true);
  });
});

describe("a micro lesson's nominal time", () => {
  it("is the media's real length, never more than the intended minutes", () => {
    expect(nominalSecondsOf(5, 20_700)).toBe(20);
    expect(nominalSecondsOf(1, 600_000)).toBe(60);
    expect(nominalSecondsOf(5, 400)).toBe(1);
    expect(nominalSecondsOf(8, null)).toBe(480);
    expect(nominalSecondsOf(8, Number.NaN)).toBe(480);
  });
  it("shows at least one whole minute", () => {
    expect(displayMinutes(20)).toBe(1);
    expect(displayMinutes(60)).toBe(1);
    expect(displayMinutes(61)).toBe(2);
  });
});
