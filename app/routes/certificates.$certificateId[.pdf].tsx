import { z } from "zod";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { ownCertificatePdf, pdfResponse, publicOrigin } from "~/modules/certificates/download.server";
import { UnprintableCertificateError } from "~/modules/certificates/pdf.server";
import { AppError } from "~/modules/errors";

export const access = requires("hold:certificate");

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** /certificates/<id>.pdf: the holder's own certificate as an A4 PDF (someone else's: 404). */
export const loader = guarded(access, async ({ request, params, actor }) => {
  const id = idSchema.safeParse(params.certificateId);
  if (!id.success) throw new AppError("notFound", "certificate id");
  try {
    const { number, pdf } = await ownCertificatePdf(actor, id.data, publicOrigin(request));
    return pdfResponse(pdf, `红帆领航员证书-${number}.pdf`, `certificate-${number}.pdf`, "inline");
  } catch (error) {
    if (error instanceof UnprintableCertificateError)
      return new Response(error.message, {
        status: 422,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    throw error;
  }
});
