import { signedInAccess } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { idParam } from "~/modules/forms";
import { readSample } from "~/modules/lecturers/candidacies.server";
import { EXTENSION_OF } from "~/modules/storage/sniff";
import { contentDisposition } from "~/modules/supervision/rules";

/** Signed in; the use case lets through the person themselves and the county's admins. */
export const access = signedInAccess;

/** A candidacy's sample file: its stored (sniffed) type, nosniff, a sandboxing CSP, never cached. */
export const loader = guarded(access, async ({ params, actor }) => {
  const file = await readSample(actor, idParam(params, "candidacyId"));
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
