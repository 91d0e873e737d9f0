import ExcelJS from "exceljs";
import type { Actor } from "../auth/access";
import { studySettings } from "../learning/config.server";
import { listLearnersForExport, type HoursFilter } from "./dashboard.server";
import { creditHours } from "./study-hours";

/** The dashboard's learners (same filter, same scope, same 达标 rule) as an .xlsx workbook. */
export async function exportHoursWorkbook(actor: Actor, filter: HoursFilter): Promise<Uint8Array> {
  const settings = await studySettings();
  const rows = await listLearnersForExport(actor, filter, settings);
  return hoursWorkbook({ year: filter.year, minutesPerCreditHour: settings.minutesPerCreditHour, rows });
}

/** The learners of a dashboard filter as an .xlsx workbook (Chinese headers). */
export async function hoursWorkbook(input: {
  year: number;
  minutesPerCreditHour: number;
  rows: {
    name: string;
    phone: string;
    townName: string;
    organizationName: string;
    onlineSeconds: number;
    offlineSeconds: number;
    totalSeconds: number;
    met: boolean;
  }[];
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
  const hours = (seconds: number) => creditHours(seconds, input.minutesPerCreditHour);
  for (const r of input.rows) {
    sheet.addRow({
      name: r.name,
      phone: r.phone,
      town: r.townName,
      organization: r.organizationName,
      online: hours(r.onlineSeconds),
      offline: hours(r.offlineSeconds),
      total: hours(r.totalSeconds),
      met: r.met ? "是" : "否",
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
