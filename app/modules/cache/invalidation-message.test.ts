import { describe, expect, it } from "vitest";
import { decodeInvalidations, encodeInvalidations, MAX_PAYLOAD_BYTES, type InvalidationMessage } from "./invalidation-message";

describe("invalidation messages between instances", () => {
  it("round-trips keys, groups and clears in order", () => {
    const messages: InvalidationMessage[] = [
      { cache: "sessions", op: "key", key: "ab12" },
      { cache: "sessions", op: "group", group: 17 },
      { cache: "bankSnapshots", op: "clear" },
      { cache: "studySettings", op: "key", key: "study" },
    ];
    const payloads = encodeInvalidations("app1:42", messages);
    expect(payloads).toHaveLength(1);
    expect(decodeInvalidations(payloads[0])).toEqual({ origin: "app1:42", messages });
  });

  it("splits many invalidations into payloads below NOTIFY's limit, keeping the order", () => {
    const messages: InvalidationMessage[] = Array.from({ length: 600 }, (_, i) => ({
      cache: "sessions",
      op: "key",
      key: "f".repeat(64) + i,
    }));
    const payloads = encodeInvalidations("o", messages);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(payloads.flatMap((p) => decodeInvalidations(p)!.messages)).toEqual(messages);
  });

  it("turns a key too large to send into a clear of its cache (forget more, never less)", () => {
    const payloads = encodeInvalidations("o", [
      { cache: "servedAssets", op: "key", key: "x".repeat(MAX_PAYLOAD_BYTES) },
      { cache: "sessions", op: "key", key: "k" },
    ]);
    expect(decodeInvalidations(payloads[0])!.messages).toEqual([
      { cache: "servedAssets", op: "clear" },
      { cache: "sessions", op: "key", key: "k" },
    ]);
  });

  it("drops what is not a well-formed payload or message, without throwing", () => {
    expect(decodeInvalidations("not json")).toBeNull();
    expect(decodeInvalidations('{"m":[]}')).toBeNull();
    expect(decodeInvalidations('{"o":"x","m":"nope"}')).toBeNull();
    expect(
      decodeInvalidations('{"o":"x","m":[{"c":"sessions","op":"drop"},{"c":"sessions","op":"key"},{"c":"sessions","op":"key","k":1}]}'),
    ).toEqual({
      origin: "x",
      messages: [{ cache: "sessions", op: "key", key: 1 }],
    });
  });

  it("sends nothing for nothing", () => {
    expect(encodeInvalidations("o", [])).toEqual([]);
  });
});
