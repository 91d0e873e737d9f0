import ExcelJS from "exceljs";
import { formatTenths } from "../hours/study-hours";
import type { TestState } from "./rules";

const TEST_TEXT: Record<TestState, string> = {
  passed: "合格",
  failed: "不合格",
  pending: "评阅中",
  inProgress: "作答中",
  notTaken: "未参加",
};

/** A class's progress as an .xlsx workbook (Chinese headers), with exceljs like the hours export and the roster. */
export async function classProgressWorkbook(input: {
  title: string;
  year: number;
  contentTenths: number;
  required: number;
  rows: {
    name: string;
    phone: string;
    townName: string;
    organizationName: string;
    tenths: number;
    percent: number;
    studyDone: boolean;
    test: { state: TestState; markTenths: number | null; maxMarkTenths: number | null };
    outcome: "completed" | "incomplete";
  }[];
}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "红帆";
  const sheet = workbook.addWorksheet(`${input.year}年度班级学习进度`);
  sheet.columns = [
    { header: "姓名", key: "name", width: 12 },
    { header: "手机号", key: "phone", width: 14 },
    { header: "镇（街道）", key: "town", width: 14 },
    { header: "组织", key: "organization", width: 32 },
    { header: "班级内容学时", key: "hours", width: 12 },
    { header: "完成比例", key: "percent", width: 10 },
    { header: `达到${input.required}学时`, key: "studyDone", width: 12 },
    { header: "结业测试", key: "test", width: 10 },
    { header: "测试得分", key: "score", width: 10 },
    { header: "是否结业", key: "outcome", width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const r of input.rows) {
    sheet.addRow({
      name: r.name,
      phone: r.phone,
      town: r.townName,
      organization: r.organizationName,
      hours: Number(formatTenths(r.tenths)),
      percent: `${r.percent}%`,
      studyDone: r.studyDone ? "是" : "否",
      test: TEST_TEXT[r.test.state],
      score: r.test.markTenths == null ? "" : r.test.markTenths / 10,
      outcome: r.outcome === "completed" ? "是" : "否",
    });
  }
  sheet.addRow({});
  sheet.addRow({ name: `班级：${input.title}（内容合计 ${formatTenths(input.contentTenths)} 学时）` });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
