import type { EventResponse, SaveResponse } from "../../app/contracts/exam-save";
import type { EndpointErrorCode, JsonError } from "../../app/contracts/json-errors";
import { AppError } from "../../app/modules/errors";
import { parseEventRequest, parseSaveRequest } from "../../app/modules/exams/save-input";
import { recordAttemptEvent, saveAnswers } from "../../app/modules/exams/save.server";
import type { Answer, JsonEndpoint } from "./types";

/**
 * POST /api/exam/save and POST /api/exam/event (docs/decisions/010, 011, 027): the wire contract
 * (app/contracts/exam-save.ts) ↔ the use cases (app/modules/exams/save.server.ts). Errors are codes
 * the exam page words from its catalog.
 */

/** An AppError of the use case as its code; anything else is the server's fault (500). */
function appError(error: unknown): Answer<JsonError<EndpointErrorCode>> {
  if (error instanceof AppError) {
    return { status: error.status, body: { error: error.code } };
  }
  throw error;
}

export const answerExamSave: JsonEndpoint<SaveResponse> = async (session, body) => {
  if (!session) return { status: 401, body: { error: "unauthenticated" } };
  const request = parseSaveRequest(body);
  if (!request) return { status: 400, body: { error: "badRequest" } };
  try {
    const outcome = await saveAnswers(session.actor, request);
    if (outcome.ok) return { status: 200, body: outcome };
    switch (outcome.error) {
      case "tooFast":
        return { status: 429, body: { error: "tooFast", serverNow: outcome.serverNow } };
      case "stepLimit":
        return { status: 422, body: { error: "stepLimit", serverNow: outcome.serverNow } };
      case "closed":
        return { status: 409, body: { error: "closed", deadlineAt: outcome.deadlineAt, serverNow: outcome.serverNow } };
    }
  } catch (error) {
    return appError(error);
  }
};

export const answerExamEvent: JsonEndpoint<EventResponse> = async (session, body) => {
  if (!session) return { status: 401, body: { error: "unauthenticated" } };
  const request = parseEventRequest(body);
  if (!request) return { status: 400, body: { error: "badRequest" } };
  try {
    return { status: 200, body: { ok: true, logged: await recordAttemptEvent(session.actor, request) } };
  } catch (error) {
    return appError(error);
  }
};
