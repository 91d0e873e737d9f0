import { z } from "zod";
import { text } from "../text";
import { ARCHIVE_GROUPS } from "./events";

/** The archive page's search parameters: a filter group and the keyset (`before` = a seq). */
export const archiveFilterSchema = z.object({
  group: z.enum(ARCHIVE_GROUPS).optional().catch(undefined),
  before: z.coerce.number().int().min(2).max(2_147_483_647).optional().catch(undefined),
});

/** A correction entered on the archive page. */
export const correctionSchema = z.object({
  eventId: z.coerce
    .number({ error: "archive.correctionTarget" })
    .int("archive.correctionTarget")
    .positive("archive.correctionTarget")
    .max(Number.MAX_SAFE_INTEGER, "archive.correctionTarget"),
  note: text().pipe(z.string().trim().min(1, "archive.noteRequired").max(2000, "archive.noteRequired")),
});
