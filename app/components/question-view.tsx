import { useTranslation } from "~/i18n/use-locale";
import type { QuestionDraft } from "~/modules/question-bank/question";
import { authoringPartsOf } from "./question-types/authoring-parts";

/** A question as the candidate will see it (markdown rendered, blanks as boxes; the type's parts). */
export function QuestionPreview({ draft }: { draft: QuestionDraft }) {
  const { t } = useTranslation();
  const parts = authoringPartsOf(draft.type);
  const Preview = parts.Preview;
  return (
    <div className="space-y-3" data-testid="question-preview">
      <p className="text-sm text-stone-600">
        {t(`qb.types.${draft.type}`)} · {t("qb.difficultyLevel", { level: draft.difficulty })}
      </p>
      <div
        className="prose-sm leading-relaxed [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5"
        dangerouslySetInnerHTML={{ __html: parts.stemHtml(draft) }}
      />
      {Preview ? <Preview draft={draft} /> : null}
    </div>
  );
}

/** The key for reviewers: answer, accepted answers per blank, marking points, explanation. */
export function AnswerKey({ draft }: { draft: QuestionDraft }) {
  const { t } = useTranslation();
  const { keyLabel, Key, KeyExtra } = authoringPartsOf(draft.type);
  return (
    <dl className="space-y-2 text-sm" data-testid="answer-key">
      <div>
        <dt className="font-medium text-stone-700">{t(keyLabel)}</dt>
        <dd>
          <Key draft={draft} />
        </dd>
      </div>
      {KeyExtra ? <KeyExtra draft={draft} /> : null}
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
