import { ZodError } from "zod";
import { UNSTORABLE_TEXT_KEY } from "../text";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "../errors";
import { safeRedirect } from "../forms";
import type { RequestMeta } from "../audit/audit.server";
import { routeAllows, type Actor, type GuardedAccess, type RouteAccess } from "./access";
import { readSessionToken, validateSessionToken, type ValidSession } from "./session.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** CSP nonce for inline scripts of this response. */
    nonce?: string;
    /** The session the Express server already validated for this request (undefined: not looked up). */
    session?: ValidSession | null;
    /** The client's address as the server trusts it (for rate limits and the audit log). */
    clientIp?: string;
  }
}

const resolved = new WeakMap<Request, Promise<ValidSession | null>>();

/** The request's session: from the server's context when it already looked, else looked up once per request. */
export function getSession(request: Request, context?: AppLoadContext): Promise<ValidSession | null> {
  if (context && context.session !== undefined) return Promise.resolve(context.session);
  let pending = resolved.get(request);
  if (!pending) {
    const token = readSessionToken(request);
    pending = token ? validateSessionToken(token) : Promise.resolve(null);
    resolved.set(request, pending);
  }
  return pending;
}

export async function getOptionalActor(request: Request, context?: AppLoadContext): Promise<Actor | null> {
  return (await getSession(request, context))?.actor ?? null;
}

export function requestMeta(request: Request, context?: AppLoadContext): RequestMeta {
  return { ip: context?.clientIp ?? "unknown" };
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = safeRedirect(url.pathname + url.search);
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/** Maps the domain's AppError to an HTTP response Remix renders with the error boundary. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof AppError)
    return data(
      { code: error.code, ...(error.message === UNSTORABLE_TEXT_KEY ? { reason: UNSTORABLE_TEXT_KEY } : {}) },
      { status: error.status },
    );
  // a schema of the URL's parameters refused text PostgreSQL cannot store (the schemas carry the
  // check; see app/modules/text.ts): 400 with the reason, not a 500
  if (error instanceof ZodError && error.issues.some((i) => i.message === UNSTORABLE_TEXT_KEY)) {
    return data({ code: "badRequest", reason: UNSTORABLE_TEXT_KEY }, { status: 400 });
  }
  // The last resort, for input no schema checked: PostgreSQL refused the text (22021: U+0000 in
  // a text parameter; 22P05: an escape jsonb cannot store). The statement (and its transaction)
  // wrote nothing; the person gets the same 400 as from a schema, not a 500.
  const pgCode = (error as { code?: unknown } | null)?.code;
  if (pgCode === "22021" || pgCode === "22P05") return data({ code: "badRequest", reason: UNSTORABLE_TEXT_KEY }, { status: 400 });
  return error;
}

export async function requireActor(request: Request, context: AppLoadContext | undefined, access: RouteAccess): Promise<Actor> {
  const actor = await getOptionalActor(request, context);
  if (!actor) loginRedirect(request);
  if (
    !routeAllows(
      access,
      actor.grants.map((g) => g.role),
    )
  ) {
    throw data({ code: "forbidden" }, { status: 403 });
  }
  return actor;
}

type Args = LoaderFunctionArgs | ActionFunctionArgs;
type Guarded<T> = (args: Args & { actor: Actor; meta: RequestMeta }) => Promise<T>;
type Open<T> = (args: Args & { actor: Actor | null; meta: RequestMeta }) => Promise<T>;

/**
 * Wraps a loader or action: checks the route's access rule (anonymous → login, wrong role → 403),
 * then runs the handler with the actor and maps AppErrors to HTTP statuses. Scope is checked by
 * the use cases the handler calls.
 */
export function guarded<T>(access: GuardedAccess, handler: Guarded<T>) {
  return async (args: Args): Promise<T> => {
    const actor = await requireActor(args.request, args.context, access);
    try {
      return await handler({ ...args, actor, meta: requestMeta(args.request, args.context) });
    } catch (error) {
      throw toHttpError(error);
    }
  };
}

/** For public routes: the actor is there when someone is signed in. */
export function open<T>(handler: Open<T>) {
  return async (args: Args): Promise<T> => {
    const actor = await getOptionalActor(args.request, args.context);
    try {
      return await handler({ ...args, actor, meta: requestMeta(args.request, args.context) });
    } catch (error) {
      throw toHttpError(error);
    }
  };
}
