import type { Request, Response } from "express";
import type { ValidSession } from "../auth/session.server";
import { AppError } from "../errors";
import { parseEventRequest, parseSaveRequest } from "./save-input";
import { recordAttemptEvent, saveAnswers } from "./save.server";

/**
 * POST /api/exam/save and POST /api/exam/event: lean handlers (no Remix pipeline), like the study
 * heartbeat. `answerExamSave` / `answerExamEvent` take the session the server resolved and the
 * parsed JSON body and give the status and body to send, so they serve an Express route or a
 * handler in front of Express alike.
 */

export const CLOSED_MESSAGE = "考试已结束，之后的作答不再保存。";
/** item 7 (the page words these with examTake.save.tooFast / examTake.save.stepLimit) */
export const TOO_FAST_MESSAGE = "保存过于频繁，请稍候，答案会自动重新保存。";
export const STEP_LIMIT_MESSAGE = "本次作答的修改次数已达上限，之后的修改不再保存。";

type Answer = { status: number; body: unknown };

const MESSAGES: Partial<Record<AppError["code"], string>> = {
  notFound: "找不到这次作答。",
  badRequest: "作答内容与题目不符。",
  forbidden: "没有权限。",
};

function appError(error: unknown): Answer {
  if (error instanceof AppError) {
    const message = MESSAGES[error.code];
    return { status: error.status, body: { error: error.code, ...(message ? { message } : {}) } };
  }
  throw error;
}

export async function answerExamSave(session: ValidSession | null | undefined, body: unknown): Promise<Answer> {
  if (!session) return { status: 401, body: { error: "unauthenticated", message: "登录已过期，请重新登录。" } };
  const request = parseSaveRequest(body);
  if (!request) return { status: 400, body: { error: "badRequest", message: "作答格式不正确。" } };
  try {
    const outcome = await saveAnswers(session.actor, request);
    if (!outcome.ok && outcome.error === "tooFast") return { status: 429, body: { error: "tooFast", message: TOO_FAST_MESSAGE, serverNow: outcome.serverNow } };
    if (!outcome.ok && outcome.error === "stepLimit") return { status: 422, body: { error: "stepLimit", message: STEP_LIMIT_MESSAGE, serverNow: outcome.serverNow } };
    if (!outcome.ok) return { status: 409, body: { error: "closed", message: CLOSED_MESSAGE, deadlineAt: "deadlineAt" in outcome ? outcome.deadlineAt : undefined, serverNow: outcome.serverNow } };
    return { status: 200, body: outcome };
  } catch (error) {
    return appError(error);
  }
}

export async function answerExamEvent(session: ValidSession | null | undefined, body: unknown): Promise<Answer> {
  if (!session) return { status: 401, body: { error: "unauthenticated" } };
  const request = parseEventRequest(body);
  if (!request) return { status: 400, body: { error: "badRequest" } };
  try {
    return { status: 200, body: { ok: true, logged: await recordAttemptEvent(session.actor, request) } };
  } catch (error) {
    return appError(error);
  }
}

async function reply(res: Response, answer: Promise<Answer>): Promise<void> {
  const { status, body } = await answer;
  res.set("Cache-Control", "private, no-store");
  res.status(status).json(body);
}

/** POST /api/exam/save as an Express handler: the session from the server's middleware, the body from express.json. */
export function handleExamSave(req: Request, res: Response): Promise<void> {
  return reply(res, answerExamSave(res.locals.session as ValidSession | null | undefined, req.body));
}

/** POST /api/exam/event as an Express handler. */
export function handleExamEvent(req: Request, res: Response): Promise<void> {
  return reply(res, answerExamEvent(res.locals.session as ValidSession | null | undefined, req.body));
}
