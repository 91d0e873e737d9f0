import { describe, expect, it } from "vitest";
import { formatTimeLeft } from "./proctor";

describe("formatTimeLeft", () => {
  const now = Date.UTC(2026, 4, 1, 1, 0, 0);
  it("shows minutes and seconds, and hours when there are any", () => {
    expect(formatTimeLeft(now + 59_999, now)).toBe("0:59");
    expect(formatTimeLeft(now + 10 * 60_000, now)).toBe("10:00");
    expect(formatTimeLeft(now + 3600_000 + 5 * 60_000 + 7_000, now)).toBe("1:05:07");
  });
  it("is null once the deadline has passed or without a deadline", () => {
    expect(formatTimeLeft(now, now)).toBeNull();
    expect(formatTimeLeft(now - 1000, now)).toBeNull();
    expect(formatTimeLeft(null, now)).toBeNull();
  });
});
