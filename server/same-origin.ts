/**
 * Cross-site request forgery: a mutation is accepted when its Origin (or, lacking that header, its
 * Referer) names this site — the same scheme, host and port (docs/security.md 4.2.2). Browsers send
 * Origin on every cross-site POST, so a forged form from elsewhere is refused; `Origin: null` (an
 * opaque origin: a sandboxed frame, a data: page, some redirects) is refused whatever the Referer
 * says, and so are requests with neither header.
 */

export interface OriginHeaders {
  origin?: string | null;
  referer?: string | null;
  /** this site's host (Host, or X-Forwarded-Host behind a trusted proxy), with its port if any */
  host?: string | null;
  /** this site's scheme for this request, "http" or "https" (see requestProtocol) */
  protocol?: string | null;
}

const HOST = /^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i;

export function isSameOrigin(headers: OriginHeaders): boolean {
  const host = headers.host;
  const protocol = headers.protocol?.toLowerCase();
  if (!host || !HOST.test(host) || (protocol !== "http" && protocol !== "https")) return false;
  if (headers.origin === "null") return false;
  const source = headers.origin || headers.referer;
  if (!source) return false;
  try {
    return new URL(source).origin === new URL(`${protocol}://${host}`).origin;
  } catch {
    return false;
  }
}

/**
 * The scheme a request reached this site with, as Express's req.protocol works it out: the first
 * X-Forwarded-Proto only when the app trusts its proxy (`trust proxy`, TRUST_PROXY > 0), else
 * whether the connection itself is TLS.
 */
export function requestProtocol(forwardedProto: string | string[] | undefined, encrypted: boolean, trustProxy: boolean): "http" | "https" {
  const own = encrypted ? "https" : "http";
  if (!trustProxy || typeof forwardedProto !== "string") return own;
  const first = forwardedProto.split(",", 1)[0].trim().toLowerCase();
  return first === "https" || first === "http" ? first : own;
}

/**
 * isSameOrigin, remembered for the hot paths: a page's requests repeat the same Origin (or Referer),
 * Host and scheme, and parsing the origin as a URL is a noticeable part of a hot request's CPU. The
 * key holds every input the verdict depends on. At most 1,000 are kept.
 */
const memo = new Map<string, boolean>();
export function isSameOriginMemo(headers: OriginHeaders): boolean {
  const key = `${headers.protocol ?? ""}\n${headers.host ?? ""}\n${headers.origin ?? ""}\n${headers.origin ? "" : (headers.referer ?? "")}`;
  let same = memo.get(key);
  if (same === undefined) {
    same = isSameOrigin(headers);
    if (memo.size >= 1000) memo.clear();
    memo.set(key, same);
  }
  return same;
}
