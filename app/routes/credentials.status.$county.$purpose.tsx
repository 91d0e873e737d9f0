import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { publicOrigin } from "~/modules/certificates/download.server";
import { signedStatusList } from "~/modules/credentials/status-lists.server";

export const access = publicAccess;

const notFound = () =>
  new Response("没有这个状态列表。(no such status list)", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });

/**
 * /credentials/status/<county code>/<revocation|suspension>: the county's Bitstring Status List
 * credential, signed by the issuer; a short public cache (a revocation shows within a minute).
 */
export const loader = open(async ({ request, params }) => {
  const county = params.county ?? "";
  const purpose = params.purpose;
  if (!/^[0-9A-Za-z]{1,20}$/.test(county) || (purpose !== "revocation" && purpose !== "suspension")) return notFound();
  const list = await signedStatusList(publicOrigin(request), county, purpose);
  if (!list) return notFound();
  return new Response(JSON.stringify(list), {
    headers: {
      "Content-Type": "application/vc+ld+json; charset=utf-8",
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
});
