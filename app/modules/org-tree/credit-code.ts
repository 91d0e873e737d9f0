/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-character set below (no I, O, Z, S,
 * V): registration authority (1), organization category (1), administrative division (6),
 * organization code (9) and a MOD 31 check character.
 */
export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = "format" | "checkCharacter";

export function normalizeCreditCode(input: string): string {
  return input.trim().replace(/\s/g, "").toUpperCase();
}

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) throw new Error(`invalid credit code character ${first17[i]}`);
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

export function checkCreditCode(value: string): CreditCodeProblem | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return "format";
  return creditCodeCheckCharacter(value.slice(0, 17)) === value[17] ? null : "checkCharacter";
}

/** Builds a valid code from its first 17 characters (used for demo and test data). */
export function completeCreditCode(first17: string): string {
  return first17 + creditCodeCheckCharacter(first17);
}
