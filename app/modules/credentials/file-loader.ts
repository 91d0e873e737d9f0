import { MULTIKEY_V1 } from "./contexts-urls";
import { documentLoader } from "./contexts.server";
import type { DocumentLoader } from "./vc.server";

/**
 * A document loader from files (the offline command line): the bundled contexts, the issuer's DID
 * document (saved from /.well-known/did.json) with its keys, and status list credentials (saved
 * from /credentials/status/…), each served under its own `id`; everything else is refused.
 */
export function fileDocumentLoader(didDocument: Record<string, unknown>, statusLists: Record<string, unknown>[]): DocumentLoader {
  const did = typeof didDocument.id === "string" ? didDocument.id : "";
  const methods = Array.isArray(didDocument.verificationMethod) ? (didDocument.verificationMethod as Record<string, unknown>[]) : [];
  const lists = new Map(statusLists.filter((l) => typeof l.id === "string").map((l) => [l.id as string, l]));
  return documentLoader(async (url) => {
    if (did && url === did) return didDocument;
    const method = methods.find((m) => m.id === url);
    if (method) return { "@context": MULTIKEY_V1, ...method };
    return lists.get(url) ?? null;
  });
}

/** The origin of a did:web (did:web:host%3Aport → http(s)://host:port; http only for localhost). */
export function originOfDidWeb(did: string): string | null {
  const m = /^did:web:([^:]+)((?::[^:]+)*)$/.exec(did);
  if (!m) return null;
  const host = decodeURIComponent(m[1]);
  const path = m[2] ? m[2].split(":").filter(Boolean).map(decodeURIComponent).join("/") : "";
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host);
  return `${local ? "http" : "https"}://${host}${path ? `/${path}` : ""}`;
}
