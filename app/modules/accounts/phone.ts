/** Mainland China mobile numbers: 11 digits starting 13–19. */
export function normalizePhone(input: string): string {
  return input
    .trim()
    .replace(/[\s-]/g, "")
    .replace(/^\+?86/, "");
}

export function isMobilePhone(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** 138****5678 */
export function maskPhone(value: string): string {
  if (value.length !== 11) return value.replace(/\d(?=\d{4})/g, "*");
  return `${value.slice(0, 3)}****${value.slice(7)}`;
}

/** 张*明, 李*, 欧阳**: keeps the first and, for three or more characters, the last character. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join("");
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
}
