import { REVIEW_PARTS, type ReviewPartProps } from "~/components/question-types/review-parts";
import type { ComponentType } from "react";
import type { QuestionType } from "~/modules/question-bank/question";
import { useT } from "~/i18n/use-locale";
import type { ReviewSlot } from "~/modules/exams/candidate.server";
import { points } from "./format";

/** One question of the answer review on the result page: the candidate's answer, the key, the mark. */
export function ReviewItem({ slot, n }: { slot: ReviewSlot; n: number }) {
  const { t } = useT();
  // a module-level component looked up by type (not one made during render)
  const Part = REVIEW_PARTS[slot.type] as ComponentType<ReviewPartProps<QuestionType>>;
  // An answer of another type than the slot's (a mixed-up save) is shown as none.
  const answer = slot.answer && slot.answer.type === slot.type ? slot.answer : null;
  return (
    <article className="card space-y-3" data-testid="review-item">
      <h3 className="font-semibold">
        {t("examTake.question", { n })}
        <span className="ml-2 text-sm font-normal text-stone-600">
          {t(`examTake.types.${slot.type}`)} ·{" "}
          {t("examTake.mark", { mark: slot.markTenths == null ? "—" : points(slot.markTenths), max: points(slot.maxMarkTenths) })}
        </span>
      </h3>
      <div className="exam-stem" dangerouslySetInnerHTML={{ __html: slot.stemHtml }} />
      <Part slot={slot} answer={answer} />
      {slot.explanationHtml ? (
        <div className="rounded-md bg-stone-100 px-3 py-2 text-sm">
          <p className="font-medium">{t("examTake.explanation")}</p>
          <div className="lesson-body" dangerouslySetInnerHTML={{ __html: slot.explanationHtml }} />
        </div>
      ) : null}
    </article>
  );
}
