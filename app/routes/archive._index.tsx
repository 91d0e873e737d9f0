import { redirect } from "@remix-run/node";
import { signedInAccess } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";

/** 我的档案: everyone's own 专项档案. */
export const access = signedInAccess;

export const loader = guarded(access, async ({ actor }) => redirect(`/archive/${actor.userId}`));
