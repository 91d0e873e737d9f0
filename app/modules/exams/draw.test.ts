import { uniformInt } from "pure-rand/distribution/uniformInt";
import { describe, expect, it } from "vitest";
import { AREAS, QUESTION_TYPES, type Area, type Difficulty, type QuestionType } from "../question-bank/question";
import { checkBlueprint } from "./blueprint";
import { drawPaper, permutation, seededRandom } from "./draw";
import type { BankEntry, Blueprint, BlueprintSection, DrawnSlot } from "./types";

function section(overrides: Partial<BlueprintSection> = {}): BlueprintSection {
  return { area: "theory", type: "single", count: 2, pointsTenths: 20, difficultyMin: 1, difficultyMax: 5, ...overrides };
}

function makeBank(perClass: number): BankEntry[] {
  const bank: BankEntry[] = [];
  let id = 1;
  for (const area of AREAS) {
    for (const type of QUESTION_TYPES) {
      for (let d = 1; d <= 5; d++) {
        for (let k = 0; k < perClass; k++, id++) {
          bank.push({
            questionId: id,
            versionId: 100_000 + id,
            area,
            type,
            difficulty: d as Difficulty,
            optionCount: type === "single" ? 4 : type === "multiple" ? 3 + (id % 6) : type === "matching" ? 5 : 0,
          });
        }
      }
    }
  }
  return bank;
}

const bank = makeBank(20); // 4 areas × 5 types × 5 difficulties × 20 = 2,000 questions
const byVersion = new Map(bank.map((e) => [e.versionId, e]));

/** The demo exam's blueprint (DESIGN: 100 points). */
const demo: Blueprint = {
  sections: [
    section({ area: "theory", type: "single", count: 10, pointsTenths: 30 }),
    section({ area: "basics", type: "multiple", count: 5, pointsTenths: 40, difficultyMin: 2, difficultyMax: 4 }),
    section({ area: "practice", type: "truefalse", count: 10, pointsTenths: 20, difficultyMin: 1, difficultyMax: 2 }),
    section({ area: "experience", type: "fill", count: 2, pointsTenths: 50, difficultyMin: 3, difficultyMax: 3 }),
    section({ area: "practice", type: "short", count: 2, pointsTenths: 100 }),
  ],
};

function draw(b: Blueprint, seed: string, snapshot: readonly BankEntry[] = bank): DrawnSlot[] {
  const result = drawPaper(b, snapshot, seed);
  if (!result.ok) throw new Error(`unexpected shortfall ${JSON.stringify(result.shortfalls)}`);
  return result.slots;
}

/** The option order a choice slot drew ([] for a slot without one). */
const optionOrder = (slot: DrawnSlot): number[] => ("optionOrder" in slot.state ? slot.state.optionOrder : []);

describe("seededRandom", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const seq = (seed: string) => {
      const rng = seededRandom(seed);
      return Array.from({ length: 8 }, () => uniformInt(rng, 0, 1_000_000));
    };
    expect(seq("a")).toEqual(seq("a"));
    expect(seq("a")).not.toEqual(seq("b"));
  });

  it("is pinned: a stored seed must reproduce the same paper forever", () => {
    // If this changes, every stored attempt seed reproduces a different paper: do not change the
    // generator or its seeding without a migration plan.
    expect(permutation(8, seededRandom("hongfan"))).toEqual([0, 7, 2, 4, 6, 3, 1, 5]);
  });
});

describe("drawPaper", () => {
  it("respects the blueprint: counts, areas, types, difficulty ranges, points, sections in order", () => {
    const slots = draw(demo, "seed-1");
    expect(slots).toHaveLength(29);
    expect(slots.map((s) => s.slotNo)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
    // sections stay grouped, in blueprint order
    expect(slots.map((s) => s.section)).toEqual([...Array(10).fill(0), ...Array(5).fill(1), ...Array(10).fill(2), 3, 3, 4, 4]);
    for (const slot of slots) {
      const s = demo.sections[slot.section];
      const entry = byVersion.get(slot.questionVersionId)!;
      expect(entry).toBeDefined();
      expect([slot.area, slot.type, entry.area, entry.type]).toEqual([s.area, s.type, s.area, s.type]);
      expect(entry.difficulty).toBeGreaterThanOrEqual(s.difficultyMin);
      expect(entry.difficulty).toBeLessThanOrEqual(s.difficultyMax);
      expect(slot.maxMarkTenths).toBe(s.pointsTenths);
    }
    expect(slots.reduce((sum, s) => sum + s.maxMarkTenths, 0)).toBe(1000);
  });

  it("never repeats a question", () => {
    for (const seed of ["x", "y", "z"]) {
      const slots = draw({ sections: [section({ count: 60 }), section({ count: 40 })] }, seed);
      expect(new Set(slots.map((s) => s.questionVersionId)).size).toBe(100);
    }
  });

  it("reproduces the paper from its seed, whatever the order of the snapshot", () => {
    const first = draw(demo, "reproducible");
    expect(draw(demo, "reproducible")).toEqual(first);
    const reversed = [...bank].reverse();
    expect(draw(demo, "reproducible", reversed)).toEqual(first);
    // a fresh copy of the snapshot (no memoised grouping) draws the same paper
    expect(draw(demo, "reproducible", [...bank])).toEqual(first);
  });

  it("gives each candidate their own selection and order", () => {
    const a = draw(demo, "candidate-a");
    const b = draw(demo, "candidate-b");
    expect(a.map((s) => s.questionVersionId)).not.toEqual(b.map((s) => s.questionVersionId));
    // the selection differs (not only the order)
    const setA = new Set(a.map((s) => s.questionVersionId));
    expect(b.filter((s) => !setA.has(s.questionVersionId)).length).toBeGreaterThan(0);
    expect(a.map(optionOrder)).not.toEqual(b.map(optionOrder));
  });

  it("shuffles the order within a section even when the selection is the whole pool", () => {
    const small: BankEntry[] = Array.from({ length: 6 }, (_, i) => ({
      questionId: i + 1,
      versionId: i + 1,
      area: "theory" as Area,
      type: "truefalse" as QuestionType,
      difficulty: 3 as Difficulty,
      optionCount: 0,
    }));
    const orders = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const slots = draw({ sections: [section({ type: "truefalse", count: 6 })] }, `s${i}`, small);
      expect(slots.map((s) => s.questionVersionId).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      orders.add(slots.map((s) => s.questionVersionId).join());
    }
    expect(orders.size).toBeGreaterThan(20);
  });

  it("shuffles options of single and multiple choice as permutations (the slot state); no state for other types", () => {
    const slots = draw(demo, "options");
    for (const slot of slots) {
      const entry = byVersion.get(slot.questionVersionId)!;
      if (slot.type === "single" || slot.type === "multiple") {
        expect([...optionOrder(slot)].sort()).toEqual(Array.from({ length: entry.optionCount }, (_, i) => i));
      } else {
        expect(slot.state).toEqual({});
      }
    }
    // across many seeds, option A is shown in every position
    const firstShown = new Set<number>();
    for (let i = 0; i < 40; i++) firstShown.add(optionOrder(draw(demo, `o${i}`)[0])[0]);
    expect([...firstShown].sort()).toEqual([0, 1, 2, 3]);
  });

  it("picks every eligible question sooner or later (no question is starved)", () => {
    const b = { sections: [section({ count: 5, difficultyMin: 2, difficultyMax: 2 })] };
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) for (const s of draw(b, `cover${i}`)) seen.add(s.questionVersionId);
    expect(seen.size).toBe(20);
  });

  it("reports shortfalls instead of a paper", () => {
    const b = {
      sections: [section({ count: 5 }), section({ area: "basics", type: "fill", count: 21, difficultyMin: 1, difficultyMax: 1 })],
    };
    expect(drawPaper(b, bank, "any")).toEqual({ ok: false, shortfalls: [{ section: 1, needed: 21, available: 20 }] });
    expect(drawPaper(demo, [], "any")).toMatchObject({
      ok: false,
      shortfalls: expect.arrayContaining([{ section: 0, needed: 10, available: 0 }]),
    });
  });

  it("fills competing sections whenever checkBlueprint says it can (overlapping difficulty ranges)", () => {
    // Section 0 may take difficulty 1–3, section 1 only 1, section 2 only 3: 60 questions exist,
    // 20 of each difficulty, and 55 are needed; a careless draw of section 0 would starve section 1 or 2.
    const b = {
      sections: [
        section({ count: 15, difficultyMin: 1, difficultyMax: 3 }),
        section({ count: 20, difficultyMin: 1, difficultyMax: 1 }),
        section({ count: 20, difficultyMin: 3, difficultyMax: 3 }),
      ],
    };
    expect(checkBlueprint(b, bank)).toEqual([]);
    for (let i = 0; i < 50; i++) {
      const slots = draw(b, `compete${i}`);
      expect(slots).toHaveLength(55);
      expect(new Set(slots.map((s) => s.questionVersionId)).size).toBe(55);
      for (const slot of slots.filter((s) => s.section === 1)) expect(byVersion.get(slot.questionVersionId)!.difficulty).toBe(1);
      for (const slot of slots.filter((s) => s.section === 2)) expect(byVersion.get(slot.questionVersionId)!.difficulty).toBe(3);
      expect(slots.filter((s) => s.section === 0).every((s) => byVersion.get(s.questionVersionId)!.difficulty === 2)).toBe(true);
    }
    // one more question than exists: reported, not drawn
    const over = { sections: [section({ count: 21, difficultyMin: 1, difficultyMax: 3 }), ...b.sections.slice(1)] };
    expect(drawPaper(over, bank, "x")).toEqual({ ok: false, shortfalls: [{ section: 2, needed: 20, available: 19 }] });
  });

  it("draws 100 questions from a 10,000-question bank quickly", () => {
    const big = makeBank(100); // 10,000 entries
    const b: Blueprint = {
      sections: [
        section({ area: "theory", type: "single", count: 30, pointsTenths: 10 }),
        section({ area: "basics", type: "multiple", count: 20, pointsTenths: 15 }),
        section({ area: "practice", type: "truefalse", count: 30, pointsTenths: 10 }),
        section({ area: "experience", type: "fill", count: 10, pointsTenths: 20 }),
        section({ area: "practice", type: "short", count: 10, pointsTenths: 20 }),
      ],
    };
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      // a new snapshot array each time: the grouping of the bank is included in the figure
      const snapshot = i % 2 ? big : [...big];
      const started = performance.now();
      expect(draw(b, `perf${i}`, snapshot)).toHaveLength(100);
      times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    console.info(`draw 100 of 10,000: median ${times[7].toFixed(2)} ms`);
    // DESIGN §5: ≤ 30 ms median for the whole start; the draw itself is a few ms. Generous bound
    // here so a busy machine does not fail the suite; the benchmark prints the real figure.
    expect(times[7]).toBeLessThan(30);
  });
});

describe("matching slots: the responses are shuffled per candidate, once, by the seed", () => {
  const blueprint: Blueprint = { sections: [section({ type: "matching", count: 5 })] };
  const order = (slot: DrawnSlot) => (slot.state as { optionOrder: number[] }).optionOrder;
  it("gives each matching slot a permutation of its responses, the same for the same seed", () => {
    const a = drawPaper(blueprint, bank, "seed-m");
    const b = drawPaper(blueprint, bank, "seed-m");
    if (!a.ok || !b.ok) throw new Error("draw failed");
    expect(a.slots.map((s) => order(s))).toEqual(b.slots.map((s) => order(s)));
    for (const slot of a.slots) expect([...order(slot)].sort()).toEqual([0, 1, 2, 3, 4]);
    // Different seeds shuffle differently (five slots of 5! orders each: equal only by a 1-in-10^10 chance).
    const c = drawPaper(blueprint, bank, "seed-other");
    if (!c.ok) throw new Error("draw failed");
    expect(c.slots.map((s) => order(s))).not.toEqual(a.slots.map((s) => order(s)));
  });

  it("keeps numeric slots without state", () => {
    const d = drawPaper({ sections: [section({ type: "numeric", count: 3 })] }, bank, "seed-n");
    if (!d.ok) throw new Error("draw failed");
    expect(d.slots.map((s) => s.state)).toEqual([{}, {}, {}]);
  });
});
