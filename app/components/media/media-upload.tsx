import { useEffect, useId, useRef, useState } from "react";
import { useT } from "~/i18n/use-locale";

/**
 * A resumable upload field (tus, docs/decisions/022): file picker, progress, pause/resume; resumes
 * after a dropped connection (automatic retries) and after a page reload (tus-js-client keeps the
 * upload URL in localStorage under the file's fingerprint: picking the same file again continues
 * where it stopped). When the server has checked the file, the asset id goes into the hidden input
 * `name`, so a plain form submits it; a refusal is shown in the reader's language.
 */
export interface MediaUploadProps {
  /** "av": a video or an audio file (the file's type decides which the server checks it as) */
  kind: "video" | "audio" | "image" | "av";
  name: string;
  label: string;
  /** an asset already chosen (editing a draft): its id and what to show */
  initial?: { assetId: string; filename?: string };
}

type Phase =
  | { state: "idle" }
  | { state: "uploading" | "paused"; percent: number; resumed: boolean }
  | { state: "checking" }
  | { state: "done"; assetId: string; filename: string }
  | { state: "refused"; key: string; message: string }
  | { state: "failed" };

const ACCEPT = {
  video: "video/mp4,.mp4",
  audio: "audio/mpeg,audio/mp4,.mp3,.m4a",
  image: "image/jpeg,image/png,image/webp",
  av: "video/mp4,.mp4,audio/mpeg,audio/mp4,.mp3,.m4a",
} as const;

/** The kind the server checks a picked file as. */
function kindOf(kind: MediaUploadProps["kind"], file: File): "video" | "audio" | "image" {
  if (kind !== "av") return kind;
  return file.type.startsWith("audio/") || /\.(mp3|m4a)$/i.test(file.name) ? "audio" : "video";
}

export function MediaUpload({ kind, name, label, initial }: MediaUploadProps) {
  const { t } = useT();
  const id = useId();
  const [phase, setPhase] = useState<Phase>(
    initial ? { state: "done", assetId: initial.assetId, filename: initial.filename ?? "" } : { state: "idle" },
  );
  const [offline, setOffline] = useState(false);
  const upload = useRef<import("tus-js-client").Upload | null>(null);

  useEffect(() => () => void upload.current?.abort(), []);

  async function outcome(uploadUrl: string, filename: string) {
    setPhase({ state: "checking" });
    const uploadId = uploadUrl.split("/").pop();
    for (let i = 0; i < 120; i++) {
      const res = await fetch(`/media/uploads/${uploadId}`, { headers: { Accept: "application/json" } });
      if (res.ok) {
        const body = (await res.json()) as { state: string; assetId?: string; refusal?: string; message?: string };
        if (body.state === "done" && body.assetId) return setPhase({ state: "done", assetId: body.assetId, filename });
        if (body.state === "refused") {
          const key = String(body.refusal ?? "");
          const translated = t(key);
          return setPhase({ state: "refused", key, message: translated && translated !== key ? translated : (body.message ?? "") });
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    setPhase({ state: "failed" });
  }

  async function start(file: File) {
    const { Upload } = await import("tus-js-client");
    upload.current?.abort();
    const u = new Upload(file, {
      endpoint: "/uploads",
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
      removeFingerprintOnSuccess: true,
      metadata: { kind: kindOf(kind, file), filename: file.name, filetype: file.type },
      onProgress(sent, total) {
        setOffline(false);
        setPhase((p) => ({
          state: "uploading",
          percent: total ? Math.floor((sent / total) * 100) : 0,
          resumed: p.state === "uploading" || p.state === "paused" ? p.resumed : false,
        }));
      },
      onShouldRetry(error) {
        const status = error.originalResponse?.getStatus() ?? 0;
        setOffline(status === 0);
        return status === 0 || status >= 500 || status === 409 || status === 423;
      },
      onError(failure) {
        const error = failure as import("tus-js-client").DetailedError;
        const status = error.originalResponse?.getStatus() ?? 0;
        let body: { error?: string; message?: string } = {};
        try {
          body = JSON.parse(error.originalResponse?.getBody() ?? "{}");
        } catch {
          /* not JSON */
        }
        if (status === 413) setPhase({ state: "refused", key: "media.refused.tooLarge", message: t("media.refused.tooLarge") });
        else if (status === 403) setPhase({ state: "refused", key: "media.refused.forbidden", message: t("media.refused.forbidden") });
        else if (body.message) setPhase({ state: "refused", key: body.error ?? "", message: body.message });
        else setPhase({ state: "failed" });
      },
      onSuccess() {
        void outcome(u.url ?? "", file.name);
      },
    });
    upload.current = u;
    const previous = await u.findPreviousUploads();
    if (previous.length) u.resumeFromPreviousUpload(previous[0]);
    setPhase({ state: "uploading", percent: 0, resumed: previous.length > 0 });
    u.start();
  }

  const percent =
    phase.state === "uploading" || phase.state === "paused"
      ? phase.percent
      : phase.state === "checking" || phase.state === "done"
        ? 100
        : 0;
  return (
    <div className="space-y-2" data-media-upload={kind}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <p id={`${id}-hint`} className="field-hint">
        {t(`media.hint.${kind}`)}
      </p>
      <input
        id={id}
        type="file"
        accept={ACCEPT[kind]}
        aria-describedby={`${id}-hint ${id}-status`}
        className="block w-full max-w-full text-sm"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void start(file);
        }}
      />
      <input type="hidden" name={name} value={phase.state === "done" ? phase.assetId : ""} />
      {phase.state !== "idle" && (
        <progress className="h-2 w-full" max={100} value={percent} aria-label={label}>
          {percent}%
        </progress>
      )}
      <div id={`${id}-status`} role="status" aria-live="polite" className="text-sm">
        {phase.state === "uploading" && <span>{t("media.uploading", { percent: phase.percent })}</span>}
        {phase.state === "uploading" && phase.resumed && <span className="ml-2">{t("media.resumed")}</span>}
        {phase.state === "paused" && <span>{t("media.paused", { percent: phase.percent })}</span>}
        {offline && (phase.state === "uploading" || phase.state === "paused") && <span className="ml-2">{t("media.offline")}</span>}
        {phase.state === "checking" && <span>{t("media.checking")}</span>}
        {phase.state === "done" && (
          <span data-asset-id={phase.assetId}>{t("media.done", { name: phase.filename || phase.assetId.slice(0, 8) })}</span>
        )}
        {phase.state === "failed" && <span className="field-error">{t("media.failed")}</span>}
      </div>
      {phase.state === "refused" && (
        <p className="field-error" role="alert" data-refusal={phase.key}>
          {phase.message}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {phase.state === "uploading" && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              void upload.current?.abort();
              setPhase({ state: "paused", percent: phase.percent, resumed: phase.resumed });
            }}
          >
            {t("media.pause")}
          </button>
        )}
        {phase.state === "paused" && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              setPhase({ state: "uploading", percent: phase.percent, resumed: true });
              upload.current?.start();
            }}
          >
            {t("media.resume")}
          </button>
        )}
        {phase.state === "failed" && (
          <button type="button" className="btn-secondary" onClick={() => upload.current?.start()}>
            {t("media.retry")}
          </button>
        )}
        {phase.state === "done" && (
          <button type="button" className="btn-secondary" onClick={() => setPhase({ state: "idle" })}>
            {t("media.remove")}
          </button>
        )}
      </div>
    </div>
  );
}
