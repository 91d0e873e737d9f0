import { answerFits, rawAnswerSchema, type SlotShape } from "./save-input";
import type { RawAnswer } from "./types";

/**
 * The exam page's no-JavaScript answer form of one question, read into a RawAnswer (pure). Fields:
 * slotNo; choice (single), choices (multiple, repeated), value ("true"/"false"), blank (fill,
 * repeated, in order), text (short), match (matching: one per premise in order, an ORIGINAL response
 * index or "" for none), number (numeric); flagged ("on"). A question left unanswered saves a cleared
 * answer (null). Anything that does not fit the slot is refused.
 */
export function answerFromForm(
  form: FormData,
  slots: ReadonlyMap<number, SlotShape>,
): { ok: true; slotNo: number; answer: RawAnswer | null; flagged: boolean } | { ok: false; slotNo: number } {
  const slotNo = Number(form.get("slotNo"));
  const slot = Number.isInteger(slotNo) ? slots.get(slotNo) : undefined;
  if (!slot) return { ok: false, slotNo: 0 };
  const flagged = form.get("flagged") === "on";
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : null;
  };
  const all = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  let candidate: unknown = null;
  switch (slot.type) {
    case "single": {
      const choice = text("choice");
      candidate = choice === null || choice === "" ? null : { type: "single", choice: Number(choice) };
      break;
    }
    case "multiple": {
      const choices = all("choices").map(Number);
      candidate = choices.length ? { type: "multiple", choices: [...new Set(choices)].sort((a, b) => a - b) } : null;
      break;
    }
    case "truefalse": {
      const value = text("value");
      candidate = value === "true" ? { type: "truefalse", value: true } : value === "false" ? { type: "truefalse", value: false } : null;
      break;
    }
    case "fill": {
      const blanks = all("blank");
      candidate = blanks.some((b) => b.trim()) ? { type: "fill", blanks } : null;
      break;
    }
    case "short": {
      const value = text("text") ?? "";
      candidate = value.trim() ? { type: "short", text: value } : null;
      break;
    }
    case "matching": {
      const matches = all("match").map((m) => (m === "" ? null : Number(m)));
      candidate = matches.some((m) => m !== null) ? { type: "matching", matches } : null;
      break;
    }
    case "numeric": {
      const value = text("number") ?? "";
      candidate = value.trim() ? { type: "numeric", text: value.trim() } : null;
      break;
    }
  }
  if (candidate === null) return { ok: true, slotNo, answer: null, flagged };
  const parsed = rawAnswerSchema.safeParse(candidate);
  if (!parsed.success || !answerFits(parsed.data, slot)) return { ok: false, slotNo };
  return { ok: true, slotNo, answer: parsed.data, flagged };
}
