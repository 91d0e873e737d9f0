import PDFDocument from "pdfkit";
import { certificateFonts, pdfBytes } from "../certificates/pdf.server";
import type { ArchiveEntry, ArchivePerson, StudyYear } from "./read.server";

/**
 * The paper 专项档案 a county files: A4 portrait, Noto Sans SC (the certificate fonts, parsed once),
 * the person, 学时 per year, then every entry newest first with who recorded it and when, and the
 * chain hash of each (so a paper copy can be checked against the database later).
 */

const LEVELS: Record<string, string> = { junior: "初级", intermediate: "中级", senior: "高级" };
const STATUSES: Record<string, string> = { valid: "有效", on_hold: "暂停", superseded: "已升级", downgraded: "已降级", revoked: "已撤销" };
const PARTY_STATUS: Record<string, string> = { full: "正式党员", probationary: "预备党员" };
const RED = "#b3141c";
const INK = "#222222";
const GREY = "#555555";

function beijing(d: Date, withTime = true): string {
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return withTime ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s.slice(0, 10);
}

export async function renderArchivePdf(input: {
  person: ArchivePerson;
  study: { years: StudyYear[]; required: number };
  entries: ArchiveEntry[];
  printedAt: Date;
  printedBy: string;
}): Promise<Buffer> {
  const { person: p, study, entries } = input;
  const { regular, bold } = certificateFonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: `红帆领航员专项档案 ${p.name}`, Author: `${p.countyName}委组织部`, Creator: "红帆" },
    lang: "zh-CN",
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont("regular", regular as unknown as string);
  doc.registerFont("bold", bold as unknown as string);
  const done = pdfBytes(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font("bold").fontSize(20).fillColor(RED).text("红帆领航员专项档案", { align: "center" });
  doc.moveDown(0.2).font("regular").fontSize(10).fillColor(GREY).text(`${p.countyName}委组织部`, { align: "center" });
  doc.moveDown(0.8);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1.2)
    .strokeColor(RED)
    .stroke();
  doc.moveDown(0.6);

  const rows: [string, string][] = [
    ["姓名", p.name],
    ["单位", p.organizationName],
    ["镇（街道）", `${p.countyName} ${p.townName}`],
    ["政治面貌", PARTY_STATUS[p.partyStatus] ?? p.partyStatus],
    [
      "当前证书",
      p.certificate
        ? `${LEVELS[p.certificate.level] ?? p.certificate.level} · ${p.certificate.number} · ${STATUSES[p.certificate.status] ?? p.certificate.status}`
        : "暂无",
    ],
    ["注册时间", beijing(p.createdAt, false)],
  ];
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.font("bold").fontSize(10.5).fillColor(GREY).text(k, left, y, { width: 80 });
    doc
      .font("regular")
      .fillColor(INK)
      .text(v, left + 86, y, { width: width - 86 });
    doc.moveDown(0.25);
  }

  doc.moveDown(0.6).font("bold").fontSize(13).fillColor(RED).text("各年度学时", left);
  doc.moveDown(0.3).font("regular").fontSize(10.5).fillColor(INK);
  if (!study.years.length) doc.text("尚无学时记录。");
  for (const y of study.years)
    doc.text(`${y.year}年度：${y.hours} 学时　${y.met ? `已达 ${study.required} 学时` : `未达 ${study.required} 学时`}`);

  doc.moveDown(0.8).font("bold").fontSize(13).fillColor(RED).text(`档案记录（共 ${entries.length} 条，新的在前）`, left);
  doc.moveDown(0.3);
  for (const e of entries) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
    const top = doc.y;
    doc
      .font("regular")
      .fontSize(9)
      .fillColor(GREY)
      .text(`${beijing(e.occurredAt)}`, left, top, { width: 92 });
    doc.text(`第 ${e.seq} 条`, left, doc.y, { width: 92 });
    const x = left + 100;
    const w = width - 100;
    doc.font("bold").fontSize(10.5).fillColor(INK).text(e.title, x, top, { width: w });
    doc.font("regular").fontSize(9.5);
    if (e.detail) doc.text(e.detail, x, doc.y, { width: w });
    if (e.reason) doc.text(`理由：${e.reason}`, x, doc.y, { width: w });
    const notes = [e.recordedBy ? `记录人：${e.recordedBy}` : "系统自动记录"];
    if (e.corrects) notes.push(`更正第 ${e.corrects.seq} 条`);
    for (const c of e.correctedBy) notes.push(`已被第 ${c.seq} 条更正`);
    doc
      .fontSize(8.5)
      .fillColor(GREY)
      .text(`${notes.join("　")}　校验值 ${e.hash.slice(0, 16)}`, x, doc.y, { width: w });
    doc.moveDown(0.5);
    doc
      .moveTo(left, doc.y - 3)
      .lineTo(left + width, doc.y - 3)
      .lineWidth(0.3)
      .strokeColor("#cccccc")
      .stroke();
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.height - 36;
    // below the bottom margin: without this pdfkit would start a new page for the footer
    doc.page.margins.bottom = 0;
    doc.font("regular").fontSize(8).fillColor(GREY);
    doc.text(`${p.name} 专项档案　打印：${beijing(input.printedAt)} ${input.printedBy}　第 ${i + 1} / ${range.count} 页`, left, bottom, {
      width,
      align: "center",
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}
