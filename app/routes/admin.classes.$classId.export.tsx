import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { classProgress } from "~/modules/classes/classes.server";
import { classProgressWorkbook } from "~/modules/classes/export.server";
import { idParam } from "~/modules/forms";

export const access = requires("manage:class");

/** The class's progress page (same scope, same numbers) as an Excel file. */
export const loader = guarded(access, async ({ params, actor }) => {
  const p = await classProgress(actor, idParam(params, "classId"));
  const body = await classProgressWorkbook({
    title: p.klass.title,
    year: p.klass.year,
    contentTenths: p.content.total.tenths,
    required: p.required,
    rows: p.rows,
  });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="class-${p.klass.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${p.klass.title}-学习进度.xlsx`)}`,
      "Cache-Control": "no-store",
    },
  });
});
