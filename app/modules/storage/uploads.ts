import { sniffMediaType, type SniffedType } from "./sniff";

/**
 * Uploaded files checked before anything is stored (pure; decision 020): count, size, and type by
 * content — the name's extension and the browser's type are ignored. Used by supervision
 * attachments and lecturer samples, each with its own limits.
 */

/** A file as it arrived: the name the browser sent (display only) and the bytes. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface CheckedUpload {
  name: string;
  bytes: Uint8Array;
  mediaType: SniffedType;
}

export type UploadProblem =
  | { code: "tooMany"; max: number }
  | { code: "tooLarge"; name: string; maxMb: number }
  | { code: "empty"; name: string }
  | { code: "notAllowedType"; name: string };

export interface UploadLimits {
  maxFiles: number;
  maxBytes: number;
  maxNameLength: number;
}

/**
 * Every file checked before anything is stored. Empty file inputs (no file chosen) are left out.
 * Either every file passes or the problems come back and nothing is kept.
 */
export function checkUploads(
  files: readonly UploadedFile[],
  limits: UploadLimits,
): { ok: true; files: CheckedUpload[] } | { ok: false; problems: UploadProblem[] } {
  const chosen = files.filter((f) => !(f.bytes.length === 0 && f.name === ""));
  const problems: UploadProblem[] = [];
  if (chosen.length > limits.maxFiles) problems.push({ code: "tooMany", max: limits.maxFiles });
  const checked: CheckedUpload[] = [];
  for (const file of chosen) {
    const name = uploadDisplayName(file.name, limits.maxNameLength);
    if (file.bytes.length === 0) problems.push({ code: "empty", name });
    else if (file.bytes.length > limits.maxBytes) problems.push({ code: "tooLarge", name, maxMb: limits.maxBytes / (1024 * 1024) });
    else {
      const mediaType = sniffMediaType(file.bytes);
      if (!mediaType) problems.push({ code: "notAllowedType", name });
      else checked.push({ name, bytes: file.bytes, mediaType });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, files: checked };
}

/**
 * The name shown for a file: the last path segment, control characters, quotes and separators
 * removed, storable (no NUL or lone surrogate), at most `maxLength` characters; "附件" when nothing is left.
 */
export function uploadDisplayName(raw: string, maxLength: number): string {
  const last = raw.split(/[\\/]/).pop() ?? "";
  const wellFormed = (last as string & { toWellFormed?: () => string }).toWellFormed?.() ?? last;
  const cleaned = [...wellFormed.replace(/[\u0000-\u001f\u007f-\u009f"<>|:*?\uFFFD]/g, "")].slice(0, maxLength).join("").trim();
  return cleaned || "附件";
}
