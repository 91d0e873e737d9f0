/**
 * 微党课 revisions and review, pure (docs/decisions/023).
 *
 * A lesson is a chain of revisions; only the latest is worked on. States:
 *   draft --submit--> submitted --return--> returned
 *                              \--publish--> published --(a later one published)--> superseded
 * Editing: a draft is edited in place; editing a returned or published latest revision starts a new
 * draft revision (the returned one keeps its comments, the published one stays live until the new
 * one is published). A submitted revision is locked until a reviewer decides.
 *
 * Who: the author (a lecturer, `author:micro_lesson:own`) edits, submits and deletes their own;
 * reviewers are the county admins of the lesson's county (`review:micro_lesson:county`), never
 * the author — an author who is also a county admin cannot review their own lesson.
 */

export const REVISION_STATES = ["draft", "submitted", "returned", "published", "superseded"] as const;
export type RevisionState = (typeof REVISION_STATES)[number];

export type MicroAction = "edit" | "submit" | "comment" | "return" | "publish" | "delete";

export interface WorkflowActor {
  userId: number;
  /** holds `author:micro_lesson` (own) */
  mayAuthor: boolean;
  /** counties where the actor holds `review:micro_lesson` */
  reviewCountyIds: readonly number[];
}

export interface WorkflowLesson {
  authorId: number;
  countyId: number;
  /** the latest revision's state */
  latestState: RevisionState;
  /** some revision is (or was) live */
  everPublished: boolean;
}

export type Refusal = "notAuthor" | "notReviewer" | "ownLesson" | "wrongState";

export type Verdict =
  | { ok: true; action: "edit"; mode: "inPlace" | "newRevision" }
  | { ok: true; action: Exclude<MicroAction, "edit">; to: RevisionState | null }
  | { ok: false; reason: Refusal };

const AUTHOR_ACTIONS: ReadonlySet<MicroAction> = new Set(["edit", "submit", "delete"]);

export function isAuthor(actor: WorkflowActor, lesson: WorkflowLesson): boolean {
  return actor.mayAuthor && actor.userId === lesson.authorId;
}

export function isReviewer(actor: WorkflowActor, lesson: WorkflowLesson): boolean {
  return actor.userId !== lesson.authorId && actor.reviewCountyIds.includes(lesson.countyId);
}

/** May this actor do this to the lesson now, and what follows. */
export function decide(actor: WorkflowActor, lesson: WorkflowLesson, action: MicroAction): Verdict {
  const state = lesson.latestState;
  if (AUTHOR_ACTIONS.has(action)) {
    if (!isAuthor(actor, lesson)) return { ok: false, reason: "notAuthor" };
    switch (action) {
      case "edit":
        if (state === "draft") return { ok: true, action, mode: "inPlace" };
        if (state === "returned" || state === "published") return { ok: true, action, mode: "newRevision" };
        return { ok: false, reason: "wrongState" };
      case "submit":
        return state === "draft" ? { ok: true, action, to: "submitted" } : { ok: false, reason: "wrongState" };
      default: // delete: only a lesson never published, not under review
        return !lesson.everPublished && (state === "draft" || state === "returned")
          ? { ok: true, action: "delete", to: null }
          : { ok: false, reason: "wrongState" };
    }
  }
  if (actor.userId === lesson.authorId) return { ok: false, reason: "ownLesson" };
  if (!isReviewer(actor, lesson)) return { ok: false, reason: "notReviewer" };
  if (state !== "submitted") return { ok: false, reason: "wrongState" };
  if (action === "comment") return { ok: true, action, to: "submitted" };
  if (action === "return") return { ok: true, action, to: "returned" };
  return { ok: true, action: "publish", to: "published" };
}

/** A return needs a reason: a note, or at least one comment on the revision. */
export function returnHasReason(note: string, comments: number): boolean {
  return note.trim().length > 0 || comments > 0;
}

/** What a lecturer sees as the lesson's status: the latest revision's, and whether a version is live. */
export function statusOf(latestState: RevisionState, everPublished: boolean): { state: RevisionState; live: boolean } {
  return { state: latestState, live: everPublished };
}

/**
 * The most a published micro lesson credits, in seconds (docs/decisions/023): with media, its real
 * length (whole seconds, at least 1), never more than the intended minutes; without media, the
 * intended minutes.
 */
export function nominalSecondsOf(intendedMinutes: number, mediaDurationMs: number | null): number {
  const intended = intendedMinutes * 60;
  if (mediaDurationMs == null || !Number.isFinite(mediaDurationMs) || mediaDurationMs <= 0) return intended;
  return Math.max(1, Math.min(intended, Math.floor(mediaDurationMs / 1000)));
}

/** The whole minutes a lessons row shows (its `minutes` column must be > 0). */
export function displayMinutes(nominalSeconds: number): number {
  return Math.max(1, Math.ceil(nominalSeconds / 60));
}
