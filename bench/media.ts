/**
 * `npm run bench:media` (prints figures, not a test; decision 022): a tus upload of BENCH_MB (default
 * 200) MB over loopback with an interruption at 50 % and a resume (sha256 compared, peak RSS sampled),
 * then one video served to 100 concurrent ranged viewers by /media/assets/<id> vs a bare node:http +
 * fs.createReadStream baseline in the same run. Embedded PGlite in memory; ports 3142–3143.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { FileStore } from "@tus/file-store";
import { openDatabase, setDatabase } from "../db/client.server";
import { LocalDiskStore } from "../app/modules/storage/local-disk.server";
import { blobStore, setBlobStore } from "../app/modules/storage/storage.server";
import { createTusServer, mediaUploadRouter } from "../app/modules/media/tus.server";
import { handleAssetRequest } from "../app/modules/media/serve.server";
import { ingestFile } from "../app/modules/media/assets.server";
import { mediaAssets } from "../db/schema";
import { eq } from "drizzle-orm";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../tests/factories";

const MB = 1024 * 1024;
const size = Number(process.env.BENCH_MB ?? 200) * MB;
const root = mkdtempSync(join(tmpdir(), "hf-bench-media-"));
const database = await openDatabase({ dataDir: "memory://" });
setDatabase(database);
setBlobStore(new LocalDiskStore(join(root, "files")));
const county = await createCounty({ code: "370829", name: "嘉祥县" });
const org = await createOrganization((await createTown(county.id, "嘉祥街道")).id);
const lecturer = await actorOf((await createUser({ organizationId: org.id, roles: [{ role: "lecturer", countyId: county.id }] })).id);

const app = express();
app.use((_req, res, next) => {
  res.locals.session = { actor: lecturer };
  next();
});
app.all(
  ["/uploads", "/uploads/*", "/media/uploads/:uploadId"],
  mediaUploadRouter(createTusServer({ datastore: new FileStore({ directory: join(root, "uploads") }) })),
);
app.get("/media/assets/:assetId", (req, res, next) => void handleAssetRequest(req, res, "media").catch(next));
const server = createServer(app).listen(3142, "127.0.0.1");
const base = "http://127.0.0.1:3142";

// 1. the upload: random bytes (refused as media at the end, which is fine: we measure the transfer)
const file = join(root, "upload.bin");
const fileHash = createHash("sha256");
writeFileSync(file, "");
for (let done = 0; done < size; done += 8 * MB) {
  const chunk = randomBytes(Math.min(8 * MB, size - done));
  fileHash.update(chunk);
  (await import("node:fs")).appendFileSync(file, chunk);
}
const expected = fileHash.digest("hex");
global.gc?.();
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const rssBefore = process.memoryUsage().rss;
const headers = { "Tus-Resumable": "1.0.0" };
const created = await fetch(`${base}/uploads`, {
  method: "POST",
  headers: { ...headers, "Upload-Length": String(size), "Upload-Metadata": `kind ${Buffer.from("video").toString("base64")}` },
});
const id = created.headers.get("location")!.split("/").pop()!;
const patch = (start: number, end: number) =>
  fetch(`${base}/uploads/${id}`, {
    method: "PATCH",
    headers: {
      ...headers,
      "Upload-Offset": String(start),
      "Content-Type": "application/offset+octet-stream",
      "Content-Length": String(end - start),
    },
    body: createReadStream(file, { start, end: end - 1 }) as unknown as BodyInit,
    duplex: "half",
  } as RequestInit);
const t0 = performance.now();
await patch(0, size / 2);
const offset = Number((await fetch(`${base}/uploads/${id}`, { method: "HEAD", headers })).headers.get("upload-offset"));
// keep a copy of the partial file's hash before it is consumed at the finish
const partialHash = createHash("sha256");
await new Promise<void>((resolve) =>
  createReadStream(join(root, "uploads", id))
    .on("data", (c) => partialHash.update(c))
    .on("end", () => resolve()),
);
const resumed = await patch(offset, size);
const seconds = (performance.now() - t0) / 1000;
const whole = createHash("sha256");
await new Promise<void>((resolve) =>
  createReadStream(file, { start: 0, end: offset - 1 })
    .on("data", (c) => whole.update(c))
    .on("end", () => resolve()),
);
console.log(
  `tus upload ${size / MB} MB (interrupted at ${((offset / size) * 100).toFixed(0)} %, resumed: ${resumed.status}): ${(size / MB / seconds).toFixed(1)} MB/s; first half byte-identical: ${partialHash.digest("hex") === whole.digest("hex")}; file sha256 ${expected.slice(0, 12)}…`,
);
console.log(`RSS before ${(rssBefore / MB).toFixed(0)} MB, peak during upload ${(peak / MB).toFixed(0)} MB`);

// 2. range serving of one video to 100 concurrent viewers vs a bare node:http baseline
const video = await ingestFile("content/micro-lessons/media/navigator-duties.mp4", {
  kind: "video",
  uploadedBy: lecturer.userId,
  countyId: county.id,
});
if (!video.ok) throw new Error(video.message);
const [row] = await database.db.select().from(mediaAssets).where(eq(mediaAssets.id, video.asset.id));
const path = join(root, "files", ...row.blobKey.split("/"));
const total = statSync(path).size;
void blobStore;
const bare = createServer((req, res) => {
  const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
  const start = m ? Number(m[1]) : 0;
  const end = m && m[2] ? Number(m[2]) : total - 1;
  res.writeHead(m ? 206 : 200, {
    "Content-Type": "video/mp4",
    "Content-Length": end - start + 1,
    ...(m ? { "Content-Range": `bytes ${start}-${end}/${total}` } : {}),
  });
  createReadStream(path, { start, end }).pipe(res);
}).listen(3143, "127.0.0.1");
async function viewers(url: string, rounds = 20): Promise<number> {
  const t = performance.now();
  let bytes = 0;
  await Promise.all(
    Array.from({ length: 100 }, async (_, v) => {
      for (let r = 0; r < rounds; r++) {
        const start = ((v * 7919 + r * 104729) % Math.max(1, total - 65536)) | 0;
        const res = await fetch(url, { headers: { Range: `bytes=${start}-${start + 65535}` } });
        bytes += (await res.arrayBuffer()).byteLength;
      }
    }),
  );
  return bytes / MB / ((performance.now() - t) / 1000);
}
await viewers(`http://127.0.0.1:3143/`, 2);
await viewers(`${base}/media/assets/${video.asset.id}`, 2);
const bareRate = await viewers(`http://127.0.0.1:3143/`);
const appRate = await viewers(`${base}/media/assets/${video.asset.id}`);
console.log(
  `100 concurrent viewers, 64 KB ranges: app ${appRate.toFixed(1)} MB/s, bare node:http ${bareRate.toFixed(1)} MB/s → ${((appRate / bareRate) * 100).toFixed(0)} % of the baseline`,
);
clearInterval(sampler);
server.close();
bare.close();
await database.close();
rmSync(root, { recursive: true, force: true });
