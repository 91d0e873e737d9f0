import { z } from "zod";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { publicOrigin } from "~/modules/certificates/download.server";
import { ownCredential } from "~/modules/credentials/credentials.server";
import { AppError } from "~/modules/errors";

export const access = requires("hold:certificate");

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** /certificates/<id>.json: the holder's own certificate as a signed Open Badges 3.0 credential (someone else's: 404). */
export const loader = guarded(access, async ({ request, params, actor }) => {
  const id = idSchema.safeParse(params.certificateId);
  if (!id.success) throw new AppError("notFound", "certificate id");
  const { number, json } = await ownCredential(actor, id.data, publicOrigin(request));
  const ascii = `hongfan-credential-${number}.json`;
  const utf8 = encodeURIComponent(`红帆领航员电子证书-${number}.json`);
  return new Response(json, {
    headers: {
      "Content-Type": "application/vc+ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`,
      "Cache-Control": "private, no-store",
    },
  });
});
