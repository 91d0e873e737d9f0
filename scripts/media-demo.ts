/**
 * `npm run media:demo`: generates the demo media of the micro party lessons (CC0, made here from
 * nothing but ffmpeg's test sources: a coloured title card, a moving bar and a tone) into
 * content/micro-lessons/media/, and the e2e/integration upload fixtures into tests/fixtures/.
 * Deterministic enough to commit; small (the whole set is a few hundred KB).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ffmpeg = process.env.FFMPEG_PATH || "ffmpeg";
const out = "content/micro-lessons/media";
const fixtures = "tests/fixtures";
mkdirSync(out, { recursive: true });
mkdirSync(fixtures, { recursive: true });
const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

function video(file: string, title: string, color: string, seconds: number, tone: number) {
  const text = `drawtext=fontfile=${FONT}:text='${title}':fontcolor=white:fontsize=22:x=(w-text_w)/2:y=(h-text_h)/2-10`;
  const clock = `drawtext=fontfile=${FONT}:text='%{pts\\:hms}':fontcolor=white@0.8:fontsize=14:x=(w-text_w)/2:y=h-30`;
  const bar = `drawbox=x='mod(t*40,w)':y=h-8:w=40:h=6:color=gold:t=fill`;
  execFileSync(ffmpeg, [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `color=c=${color}:s=320x180:r=10:d=${seconds}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=${tone}:sample_rate=22050:duration=${seconds}`,
    "-vf",
    `${text},${clock},${bar}`,
    "-c:v",
    "libx264",
    "-profile:v",
    "baseline",
    "-pix_fmt",
    "yuv420p",
    "-crf",
    "36",
    "-g",
    "50",
    "-preset",
    "veryslow",
    "-c:a",
    "aac",
    "-b:a",
    "16k",
    "-ac",
    "1",
    "-movflags",
    "+faststart",
    "-map_metadata",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
    "-flags:a",
    "+bitexact",
    file,
  ]);
}

video(join(out, "party-history-1921.mp4"), "1921 - Red Boat", "0xb22222", 30, 440);
video(join(out, "two-new-organizations.mp4"), "Two New Organizations", "0x8b0000", 24, 523);
video(join(out, "navigator-duties.mp4"), "Navigator Duties", "0xa52a2a", 36, 392);
execFileSync(ffmpeg, [
  "-v",
  "error",
  "-y",
  "-f",
  "lavfi",
  "-i",
  "sine=frequency=330:sample_rate=22050:duration=20",
  "-c:a",
  "libmp3lame",
  "-b:a",
  "24k",
  "-ac",
  "1",
  "-map_metadata",
  "-1",
  "-fflags",
  "+bitexact",
  join(out, "reading-tone.mp3"),
]);

// fixtures: a small upload sample, a truncated (corrupt) video, an executable and an HTML page posing as MP4
video(join(fixtures, "upload-sample.mp4"), "Upload sample", "0x204080", 6, 660);
const sample = new Uint8Array(readFileSync(join(fixtures, "upload-sample.mp4")));
writeFileSync(join(fixtures, "corrupt-video.mp4"), sample.subarray(0, Math.floor(sample.length / 3)));
const exe = new Uint8Array(4096);
exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03], 0);
exe.set(new TextEncoder().encode("This program cannot be run in DOS mode."), 78);
writeFileSync(join(fixtures, "renamed-program.mp4"), exe);
writeFileSync(
  join(fixtures, "html-as-video.mp4"),
  "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n".repeat(20),
);

for (const f of ["party-history-1921.mp4", "two-new-organizations.mp4", "navigator-duties.mp4", "reading-tone.mp3"])
  console.log(`${f}: ${(statSync(join(out, f)).size / 1024).toFixed(0)} KB`);
