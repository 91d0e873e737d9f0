import { checkIdNumber, normalizeIdNumber } from "../accounts/id-number";
import { isMobilePhone, normalizePhone } from "../accounts/phone";

/**
 * An attendance list (pure): one ID number or mobile number per row, from the first column of a
 * spreadsheet. Every row is checked; problems carry the line and a catalog key.
 */
export type Identifier = { line: number; kind: "idNumber" | "phone"; value: string };
export type AttendanceProblem = {
  line: number;
  value: string;
  code: "invalidIdentifier" | "duplicateInFile" | "unknownPerson" | "alreadyAttending";
};
// "unknownPerson" also stands for a person registered in another county: the preview must not tell a
// county admin who is registered elsewhere (issue 8 item 11).

const HEADER = /^(身份证号|身份证号码|手机号|手机号码|手机|证件号|证件号码|id|phone|姓名)/i;

export function parseAttendanceList(cells: { line: number; value: string }[]): {
  identifiers: Identifier[];
  problems: AttendanceProblem[];
} {
  const identifiers: Identifier[] = [];
  const problems: AttendanceProblem[] = [];
  const seen = new Map<string, number>();
  cells.forEach(({ line, value }, index) => {
    const raw = value.trim();
    if (!raw || (index === 0 && HEADER.test(raw))) return;
    const phone = normalizePhone(raw);
    let identifier: Identifier | null = null;
    if (isMobilePhone(phone)) identifier = { line, kind: "phone", value: phone };
    else {
      const id = normalizeIdNumber(raw);
      if (!checkIdNumber(id)) identifier = { line, kind: "idNumber", value: id };
    }
    if (!identifier) return void problems.push({ line, value: raw, code: "invalidIdentifier" });
    if (seen.has(identifier.value)) return void problems.push({ line, value: raw, code: "duplicateInFile" });
    seen.set(identifier.value, line);
    identifiers.push(identifier);
  });
  return { identifiers, problems };
}
