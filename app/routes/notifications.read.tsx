import { redirect } from "@remix-run/node";
import { z } from "zod";
import { signedInAccess } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { formValues, safeRedirect } from "~/modules/forms";
import { markNotificationRead } from "~/modules/notifications/notifications.server";

export const access = signedInAccess;

const schema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).catch(0) });

export const loader = guarded(access, async () => {
  throw redirect("/");
});

/** Dismisses a notification and goes back where the person was. */
export const action = guarded(access, async ({ request, actor }) => {
  const values = formValues(await request.formData());
  const { id } = schema.parse(values);
  if (id) await markNotificationRead(actor, id);
  throw redirect(safeRedirect(values.redirectTo));
});
