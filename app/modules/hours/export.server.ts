import ExcelJS from "exceljs";
import { formatCreditHours } from "./training-year";

/** The learners of a dashboard filter as an .xlsx workbook (Chinese headers). */
export async function hoursWorkbook(input: {
  year: number;
  requiredSeconds: number;
  minutesPerCreditHour: number;
  rows: { name: string; phone: string; townName: string; organizationName: string; onlineSeconds: number; offlineSeconds: number; totalSeconds: number }[];
}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "红帆";
  const sheet = workbook.addWorksheet(`${input.year}年度学时`);
  sheet.columns = [
    { header: "姓名", key: "name", width: 12 },
    { header: "手机号", key: "phone", width: 14 },
    { header: "镇（街道）", key: "town", width: 14 },
    { header: "组织", key: "organization", width: 32 },
    { header: "线上学时", key: "online", width: 10 },
    { header: "线下学时", key: "offline", width: 10 },
    { header: "合计学时", key: "total", width: 10 },
    { header: "是否达标", key: "met", width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const hours = (seconds: number) => Number(formatCreditHours(seconds, input.minutesPerCreditHour));
  for (const r of input.rows) {
    sheet.addRow({
      name: r.name,
      phone: r.phone,
      town: r.townName,
      organization: r.organizationName,
      online: hours(r.onlineSeconds),
      offline: hours(r.offlineSeconds),
      total: hours(r.totalSeconds),
      met: r.totalSeconds >= input.requiredSeconds ? "是" : "否",
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
