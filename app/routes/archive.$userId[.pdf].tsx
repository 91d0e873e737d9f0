import { renderArchivePdf } from "~/modules/archive/pdf.server";
import { wholeArchive } from "~/modules/archive/read.server";
import { signedInAccess } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { pdfResponse } from "~/modules/certificates/download.server";
import { idParam } from "~/modules/forms";

/** /archive/<id>.pdf: the paper 专项档案 (same readers as the page: the person, town officer, county admin). */
export const access = signedInAccess;

export const loader = guarded(access, async ({ params, actor }) => {
  const userId = idParam(params, "userId");
  // the paper archive is Chinese whatever the reader's language (it is filed by the county)
  const archive = await wholeArchive(actor, userId, "zh-CN");
  const pdf = await renderArchivePdf({ ...archive, printedAt: new Date(), printedBy: actor.name });
  return pdfResponse(pdf, `专项档案-${archive.person.name}.pdf`, `archive-${userId}.pdf`, "attachment");
});
