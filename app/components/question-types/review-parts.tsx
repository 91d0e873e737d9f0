import type { ComponentType } from "react";
import { useT } from "~/i18n/use-locale";
import type { QuestionType } from "~/modules/question-bank/question";
import type { AnswerOf, ReviewViewOf } from "~/modules/question-bank/types/models";

/**
 * The type-specific part of one question in the answer review (result page): the candidate's
 * answer and the key, one component per question type (`REVIEW_PARTS`, keyed by type).
 */
export interface ReviewPartProps<T extends QuestionType> {
  slot: { comment: string } & ReviewViewOf<T>;
  answer: AnswerOf<T> | null;
}

function ChoiceReview({ slot }: ReviewPartProps<"single" | "multiple">) {
  const { t } = useT();
  const unanswered = !slot.options.some((o) => o.chosen);
  return (
    <>
      <ul className="space-y-1">
        {slot.options.map((o) => (
          <li
            key={o.letter}
            className={`flex gap-2 rounded-md border px-3 py-2 ${o.correct ? "border-green-600 bg-green-50" : o.chosen ? "border-red-400 bg-red-50" : "border-stone-200"}`}
          >
            <span className="font-semibold">{o.letter}.</span>
            <span className="exam-option flex-1" dangerouslySetInnerHTML={{ __html: o.html }} />
            <span className="text-sm">
              {o.chosen ? t("examTake.yourChoice") : ""}
              {o.chosen && o.correct ? " · " : ""}
              {o.correct ? t("examTake.correctAnswer") : ""}
            </span>
          </li>
        ))}
      </ul>
      {/* Every <dd> has its <dt>; an answered choice question shows the choice in the options above (no empty <dl>). */}
      {unanswered ? (
        <dl className="space-y-1 text-sm">
          <dt className="font-medium">{t("examTake.yourChoice")}</dt>
          <dd>{t("examTake.unanswered")}</dd>
        </dl>
      ) : null}
    </>
  );
}

function TrueFalseReview({ slot, answer }: ReviewPartProps<"truefalse">) {
  const { t } = useT();
  return (
    <dl className="space-y-1 text-sm">
      <dt className="font-medium">{t("examTake.yourChoice")}</dt>
      <dd>{answer ? (answer.value ? t("examTake.answerTrue") : t("examTake.answerFalse")) : t("examTake.unanswered")}</dd>
      <dt className="font-medium">{t("examTake.correctAnswer")}</dt>
      <dd>{slot.correctValue ? t("examTake.answerTrue") : t("examTake.answerFalse")}</dd>
    </dl>
  );
}

function FillReview({ slot, answer }: ReviewPartProps<"fill">) {
  const { t } = useT();
  return (
    <dl className="space-y-1 text-sm">
      <dt className="font-medium">{t("examTake.yourChoice")}</dt>
      <dd>
        {answer && answer.blanks.some((b) => b.trim())
          ? answer.blanks.map((b, i) => `（${i + 1}）${b}`).join("  ")
          : t("examTake.unanswered")}
      </dd>
      <dt className="font-medium">{t("examTake.acceptedAnswers")}</dt>
      <dd>{slot.acceptedAnswers.map((accepted, i) => `（${i + 1}）${accepted.join(" / ")}`).join("  ")}</dd>
    </dl>
  );
}

function ShortReview({ slot, answer }: ReviewPartProps<"short">) {
  const { t } = useT();
  return (
    <dl className="space-y-1 text-sm">
      <dt className="font-medium">{t("examTake.yourChoice")}</dt>
      <dd className="whitespace-pre-wrap">{answer && answer.text.trim() ? answer.text : t("examTake.unanswered")}</dd>
      <dt className="font-medium">{t("examTake.referenceAnswer")}</dt>
      <dd className="whitespace-pre-wrap">{slot.referenceAnswer}</dd>
      {slot.comment ? (
        <>
          <dt className="font-medium">{t("examTake.graderComment")}</dt>
          <dd className="whitespace-pre-wrap">{slot.comment}</dd>
        </>
      ) : null}
    </dl>
  );
}

function MatchingReview({ slot, answer }: ReviewPartProps<"matching">) {
  const { t } = useT();
  return (
    <dl className="space-y-1 text-sm">
      <dt className="font-medium">{t("examTake.yourChoice")}</dt>
      <dd>
        {answer && answer.matches.some((m) => m !== null) ? (
          <ol className="space-y-1">
            {slot.pairs.map((p, i) => (
              <li
                key={i}
                className={`rounded-md border px-3 py-1 ${p.right ? "border-green-600 bg-green-50" : "border-red-400 bg-red-50"}`}
              >
                <span dangerouslySetInnerHTML={{ __html: p.premiseHtml }} /> →{" "}
                {p.chosenHtml === null ? t("examTake.unanswered") : <span dangerouslySetInnerHTML={{ __html: p.chosenHtml }} />}
                <span className="ml-2 text-xs">（{p.right ? t("examTake.pairRight") : t("examTake.pairWrong")}）</span>
              </li>
            ))}
          </ol>
        ) : (
          t("examTake.unanswered")
        )}
      </dd>
      <dt className="font-medium">{t("examTake.correctAnswer")}</dt>
      <dd>
        <ol className="space-y-1">
          {slot.pairs.map((p, i) => (
            <li key={i}>
              <span dangerouslySetInnerHTML={{ __html: p.premiseHtml }} /> → <span dangerouslySetInnerHTML={{ __html: p.correctHtml }} />
            </li>
          ))}
        </ol>
      </dd>
    </dl>
  );
}

function NumericReview({ slot, answer }: ReviewPartProps<"numeric">) {
  const { t } = useT();
  return (
    <dl className="space-y-1 text-sm">
      <dt className="font-medium">{t("examTake.yourChoice")}</dt>
      <dd>{answer && answer.text.trim() ? answer.text : t("examTake.unanswered")}</dd>
      <dt className="font-medium">{t("examTake.correctAnswer")}</dt>
      <dd>
        {slot.answers.join("；")}
        {slot.units.length ? `（${t("examTake.acceptedUnits", { units: slot.units.join("、") })}）` : ""}
      </dd>
    </dl>
  );
}

export const REVIEW_PARTS: { readonly [T in QuestionType]: ComponentType<ReviewPartProps<T>> } = {
  single: ChoiceReview,
  multiple: ChoiceReview,
  truefalse: TrueFalseReview,
  fill: FillReview,
  short: ShortReview,
  matching: MatchingReview,
  numeric: NumericReview,
};
