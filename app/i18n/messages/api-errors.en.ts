import type { WordedErrorCode } from "../../contracts/json-errors";

/** The JSON endpoints' error codes as the pages word them (see api-errors.zh-CN.ts). */
const apiErrors: Record<WordedErrorCode, string> = {
  crossSite: "The request's origin could not be verified. Please reload the page and try again.",
  tooLarge: "What was sent is too large and was not saved.",
  unsupportedMediaType: "What was sent has the wrong format. Please reload the page and try again.",
  unsupportedEncoding: "What was sent has the wrong format. Please reload the page and try again.",
  malformedJson: "What was sent could not be read. Please reload the page and try again.",
  methodNotAllowed: "Wrong kind of request. Please reload the page and try again.",
  internal: "Something went wrong on the server. Please try again later.",
  unauthenticated: "Your session has expired. Please sign in again.",
  badRequest: "What was sent does not fit this page and was not saved. Please reload the page.",
  forbidden: "You are not allowed to do this.",
  notFound: "This could not be found. Please reload the page.",
  conflict: "The data has changed. Please reload and try again.",
  rateLimited: "Too many requests. Please try again later.",
  tooFast: "Saving too often; please wait, your answers will be saved again automatically.",
  stepLimit: "This attempt has reached its limit of changes; further changes are not saved.",
  closed: "The exam has ended; further answers are not saved.",
};
export default apiErrors;
