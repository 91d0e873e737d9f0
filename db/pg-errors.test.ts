import { describe, expect, it } from "vitest";
import { isUniqueViolation, violatesCheck } from "./pg-errors";

describe("PostgreSQL errors by SQLSTATE", () => {
  it("finds the code on the error or on the error drizzle wrapped", () => {
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("Failed query"), { cause: { code: "23505" } }))).toBe(true);
    expect(isUniqueViolation({ code: "23514" })).toBe(false);
    expect(isUniqueViolation(new Error("23505"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it("names the check constraint as postgres.js and PGlite report it", () => {
    expect(violatesCheck({ code: "23514", constraint_name: "exam_sittings_seats" }, "exam_sittings_seats")).toBe(true);
    expect(violatesCheck({ cause: { code: "23514", constraint: "exam_sittings_seats" } }, "exam_sittings_seats")).toBe(true);
    expect(violatesCheck({ code: "23514", constraint_name: "exam_sittings_window" }, "exam_sittings_seats")).toBe(false);
    expect(
      violatesCheck(
        { code: "23514", message: 'new row for relation "exam_sittings" violates check constraint "exam_sittings_seats"' },
        "exam_sittings_seats",
      ),
    ).toBe(true);
    expect(violatesCheck({ code: "23505", constraint_name: "exam_sittings_seats" }, "exam_sittings_seats")).toBe(false);
  });
});
