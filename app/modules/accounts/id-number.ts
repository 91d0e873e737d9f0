/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence and an
 * ISO 7064 MOD 11-2 check character (0-9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";

export type IdNumberProblem = "format" | "birthDate" | "checkDigit";

export function normalizeIdNumber(input: string): string {
  return input.trim().replace(/[\s-]/g, "").replace(/ｘ|x/g, "X");
}

export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Returns null when the (normalised) number is valid, otherwise what is wrong with it. */
export function checkIdNumber(value: string, today: Date = new Date()): IdNumberProblem | null {
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return "format";
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1850 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > today.getTime()
  ) {
    return "birthDate";
  }
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) return "checkDigit";
  return null;
}

/** 370829********123X → shows the region and the last four characters only. */
export function maskIdNumber(value: string): string {
  if (value.length < 10) return "*".repeat(value.length);
  return value.slice(0, 6) + "*".repeat(value.length - 10) + value.slice(-4);
}
