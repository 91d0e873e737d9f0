import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalBody, ChainChecker, contentHash, genesisHash, linkHash, storablePayload, type ArchiveBody } from "./chain";

const body: ArchiveBody = {
  v: 1,
  userId: 7,
  type: "registered",
  occurredAt: "2026-12-06T05:00:00.123Z",
  actorId: null,
  reason: null,
  data: { b: 1, a: [1, "二"], c: { z: 0.5, y: true } },
};

describe("archive chain hash", () => {
  it("canonical form: RFC 8785 (keys sorted, no spaces, numbers in ECMAScript form)", () => {
    expect(canonicalBody(body)).toBe(
      '{"actorId":null,"data":{"a":[1,"二"],"b":1,"c":{"y":true,"z":0.5}},"occurredAt":"2026-12-06T05:00:00.123Z","reason":null,"type":"registered","userId":7,"v":1}',
    );
    // key order of the input does not matter
    expect(canonicalBody({ ...body, data: { c: { y: true, z: 0.5 }, b: 1, a: [1, "二"] } })).toBe(canonicalBody(body));
    expect(canonicalBody({ ...body, data: { n: 1e21, m: 1.0, k: -0 } })).toContain('"k":0,"m":1,"n":1e+21');
  });

  it("content hash = sha256(utf8(JCS(body))); link = sha256(prev || content); genesis per person", () => {
    const content = contentHash(body);
    expect(content.toString("hex")).toBe(createHash("sha256").update(canonicalBody(body), "utf8").digest("hex"));
    const genesis = genesisHash(7);
    expect(genesis.toString("hex")).toBe(createHash("sha256").update("hongfan/archive/v1/7").digest("hex"));
    expect(linkHash(genesis, content).toString("hex")).toBe(
      createHash("sha256")
        .update(Buffer.concat([genesis, content]))
        .digest("hex"),
    );
    expect(genesisHash(8).equals(genesis)).toBe(false);
    expect(contentHash({ ...body, reason: "x" }).equals(content)).toBe(false);
  });

  it("a payload must survive JSONB: big integers, NUL, lone surrogates, NaN and Dates are refused; undefined members dropped", () => {
    expect(() => storablePayload({ n: 2 ** 53 })).toThrow(/2\^53/);
    expect(() => storablePayload({ s: "a\0b" })).toThrow(/NUL/);
    expect(() => storablePayload({ s: "\uD800x" })).toThrow(/surrogate/);
    expect(() => storablePayload({ n: Number.NaN })).toThrow();
    expect(() => storablePayload({ d: new Date() })).toThrow(/Date/);
    expect(storablePayload({ a: undefined, b: [1, "😀"] })).toEqual({ b: [1, "😀"] });
  });

  it("the checker names the first broken link: content, link, gap, head", () => {
    const links = [0, 1, 2].map((i) => ({ ...body, data: { i } }));
    let prev = genesisHash(7);
    const stored = links.map((b, i) => {
      const content = contentHash(b);
      const hash = linkHash(prev, content);
      const row = { id: 100 + i, userId: 7, seq: i + 1, v: 1, contentHash: content, prevHash: prev, hash, recomputed: content };
      prev = hash;
      return row;
    });
    const run = (rows: typeof stored, head = { seq: 3, hash: prev }) => {
      const c = new ChainChecker();
      c.start(7);
      for (const r of rows) {
        const b = c.add(r);
        if (b) return b;
      }
      return c.finish(head);
    };
    expect(run(stored)).toBeNull();
    expect(run(stored.map((r, i) => (i === 1 ? { ...r, recomputed: contentHash(body) } : r)))).toMatchObject({ seq: 2, reason: "content" });
    expect(run([stored[0], stored[2]])).toMatchObject({ seq: 3, reason: "seq" });
    expect(run(stored.slice(0, 2))).toMatchObject({ seq: 3, reason: "head" });
    const forged = stored.map((r, i) => (i === 1 ? { ...r, prevHash: Buffer.alloc(32) } : r));
    expect(run(forged)).toMatchObject({ seq: 2, reason: "prev" });
  });
});
