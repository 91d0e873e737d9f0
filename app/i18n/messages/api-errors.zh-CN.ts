import type { WordedErrorCode } from "../../contracts/json-errors";

/**
 * The error codes of the JSON endpoints (app/contracts/json-errors.ts), as the exam and lesson pages
 * word them (decision 004: the server sends codes, the page words them).
 */
const apiErrors: Record<WordedErrorCode, string> = {
  crossSite: "请求来源无法验证，请刷新页面后重试。",
  tooLarge: "提交的内容过大，未能保存。",
  unsupportedMediaType: "提交的格式不正确，请刷新页面后重试。",
  unsupportedEncoding: "提交的格式不正确，请刷新页面后重试。",
  malformedJson: "提交的内容无法读取，请刷新页面后重试。",
  methodNotAllowed: "请求方式不正确，请刷新页面后重试。",
  internal: "服务器出现问题，请稍后再试。",
  unauthenticated: "登录已过期，请重新登录。",
  badRequest: "提交的内容与页面不符，未能保存，请刷新页面后重试。",
  forbidden: "没有权限。",
  notFound: "找不到这项内容，请刷新页面后重试。",
  conflict: "数据已被修改，请刷新后重试。",
  rateLimited: "操作过于频繁，请稍后再试。",
  tooFast: "保存过于频繁，请稍候，答案会自动重新保存。",
  stepLimit: "本次作答的修改次数已达上限，之后的修改不再保存。",
  closed: "考试已结束，之后的作答不再保存。",
};
export default apiErrors;
