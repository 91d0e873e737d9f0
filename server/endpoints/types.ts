import type { ValidSession } from "../../app/modules/auth/session.server";

/** What an endpoint answers: the status and the JSON body of its wire contract (app/contracts/). */
export interface Answer<B> {
  status: number;
  body: B;
}

/**
 * A JSON endpoint: the session the server resolved (server/web-policy.ts) and the parsed JSON body →
 * its answer. No HTTP here beyond the status: the transport (server/hot-path.ts) does the rest.
 */
export type JsonEndpoint<B> = (session: ValidSession | null, body: unknown) => Promise<Answer<B>>;
