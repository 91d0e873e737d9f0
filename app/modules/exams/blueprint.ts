import { z } from "zod";
import { AREAS, DIFFICULTIES, QUESTION_TYPES } from "../question-bank/question";
import type { BankEntry, Blueprint, BlueprintSection } from "./types";

/**
 * Blueprint (试卷蓝图) rules (pure): the shape of a blueprint, its totals, and whether a bank
 * snapshot can fill it.
 *
 * Error messages are catalog keys of the exam admin namespace (`examAdmin.blueprint.*`).
 */

export const BLUEPRINT_LIMITS = {
  minSections: 1,
  maxSections: 20,
  minCount: 1,
  maxCount: 200,
  minPointsTenths: 1,
  maxPointsTenths: 1000,
} as const;

const difficulty = z.literal(DIFFICULTIES, { error: "examAdmin.blueprint.difficultyRange" });

export const blueprintSectionSchema = z
  .object({
    area: z.enum(AREAS, { error: "examAdmin.blueprint.area" }),
    type: z.enum(QUESTION_TYPES, { error: "examAdmin.blueprint.type" }),
    count: z
      .number({ error: "examAdmin.blueprint.countRange" })
      .int("examAdmin.blueprint.countRange")
      .min(BLUEPRINT_LIMITS.minCount, "examAdmin.blueprint.countRange")
      .max(BLUEPRINT_LIMITS.maxCount, "examAdmin.blueprint.countRange"),
    pointsTenths: z
      .number({ error: "examAdmin.blueprint.pointsRange" })
      .int("examAdmin.blueprint.pointsRange")
      .min(BLUEPRINT_LIMITS.minPointsTenths, "examAdmin.blueprint.pointsRange")
      .max(BLUEPRINT_LIMITS.maxPointsTenths, "examAdmin.blueprint.pointsRange"),
    difficultyMin: difficulty,
    difficultyMax: difficulty,
  })
  .refine((s) => s.difficultyMin <= s.difficultyMax, { message: "examAdmin.blueprint.difficultyOrder", path: ["difficultyMax"] });

export const blueprintSchema = z.object({
  sections: z
    .array(blueprintSectionSchema, { error: "examAdmin.blueprint.sections" })
    .min(BLUEPRINT_LIMITS.minSections, "examAdmin.blueprint.noSections")
    .max(BLUEPRINT_LIMITS.maxSections, "examAdmin.blueprint.tooManySections"),
});

// The schema's output is the shared Blueprint type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.infer<typeof blueprintSchema>, Blueprint> = true;
void schemaMatchesType;

/** Number of questions and the paper's maximum mark (tenths). */
export function blueprintTotals(b: Blueprint): { questions: number; maxMarkTenths: number } {
  let questions = 0;
  let maxMarkTenths = 0;
  for (const s of b.sections) {
    questions += s.count;
    maxMarkTenths += s.count * s.pointsTenths;
  }
  return { questions, maxMarkTenths };
}

/** A section the bank cannot fill: it needs `needed` questions and only `available` are left for it. */
export interface Shortfall {
  /** section index in the blueprint (0-based) */
  section: number;
  needed: number;
  available: number;
}

export function sectionMatches(s: BlueprintSection, e: Pick<BankEntry, "area" | "type" | "difficulty">): boolean {
  return e.area === s.area && e.type === s.type && e.difficulty >= s.difficultyMin && e.difficulty <= s.difficultyMax;
}

/* ------------------------------------------------------------------------------------------------
 * Question classes and allocation.
 *
 * Entries with the same (area, type, difficulty) are interchangeable for a blueprint: they form a
 * class, and every section matches whole classes. There are at most 4 × 5 × 5 = 100 classes, so
 * the question "can the sections all be filled at once?" is a small transportation problem
 * (sections demand, classes supply), solved exactly with augmenting paths. Sections that share
 * classes (same area and type, overlapping difficulty ranges) compete for the same questions; the
 * allocation sees that where a per-section count would not.
 * ---------------------------------------------------------------------------------------------- */

export interface BankIndex {
  /** entries of each class, deduplicated by question id, in ascending question id */
  classes: BankEntry[][];
  /** for each section, the classes it matches */
  sectionClasses: number[][];
  /** for each class, the sections that match it */
  classSections: number[][];
}

function classKey(e: Pick<BankEntry, "area" | "type" | "difficulty">): string {
  return `${e.area}|${e.type}|${e.difficulty}`;
}

/** Groups a bank snapshot into classes the blueprint's sections match (others are dropped). */
export function indexBank(b: Blueprint, bank: readonly BankEntry[]): BankIndex {
  const wanted = new Set<string>();
  for (const s of b.sections) {
    for (let d = s.difficultyMin; d <= s.difficultyMax; d++) wanted.add(`${s.area}|${s.type}|${d}`);
  }
  const byKey = new Map<string, BankEntry[]>();
  const seen = new Set<number>();
  for (const e of bank) {
    const key = classKey(e);
    if (!wanted.has(key) || seen.has(e.questionId)) continue;
    seen.add(e.questionId);
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(e);
  }
  // A canonical order, so the draw does not depend on the order the snapshot was read in.
  const keys = [...byKey.keys()].sort();
  const classes = keys.map((k) => {
    const list = byKey.get(k)!;
    let sorted = true;
    for (let i = 1; i < list.length && sorted; i++) sorted = list[i - 1].questionId < list[i].questionId;
    return sorted ? list : list.sort((x, y) => x.questionId - y.questionId);
  });
  const sectionClasses = b.sections.map((s) => classes.flatMap((list, c) => (sectionMatches(s, list[0]) ? [c] : [])));
  const classSections = classes.map(() => [] as number[]);
  sectionClasses.forEach((cs, i) => cs.forEach((c) => classSections[c].push(i)));
  return { classes, sectionClasses, classSections };
}

/**
 * How many questions each section gets when the sections are served in blueprint order, each
 * taking as many as it can without taking any from an earlier section (an earlier section's
 * questions may be swapped for others of its classes to make room: augmenting paths). With
 * `demands` and `supplies` it answers both "what is short" and "is this still feasible".
 */
export function allocate(
  demands: readonly number[],
  supplies: readonly number[],
  sectionClasses: readonly (readonly number[])[],
): number[] {
  const sections = demands.length;
  const classCount = supplies.length;
  // flow[i][c]: questions of class c given to section i
  const flow = Array.from({ length: sections }, () => new Array<number>(classCount).fill(0));
  const used = new Array<number>(classCount).fill(0);
  const got = new Array<number>(sections).fill(0);
  const classSections = Array.from({ length: classCount }, () => [] as number[]);
  sectionClasses.forEach((cs, i) => cs.forEach((c) => classSections[c].push(i)));

  for (let start = 0; start < sections; start++) {
    while (got[start] < demands[start]) {
      // Breadth-first search from the section over "section → class it matches" and
      // "class → section holding some of it" until a class with spare questions.
      const prevSectionOfClass = new Array<number>(classCount).fill(-1);
      const prevClassOfSection = new Array<number>(sections).fill(-2);
      prevClassOfSection[start] = -1;
      const queue = [start];
      let end = -1;
      search: for (let q = 0; q < queue.length; q++) {
        const i = queue[q];
        for (const c of sectionClasses[i]) {
          if (prevSectionOfClass[c] !== -1) continue;
          prevSectionOfClass[c] = i;
          if (used[c] < supplies[c]) {
            end = c;
            break search;
          }
          for (const j of classSections[c]) {
            if (prevClassOfSection[j] === -2 && flow[j][c] > 0) {
              prevClassOfSection[j] = c;
              queue.push(j);
            }
          }
        }
      }
      if (end === -1) break;
      // The bottleneck along the path.
      let amount = Math.min(demands[start] - got[start], supplies[end] - used[end]);
      for (let c = end, i = prevSectionOfClass[c]; i !== start; c = prevClassOfSection[i], i = prevSectionOfClass[c]) {
        amount = Math.min(amount, flow[i][prevClassOfSection[i]]);
      }
      for (let c = end, i = prevSectionOfClass[c]; ;) {
        flow[i][c] += amount;
        if (i === start) break;
        const back = prevClassOfSection[i];
        flow[i][back] -= amount;
        c = back;
        i = prevSectionOfClass[c];
      }
      used[end] += amount;
      got[start] += amount;
    }
  }
  return got;
}

/** Shortfalls of a bank index (the sections allocate() cannot fill). */
export function shortfallsOf(b: Blueprint, index: BankIndex): Shortfall[] {
  const demands = b.sections.map((s) => s.count);
  const got = allocate(
    demands,
    index.classes.map((list) => list.length),
    index.sectionClasses,
  );
  return got.flatMap((available, section) => (available < demands[section] ? [{ section, needed: demands[section], available }] : []));
}

/**
 * Which sections the bank cannot fill. Each question counts once across sections, served in
 * section order: two sections asking for the same area and type with overlapping difficulty
 * ranges share one pool, and the later one is reported short when the pool runs out. The result
 * is exact (empty exactly when drawPaper can draw the paper), not a per-section estimate.
 */
export function checkBlueprint(b: Blueprint, bank: readonly BankEntry[]): Shortfall[] {
  return shortfallsOf(b, indexBank(b, bank));
}
