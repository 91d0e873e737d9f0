import { fieldOf } from "~/components/question-types/candidate-fields";
import type { PaperSlot } from "~/modules/exams/candidate.server";
import type { RawAnswer } from "~/modules/exams/types";

export type SlotValue = { answer: RawAnswer | null; flagged: boolean };

/**
 * The answer inputs of one question: the field of the slot's question type
 * (components/question-types/candidate-fields.tsx). `live`: controlled, every change goes to
 * `onChange` (the page saves it); without `onChange` the inputs are plain form fields for the
 * no-JavaScript form. Choice values are ORIGINAL option indices.
 */
export function QuestionFields({
  slot,
  value,
  onChange,
  disabled,
}: {
  slot: PaperSlot;
  value: SlotValue | undefined;
  onChange?: (answer: RawAnswer | null) => void;
  disabled?: boolean;
}) {
  const Field = fieldOf(slot);
  const stored = value?.answer ?? null;
  // An answer of another type than the slot's (never saved by this page) shows as none.
  const answer = stored && stored.type === slot.type ? stored : null;
  return <Field slot={slot} answer={answer} onChange={onChange} disabled={disabled} name={`q${slot.slotNo}`} />;
}
