import { useT } from "~/i18n/use-locale";
import type { ReviewSlot } from "~/modules/exams/candidate.server";
import { points } from "./format";

/** One question of the answer review on the result page: the candidate's answer, the key, the mark. */
export function ReviewItem({ slot, n }: { slot: ReviewSlot; n: number }) {
  const { t } = useT();
  const a = slot.answer;
  const choice = slot.type === "single" || slot.type === "multiple";
  const unansweredChoice = choice && !slot.options.some((o) => o.chosen);
  return (
    <article className="card space-y-3" data-testid="review-item">
      <h3 className="font-semibold">
        {t("examTake.question", { n })}
        <span className="ml-2 text-sm font-normal text-stone-600">
          {t(`examTake.types.${slot.type}`)} · {t("examTake.mark", { mark: slot.markTenths == null ? "—" : points(slot.markTenths), max: points(slot.maxMarkTenths) })}
        </span>
      </h3>
      <div className="exam-stem" dangerouslySetInnerHTML={{ __html: slot.stemHtml }} />
      {slot.options.length ? (
        <ul className="space-y-1">
          {slot.options.map((o) => (
            <li key={o.letter} className={`flex gap-2 rounded-md border px-3 py-2 ${o.correct ? "border-green-600 bg-green-50" : o.chosen ? "border-red-400 bg-red-50" : "border-stone-200"}`}>
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
      ) : null}
      {/* Every <dd> has its <dt>; an answered choice question shows the choice in the options above (no empty <dl>). */}
      {!choice || unansweredChoice ? (
        <dl className="space-y-1 text-sm">
          {slot.type === "truefalse" ? (
            <>
              <dt className="font-medium">{t("examTake.yourChoice")}</dt>
              <dd>{a?.type === "truefalse" ? (a.value ? t("examTake.answerTrue") : t("examTake.answerFalse")) : t("examTake.unanswered")}</dd>
              <dt className="font-medium">{t("examTake.correctAnswer")}</dt>
              <dd>{slot.correctValue ? t("examTake.answerTrue") : t("examTake.answerFalse")}</dd>
            </>
          ) : null}
          {slot.type === "fill" ? (
            <>
              <dt className="font-medium">{t("examTake.yourChoice")}</dt>
              <dd>{a?.type === "fill" && a.blanks.some((b) => b.trim()) ? a.blanks.map((b, i) => `（${i + 1}）${b}`).join("  ") : t("examTake.unanswered")}</dd>
              <dt className="font-medium">{t("examTake.acceptedAnswers")}</dt>
              <dd>{slot.acceptedAnswers.map((accepted, i) => `（${i + 1}）${accepted.join(" / ")}`).join("  ")}</dd>
            </>
          ) : null}
          {slot.type === "short" ? (
            <>
              <dt className="font-medium">{t("examTake.yourChoice")}</dt>
              <dd className="whitespace-pre-wrap">{a?.type === "short" && a.text.trim() ? a.text : t("examTake.unanswered")}</dd>
              <dt className="font-medium">{t("examTake.referenceAnswer")}</dt>
              <dd className="whitespace-pre-wrap">{slot.referenceAnswer}</dd>
              {slot.comment ? (
                <>
                  <dt className="font-medium">{t("examTake.graderComment")}</dt>
                  <dd className="whitespace-pre-wrap">{slot.comment}</dd>
                </>
              ) : null}
            </>
          ) : null}
          {slot.type === "matching" ? (
            <>
              <dt className="font-medium">{t("examTake.yourChoice")}</dt>
              <dd>
                {a?.type === "matching" && a.matches.some((m) => m !== null) ? (
                  <ol className="space-y-1">
                    {slot.pairs.map((p, i) => (
                      <li key={i} className={`rounded-md border px-3 py-1 ${p.right ? "border-green-600 bg-green-50" : "border-red-400 bg-red-50"}`}>
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
            </>
          ) : null}
          {slot.type === "numeric" ? (
            <>
              <dt className="font-medium">{t("examTake.yourChoice")}</dt>
              <dd>{a?.type === "numeric" && a.text.trim() ? a.text : t("examTake.unanswered")}</dd>
              <dt className="font-medium">{t("examTake.correctAnswer")}</dt>
              <dd>
                {slot.numericAnswers.join("；")}
                {slot.units.length ? `（${t("examTake.acceptedUnits", { units: slot.units.join("、") })}）` : ""}
              </dd>
            </>
          ) : null}
          {unansweredChoice ? (
            <>
              <dt className="font-medium">{t("examTake.yourChoice")}</dt>
              <dd>{t("examTake.unanswered")}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {slot.explanationHtml ? (
        <div className="rounded-md bg-stone-100 px-3 py-2 text-sm">
          <p className="font-medium">{t("examTake.explanation")}</p>
          <div className="lesson-body" dangerouslySetInnerHTML={{ __html: slot.explanationHtml }} />
        </div>
      ) : null}
    </article>
  );
}
