import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "~/modules/storage/blob-store";
import { LocalDiskStore } from "~/modules/storage/local-disk.server";
import { S3Store } from "~/modules/storage/s3.server";

// s3rver 3.7.1 (npm, no types): a real S3-compatible HTTP server on the E2E port range of this branch
const S3rver = (await import("s3rver" as string)).default as new (options: Record<string, unknown>) => {
  run(): Promise<unknown>;
  close(): Promise<void>;
};

const drain = async (s: NodeJS.ReadableStream | null) => {
  if (!s) return null;
  const chunks: Buffer[] = [];
  for await (const c of s as Readable) chunks.push(Buffer.from(c));
  return new Uint8Array(Buffer.concat(chunks));
};

const root = mkdtempSync(join(tmpdir(), "hf-stores-"));
let s3server: { close(): Promise<void> } | undefined;
const stores: { name: string; make: () => Promise<BlobStore> }[] = [
  { name: "local disk", make: async () => new LocalDiskStore(join(root, "disk")) },
  {
    name: "S3 (s3rver)",
    make: async () => {
      const port = 3141 + 7;
      const server = new S3rver({ port, address: "127.0.0.1", silent: true, directory: join(root, "s3") });
      await server.run();
      s3server = server;
      const store = new S3Store("hongfan-test", {
        endpoint: `http://127.0.0.1:${port}`,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      });
      await store.client.send(new CreateBucketCommand({ Bucket: "hongfan-test" }));
      return store;
    },
  },
];

afterAll(async () => {
  await s3server?.close();
  rmSync(root, { recursive: true, force: true });
});

for (const { name, make } of stores) {
  describe(`BlobStore on ${name}`, () => {
    let store: BlobStore;
    beforeAll(async () => {
      store = await make();
    });

    it("put / get / head / ranged read / list / delete, content-addressed and idempotent", async () => {
      const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
      const first = await store.put(bytes);
      expect(first.created).toBe(true);
      expect((await store.put(bytes)).created).toBe(false);
      expect(await store.get(first.key)).toEqual(bytes);
      expect(await store.head(first.key)).toMatchObject({ size: bytes.length });
      expect(await drain(await store.read(first.key, { start: 1000, end: 1999 }))).toEqual(bytes.subarray(1000, 2000));
      expect(await drain(await store.read(first.key, { start: bytes.length - 10, end: bytes.length - 1 }))).toEqual(
        bytes.subarray(bytes.length - 10),
      );
      const file = join(root, `${name.replace(/\W/g, "")}.bin`);
      writeFileSync(file, bytes.subarray(0, 5000));
      const second = await store.putFile(file);
      expect(second.size).toBe(5000);
      expect(await drain(await store.read(second.key))).toEqual(bytes.subarray(0, 5000));
      const keys: string[] = [];
      for await (const { key } of store.list()) keys.push(key);
      expect(keys.sort()).toEqual([first.key, second.key].sort());
      await store.delete(first.key);
      expect(await store.has(first.key)).toBe(false);
      expect(await store.get(first.key)).toBeNull();
      expect(await store.head(first.key)).toBeNull();
      expect(await store.read(first.key)).toBeNull();
      await expect(store.get("../../etc/passwd")).rejects.toThrow();
    });
  });
}
