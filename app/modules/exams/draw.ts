import { sha256 } from "@oslojs/crypto/sha2";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { allocate, indexBank, shortfallsOf, type BankIndex, type Shortfall } from "./blueprint";
import { anyDefinition } from "../question-bank/types/registry";
import type { BankEntry, Blueprint, DrawnSlot } from "./types";

/**
 * The paper draw (组卷), a pure function of (blueprint, bank snapshot, seed): the same inputs give
 * the identical paper, so the seed stored with an attempt reproduces it.
 *
 * Randomness: xoroshiro128+ (pure-rand) with its whole 128-bit state taken from the SHA-256 of the
 * seed string, and pure-rand's unbiased `uniformInt` for every choice; shuffles are Fisher–Yates.
 */

/** A generator whose state is the first 128 bits of SHA-256(seed). */
export function seededRandom(seed: string): RandomGenerator {
  const hash = sha256(new TextEncoder().encode(seed));
  const view = new DataView(hash.buffer, hash.byteOffset, hash.byteLength);
  const state = [0, 4, 8, 12].map((offset) => view.getInt32(offset));
  // xoroshiro's state must not be all zero (a 2^-128 chance, but cheap to rule out).
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}

/** Fisher–Yates, in place. */
export function shuffleInPlace<T>(items: T[], rng: RandomGenerator): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: RandomGenerator): number[] {
  return shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
}

// Memo of the grouping per snapshot (by identity: the cached snapshot is one shared, read-only array)
// and blueprint: during a start spike every draw reuses it. It changes no result: the index is a
// function of its inputs and is never modified by a draw.
const indexMemo = new WeakMap<readonly BankEntry[], Map<string, { index: BankIndex; shortfalls: Shortfall[] }>>();

function indexed(blueprint: Blueprint, bank: readonly BankEntry[]): { index: BankIndex; shortfalls: Shortfall[] } {
  let byBlueprint = indexMemo.get(bank);
  if (!byBlueprint) indexMemo.set(bank, (byBlueprint = new Map()));
  const key = JSON.stringify(blueprint.sections.map((s) => [s.area, s.type, s.count, s.difficultyMin, s.difficultyMax]));
  let hit = byBlueprint.get(key);
  if (!hit) {
    const index = indexBank(blueprint, bank);
    hit = { index, shortfalls: shortfallsOf(blueprint, index) };
    if (byBlueprint.size >= 16) byBlueprint.clear();
    byBlueprint.set(key, hit);
  }
  return hit;
}

export type DrawResult = { ok: true; slots: DrawnSlot[] } | { ok: false; shortfalls: Shortfall[] };

/**
 * Draws a paper.
 *
 * - Sections are filled in blueprint order, each with `count` questions chosen at random without
 *   replacement: a question appears at most once in a paper.
 * - Where sections compete for the same questions (same area and type, overlapping difficulty
 *   ranges), a pick that would leave a later section unfillable is refused (checked exactly, see
 *   blueprint.ts `allocate`), so the draw succeeds exactly when `checkBlueprint` finds no shortfall.
 * - Question order: the sections stay grouped in blueprint order (the paper reads section by
 *   section, as candidates expect); the questions WITHIN each section are shuffled per seed.
 * - Per-attempt state: each slot's type draws it (question-bank/types, `drawState`): for choice
 *   questions a random option order; the other types draw nothing.
 *
 * Cost: one pass over the snapshot to group it, then work proportional to the questions the
 * sections match; no per-section re-filtering of the whole bank.
 */
export function drawPaper(blueprint: Blueprint, bank: readonly BankEntry[], seed: string): DrawResult {
  const { index, shortfalls } = indexed(blueprint, bank);
  if (shortfalls.length) return { ok: false, shortfalls: shortfalls.map((s) => ({ ...s })) };

  const rng = seededRandom(seed);
  const { classes, sectionClasses, classSections } = index;
  const classStart: number[] = [];
  let total = 0;
  for (const list of classes) {
    classStart.push(total);
    total += list.length;
  }
  const used = new Uint8Array(total);
  const supplies = classes.map((list) => list.length);
  const sections = blueprint.sections;
  const slots: DrawnSlot[] = [];

  const random = { permutation: (n: number) => permutation(n, rng) };
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s];
    // The section's pool: every unused question of its classes, as (class, position) pairs.
    const poolClass: number[] = [];
    const poolPos: number[] = [];
    for (const c of sectionClasses[s]) {
      for (let p = 0; p < classes[c].length; p++) {
        if (!used[classStart[c] + p]) {
          poolClass.push(c);
          poolPos.push(p);
        }
      }
    }
    const competes = sectionClasses[s].map((c) => classSections[c].some((other) => other > s));
    const refused = new Set<number>();
    const picked: BankEntry[] = [];
    let poolSize = poolClass.length;
    while (picked.length < section.count) {
      if (poolSize === 0) throw new Error(`draw: section ${s} ran out of questions after a feasible check`);
      const j = uniformInt(rng, 0, poolSize - 1);
      const c = poolClass[j];
      const p = poolPos[j];
      poolSize--;
      poolClass[j] = poolClass[poolSize];
      poolPos[j] = poolPos[poolSize];
      if (refused.has(c)) continue;
      if (competes[sectionClasses[s].indexOf(c)]) {
        // Would the remaining sections (this one included) still be fillable after this pick?
        const demands = sections.map((other, i) => (i < s ? 0 : i === s ? section.count - picked.length - 1 : other.count));
        supplies[c]--;
        const got = allocate(demands, supplies, sectionClasses);
        if (got.some((g, i) => g < demands[i])) {
          // Refusing a class is final for this section: supplies only shrink as the draw goes on.
          supplies[c]++;
          refused.add(c);
          continue;
        }
      } else {
        supplies[c]--;
      }
      used[classStart[c] + p] = 1;
      picked.push(classes[c][p]);
    }
    // The order in which questions were picked is already random; shuffle anyway so the order
    // never depends on the selection mechanics above.
    shuffleInPlace(picked, rng);
    for (const entry of picked) {
      slots.push({
        slotNo: slots.length + 1,
        section: s,
        questionVersionId: entry.versionId,
        type: entry.type,
        area: entry.area,
        state: anyDefinition(entry.type).drawState(entry, random),
        maxMarkTenths: section.pointsTenths,
      });
    }
  }
  return { ok: true, slots };
}
