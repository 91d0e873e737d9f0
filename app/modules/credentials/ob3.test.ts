import { describe, expect, it } from "vitest";
import { CONTEXTS, documentLoader } from "./contexts.server";
import { originOfDidWeb } from "./file-loader";
import { achievementCredential, didDocument, hashedIdentity, identityMatches, issuerDid, nameUuid, statusBits, statusListUrl } from "./ob3";

const facts = {
  credentialId: "urn:uuid:0b3e2f8c-1d2a-4f3b-9c4d-5e6f7a8b9c0d",
  number: "HF370829-2026-1-0007-5",
  level: "junior" as const,
  issuedAt: new Date("2026-05-03T02:00:00Z"),
  holderName: "张明远",
  countyCode: "370829",
  issuerName: "中共嘉祥县委组织部",
  statusListIndex: 4242,
};

describe("Open Badges 3.0 credential content", () => {
  it("did:web of the public origin, and back", () => {
    expect(issuerDid("https://hongfan.example.cn")).toBe("did:web:hongfan.example.cn");
    expect(issuerDid("http://localhost:3111/")).toBe("did:web:localhost%3A3111");
    expect(issuerDid("https://example.cn/hongfan")).toBe("did:web:example.cn:hongfan");
    expect(originOfDidWeb("did:web:localhost%3A3111")).toBe("http://localhost:3111");
    expect(originOfDidWeb("did:web:hongfan.example.cn")).toBe("https://hongfan.example.cn");
    expect(originOfDidWeb("did:key:z6Mk")).toBeNull();
  });

  it("the DID document starts with the did/v1 context and lists every key, retired ones too, in assertionMethod", () => {
    const doc = didDocument("did:web:x", [
      { id: 1, publicKeyMultibase: "z6MkA", createdAt: new Date(), retiredAt: new Date() },
      { id: 2, publicKeyMultibase: "z6MkB", createdAt: new Date(), retiredAt: null },
    ]);
    expect((doc["@context"] as string[])[0]).toBe("https://www.w3.org/ns/did/v1");
    expect(doc.assertionMethod).toEqual(["did:web:x#key-1", "did:web:x#key-2"]);
  });

  it("the credential is the same at every download and holds no name (a salted hash), with revocation and suspension entries", () => {
    const a = achievementCredential("https://hongfan.example.cn", facts);
    expect(achievementCredential("https://hongfan.example.cn", facts)).toEqual(a);
    const json = JSON.stringify(a);
    expect(json).not.toContain("张明远");
    const subject = a.credentialSubject as { id: string; identifier: { salt: string; identityHash: string }[] };
    expect(subject.id).toBe(nameUuid(`hongfan-subject:${facts.credentialId}`));
    expect(subject.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(identityMatches("张明远", subject.identifier[0].salt, subject.identifier[0].identityHash)).toBe(true);
    expect(identityMatches("张明", subject.identifier[0].salt, subject.identifier[0].identityHash)).toBe(false);
    // another credential of the same person: another salt, another hash (not linkable)
    expect(hashedIdentity("张明远", "urn:uuid:other").identityHash).not.toBe(subject.identifier[0].identityHash);
    expect(a.credentialStatus).toEqual([
      expect.objectContaining({
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: "4242",
        statusListCredential: statusListUrl("https://hongfan.example.cn", "370829", "revocation"),
      }),
      expect.objectContaining({
        statusPurpose: "suspension",
        statusListCredential: "https://hongfan.example.cn/credentials/status/370829/suspension",
      }),
    ]);
    expect(a["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
  });

  it("status bits: revocation for superseded, downgraded and revoked; suspension while on hold", () => {
    expect(statusBits("valid")).toEqual({ revocation: false, suspension: false });
    expect(statusBits("on_hold")).toEqual({ revocation: false, suspension: true });
    for (const s of ["superseded", "downgraded", "revoked"] as const)
      expect(statusBits(s)).toEqual({ revocation: true, suspension: false });
  });

  it("the contexts are bundled; the loader refuses any other URL (no network)", async () => {
    expect([...CONTEXTS.keys()]).toEqual(
      expect.arrayContaining([
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
      ]),
    );
    const load = documentLoader(async () => null);
    expect((await load("https://www.w3.org/ns/credentials/v2")).document).toBeTruthy();
    await expect(load("https://purl.imsglobal.org/spec/ob/v3p0/context.json")).rejects.toThrow(/refused/);
    await expect(load("https://evil.example/ctx")).rejects.toThrow(/refused/);
  });
});
