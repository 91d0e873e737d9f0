import { describe, expect, it } from "vitest";
import type { Actor } from "../auth/access";
import { decideSave, formatTenths, gradeFormSchema, mayChangeMark, parseMark } from "./grading-form";
import { fieldErrorsOf } from "../forms";

describe("parseMark", () => {
  it("reads points with at most one decimal as tenths", () => {
    expect(parseMark("7", 100)).toEqual({ ok: true, tenths: 70 });
    expect(parseMark("7.5", 100)).toEqual({ ok: true, tenths: 75 });
    expect(parseMark(" 10 ", 100)).toEqual({ ok: true, tenths: 100 });
    expect(parseMark("10.0", 100)).toEqual({ ok: true, tenths: 100 });
    expect(parseMark("0", 100)).toEqual({ ok: true, tenths: 0 });
    expect(parseMark(".5", 100)).toEqual({ ok: true, tenths: 5 });
    expect(parseMark("3.", 100)).toEqual({ ok: true, tenths: 30 });
  });

  it("accepts full-width digits and points as Chinese input methods type them", () => {
    expect(parseMark("７．５", 100)).toEqual({ ok: true, tenths: 75 });
    expect(parseMark("８。５", 100)).toEqual({ ok: true, tenths: 85 });
  });

  it("names what is wrong", () => {
    expect(parseMark("", 100)).toEqual({ ok: false, problem: "markRequired" });
    expect(parseMark("   ", 100)).toEqual({ ok: false, problem: "markRequired" });
    expect(parseMark("abc", 100)).toEqual({ ok: false, problem: "markInvalid" });
    expect(parseMark(".", 100)).toEqual({ ok: false, problem: "markInvalid" });
    expect(parseMark("1e1", 100)).toEqual({ ok: false, problem: "markInvalid" });
    expect(parseMark("7,5", 100)).toEqual({ ok: false, problem: "markInvalid" });
    expect(parseMark("+5", 100)).toEqual({ ok: false, problem: "markInvalid" });
    expect(parseMark("7.25", 100)).toEqual({ ok: false, problem: "markOneDecimal" });
    expect(parseMark("-1", 100)).toEqual({ ok: false, problem: "markRange" });
    expect(parseMark("10.1", 100)).toEqual({ ok: false, problem: "markRange" });
    expect(parseMark("99999999999999999999", 100)).toEqual({ ok: false, problem: "markRange" });
  });

  it("respects each slot's own maximum", () => {
    expect(parseMark("5", 50)).toEqual({ ok: true, tenths: 50 });
    expect(parseMark("5.5", 50)).toEqual({ ok: false, problem: "markRange" });
  });
});

describe("formatTenths", () => {
  it("shows whole points without a decimal", () => {
    expect(formatTenths(100)).toBe("10");
    expect(formatTenths(75)).toBe("7.5");
    expect(formatTenths(0)).toBe("0");
    expect(formatTenths(5)).toBe("0.5");
  });
});

describe("gradeFormSchema", () => {
  it("parses a good form", () => {
    expect(gradeFormSchema(100).parse({ mark: "8.5", comment: "  要点齐全 ", expectedMarkId: "" })).toEqual({
      mark: 85,
      comment: "要点齐全",
      reason: "",
      expectedMarkId: null,
    });
    expect(gradeFormSchema(100).parse({ mark: "6", expectedMarkId: "42", reason: "复核" }).expectedMarkId).toBe(42);
  });

  it("words bad input as catalog keys, field by field", () => {
    const bad = gradeFormSchema(100).safeParse({ mark: "12", comment: "长".repeat(501), reason: "理".repeat(301), expectedMarkId: "x" });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    expect(fieldErrorsOf(bad.error)).toEqual({
      mark: "examGrading.form.markRange",
      comment: "examGrading.form.commentTooLong",
      reason: "examGrading.form.reasonTooLong",
      expectedMarkId: "form.invalid",
    });
    const missing = gradeFormSchema(100).safeParse({});
    expect(missing.success || fieldErrorsOf(missing.error)).toEqual({ mark: "examGrading.form.markRequired" });
  });
});

describe("who may change a mark", () => {
  const actor = (grants: Actor["grants"]) => ({ userId: 1, grants });
  it("county admins of the exam's county only", () => {
    expect(mayChangeMark(actor([{ role: "county_admin", countyId: 7, townId: null }]), 7)).toBe(true);
    expect(mayChangeMark(actor([{ role: "county_admin", countyId: 8, townId: null }]), 7)).toBe(false);
    expect(mayChangeMark(actor([{ role: "lecturer", countyId: 7, townId: null }]), 7)).toBe(false);
    expect(mayChangeMark(actor([{ role: "system_admin", countyId: null, townId: null }]), 7)).toBe(false);
  });
});

describe("decideSave", () => {
  const base = { newTenths: 80, reason: "", mayChange: false };
  it("a first mark goes ahead when the page saw none", () => {
    expect(decideSave({ ...base, latest: null, expectedMarkId: null })).toEqual({ kind: "first" });
  });
  it("never overwrites silently", () => {
    expect(decideSave({ ...base, latest: { id: 5, markTenths: 60 }, expectedMarkId: null })).toEqual({
      kind: "refused",
      problem: "alreadyGraded",
    });
    expect(decideSave({ ...base, latest: { id: 6, markTenths: 60 }, expectedMarkId: 5, mayChange: true, reason: "复核" })).toEqual({
      kind: "refused",
      problem: "changedMeanwhile",
    });
    expect(decideSave({ ...base, latest: null, expectedMarkId: 5 })).toEqual({ kind: "refused", problem: "changedMeanwhile" });
  });
  it("a change needs the right, a reason and a different mark", () => {
    const latest = { id: 5, markTenths: 60 };
    expect(decideSave({ ...base, latest, expectedMarkId: 5, reason: "复核" })).toEqual({ kind: "refused", problem: "notAllowedToChange" });
    expect(decideSave({ ...base, latest, expectedMarkId: 5, mayChange: true })).toEqual({ kind: "refused", problem: "reasonRequired" });
    expect(decideSave({ ...base, latest, expectedMarkId: 5, mayChange: true, reason: "复核", newTenths: 60 })).toEqual({
      kind: "refused",
      problem: "unchanged",
    });
    expect(decideSave({ ...base, latest, expectedMarkId: 5, mayChange: true, reason: "复核" })).toEqual({
      kind: "change",
      previousTenths: 60,
    });
  });
});
