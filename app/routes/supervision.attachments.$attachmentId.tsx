import { signedInAccess } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { idParam } from "~/modules/forms";
import { EXTENSION_OF } from "~/modules/storage/sniff";
import { readAttachment } from "~/modules/supervision/records.server";
import { contentDisposition } from "~/modules/supervision/rules";

/** Signed in; the use case lets through the navigator the record is about and officers whose scope holds it. */
export const access = signedInAccess;

/**
 * An attachment of a supervision record: the stored (sniffed) type, never sniffed again by the
 * browser (nosniff), images inline and PDF as a download, a sandboxing CSP, never cached.
 */
export const loader = guarded(access, async ({ params, actor }) => {
  const file = await readAttachment(actor, idParam(params, "attachmentId"));
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": contentDisposition(file.mediaType, file.name, EXTENSION_OF[file.mediaType]),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
});
