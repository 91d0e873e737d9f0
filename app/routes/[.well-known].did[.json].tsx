import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { publicOrigin } from "~/modules/certificates/download.server";
import { issuerDidDocument } from "~/modules/credentials/credentials.server";

export const access = publicAccess;

/** /.well-known/did.json: the issuer's did:web document, every key (current and retired) in assertionMethod. */
export const loader = open(async ({ request }) => {
  const document = await issuerDidDocument(publicOrigin(request));
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/did+json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
});
