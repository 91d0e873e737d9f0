import { redirect } from "@remix-run/node";
import { signedInAccess } from "~/modules/auth/access";
import { getSession, guarded } from "~/modules/auth/guard.server";
import { clearSessionCookie, invalidateSession } from "~/modules/auth/session.server";

export const access = signedInAccess;

export const loader = guarded(access, async () => {
  throw redirect("/");
});

export const action = guarded(access, async ({ request, context }) => {
  const session = await getSession(request, context);
  if (session) await invalidateSession(session.sessionId);
  throw redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
});
