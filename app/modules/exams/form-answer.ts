import { anyDefinition } from "../question-bank/types/registry";
import { answerFits, rawAnswerSchema, type SlotShape } from "./save-input";
import type { RawAnswer } from "./types";

/**
 * The exam page's no-JavaScript answer form of one question, read into a RawAnswer (pure). Fields:
 * slotNo; flagged ("on"); the answer's fields are the type's (its definition's `fromForm`: choice
 * (single), choices (multiple, repeated), value ("true"/"false"), blank (fill, repeated, in order),
 * text (short)). A question left unanswered saves a cleared
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
  const candidate = anyDefinition(slot.type).fromForm({ one: text, all });
  if (candidate === null) return { ok: true, slotNo, answer: null, flagged };
  const parsed = rawAnswerSchema.safeParse(candidate);
  if (!parsed.success || !answerFits(parsed.data, slot)) return { ok: false, slotNo };
  return { ok: true, slotNo, answer: parsed.data, flagged };
}
