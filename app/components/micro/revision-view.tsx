import { useT } from "~/i18n/use-locale";
import { clock } from "./lesson-form";

export interface RevisionLike {
  number: number;
  state: string;
  title: string;
  summary: string;
  area: string;
  knowledgePoints: string[];
  scriptHtml: string;
  intendedMinutes: number;
  decisionNote: string | null;
  media: { kind: string; url: string; posterUrl: string | null; durationMs: number | null } | null;
  cover: { url: string } | null;
  comments: { id: number; body: string; positionSeconds: number | null; author: string; createdAt: string | Date }[];
}

/** The player of a revision's media: video or audio, 1× controls as the browser gives them. */
export function RevisionPlayer({ revision, playerId }: { revision: RevisionLike; playerId?: string }) {
  const { t } = useT();
  if (!revision.media) return <p className="text-sm text-stone-600">{t("micro.noMedia")}</p>;
  return revision.media.kind === "audio" ? (
    // eslint-disable-next-line jsx-a11y/media-has-caption -- lessons are uploaded without caption files; the lesson's text is on the page beside the player
    <audio id={playerId} src={revision.media.url} controls preload="metadata" className="w-full" aria-label={revision.title} />
  ) : (
    // eslint-disable-next-line jsx-a11y/media-has-caption -- as above
    <video
      id={playerId}
      src={revision.media.url}
      poster={revision.media.posterUrl ?? undefined}
      controls
      preload="metadata"
      playsInline
      className="w-full rounded bg-black"
      aria-label={revision.title}
    />
  );
}

/** A revision's facts, script and comments (the author's page and the reviewer's page). */
export function RevisionBody({ revision }: { revision: RevisionLike }) {
  const { t, date } = useT();
  return (
    <div className="space-y-3">
      <p className="text-sm text-stone-700">
        {t(`learn.areas.${revision.area}`)} · {t("micro.intendedMinutes")} {revision.intendedMinutes}
        {revision.knowledgePoints.length ? ` · ${revision.knowledgePoints.join("、")}` : ""}
      </p>
      {revision.summary ? <p className="text-stone-800">{revision.summary}</p> : null}
      <div className="lesson-body rounded border border-stone-200 bg-white p-3" dangerouslySetInnerHTML={{ __html: revision.scriptHtml }} />
      {revision.decisionNote ? (
        <p className="text-sm">
          <strong>{t("micro.decisionNote")}：</strong>
          {revision.decisionNote}
        </p>
      ) : null}
      <section aria-label={t("micro.comments")}>
        <h2 className="text-base font-semibold">{t("micro.comments")}</h2>
        {revision.comments.length === 0 ? (
          <p className="text-sm text-stone-600">{t("micro.noComments")}</p>
        ) : (
          <ul className="space-y-1" data-testid="comments">
            {revision.comments.map((c) => (
              <li key={c.id} className="text-sm">
                {c.positionSeconds != null ? (
                  <span className="mr-1 rounded bg-stone-200 px-1 font-mono">{t("micro.at", { time: clock(c.positionSeconds) })}</span>
                ) : null}
                {c.body}
                <span className="ml-1 text-xs text-stone-600">
                  — {c.author}，{date(c.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
