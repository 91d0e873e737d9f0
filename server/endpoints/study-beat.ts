import type { Request, Response } from "express";
import { z } from "zod";
import type { AttentionRequest, AttentionResponse, BeatResponse } from "../../app/contracts/study-beat";
import type { EndpointErrorCode, JsonError } from "../../app/contracts/json-errors";
import type { Same } from "../../app/contracts/type-equality";
import type { ValidSession } from "../../app/modules/auth/session.server";
import { AppError } from "../../app/modules/errors";
import { attentionDigitSvg } from "../../app/modules/hours/attention";
import { beatInputSchema } from "../../app/modules/hours/crediting";
import { answerAttentionCheck, attentionDigit, recordBeat } from "../../app/modules/hours/record-beat.server";
import { studySettings } from "../../app/modules/learning/config.server";
import type { JsonEndpoint } from "./types";

/**
 * POST /api/study/beat and POST /api/study/attention (docs/decisions/008, 027): the wire contract
 * (app/contracts/study-beat.ts) ↔ the use cases (app/modules/hours/record-beat.server.ts); and
 * GET /api/study/attention/:id.svg (a picture, served by Express). Errors are codes the lesson
 * page words from its catalog.
 */

function endpointError(error: unknown): { status: number; body: JsonError<EndpointErrorCode> } {
  if (error instanceof AppError) {
    return { status: error.status, body: { error: error.code } };
  }
  throw error;
}

export const answerStudyBeat: JsonEndpoint<BeatResponse> = async (session, body) => {
  if (!session) return { status: 401, body: { error: "unauthenticated" } };
  const parsed = beatInputSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: "badRequest" } };
  try {
    return { status: 200, body: await recordBeat(session.actor, parsed.data, (await studySettings()).policy) };
  } catch (error) {
    return endpointError(error);
  }
};

const attentionSchema = z.object({ checkId: z.number().int().positive().max(2_147_483_647), choice: z.number().int().min(0).max(99) });
const attentionMatchesContract: Same<z.infer<typeof attentionSchema>, AttentionRequest> = true;
void attentionMatchesContract;

export const answerAttention: JsonEndpoint<AttentionResponse> = async (session, body) => {
  if (!session) return { status: 401, body: { error: "unauthenticated" } };
  const parsed = attentionSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: "badRequest" } };
  try {
    return { status: 200, body: await answerAttentionCheck(session.actor, parsed.data) };
  } catch (error) {
    return endpointError(error);
  }
};

/** GET /api/study/attention/:id.svg — the open check's digit as a picture (its owner only, never cached). */
export async function handleAttentionImage(req: Request, res: Response): Promise<void> {
  const session = res.locals.session as ValidSession | null | undefined;
  res.set("Cache-Control", "private, no-store");
  if (!session) {
    res.status(401).json({ error: "unauthenticated" });
    return;
  }
  const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.checkId);
  const digit = id.success
    ? await attentionDigit(session.actor, id.data).catch((error) => (error instanceof AppError ? null : Promise.reject(error)))
    : null;
  if (digit === null) {
    res.status(404).json({ error: "notFound" });
    return;
  }
  res.type("image/svg+xml").send(attentionDigitSvg(digit, Math.random));
}
