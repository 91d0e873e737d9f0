import { describe, expect, it } from "vitest";
import { attentionChallenge, isAttentionOverdue, nextAttentionDelaySeconds } from "./attention";

/** mulberry32: a small seeded generator, values in [0, 1) */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

describe("nextAttentionDelaySeconds", () => {
  it("defaults to whole seconds between 5 and 15 minutes", () => {
    const random = seeded(42);
    for (let i = 0; i < 1000; i++) {
      const delay = nextAttentionDelaySeconds(random);
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(300);
      expect(delay).toBeLessThanOrEqual(900);
    }
  });

  it("reaches both ends and is roughly uniform", () => {
    expect(nextAttentionDelaySeconds(() => 0)).toBe(300);
    expect(nextAttentionDelaySeconds(() => 0.999_999_999)).toBe(900);
    expect(nextAttentionDelaySeconds(() => 1)).toBe(900); // a sloppy generator cannot overshoot
    const random = seeded(7);
    const buckets = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const delay = nextAttentionDelaySeconds(random, { minSeconds: 0, maxSeconds: 2 });
      buckets[delay]++;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });

  it("is reproducible with the same seed", () => {
    const a = seeded(2026);
    const b = seeded(2026);
    const runA = Array.from({ length: 5 }, () => nextAttentionDelaySeconds(a, { minSeconds: 60, maxSeconds: 120 }));
    const runB = Array.from({ length: 5 }, () => nextAttentionDelaySeconds(b, { minSeconds: 60, maxSeconds: 120 }));
    expect(runA).toEqual(runB);
    for (const delay of runA) expect(delay).toBeGreaterThanOrEqual(60);
  });

  it("refuses an inverted or negative range", () => {
    expect(() => nextAttentionDelaySeconds(Math.random, { minSeconds: 900, maxSeconds: 300 })).toThrow(RangeError);
    expect(() => nextAttentionDelaySeconds(Math.random, { minSeconds: -1, maxSeconds: 300 })).toThrow(RangeError);
    expect(nextAttentionDelaySeconds(() => 0.5, { minSeconds: 120, maxSeconds: 120 })).toBe(120);
  });
});

describe("attentionChallenge", () => {
  it("offers four distinct digits 1–9 including the answer, with a matching prompt", () => {
    const random = seeded(1);
    const wrong: unknown[] = [];
    for (let i = 0; i < 500; i++) {
      const challenge = attentionChallenge(random);
      const ok =
        challenge.choices.length === 4 &&
        new Set(challenge.choices).size === 4 &&
        challenge.choices.every((digit) => Number.isInteger(digit) && digit >= 1 && digit <= 9) &&
        challenge.choices.includes(challenge.answer) &&
        challenge.prompt === `请点击数字 ${challenge.answer}`;
      if (!ok) wrong.push(challenge);
    }
    expect(wrong).toEqual([]);
    expect(attentionChallenge(seeded(3)).prompt).toMatch(/^请点击数字 [1-9]$/);
  });

  it("is deterministic for a seed", () => {
    expect(attentionChallenge(seeded(99))).toEqual(attentionChallenge(seeded(99)));
    expect(attentionChallenge(sequence(0))).toEqual({ prompt: "请点击数字 1", choices: [1, 2, 3, 4], answer: 1 });
  });

  it("varies the answer and its position in the list", () => {
    const random = seeded(5);
    const answers = new Set<number>();
    const positions = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const challenge = attentionChallenge(random);
      answers.add(challenge.answer);
      positions.add(challenge.choices.indexOf(challenge.answer));
    }
    expect(answers.size).toBe(9);
    expect(positions.size).toBe(4);
  });

  it("survives a generator that returns 1", () => {
    const challenge = attentionChallenge(() => 1);
    expect(new Set(challenge.choices).size).toBe(4);
    expect(challenge.choices).toContain(challenge.answer);
  });
});

describe("isAttentionOverdue", () => {
  const issuedAt = new Date("2026-11-23T08:00:00Z");
  const at = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);

  it("is false without an open check", () => {
    expect(isAttentionOverdue(null, at(3600))).toBe(false);
    expect(isAttentionOverdue({ issuedAt, answeredAt: at(20) }, at(3600))).toBe(false);
    expect(isAttentionOverdue({ issuedAt, answeredAt: at(120) }, at(3600))).toBe(false); // answered late: resumes
  });

  it("becomes true once the minute has passed unanswered", () => {
    const open = { issuedAt, answeredAt: null };
    expect(isAttentionOverdue(open, at(0))).toBe(false);
    expect(isAttentionOverdue(open, at(60))).toBe(false);
    expect(isAttentionOverdue(open, at(60.001))).toBe(true);
    expect(isAttentionOverdue(open, at(600))).toBe(true);
  });

  it("honours a custom answer window", () => {
    const open = { issuedAt, answeredAt: null };
    expect(isAttentionOverdue(open, at(90), 120)).toBe(false);
    expect(isAttentionOverdue(open, at(121), 120)).toBe(true);
  });
});

describe("the check's digit as a picture", () => {
  it("draws strokes only (no text a script could read), a different picture for each digit", async () => {
    const { attentionDigitSvg } = await import("./attention");
    const pictures = Array.from({ length: 10 }, (_, d) => attentionDigitSvg(d, () => 0.5));
    for (const [d, svg] of pictures.entries()) {
      expect(svg).toMatch(/^<svg [^>]*><path [^>]*d="M[^"]+"[^>]*\/><\/svg>$/);
      expect(svg).not.toMatch(/<text|aria|title/);
      // the digit itself appears nowhere except as coordinates
      expect(
        svg.replace(
          /xmlns="[^"]*"|d="[^"]*"|transform="[^"]*"|viewBox="[^"]*"|width="\d+"|height="\d+"|stroke-width="\d+"|#[0-9a-f]{6}/g,
          "",
        ),
      ).not.toMatch(new RegExp(String(d)));
    }
    expect(new Set(pictures).size).toBe(10);
    expect(() => attentionDigitSvg(10, Math.random)).toThrow(RangeError);
  });
});
