import { scopeOf, type Actor } from "../auth/access";
import { forbidden, notFound } from "../errors";
import { answerFromForm } from "./form-answer";
import { attemptShape, lastSeqs, saveAnswers } from "./save.server";

/** What a save through the no-JavaScript answer form came to. */
export type FormSaveOutcome =
  /** the attempt is finished or past its deadline: nothing stored (the page shows the result) */
  | { status: "closed" }
  | { status: "saved"; slotNo: number }
  /** a newer answer of the slot was stored meanwhile (another tab): this one is not */
  | { status: "stale"; slotNo: number }
  | { status: "refused"; slotNo: number; problem: "badRequest" | "tooFast" | "stepLimit" };

/**
 * Saves the exam page's no-JavaScript answer form of one question (form-answer.ts) as the next
 * answer step of its slot. Only the attempt's candidate: someone without the exam permission →
 * forbidden; another person's attempt, or none → notFound (whether it exists is nobody else's
 * business), and nothing is written. An answer that does not fit the slot is refused (badRequest);
 * the save itself is the autosave's (`saveAnswers`: caps, rate, deadline + grace).
 */
export async function saveFormAnswer(actor: Actor, attemptId: number, form: FormData, now = new Date()): Promise<FormSaveOutcome> {
  if (!scopeOf(actor, "take:exam").own) throw forbidden();
  const shape = await attemptShape(attemptId, now.getTime());
  if (!shape || shape.userId !== actor.userId) throw notFound();
  const parsed = answerFromForm(form, shape.slots);
  if (!parsed.ok) return { status: "refused", slotNo: parsed.slotNo, problem: "badRequest" };
  const seq = ((await lastSeqs(attemptId))[parsed.slotNo] ?? 0) + 1;
  const outcome = await saveAnswers(
    actor,
    { attemptId, saves: [{ slotNo: parsed.slotNo, seq, answer: parsed.answer, flagged: parsed.flagged }] },
    now,
  );
  if (!outcome.ok)
    return outcome.error === "closed" ? { status: "closed" } : { status: "refused", slotNo: parsed.slotNo, problem: outcome.error };
  return { status: outcome.results[0]?.stored ? "saved" : "stale", slotNo: parsed.slotNo };
}
