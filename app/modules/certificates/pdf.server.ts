import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { Level } from "../exams/types";
import { AppError } from "../errors";
import {
  bodyRuns,
  CERTIFICATE_TITLE,
  fitFontSize,
  issuingBody,
  LEVEL_TITLES,
  missingCharacters,
  PAGE,
  printedDate,
  qrRects,
  statusNote,
  verifyUrl,
} from "./pdf-layout";
import type { CertificateStatus } from "./status";

/**
 * The certificate PDF (A4 landscape, Chinese): pdfkit with Noto Sans SC (regular and bold),
 * parsed once per process and embedded as subsets, so the text stays text (selectable, found by
 * pdftotext) and a page costs a few milliseconds. The QR code (the public verification URL) is
 * drawn as vector rectangles. pdfkit stays out of the Vite bundle (vite.config.ts ssr.external).
 */

export interface CertificatePdfData {
  number: string;
  level: Level;
  status: CertificateStatus;
  holderName: string;
  organizationName: string;
  countyName: string;
  issuedAt: Date;
}

type Font = fontkit.Font;
let fonts: { regular: Font; bold: Font } | undefined;

/** The two weights of Noto Sans SC, parsed on first use and kept for the life of the process. */
export function certificateFonts(): { regular: Font; bold: Font } {
  if (fonts) return fonts;
  const require = createRequire(import.meta.url);
  const load = (file: string) => fontkit.create(readFileSync(require.resolve(`@expo-google-fonts/noto-sans-sc/${file}`))) as Font;
  fonts = { regular: load("400Regular/NotoSansSC_400Regular.ttf"), bold: load("700Bold/NotoSansSC_700Bold.ttf") };
  return fonts;
}

/** Characters of the certificate's text that the font cannot draw (they would vanish silently). */
export function unprintableCharacters(data: Pick<CertificatePdfData, "holderName" | "organizationName" | "countyName">): string[] {
  const { regular, bold } = certificateFonts();
  const has = (cp: number) => regular.hasGlyphForCodePoint(cp) && bold.hasGlyphForCodePoint(cp);
  return missingCharacters(`${data.holderName}${data.organizationName}${data.countyName}`, has);
}

/** The Chinese message for a certificate that cannot be printed (shown to the holder and the admin). */
export function unprintableMessage(number: string, missing: string[]): string {
  return `证书 ${number} 的姓名或组织名称中有字体无法显示的字（${missing.join("、")}），无法生成 PDF，以免缺字。请联系县委组织部核对姓名用字后处理。`;
}

/** A certificate whose text has characters outside the font: no PDF (the routes answer 422 with `message`). */
export class UnprintableCertificateError extends Error {
  constructor(
    readonly number: string,
    readonly missing: string[],
  ) {
    super(unprintableMessage(number, missing));
    this.name = "UnprintableCertificateError";
  }
}

const RED = "#b3141c";
const GOLD = "#b8924a";
const INK = "#222222";
const GREY = "#555555";

function drawPage(doc: PDFKit.PDFDocument, cert: CertificatePdfData, origin: string): void {
  const { width: W, height: H } = PAGE;
  // Frame: a red double border and a thin gold line inside, with corner squares.
  doc.save();
  doc
    .lineWidth(6)
    .strokeColor(RED)
    .rect(18, 18, W - 36, H - 36)
    .stroke();
  doc
    .lineWidth(1.2)
    .rect(28, 28, W - 56, H - 56)
    .stroke();
  doc
    .lineWidth(0.8)
    .strokeColor(GOLD)
    .rect(36, 36, W - 72, H - 72)
    .stroke();
  for (const [cx, cy] of [
    [36, 36],
    [W - 36, 36],
    [36, H - 36],
    [W - 36, H - 36],
  ]) {
    doc
      .fillColor(GOLD)
      .rect(cx - 6, cy - 6, 12, 12)
      .fill();
    doc
      .fillColor("#ffffff")
      .rect(cx - 3, cy - 3, 6, 6)
      .fill();
  }
  doc.restore();

  // Title and level.
  doc.font("bold").fontSize(40).fillColor(RED);
  doc.text(CERTIFICATE_TITLE, 5, 78, { width: W, align: "center", characterSpacing: 10 });
  doc
    .font("regular")
    .fontSize(10)
    .fillColor(GOLD)
    .text("HONGFAN NAVIGATOR CERTIFICATE", 0, 134, { width: W, align: "center", characterSpacing: 3 });
  doc
    .lineWidth(1)
    .strokeColor(GOLD)
    .moveTo(W / 2 - 150, 154)
    .lineTo(W / 2 + 150, 154)
    .stroke();
  doc.font("bold").fontSize(26).fillColor(INK).text(LEVEL_TITLES[cert.level], 0, 172, { width: W, align: "center", characterSpacing: 4 });

  // The body: 兹证明 <name> 同志（<organization>）…
  const left = 110;
  const textWidth = W - 2 * left;
  const runs = bodyRuns(cert.holderName, cert.organizationName, cert.level);
  const size = fitFontSize(
    (s) =>
      runs.reduce(
        (sum, r) =>
          sum +
          doc
            .font(r.bold ? "bold" : "regular")
            .fontSize(s)
            .widthOfString(r.text),
        0,
      ) / 3,
    textWidth,
    20,
    12,
  );
  doc.fillColor(INK).fontSize(size);
  doc.x = left;
  doc.y = 242;
  runs.forEach((run, i) => {
    doc
      .font(run.bold ? "bold" : "regular")
      .text(run.text, { width: textWidth, continued: i < runs.length - 1, lineGap: size * 0.9, indent: i === 0 ? size * 2 : 0 });
  });

  // A certificate that no longer stands says so across the page.
  const note = statusNote(cert.status);
  if (note) doc.font("bold").fontSize(14).fillColor(RED).text(note, 0, 372, { width: W, align: "center" });

  // Bottom left: the QR code, the URL beneath it, number and date to its right.
  const url = verifyUrl(origin, cert.number);
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const side = 92;
  const qx = 70;
  const qy = H - 70 - side - 14;
  doc.fillColor("#000000");
  for (const r of qrRects(qr.modules.size, (row, col) => Boolean(qr.modules.get(row, col)), qx, qy, side)) doc.rect(r.x, r.y, r.w, r.h);
  doc.fill();
  doc
    .font("regular")
    .fontSize(6.5)
    .fillColor(GREY)
    .text(url, qx - 10, qy + side + 6, { width: 300, lineBreak: false });
  doc
    .fontSize(9)
    .fillColor(GREY)
    .text("扫码验证证书真伪与状态", qx + side + 14, qy + 4, { lineBreak: false });
  doc.fontSize(11).fillColor(INK);
  doc.text(`证书编号：${cert.number}`, qx + side + 14, qy + 34, { lineBreak: false });
  doc.text(`发证日期：${printedDate(cert.issuedAt)}`, qx + side + 14, qy + 56, { lineBreak: false });

  // Bottom right: the issuing body and the date.
  const right = W - 90;
  const body = issuingBody(cert.countyName);
  doc.font("bold").fontSize(16).fillColor(INK);
  const bw = doc.widthOfString(body);
  doc.text(body, right - bw, qy + 30, { lineBreak: false });
  doc.font("regular").fontSize(12);
  const date = printedDate(cert.issuedAt);
  doc.text(date, right - bw + (bw - doc.widthOfString(date)) / 2, qy + 58, { lineBreak: false });
}

/**
 * One PDF with a page per certificate, as a Buffer. Refuses (AppError badRequest with a Chinese
 * message) when a name or organization has a character the font cannot draw: such a character
 * would be an empty box on paper and missing from the text, without any error.
 */
export async function renderCertificatesPdf(certs: readonly CertificatePdfData[], origin: string): Promise<Buffer> {
  if (!certs.length) throw new AppError("badRequest", "no certificates to print");
  for (const cert of certs) {
    const missing = unprintableCharacters(cert);
    if (missing.length) throw new UnprintableCertificateError(cert.number, missing);
  }
  const { regular, bold } = certificateFonts();
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: certs.length === 1 ? `${CERTIFICATE_TITLE} ${certs[0].number}` : `${CERTIFICATE_TITLE}（${certs.length} 本）`,
      Author: issuingBody(certs[0].countyName),
      Creator: "红帆",
    },
    lang: "zh-CN",
  } as PDFKit.PDFDocumentOptions);
  // pdfkit takes a parsed fontkit font as well as a file (PDFFontFactory.open): parsed once, not per document.
  doc.registerFont("regular", regular as unknown as string);
  doc.registerFont("bold", bold as unknown as string);
  const done = pdfBytes(doc);
  for (const cert of certs) {
    doc.addPage({ size: "A4", layout: "landscape", margin: 0 });
    drawPage(doc, cert, origin);
  }
  doc.end();
  return done;
}

/** The bytes of a pdfkit document once it ends (call before `doc.end()`): the one way PDFs are collected (certificates, the archive). */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}
