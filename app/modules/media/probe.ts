/**
 * What ffprobe found → whether the platform takes the file (pure, docs/decisions/022). Accepted as
 * they are: H.264 (8-bit 4:2:0, at most 1920×1080) with AAC or no audio in MP4 for video; MP3, or AAC
 * in MP4 (M4A) for audio; JPEG, PNG, WebP images up to 8000 px. Everything else — HEVC, 10-bit, 4K,
 * WebM (no transcoding yet), a container that is not what its first bytes said, unreadable or empty
 * files, over-long media — is refused with a catalog key (media.refused.*).
 */
export type MediaKind = "video" | "audio" | "image";

export interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  duration?: string;
  disposition?: { attached_pic?: number };
}
export interface ProbeResult {
  format?: { format_name?: string; duration?: string };
  streams?: ProbeStream[];
}

export const MEDIA_LIMITS = {
  /** the tus upload cap */
  maxUploadBytes: 500 * 1024 * 1024,
  maxDurationMs: 2 * 3600_000,
  maxVideoWidth: 1920,
  maxVideoHeight: 1080,
  maxImagePixels: 8000,
  /** unattached assets and abandoned uploads older than this are swept */
  abandonAfterMs: 24 * 3600_000,
} as const;

export type RefusalKey =
  | "media.refused.type"
  | "media.refused.kind"
  | "media.refused.unreadable"
  | "media.refused.codec"
  | "media.refused.tooLong"
  | "media.refused.tooLarge"
  | "media.refused.dimensions"
  | "media.refused.forbidden";

export type ProbeDecision =
  | { ok: true; kind: MediaKind; mime: string; durationMs: number | null; width: number | null; height: number | null; remux: boolean }
  | { ok: false; refusal: RefusalKey };

const refuse = (refusal: RefusalKey): ProbeDecision => ({ ok: false, refusal });

/** `sniffed`: the container the first bytes showed (storage/sniff.ts sniffMediaContainer). */
export function decideProbe(kind: MediaKind, sniffed: string | null, probe: ProbeResult | null): ProbeDecision {
  if (!sniffed) return refuse("media.refused.type");
  if (!probe || !probe.format || !probe.streams?.length) return refuse("media.refused.unreadable");
  const format = probe.format.format_name ?? "";
  const video = probe.streams.filter((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  const audio = probe.streams.filter((s) => s.codec_type === "audio");
  const seconds = Number(probe.format.duration ?? video[0]?.duration ?? audio[0]?.duration);
  const durationMs = Number.isFinite(seconds) ? Math.round(seconds * 1000) : NaN;

  if (kind === "image") {
    if (!sniffed.startsWith("image/")) return refuse("media.refused.kind");
    const v = probe.streams.find((s) => s.codec_type === "video");
    const ok = { "image/jpeg": "mjpeg", "image/png": "png", "image/webp": "webp" }[sniffed];
    if (!v || v.codec_name !== ok || !v.width || !v.height) return refuse("media.refused.unreadable");
    if (v.width > MEDIA_LIMITS.maxImagePixels || v.height > MEDIA_LIMITS.maxImagePixels) return refuse("media.refused.dimensions");
    return { ok: true, kind, mime: sniffed, durationMs: null, width: v.width, height: v.height, remux: false };
  }
  if (sniffed.startsWith("image/")) return refuse("media.refused.kind");
  if (!(durationMs > 0)) return refuse("media.refused.unreadable");
  if (durationMs > MEDIA_LIMITS.maxDurationMs) return refuse("media.refused.tooLong");

  if (kind === "video") {
    if (sniffed !== "video/mp4" || !format.split(",").includes("mp4"))
      return sniffed === "video/webm" ? refuse("media.refused.codec") : refuse("media.refused.kind");
    if (video.length !== 1) return refuse(video.length ? "media.refused.codec" : "media.refused.kind");
    const v = video[0];
    if (v.codec_name !== "h264" || (v.pix_fmt && v.pix_fmt !== "yuv420p" && v.pix_fmt !== "yuvj420p")) return refuse("media.refused.codec");
    if (audio.some((a) => a.codec_name !== "aac") || audio.length > 1) return refuse("media.refused.codec");
    if (!v.width || !v.height) return refuse("media.refused.unreadable");
    const [long, short] = v.width >= v.height ? [v.width, v.height] : [v.height, v.width];
    if (long > MEDIA_LIMITS.maxVideoWidth || short > MEDIA_LIMITS.maxVideoHeight) return refuse("media.refused.dimensions");
    return { ok: true, kind, mime: "video/mp4", durationMs, width: v.width, height: v.height, remux: true };
  }
  // audio
  if (video.length) return refuse("media.refused.kind");
  if (audio.length !== 1) return refuse("media.refused.unreadable");
  const a = audio[0];
  if (sniffed === "audio/mpeg" && format === "mp3" && a.codec_name === "mp3")
    return { ok: true, kind, mime: "audio/mpeg", durationMs, width: null, height: null, remux: false };
  if (sniffed === "video/mp4" && format.split(",").includes("mp4") && a.codec_name === "aac")
    return { ok: true, kind, mime: "audio/mp4", durationMs, width: null, height: null, remux: true };
  return refuse("media.refused.codec");
}
