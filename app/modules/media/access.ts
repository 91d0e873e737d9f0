import { canAct, type Actor } from "../auth/access";

/**
 * Who may read a media asset (pure, docs/decisions/022): its uploader; the reviewers of its county
 * (review:media, county admins) whatever its state; once published, every signed-in person.
 * Anonymous visitors never (the route asks for a session first).
 */
export function canReadAsset(
  actor: Pick<Actor, "userId" | "grants"> | null,
  asset: { uploadedBy: number; countyId: number; state: "uploaded" | "attached" | "published" },
): boolean {
  if (!actor) return false;
  if (asset.uploadedBy === actor.userId) return true;
  if (asset.state === "published") return true;
  return canAct(actor, "review:media", { countyId: asset.countyId });
}
