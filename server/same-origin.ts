/** What a request says it comes from: its Origin, or lacking that its Referer. */
function originSource(headers: { origin?: string | null; referer?: string | null }): string | null | undefined {
  return headers.origin && headers.origin !== "null" ? headers.origin : headers.referer;
}

/**
 * A mutation is accepted when its Origin (or, lacking that, its Referer) names this host.
 * Browsers send Origin on every cross-site POST, so a forged form from elsewhere is refused;
 * requests with neither header are refused too.
 */
export function isSameOrigin(headers: { origin?: string | null; referer?: string | null; host?: string | null }): boolean {
  const host = headers.host?.toLowerCase();
  if (!host) return false;
  const source = originSource(headers);
  if (!source) return false;
  try {
    return new URL(source).host.toLowerCase() === host;
  } catch {
    return false;
  }
}

/**
 * isSameOrigin, remembered for the hot paths: a page's requests repeat the same Origin (or Referer)
 * and Host, and parsing the origin as a URL is a noticeable part of a hot request's CPU. At most
 * 1,000 pairs are kept.
 */
const memo = new Map<string, boolean>();
export function isSameOriginMemo(headers: { origin?: string | null; referer?: string | null; host?: string | null }): boolean {
  const key = `${headers.host ?? ""}\n${originSource(headers) ?? ""}`;
  let same = memo.get(key);
  if (same === undefined) {
    same = isSameOrigin(headers);
    if (memo.size >= 1000) memo.clear();
    memo.set(key, same);
  }
  return same;
}
