/**
 * The holder's name as the public verification page shows it (张*远): the surname and the last
 * character stay, everything between becomes one `*`. Pure.
 *
 * - two characters: the surname and a star (李*);
 * - a compound surname (欧阳, 司马, …) stays whole: 欧阳*锋, 欧阳* (欧阳锋 → 欧阳*);
 * - names with a middle dot (阿依古丽·买买提) keep the first character of each part;
 * - one character, or an empty name, is shown as a star only (nothing personal is given away);
 * - Latin names: the first letter of each word and a star (J* S*).
 */
const COMPOUND_SURNAMES = new Set([
  "欧阳",
  "司马",
  "诸葛",
  "上官",
  "东方",
  "皇甫",
  "尉迟",
  "公孙",
  "慕容",
  "长孙",
  "宇文",
  "司徒",
  "夏侯",
  "轩辕",
  "令狐",
  "钟离",
  "端木",
  "独孤",
  "南宫",
  "西门",
  "申屠",
  "公羊",
  "澹台",
  "太史",
  "百里",
  "呼延",
  "赫连",
  "万俟",
  "闻人",
  "拓跋",
]);

export function maskName(name: string): string {
  const trimmed = name.normalize("NFC").trim();
  if (!trimmed) return "*";
  if (/^[\p{Script=Latin}\s.'-]+$/u.test(trimmed)) {
    return trimmed
      .split(/\s+/)
      .map((word) => `${Array.from(word)[0]}*`)
      .join(" ");
  }
  if (/[·•・.]/.test(trimmed)) {
    return trimmed
      .split(/[·•・.]/)
      .filter(Boolean)
      .map((part) => `${Array.from(part)[0]}*`)
      .join("·");
  }
  const chars = Array.from(trimmed);
  if (chars.length === 1) return "*";
  const surnameLength = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join("")) ? 2 : 1;
  const surname = chars.slice(0, surnameLength).join("");
  const given = chars.slice(surnameLength);
  if (given.length === 1) return `${surname}*`;
  return `${surname}*${given.at(-1)}`;
}
