import { useTranslation } from "~/i18n/use-locale";
import { splitAtBlanks } from "~/modules/question-bank/normalize";
import { renderInlineMarkdown, renderMarkdown } from "~/modules/markdown";
import { optionLetter, type QuestionDraft } from "~/modules/question-bank/question";
import { matchingResponses } from "~/modules/question-bank/types/matching/rules";
import { describeNumericAnswer, formatNumber } from "~/modules/question-bank/types/numeric/rules";

/** A question as the candidate will see it (markdown rendered, blanks as boxes). */
export function QuestionPreview({ draft }: { draft: QuestionDraft }) {
  const { t } = useTranslation();
  const stemHtml =
    draft.type === "fill"
      ? splitAtBlanks(draft.stem)
          .map((part) => renderInlineMarkdown(part))
          .join('<span class="mx-1 inline-block w-16 border-b-2 border-stone-500 align-baseline"></span>')
      : renderMarkdown(draft.stem);
  return (
    <div className="space-y-3" data-testid="question-preview">
      <p className="text-sm text-stone-600">
        {t(`qb.types.${draft.type}`)} · {t("qb.difficultyLevel", { level: draft.difficulty })}
      </p>
      <div className="prose-sm leading-relaxed [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5" dangerouslySetInnerHTML={{ __html: stemHtml }} />
      {"options" in draft ? (
        <ul className="space-y-2">
          {draft.options.map((option, i) => (
            <li key={i} className="flex gap-2 rounded-md border border-stone-200 px-3 py-2">
              <span className="font-semibold">{optionLetter(i)}.</span>
              <span dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(option) }} />
            </li>
          ))}
        </ul>
      ) : null}
      {draft.type === "matching" ? (
        <div className="space-y-2">
          <ol className="space-y-2">
            {draft.pairs.map((pair, i) => (
              <li key={i} className="flex flex-wrap items-center gap-2 rounded-md border border-stone-200 px-3 py-2">
                <span dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(pair.premise) }} />
                <span className="inline-block min-w-24 border-b-2 border-stone-500" aria-hidden="true"></span>
              </li>
            ))}
          </ol>
          <ul className="flex flex-wrap gap-2">
            {matchingResponses(draft).map((response, i) => (
              <li key={i} className="rounded-md border border-dashed border-stone-300 px-3 py-1" dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(response) }} />
            ))}
          </ul>
        </div>
      ) : null}
      {draft.type === "numeric" ? (
        <p className="flex items-center gap-2">
          <span className="inline-block w-32 border-b-2 border-stone-500" aria-hidden="true"></span>
          {draft.units.length ? <span className="text-sm text-stone-600">{t("qb.numericUnits", { units: draft.units.join("、") })}</span> : null}
        </p>
      ) : null}
      {draft.type === "truefalse" ? (
        <ul className="flex gap-2">
          <li className="rounded-md border border-stone-200 px-4 py-2">{t("qb.answerTrue")}</li>
          <li className="rounded-md border border-stone-200 px-4 py-2">{t("qb.answerFalse")}</li>
        </ul>
      ) : null}
    </div>
  );
}

/** The key for reviewers: answer, accepted answers per blank, marking points, explanation. */
export function AnswerKey({ draft }: { draft: QuestionDraft }) {
  const { t } = useTranslation();
  return (
    <dl className="space-y-2 text-sm" data-testid="answer-key">
      <div>
        <dt className="font-medium text-stone-700">{draft.type === "short" ? t("qb.answerShort") : t("qb.answer")}</dt>
        <dd>
          {draft.type === "single" || draft.type === "multiple" ? draft.answer : null}
          {draft.type === "truefalse" ? (draft.answer ? t("qb.answerTrue") : t("qb.answerFalse")) : null}
          {draft.type === "short" ? <span className="whitespace-pre-wrap">{draft.answer}</span> : null}
          {draft.type === "matching" ? (
            <ul className="space-y-1">
              {draft.pairs.map((pair, i) => (
                <li key={i}>{t("qb.matchingAnswer", { premise: pair.premise, response: pair.response })}</li>
              ))}
              {draft.distractors.map((d, i) => (
                <li key={`d${i}`} className="text-stone-600">
                  → {d}
                </li>
              ))}
            </ul>
          ) : null}
          {draft.type === "numeric" ? (
            <ul className="space-y-1">
              {draft.answer.map((a, i) => (
                <li key={i}>
                  {a.percent === 100 ? "" : `${formatNumber(a.percent)}%：`}
                  {describeNumericAnswer(a)}
                </li>
              ))}
              {draft.units.length ? <li className="text-stone-600">{t("qb.numericUnits", { units: draft.units.join("、") })}</li> : null}
            </ul>
          ) : null}
          {draft.type === "fill" ? (
            <ol className="space-y-1">
              {draft.answer.map((accepted, i) => (
                <li key={i}>
                  {t("qb.blank", { n: i + 1 })}（{t("qb.acceptedAnswers")}）：{accepted.join(" / ")}
                </li>
              ))}
            </ol>
          ) : null}
        </dd>
      </div>
      {draft.type === "short" ? (
        <div>
          <dt className="font-medium text-stone-700">{t("qb.markingPoints")}</dt>
          <dd>
            <ul className="list-disc pl-5">
              {draft.markingPoints.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </dd>
        </div>
      ) : null}
      {draft.explanation ? (
        <div>
          <dt className="font-medium text-stone-700">{t("qb.explanation")}</dt>
          <dd className="whitespace-pre-wrap">{draft.explanation}</dd>
        </div>
      ) : null}
      <div>
        <dt className="font-medium text-stone-700">{t("qb.knowledgePoint")}</dt>
        <dd>
          {draft.knowledgePoint} · {t(`qb.areas.${draft.area}`)}
        </dd>
      </div>
    </dl>
  );
}
