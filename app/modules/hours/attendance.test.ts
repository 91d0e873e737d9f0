import { describe, expect, it } from "vitest";
import { parseAttendanceList } from "./attendance";

describe("attendance lists", () => {
  it("accepts ID numbers and phones, skips a header, and reports bad and repeated rows with their lines", () => {
    const result = parseAttendanceList([
      { line: 1, value: "身份证号" },
      { line: 2, value: "11010519491231002x" },
      { line: 3, value: "138 0000 0006" },
      { line: 4, value: "110105194912310021" },
      { line: 5, value: "" },
      { line: 6, value: "13800000006" },
      { line: 7, value: "张三" },
    ]);
    expect(result.identifiers).toEqual([
      { line: 2, kind: "idNumber", value: "11010519491231002X" },
      { line: 3, kind: "phone", value: "13800000006" },
    ]);
    expect(result.problems).toEqual([
      { line: 4, value: "110105194912310021", code: "invalidIdentifier" },
      { line: 6, value: "13800000006", code: "duplicateInFile" },
      { line: 7, value: "张三", code: "invalidIdentifier" },
    ]);
  });
});
