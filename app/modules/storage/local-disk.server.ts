import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { join } from "node:path";
import { isValidKey, keyOf, type BlobStore, type PutResult } from "./blob-store";

/**
 * The local-disk BlobStore: `<root>/sha256/ab/ab…` (root defaults to `<DATA_DIR>/files`). A put
 * writes a temporary file in the same directory and renames it into place, so a reader never sees
 * a half-written file and two puts of the same content end with one whole file.
 */
export class LocalDiskStore implements BlobStore {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    if (!isValidKey(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    return join(this.root, ...key.split("/"));
  }

  async put(bytes: Uint8Array): Promise<PutResult> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const key = keyOf(sha256);
    const path = this.pathOf(key);
    if (await this.has(key)) return { key, sha256, size: bytes.length, created: false };
    await mkdir(join(path, ".."), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, bytes, { flag: "wx" });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { key, sha256, size: bytes.length, created: true };
  }

  async putFile(source: string): Promise<PutResult> {
    const hash = createHash("sha256");
    await pipeline(createReadStream(source), hash);
    const sha256 = hash.digest("hex");
    const key = keyOf(sha256);
    const path = this.pathOf(key);
    const size = (await stat(source)).size;
    if (await this.has(key)) return { key, sha256, size, created: false };
    await mkdir(join(path, ".."), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await copyFile(source, temp);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { key, sha256, size, created: true };
  }

  async head(key: string): Promise<{ size: number; storedAt: Date } | null> {
    const info = await stat(this.pathOf(key)).catch(() => null);
    return info?.isFile() ? { size: info.size, storedAt: info.mtime } : null;
  }

  async read(key: string, range?: { start: number; end: number }): Promise<NodeJS.ReadableStream | null> {
    const path = this.pathOf(key);
    if (!(await this.has(key))) return null;
    return createReadStream(
      path,
      range ? { start: range.start, end: range.end, highWaterMark: 256 * 1024 } : { highWaterMark: 256 * 1024 },
    );
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<{ key: string; storedAt: Date }> {
    let prefixes: string[];
    try {
      prefixes = await readdir(join(this.root, "sha256"));
    } catch {
      return;
    }
    for (const prefix of prefixes.sort()) {
      let names: string[] = [];
      try {
        names = await readdir(join(this.root, "sha256", prefix));
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        const key = `sha256/${prefix}/${name}`;
        if (!isValidKey(key)) continue; // temporary files of a put in progress
        const info = await stat(join(this.root, "sha256", prefix, name)).catch(() => null);
        if (info?.isFile()) yield { key, storedAt: info.mtime };
      }
    }
  }
}
