/**
 * What a file is, from its first bytes (pure). Attachments are accepted by content, never by name,
 * extension or the browser's Content-Type (docs/decisions/020): a ".jpg" that is really HTML is not
 * an image. Only the four types the app serves back are recognised.
 */
export type SniffedType = "image/jpeg" | "image/png" | "image/webp" | "application/pdf";

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");
const PDF = ascii("%PDF-");

/**
 * The media type the bytes are, or null. JPEG: SOI + a marker; PNG: its 8-byte signature followed by
 * an IHDR chunk; WebP: a RIFF container of form WEBP whose declared size fits the file; PDF:
 * `%PDF-` at the very start (readers allow junk before it; we do not, so no HTML/PDF polyglot passes)
 * and `%%EOF` in the last 1024 bytes (a truncated PDF is refused).
 */
export function sniffMediaType(bytes: Uint8Array): SniffedType | null {
  if (bytes.length < 12) return null;
  if (startsWith(bytes, JPEG) && bytes[3] >= 0xc0) return "image/jpeg";
  if (startsWith(bytes, PNG) && startsWith(bytes, ascii("IHDR"), 12)) return "image/png";
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) {
    const declared = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0;
    return declared >= 4 && declared + 8 <= bytes.length ? "image/webp" : null;
  }
  if (startsWith(bytes, PDF)) {
    const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
    return indexOf(tail, ascii("%%EOF")) >= 0 ? "application/pdf" : null;
  }
  return null;
}

function indexOf(haystack: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The extension the stored type is served with (the original name's extension is not trusted). */
export const EXTENSION_OF: Record<SniffedType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
};

/**
 * Media containers by their first bytes (media uploads, docs/decisions/022): the start of a file
 * that ffprobe will then read in full. Images are the three above (no SVG, no GIF); video and audio
 * are MP4/M4A (an `ftyp` box first), WebM (EBML header) and MP3 (an ID3 tag or an MPEG audio frame
 * sync). HTML, scripts, executables (MZ, ELF, #!) and archives are refused whatever their name says.
 */
export type SniffedMedia = "image/jpeg" | "image/png" | "image/webp" | "video/mp4" | "video/webm" | "audio/mpeg";

export function sniffMediaContainer(bytes: Uint8Array): SniffedMedia | null {
  if (bytes.length < 12) return null;
  const image = sniffMediaType(bytes);
  if (image === "image/jpeg" || image === "image/png" || image === "image/webp") return image;
  if (image) return null;
  if (startsWith(bytes, ascii("ftyp"), 4)) {
    const size = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    return size >= 8 && size <= 4096 ? "video/mp4" : null;
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return "video/webm";
  if (startsWith(bytes, ascii("ID3")) && bytes[3] <= 4) return "audio/mpeg";
  if (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0) return "audio/mpeg";
  return null;
}
