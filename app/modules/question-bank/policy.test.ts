import { describe, expect, it } from "vitest";
import type { Actor } from "../auth/access";
import { bankRights, canSetStatus, questionRights } from "./policy";

const admin: Pick<Actor, "grants" | "userId"> = { userId: 1, grants: [{ role: "county_admin", countyId: 10, townId: null }] };
const lecturer: Pick<Actor, "grants" | "userId"> = { userId: 2, grants: [{ role: "lecturer", countyId: 10, townId: null }] };
const candidate: Pick<Actor, "grants" | "userId"> = { userId: 3, grants: [{ role: "candidate", countyId: null, townId: null }] };

describe("question bank rights", () => {
  it("official banks are read-only, for county admins only", () => {
    expect(bankRights(admin, { countyId: null })).toEqual({ read: true, manage: false, propose: false, seesAll: true });
    expect(bankRights(lecturer, { countyId: null }).read).toBe(false);
  });
  it("a county bank is managed by its county's admins; lecturers propose and see their own", () => {
    expect(bankRights(admin, { countyId: 10 })).toMatchObject({ manage: true, seesAll: true });
    expect(bankRights(admin, { countyId: 11 }).read).toBe(false);
    expect(bankRights(lecturer, { countyId: 10 })).toEqual({ read: true, manage: false, propose: true, seesAll: false });
    expect(bankRights(candidate, { countyId: 10 }).read).toBe(false);
  });
  it("a lecturer edits and submits only their own drafts; an admin reviews submissions", () => {
    const bank = { countyId: 10 };
    expect(questionRights(lecturer, bank, { status: "draft", authorId: 2 })).toMatchObject({
      read: true,
      edit: true,
      submit: true,
      review: false,
    });
    expect(questionRights(lecturer, bank, { status: "submitted", authorId: 2 })).toMatchObject({ read: true, edit: false, submit: false });
    expect(questionRights(lecturer, bank, { status: "active", authorId: 9 }).read).toBe(false);
    expect(questionRights(admin, bank, { status: "submitted", authorId: 2 })).toMatchObject({ read: true, edit: true, review: true });
    expect(questionRights(admin, bank, { status: "retired", authorId: 2 }).edit).toBe(false);
  });
  it("status changes follow the workflow", () => {
    expect(canSetStatus("active", "retired")).toBe(true);
    expect(canSetStatus("retired", "active")).toBe(true);
    expect(canSetStatus("draft", "retired")).toBe(false);
    expect(canSetStatus("active", "active")).toBe(false);
  });
});
