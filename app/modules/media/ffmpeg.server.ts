import { execFile } from "node:child_process";
import type { ProbeResult } from "./probe";

/**
 * ffprobe / ffmpeg on untrusted uploads (docs/decisions/022): Debian's maintained binaries by default
 * (FFPROBE_PATH / FFMPEG_PATH override), only the file protocol, only the accepted containers, a
 * timeout, paths passed as `file:` URLs so a name can never be read as another protocol or option.
 */
const FORMATS = "mov,mp4,m4a,3gp,3g2,mj2,mp3,matroska,webm,image2,jpeg_pipe,png_pipe,webp_pipe";
const ffprobePath = () => process.env.FFPROBE_PATH || "ffprobe";
const ffmpegPath = () => process.env.FFMPEG_PATH || "ffmpeg";

function run(bin: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr: String(stderr).slice(0, 2000) }));
      else resolve(String(stdout));
    });
  });
}

const fileUrl = (path: string) => `file:${path}`;

/** ffprobe's JSON of a file, or null when it cannot read it as one of the accepted containers. */
export async function probeFile(path: string): Promise<ProbeResult | null> {
  try {
    const out = await run(
      ffprobePath(),
      [
        "-v",
        "error",
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        FORMATS,
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        fileUrl(path),
      ],
      20_000,
    );
    return JSON.parse(out) as ProbeResult;
  } catch {
    return null;
  }
}

/** Copies an MP4's streams into a new MP4 with the index (moov) first, metadata stripped (fast start). */
export async function remuxFaststart(input: string, output: string): Promise<void> {
  await run(
    ffmpegPath(),
    [
      "-v",
      "error",
      "-xerror",
      "-nostdin",
      "-y",
      "-protocol_whitelist",
      "file",
      "-format_whitelist",
      FORMATS,
      "-i",
      fileUrl(input),
      "-map",
      "0:v?",
      "-map",
      "0:a?",
      "-c",
      "copy",
      "-map_metadata",
      "-1",
      "-movflags",
      "+faststart",
      "-f",
      "mp4",
      fileUrl(output),
    ],
    120_000,
  );
}

/** One JPEG frame (at most 640 px wide) from `atSeconds` into the video. */
export async function posterFrame(input: string, output: string, atSeconds: number): Promise<void> {
  await run(
    ffmpegPath(),
    [
      "-v",
      "error",
      "-nostdin",
      "-y",
      "-protocol_whitelist",
      "file",
      "-format_whitelist",
      FORMATS,
      "-ss",
      atSeconds.toFixed(2),
      "-i",
      fileUrl(input),
      "-frames:v",
      "1",
      "-vf",
      "scale='min(640,iw)':-2",
      "-c:v",
      "mjpeg",
      "-q:v",
      "4",
      "-f",
      "image2",
      fileUrl(output),
    ],
    30_000,
  );
}
