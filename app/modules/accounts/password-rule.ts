/**
 * The rule for a NEW password (ASVS 4.0.3 V2.1.1, 2.1.2, 2.1.7, 2.1.9; docs/decisions/016):
 *
 * - at least 12 and at most 128 Unicode code points — counted as code points, so a character
 *   outside the Basic Multilingual Plane (an emoji, a rare Han character) counts once, not twice;
 *   nothing is trimmed or truncated, spaces count like any other character;
 * - no composition rules (no "must contain a digit");
 * - not one of the common passwords (the list is given by the caller: `isCommon`, which the server
 *   builds from vendor/passwords; compared case-insensitively there);
 * - not the person's phone number (as typed, with or without +86 and spaces) or ID number (without
 *   regard to the case of X).
 *
 * It applies to new passwords only (registration, password change, any reset): a person whose
 * password predates it still signs in with it.
 */
export const PASSWORD_MIN_CODE_POINTS = 12;
export const PASSWORD_MAX_CODE_POINTS = 128;

export type PasswordProblem = "tooShort" | "tooLong" | "common" | "isPhone" | "isIdNumber";

export interface PasswordContext {
  phone?: string | null;
  idNumber?: string | null;
  /** whether the password is in the list of common passwords; absent: the list is not checked */
  isCommon?: (password: string) => boolean;
}

/** The number of Unicode code points (a lone surrogate counts as one). */
export function codePointLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The first thing wrong with a new password, or null when it may be used. */
export function newPasswordProblem(password: string, context: PasswordContext = {}): PasswordProblem | null {
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_CODE_POINTS) return "tooShort";
  if (length > PASSWORD_MAX_CODE_POINTS) return "tooLong";
  if (context.phone && isPhoneNumber(password, context.phone)) return "isPhone";
  if (context.idNumber && password.toUpperCase() === context.idNumber.toUpperCase()) return "isIdNumber";
  if (context.isCommon?.(password)) return "common";
  return null;
}

/**
 * The phone number as typed: the 11 digits, maybe with +86 / 86 / 0086 before them and spaces or
 * hyphens between (an 11-digit password is already too short; "+86 138 0000 0000" is not).
 */
function isPhoneNumber(password: string, phone: string): boolean {
  if (!/^[\d\s+-]+$/.test(password)) return false;
  const digits = password.replace(/\D/g, "").replace(/^(?:0086|86)(?=\d{11}$)/, "");
  return digits === phone;
}

/** The catalog key of a problem (`form.password.*`). */
export function passwordProblemKey(problem: PasswordProblem): string {
  return `form.password.${problem}`;
}

/** A set of common passwords from a list (one a line), lower-cased; blank lines ignored. */
export function commonPasswordSet(list: string): ReadonlySet<string> {
  const set = new Set<string>();
  for (const line of list.split(/\r?\n/)) {
    if (line) set.add(line.toLowerCase());
  }
  return set;
}
