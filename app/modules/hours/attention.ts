/**
 * Attention checks (随机验证), pure. Optional per course: at a random moment the lesson page asks
 * a simple question the learner answers by clicking; while a check stays unanswered past its
 * window, crediting pauses (`attentionOverdue` in the crediting rules).
 *
 * `random` is injected (like Math.random: a number in [0, 1)) so tests can seed it.
 */

export type Random = () => number;

export interface AttentionChallenge {
  /** Simplified Chinese prompt; the page may also render it from `answer` with its message catalog */
  prompt: string;
  /** four distinct digits 1–9 in random order, one of them the answer */
  choices: number[];
  answer: number;
}

export interface AttentionCheck {
  issuedAt: Date;
  answeredAt: Date | null;
}

/** A uniform integer in [0, n): tolerates a `random` that returns 1 or slightly out of range. */
function pick(random: Random, n: number): number {
  const index = Math.floor(random() * n);
  return Math.min(n - 1, Math.max(0, Number.isFinite(index) ? index : 0));
}

/** Whole seconds until the next check, uniformly random in [minSeconds, maxSeconds]. */
export function nextAttentionDelaySeconds(
  random: Random,
  { minSeconds = 300, maxSeconds = 900 }: { minSeconds?: number; maxSeconds?: number } = {},
): number {
  const min = Math.ceil(minSeconds);
  const max = Math.floor(maxSeconds);
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max < min) {
    throw new RangeError(`attention delay needs 0 ≤ minSeconds ≤ maxSeconds, got ${minSeconds}–${maxSeconds}`);
  }
  return min + pick(random, max - min + 1);
}

/** "请点击数字 7" with four distinct digits 1–9 (shuffled), one of which is the answer. */
export function attentionChallenge(random: Random): AttentionChallenge {
  const digits = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  // partial Fisher–Yates: the first four slots become a uniform random ordered sample
  for (let i = 0; i < 4; i++) {
    const j = i + pick(random, digits.length - i);
    [digits[i], digits[j]] = [digits[j], digits[i]];
  }
  const choices = digits.slice(0, 4);
  const answer = choices[pick(random, choices.length)];
  return { prompt: `请点击数字 ${answer}`, choices, answer };
}

/** True while a check is unanswered more than `answerWindowSeconds` after it was issued. */
export function isAttentionOverdue(check: AttentionCheck | null, now: Date, answerWindowSeconds = 60): boolean {
  if (!check || check.answeredAt) return false;
  return now.getTime() - check.issuedAt.getTime() > answerWindowSeconds * 1000;
}

/*
 * The check's digit reaches the page only as a picture drawn on the server (issue 8, item 14):
 * the beat's answer names the check and its choices, never which one is right, so a script that
 * reads the JSON cannot answer it; the server compares the choice with the stored answer.
 */

// seven segments: a (top), b (top right), c (bottom right), d (bottom), e (bottom left), f (top left), g (middle)
const SEGMENTS: Record<string, [number, number, number, number]> = {
  a: [12, 12, 48, 12],
  b: [48, 12, 48, 50],
  c: [48, 50, 48, 88],
  d: [12, 88, 48, 88],
  e: [12, 50, 12, 88],
  f: [12, 12, 12, 50],
  g: [12, 50, 48, 50],
};
const DIGIT_SEGMENTS = ["abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg"];

/** The digit as an SVG picture (strokes only, no text; every corner a little off, at random). */
export function attentionDigitSvg(digit: number, random: Random): string {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`a digit 0–9, got ${digit}`);
  const jitter = () => Math.round((random() * 6 - 3) * 10) / 10;
  const path = [...DIGIT_SEGMENTS[digit]]
    .map((s) => {
      const [x1, y1, x2, y2] = SEGMENTS[s];
      return `M${x1 + jitter()} ${y1 + jitter()}L${x2 + jitter()} ${y2 + jitter()}`;
    })
    .join("");
  const tilt = Math.round((random() * 10 - 5) * 10) / 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 100" width="60" height="100"><path transform="rotate(${tilt} 30 50)" d="${path}" fill="none" stroke="#9f1239" stroke-width="7" stroke-linecap="round"/></svg>`;
}
