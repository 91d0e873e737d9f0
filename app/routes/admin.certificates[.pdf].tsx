import { z } from "zod";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { countyCertificatesPdf, MAX_BATCH, pdfResponse, publicOrigin } from "~/modules/certificates/download.server";
import { UnprintableCertificateError } from "~/modules/certificates/pdf.server";
import { AppError } from "~/modules/errors";

export const access = requires("issue:certificate");

const selectionSchema = z.union([
  z.object({ all: z.literal("valid") }).transform(() => ({ allValid: true as const })),
  z.object({ id: z.array(z.coerce.number().int().positive().max(2_147_483_647)).min(1).max(MAX_BATCH) }).transform((v) => ({ ids: v.id })),
]);

/**
 * /admin/certificates.pdf?id=1&id=2 (the selected certificates) or ?all=valid (every valid one of
 * the admin's county): one PDF, a page per certificate. Scope: the admin's counties only.
 */
export const loader = guarded(access, async ({ request, actor, meta }) => {
  const params = new URL(request.url).searchParams;
  const parsed = selectionSchema.safeParse(params.get("all") ? { all: params.get("all") } : { id: params.getAll("id") });
  if (!parsed.success) throw new AppError("badRequest", "select certificates (id=…) or all=valid");
  try {
    const { count, pdf } = await countyCertificatesPdf(actor, parsed.data, publicOrigin(request), meta);
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    return pdfResponse(pdf, `红帆领航员证书-${count}本-${day}.pdf`, `certificates-${count}-${day}.pdf`, "attachment");
  } catch (error) {
    if (error instanceof UnprintableCertificateError)
      return new Response(error.message, {
        status: 422,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    throw error;
  }
});
