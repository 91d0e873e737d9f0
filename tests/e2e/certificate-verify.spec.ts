import { expect, test } from "@playwright/test";
import { DEMO, login, checkPage } from "./helpers";

/** 高晓燕 holds an intermediate certificate that superseded her junior one (db/seed/demo-certificates.ts). */
const HOLDER = { phone: "13800000015", name: "高晓燕", masked: "高*燕" };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

test("the holder downloads the PDF from 我的证书; a phone opens the QR's URL and sees 有效 and the masked name", async ({ browser }) => {
  // The holder: 我的证书 → the PDF of the valid certificate.
  const holder = await (await browser.newContext()).newPage();
  await login(holder, HOLDER.phone);
  await holder.goto("/certificates");
  const valid = holder.getByTestId("certificate").filter({ hasText: "有效" });
  await expect(valid).toHaveCount(1);
  const number = (await valid.locator("dd.font-mono").textContent())!.trim();
  expect(number).toMatch(/^HF370829-\d{4}-2-\d{4}-[0-9X]$/);
  const href = await valid.getByRole("link", { name: "下载证书 PDF" }).getAttribute("href");
  const pdf = await holder.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  // the download button is a real download
  const [download] = await Promise.all([holder.waitForEvent("download"), valid.getByRole("link", { name: "下载证书 PDF" }).click()]);
  expect(download.suggestedFilename()).toBe(`红帆领航员证书-${number}.pdf`);

  // A phone, not signed in, opens what the QR code encodes.
  const phone = await (await browser.newContext(PHONE)).newPage();
  const response = await phone.goto(`/verify/${number}`);
  expect(response!.status()).toBe(200);
  expect(response!.headers()["cache-control"]).toBe("public, max-age=60");
  await expect(phone.getByTestId("verify-status")).toHaveText("有效");
  await expect(phone.getByTestId("verify-holder")).toHaveText(HOLDER.masked);
  await expect(phone.getByText("中级红帆领航员")).toBeVisible();
  await expect(phone.getByText(HOLDER.name)).toHaveCount(0);
  await checkPage(phone);

  // The form: a mistyped number is caught before any lookup.
  await phone.goto("/verify");
  const last = number.at(-1)!;
  await phone.getByLabel("证书编号").fill(number.slice(0, -1) + (last === "1" ? "2" : "1"));
  await phone.getByRole("button", { name: "验证" }).click();
  await expect(phone.getByRole("alert").filter({ hasText: "校验位不符" })).toBeVisible();
  await checkPage(phone);
  await phone.getByLabel("证书编号").fill(number.toLowerCase());
  await phone.getByRole("button", { name: "验证" }).click();
  await expect(phone).toHaveURL(new RegExp(`/verify/${number}$`));
  await expect(phone.getByTestId("verify-status")).toHaveText("有效");
});

test("the county admin downloads selected certificates as one PDF from 发证管理; 曲阜市's admin does not see them", async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/admin/certificates");
  const issued = admin.getByTestId("issued");
  await expect(issued.getByText(HOLDER.name).first()).toBeVisible();
  await issued.getByRole("checkbox").first().check();
  await issued.getByRole("checkbox").nth(1).check();
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("button", { name: "下载所选证书 PDF" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^红帆领航员证书-2本-\d{4}-\d{2}-\d{2}\.pdf$/);
  const all = await admin.request.get("/admin/certificates.pdf?all=valid");
  expect(all.headers()["content-type"]).toBe("application/pdf");

  const qufu = await (await browser.newContext()).newPage();
  await login(qufu, DEMO.qufuAdmin);
  await qufu.goto("/admin/certificates");
  await expect(qufu.getByText("本县还没有发放证书。")).toBeVisible();
  const id = /id=(\d+)/.exec((await issued.getByRole("link").first().getAttribute("href"))!)![1];
  expect((await qufu.request.get(`/admin/certificates.pdf?id=${id}`)).status()).toBe(403);
});
