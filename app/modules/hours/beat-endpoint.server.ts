import type { Request, Response } from "express";
import { AppError } from "../errors";
import type { ValidSession } from "../auth/session.server";
import { studySettings } from "../learning/config.server";
import { beatInputSchema } from "./crediting";
import { z } from "zod";
import { attentionDigitSvg } from "./attention";
import { answerAttentionCheck, attentionDigit, recordBeat } from "./record-beat.server";

/**
 * POST /api/study/beat, without any framework: the session (already resolved), the parsed JSON
 * body → the status and JSON answer. Served by server/hot-path.ts in front of Express, and by
 * `handleStudyBeat` (Express) for requests the hot path leaves to it.
 */
export async function answerStudyBeat(session: ValidSession | null | undefined, body: unknown): Promise<{ status: number; body: unknown }> {
  if (!session) return { status: 401, body: { error: "unauthenticated", message: "登录已过期，请重新登录。" } };
  const parsed = beatInputSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: "badRequest", message: "学习记录格式不正确。" } };
  try {
    return { status: 200, body: await recordBeat(session.actor, parsed.data, (await studySettings()).policy) };
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, body: { error: error.code } };
    throw error;
  }
}

/**
 * POST /api/study/beat as an Express handler (no Remix pipeline): the session was resolved by the
 * server's middleware, the body parsed by express.json.
 */
export async function handleStudyBeat(req: Request, res: Response): Promise<void> {
  const answer = await answerStudyBeat(res.locals.session as ValidSession | null | undefined, req.body);
  res.set("Cache-Control", "private, no-store");
  res.status(answer.status).json(answer.body);
}

const answerSchema = z.object({ checkId: z.number().int().positive(), choice: z.number().int().min(0).max(99) });

/** POST /api/study/attention — answers the open 随机验证 check. */
export async function handleAttentionAnswer(req: Request, res: Response): Promise<void> {
  const session = res.locals.session as ValidSession | null | undefined;
  if (!session) {
    res.status(401).json({ error: "unauthenticated" });
    return;
  }
  const parsed = answerSchema.safeParse(req.body);
  if (!parsed.success) {
    res.status(400).json({ error: "badRequest" });
    return;
  }
  try {
    res.set("Cache-Control", "private, no-store").json(await answerAttentionCheck(session.actor, parsed.data));
  } catch (error) {
    if (error instanceof AppError) {
      res.status(error.status).json({ error: error.code });
      return;
    }
    throw error;
  }
}

/** GET /api/study/attention/:id.svg — the open check's digit as a picture (its owner only, never cached). */
export async function handleAttentionImage(req: Request, res: Response): Promise<void> {
  const session = res.locals.session as ValidSession | null | undefined;
  res.set("Cache-Control", "private, no-store");
  if (!session) {
    res.status(401).json({ error: "unauthenticated" });
    return;
  }
  const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(req.params.checkId);
  const digit = id.success ? await attentionDigit(session.actor, id.data).catch((error) => (error instanceof AppError ? null : Promise.reject(error))) : null;
  if (digit === null) {
    res.status(404).json({ error: "notFound" });
    return;
  }
  res.type("image/svg+xml").send(attentionDigitSvg(digit, Math.random));
}
