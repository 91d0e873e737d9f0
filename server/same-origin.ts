/**
 * A mutation is accepted when its Origin (or, lacking that, its Referer) names this host.
 * Browsers send Origin on every cross-site POST, so a forged form from elsewhere is refused;
 * requests with neither header are refused too.
 */
export function isSameOrigin(headers: { origin?: string | null; referer?: string | null; host?: string | null }): boolean {
  const host = headers.host?.toLowerCase();
  if (!host) return false;
  const source = headers.origin && headers.origin !== "null" ? headers.origin : headers.referer;
  if (!source) return false;
  try {
    return new URL(source).host.toLowerCase() === host;
  } catch {
    return false;
  }
}
