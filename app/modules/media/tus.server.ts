import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { Server } from "@tus/server";
import { FileStore } from "@tus/file-store";
import { and, eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { mediaUploads } from "#db/schema";
import { config } from "../config.server";
import { hasAnyScope, scopeOf, type Actor } from "../auth/access";
import type { ValidSession } from "../auth/session.server";
import { AppError } from "../errors";
import { ingestFile, refusalMessage } from "./assets.server";
import { MEDIA_LIMITS, type MediaKind, type RefusalKey } from "./probe";

/**
 * Resumable uploads with the tus protocol (docs/decisions/022): `/uploads` for signed-in people with
 * upload:media, files on local disk under `<DATA_DIR>/uploads` (@tus/file-store) until the last byte
 * arrives; then ingestFile checks the content and makes it an asset (or records the refusal) and the
 * partial file is removed. A half-finished upload never becomes an asset. `GET /media/uploads/<id>`
 * tells the page the outcome. Each upload belongs to the person who created it (others get 403).
 */
const actors = new WeakMap<object, Actor>();
const KINDS = ["video", "audio", "image"] as const;

type TusError = { status_code: number; body: string };
const tusError = (status: number, key: RefusalKey | "forbidden" | "badRequest", message: string): TusError => ({
  status_code: status,
  body: JSON.stringify({ error: key, message }),
});

function actorOf(req: unknown): Actor {
  const node = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
  const actor = node ? actors.get(node) : undefined;
  if (!actor) throw tusError(401, "forbidden", "登录已过期，请重新登录。");
  return actor;
}

export const mayUpload = (actor: Pick<Actor, "grants">) => hasAnyScope(scopeOf(actor, "upload:media"));

export function uploadsDirectory(): string {
  return join(config().DATA_DIR, "uploads");
}

let store: FileStore | undefined;
export function tusFileStore(): FileStore {
  store ??= new FileStore({ directory: uploadsDirectory() });
  return store;
}

export function createTusServer(options: { path?: string; datastore?: FileStore } = {}): Server {
  const datastore = options.datastore ?? tusFileStore();
  return new Server({
    path: options.path ?? "/uploads",
    datastore,
    maxSize: MEDIA_LIMITS.maxUploadBytes,
    relativeLocation: true,
    allowedOrigins: [],
    namingFunction: () => randomUUID(),
    async onUploadCreate(req, upload) {
      const actor = actorOf(req);
      const kind = upload.metadata?.kind as MediaKind | undefined;
      if (!kind || !KINDS.includes(kind)) throw tusError(400, "badRequest", "缺少媒体类型。");
      if (upload.size === undefined) throw tusError(400, "badRequest", "须声明文件大小。");
      const filename = String(upload.metadata?.filename ?? "")
        .slice(0, 200)
        .replace(/[\u0000-\u001f\u007f]|[\ud800-\udfff]/g, "");
      await db()
        .insert(mediaUploads)
        .values({
          id: upload.id,
          userId: actor.userId,
          kind,
          declaredSize: upload.size,
          declaredType: String(upload.metadata?.filetype ?? "")
            .slice(0, 100)
            .replace(/[^\x20-\x7e]/g, ""),
          filename,
        });
      return {};
    },
    async onIncomingRequest(req, uploadId) {
      const actor = actorOf(req);
      if (req.method === "POST" || req.method === "OPTIONS") return;
      const [row] = await db().select({ userId: mediaUploads.userId }).from(mediaUploads).where(eq(mediaUploads.id, uploadId));
      if (!row || row.userId !== actor.userId) throw tusError(404, "forbidden", "上传不存在。");
      if (req.method === "PATCH") await db().update(mediaUploads).set({ updatedAt: new Date() }).where(eq(mediaUploads.id, uploadId));
    },
    async onUploadFinish(req, upload) {
      const actor = actorOf(req);
      const [row] = await db()
        .select()
        .from(mediaUploads)
        .where(and(eq(mediaUploads.id, upload.id), eq(mediaUploads.userId, actor.userId)));
      if (!row) throw tusError(404, "forbidden", "上传不存在。");
      const path = join(datastore.directory, upload.id);
      const result = await ingestFile(path, { kind: row.kind, uploadedBy: actor.userId, countyId: actor.countyId, filename: row.filename });
      await db()
        .update(mediaUploads)
        .set({ offset: upload.offset, updatedAt: new Date(), ...(result.ok ? { assetId: result.asset.id } : { refusal: result.refusal }) })
        .where(eq(mediaUploads.id, upload.id));
      await datastore.remove(upload.id).catch(() => {});
      return { status_code: 204 };
    },
  });
}

/** The outcome of an upload for its uploader: pending (bytes still missing), the asset, or the refusal. */
export async function uploadOutcome(actor: Actor, uploadId: string) {
  const [row] = await db().select().from(mediaUploads).where(eq(mediaUploads.id, uploadId));
  if (!row || row.userId !== actor.userId) throw new AppError("notFound");
  if (row.assetId) return { state: "done" as const, assetId: row.assetId, filename: row.filename };
  if (row.refusal) return { state: "refused" as const, refusal: row.refusal, message: refusalMessage(row.refusal as RefusalKey) };
  return { state: "pending" as const, offset: row.offset, size: row.declaredSize };
}

/**
 * The Express router of the media layer: `/uploads` (tus) and `GET /media/uploads/<id>`. Mount it
 * before any body parser and before compression, behind the same-origin check and session lookup.
 */
export function mediaUploadRouter(tus: Server = createTusServer()) {
  const router = express.Router();
  const gate = (req: Request, res: Response, next: NextFunction) => {
    const session = res.locals.session as ValidSession | null | undefined;
    res.setHeader("Cache-Control", "private, no-store");
    if (!session) return void res.status(401).json({ error: "unauthenticated", message: "登录已过期，请重新登录。" });
    if (!mayUpload(session.actor))
      return void res.status(403).json({ error: "forbidden", message: refusalMessage("media.refused.forbidden" as RefusalKey) });
    actors.set(req, session.actor);
    next();
  };
  router.all(["/uploads", "/uploads/*"], gate, (req, res) => {
    void tus.handle(req, res);
  });
  router.get("/media/uploads/:uploadId", gate, (req, res, next) => {
    const session = res.locals.session as ValidSession;
    uploadOutcome(session.actor, String(req.params.uploadId))
      .then((outcome) => res.json(outcome))
      .catch((error) => (error instanceof AppError ? res.status(error.status).json({ error: error.code }) : next(error)));
  });
  return router;
}
