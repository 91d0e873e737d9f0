import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer, type Server as HttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { FileStore } from "@tus/file-store";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { mediaAssets, mediaUploads } from "#db/schema";
import { LocalDiskStore } from "~/modules/storage/local-disk.server";
import { blobStore, setBlobStore } from "~/modules/storage/storage.server";
import { assetFacts, attachAssets, deleteAssets, ingestFile, publishAssets } from "~/modules/media/assets.server";
import { handleAssetRequest } from "~/modules/media/serve.server";
import { createTusServer, mediaUploadRouter } from "~/modules/media/tus.server";
import { sweepMedia } from "~/modules/media/sweep.server";
import type { Actor } from "~/modules/auth/access";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

const SAMPLE = "tests/fixtures/upload-sample.mp4";
const b64 = (s: string) => Buffer.from(s).toString("base64");

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`media assets and tus uploads on ${driver}`, () => {
    let drop: () => Promise<void>;
    let root: string;
    let http: HttpServer;
    let base: string;
    const actors = new Map<string, Actor>();
    const ids = {} as Record<"lecturer" | "admin" | "otherAdmin" | "plain" | "county", number>;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      root = mkdtempSync(join(tmpdir(), "hf-media-"));
      setBlobStore(new LocalDiskStore(join(root, "files")));
      const county = await createCounty({ code: "370829", name: "嘉祥县" });
      const other = await createCounty({ code: "370881", name: "曲阜市" });
      const org = await createOrganization((await createTown(county.id, "嘉祥街道")).id);
      const orgQ = await createOrganization((await createTown(other.id, "鲁城街道")).id);
      ids.county = county.id;
      ids.lecturer = (await createUser({ organizationId: org.id, roles: [{ role: "lecturer", countyId: county.id }] })).id;
      ids.admin = (await createUser({ organizationId: org.id, roles: [{ role: "county_admin", countyId: county.id }] })).id;
      ids.otherAdmin = (await createUser({ organizationId: orgQ.id, roles: [{ role: "county_admin", countyId: other.id }] })).id;
      ids.plain = (await createUser({ organizationId: org.id })).id;
      for (const k of ["lecturer", "admin", "otherAdmin", "plain"] as const) actors.set(k, await actorOf(ids[k]));
      // the server's own routers, with the session lookup replaced by a header naming the test user
      const app = express();
      app.use((req, res, next) => {
        const who = req.get("x-test-user");
        res.locals.session = who ? { actor: actors.get(who) } : null;
        next();
      });
      app.all(
        ["/uploads", "/uploads/*", "/media/uploads/:uploadId"],
        mediaUploadRouter(createTusServer({ datastore: new FileStore({ directory: join(root, "uploads") }) })),
      );
      app.get("/media/assets/:assetId", (req, res, next) => void handleAssetRequest(req, res, "media").catch(next));
      app.get("/media/assets/:assetId/poster", (req, res, next) => void handleAssetRequest(req, res, "poster").catch(next));
      http = createServer(app).listen(0, "127.0.0.1");
      await new Promise((r) => http.once("listening", r));
      base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((r) => http.close(r));
      await drop();
      rmSync(root, { recursive: true, force: true });
    });

    const tus = (who: string, method: string, path: string, headers: Record<string, string> = {}, body?: Uint8Array) =>
      fetch(base + path, {
        method,
        headers: { "Tus-Resumable": "1.0.0", "x-test-user": who, ...headers },
        body: body ? Buffer.from(body) : undefined,
      });

    it("ingests the sample video: probed, fast-start, poster; refuses a renamed .exe, HTML posing as MP4, a corrupt video and the wrong kind", async () => {
      const ok = await ingestFile(SAMPLE, { kind: "video", uploadedBy: ids.lecturer, countyId: ids.county });
      expect(ok.ok).toBe(true);
      if (!ok.ok) return;
      expect(ok.asset).toMatchObject({
        kind: "video",
        mime: "video/mp4",
        width: 320,
        height: 180,
        state: "uploaded",
        url: `/media/assets/${ok.asset.id}`,
        posterUrl: `/media/assets/${ok.asset.id}/poster`,
      });
      expect(ok.asset.durationMs).toBeGreaterThan(5000);
      for (const [file, key] of [
        ["renamed-program.mp4", "media.refused.type"],
        ["html-as-video.mp4", "media.refused.type"],
        ["corrupt-video.mp4", "media.refused.unreadable"],
      ] as const) {
        const r = await ingestFile(`tests/fixtures/${file}`, { kind: "video", uploadedBy: ids.lecturer, countyId: ids.county });
        expect(r, file).toMatchObject({ ok: false, refusal: key });
        if (!r.ok) expect(r.message).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(await ingestFile(SAMPLE, { kind: "image", uploadedBy: ids.lecturer, countyId: ids.county })).toMatchObject({
        ok: false,
        refusal: "media.refused.kind",
      });
      const audio = await ingestFile("content/micro-lessons/media/reading-tone.mp3", {
        kind: "audio",
        uploadedBy: ids.lecturer,
        countyId: ids.county,
      });
      expect(audio).toMatchObject({ ok: true, asset: { kind: "audio", mime: "audio/mpeg", posterUrl: null } });
    });

    it("a tus upload interrupted halfway resumes from the server's offset and becomes an asset with identical bytes; the range rules and the access rule hold", async () => {
      const bytes = new Uint8Array(readFileSync(SAMPLE));
      const created = await tus("lecturer", "POST", "/uploads", {
        "Upload-Length": String(bytes.length),
        "Upload-Metadata": `kind ${b64("video")},filename ${b64("样片.mp4")}`,
      });
      expect(created.status).toBe(201);
      const location = created.headers.get("location")!;
      const id = location.split("/").pop()!;
      const half = Math.floor(bytes.length / 2);
      const first = await tus(
        "lecturer",
        "PATCH",
        `/uploads/${id}`,
        { "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
        bytes.subarray(0, half),
      );
      expect(first.status).toBe(204);
      // not finished: no asset, the page sees "pending"; someone else cannot touch it
      expect(await (await fetch(`${base}/media/uploads/${id}`, { headers: { "x-test-user": "lecturer" } })).json()).toMatchObject({
        state: "pending",
      });
      expect((await tus("admin", "HEAD", `/uploads/${id}`)).status).toBe(404);
      expect((await db().select().from(mediaUploads).where(eq(mediaUploads.id, id)))[0].assetId).toBeNull();
      // resume: ask the offset, send the rest
      const head = await tus("lecturer", "HEAD", `/uploads/${id}`);
      expect(head.headers.get("upload-offset")).toBe(String(half));
      const rest = await tus(
        "lecturer",
        "PATCH",
        `/uploads/${id}`,
        { "Upload-Offset": String(half), "Content-Type": "application/offset+octet-stream" },
        bytes.subarray(half),
      );
      expect(rest.status).toBe(204);
      const outcome = await (await fetch(`${base}/media/uploads/${id}`, { headers: { "x-test-user": "lecturer" } })).json();
      expect(outcome).toMatchObject({ state: "done" });
      const assetId = outcome.assetId as string;
      const facts = await assetFacts(db(), assetId);
      expect(facts).toMatchObject({ kind: "video", mime: "video/mp4" });

      // served: whole, ranged, past the end; the stored file is the remuxed sample (same streams)
      const get = (who: string | null, path: string, headers: Record<string, string> = {}) =>
        fetch(base + path, { headers: { ...(who ? { "x-test-user": who } : {}), ...headers } });
      const whole = await get("lecturer", `/media/assets/${assetId}`);
      expect(whole.status).toBe(200);
      expect(whole.headers.get("content-type")).toBe("video/mp4");
      expect(whole.headers.get("x-content-type-options")).toBe("nosniff");
      expect(whole.headers.get("cache-control")).toMatch(/^private/);
      const all = new Uint8Array(await whole.arrayBuffer());
      expect(all.length).toBe(facts!.bytes);
      const etag = whole.headers.get("etag")!;
      const part = await get("lecturer", `/media/assets/${assetId}`, { Range: "bytes=100-199" });
      expect(part.status).toBe(206);
      expect(part.headers.get("content-range")).toBe(`bytes 100-199/${all.length}`);
      expect(new Uint8Array(await part.arrayBuffer())).toEqual(all.subarray(100, 200));
      const suffix = await get("lecturer", `/media/assets/${assetId}`, { Range: "bytes=-50" });
      expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(all.subarray(all.length - 50));
      const past = await get("lecturer", `/media/assets/${assetId}`, { Range: `bytes=${all.length + 10}-` });
      expect(past.status).toBe(416);
      expect(past.headers.get("content-range")).toBe(`bytes */${all.length}`);
      expect((await get("lecturer", `/media/assets/${assetId}`, { "If-None-Match": etag })).status).toBe(304);
      expect((await get("lecturer", `/media/assets/${assetId}/poster`)).headers.get("content-type")).toBe("image/jpeg");

      // access: uploader and the county's reviewer yes; another county's admin, a plain user and anonymous no
      expect((await get("admin", `/media/assets/${assetId}`, { Range: "bytes=0-0" })).status).toBe(206);
      expect((await get("otherAdmin", `/media/assets/${assetId}`)).status).toBe(403);
      expect((await get("plain", `/media/assets/${assetId}`)).status).toBe(403);
      expect((await get(null, `/media/assets/${assetId}`)).status).toBe(401);
      expect((await get("plain", `/media/assets/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      // attached then published: every signed-in person
      await expect(
        db().transaction((tx) => attachAssets(tx, { assetIds: [assetId], ownerKind: "micro_lesson", ownerId: "1", actorId: ids.admin })),
      ).rejects.toThrow();
      await db().transaction((tx) =>
        attachAssets(tx, { assetIds: [assetId], ownerKind: "micro_lesson", ownerId: "1", actorId: ids.lecturer }),
      );
      await db().transaction((tx) => publishAssets(tx, [assetId]));
      expect((await get("plain", `/media/assets/${assetId}`, { Range: "bytes=0-0" })).status).toBe(206);
      expect((await get("otherAdmin", `/media/assets/${assetId}`, { Range: "bytes=0-0" })).status).toBe(206);
      expect((await get(null, `/media/assets/${assetId}`)).status).toBe(401);
    });

    it("refuses uploads by people without upload:media, a renamed .exe after its last byte, and sweeps what is left after a day", async () => {
      expect((await tus("plain", "POST", "/uploads", { "Upload-Length": "10", "Upload-Metadata": `kind ${b64("video")}` })).status).toBe(
        403,
      );
      expect(
        (
          await tus("lecturer", "POST", "/uploads", {
            "Upload-Length": String(600 * 1024 * 1024),
            "Upload-Metadata": `kind ${b64("video")}`,
          })
        ).status,
      ).toBe(413);
      const exe = new Uint8Array(readFileSync("tests/fixtures/renamed-program.mp4"));
      const created = await tus("lecturer", "POST", "/uploads", {
        "Upload-Length": String(exe.length),
        "Upload-Metadata": `kind ${b64("video")},filename ${b64("课件.mp4")}`,
      });
      const id = created.headers.get("location")!.split("/").pop()!;
      await tus("lecturer", "PATCH", `/uploads/${id}`, { "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" }, exe);
      const outcome = await (await fetch(`${base}/media/uploads/${id}`, { headers: { "x-test-user": "lecturer" } })).json();
      expect(outcome).toMatchObject({ state: "refused", refusal: "media.refused.type" });
      expect(outcome.message).toContain("文件内容");
      // an abandoned half upload and an unattached asset, a day later, are gone (row, partial file, blobs)
      const half = await tus("lecturer", "POST", "/uploads", { "Upload-Length": "1000", "Upload-Metadata": `kind ${b64("video")}` });
      const halfId = half.headers.get("location")!.split("/").pop()!;
      await tus(
        "lecturer",
        "PATCH",
        `/uploads/${halfId}`,
        { "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
        new Uint8Array(300),
      );
      const loose = await ingestFile("content/micro-lessons/media/navigator-duties.mp4", {
        kind: "video",
        uploadedBy: ids.lecturer,
        countyId: ids.county,
      });
      if (!loose.ok) throw new Error("demo video refused");
      const [row] = await db().select().from(mediaAssets).where(eq(mediaAssets.id, loose.asset.id));
      const swept = await sweepMedia({ now: new Date(Date.now() + 25 * 3600_000), uploadsDir: join(root, "uploads") });
      expect(swept.uploads).toBeGreaterThanOrEqual(1);
      expect(await assetFacts(db(), loose.asset.id)).toBeNull();
      expect(await blobStore().has(row.blobKey)).toBe(false);
      expect((await db().select().from(mediaUploads).where(eq(mediaUploads.id, halfId))).length).toBe(0);
      expect(() => readFileSync(join(root, "uploads", halfId))).toThrow();
      // published assets stay
      expect((await db().select().from(mediaAssets).where(eq(mediaAssets.state, "published"))).length).toBe(1);
    });

    it("deleteAssets removes rows in the transaction and the files only when asked after the commit", async () => {
      const a = await ingestFile(SAMPLE, { kind: "video", uploadedBy: ids.admin, countyId: ids.county });
      if (!a.ok) throw new Error("refused");
      const [row] = await db().select().from(mediaAssets).where(eq(mediaAssets.id, a.asset.id));
      // the same bytes are also the published asset's: the file stays
      const removal = await db().transaction((tx) => deleteAssets(tx, [a.asset.id]));
      expect(await assetFacts(db(), a.asset.id)).toBeNull();
      await removal.removeBlobs();
      expect(await blobStore().has(row.blobKey)).toBe(true);
    });
  });
}
