import { readFileSync } from "node:fs";
import { join } from "node:path";
import { commonPasswordSet, newPasswordProblem, type PasswordProblem } from "./password-rule";

/** vendor/passwords/common-10k.txt (SecLists, MIT; see vendor/passwords/README.md), read once. */
export const COMMON_PASSWORDS_FILE = join("vendor", "passwords", "common-10k.txt");

let set: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  set ??= commonPasswordSet(readFileSync(COMMON_PASSWORDS_FILE, "utf8"));
  return set;
}

/** Whether the password is one of the 10,000 most common (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** The whole new-password rule, with the common-password list: registration, change, any reset. */
export function checkNewPassword(password: string, person: { phone?: string | null; idNumber?: string | null }): PasswordProblem | null {
  return newPasswordProblem(password, { ...person, isCommon: isCommonPassword });
}
