import { data } from "@remix-run/node";
import { publicAccess } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";

export const access = publicAccess;

/** Any address no route claims: a 404 rendered by the root error boundary. */
export const loader = open(async () => {
  throw data({ code: "notFound" }, { status: 404 });
});

export const action = loader;

export default function NotFound() {
  return null;
}
