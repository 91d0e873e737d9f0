import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { isValidKey, keyOf, type BlobStore, type PutResult } from "./blob-store";

/**
 * The BlobStore on an S3-compatible bucket (decision 022; used when S3_BUCKET is set). Checksums only
 * when required: the SDK's default ones (since 3.729) break Tencent COS, Aliyun OSS, Huawei OBS.
 * Keys are the same content addresses as on local disk.
 */
export class S3Store implements BlobStore {
  readonly client: S3Client;
  constructor(
    readonly bucket: string,
    config: S3ClientConfig,
  ) {
    this.client = new S3Client({ requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED", ...config });
  }

  private check(key: string): string {
    if (!isValidKey(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    return key;
  }

  async put(bytes: Uint8Array): Promise<PutResult> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const key = keyOf(sha256);
    if (await this.has(key)) return { key, sha256, size: bytes.length, created: false };
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentLength: bytes.length }));
    return { key, sha256, size: bytes.length, created: true };
  }

  async putFile(path: string): Promise<PutResult> {
    const hash = createHash("sha256");
    await pipeline(createReadStream(path), hash);
    const sha256 = hash.digest("hex");
    const key = keyOf(sha256);
    const size = (await stat(path)).size;
    if (await this.has(key)) return { key, sha256, size, created: false };
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(path), ContentLength: size }));
    return { key, sha256, size, created: true };
  }

  async get(key: string): Promise<Uint8Array | null> {
    const body = await this.read(key);
    if (!body) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of body as Readable) chunks.push(Buffer.from(chunk));
    return new Uint8Array(Buffer.concat(chunks));
  }

  async has(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async head(key: string): Promise<{ size: number; storedAt: Date } | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.check(key) }));
      return { size: Number(out.ContentLength ?? 0), storedAt: out.LastModified ?? new Date(0) };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<NodeJS.ReadableStream | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.check(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return out.Body as Readable;
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.check(key) }));
  }

  async *list(): AsyncIterable<{ key: string; storedAt: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: "sha256/", ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key && isValidKey(o.Key)) yield { key: o.Key, storedAt: o.LastModified ?? new Date(0) };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}

function notFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}
