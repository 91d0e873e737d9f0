import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { DEMO, login, checkPage } from "./helpers";

/** The demo navigators (db/seed/demo-data.ts): 高晓燕 holds an intermediate certificate, her junior one 已升级. */
const GAO = { phone: "13800000015", name: "高晓燕" };
const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

test("a navigator sees her certificates on a phone: the valid one, and the upgraded one kept in history", async ({ browser }) => {
  const page = await (await browser.newContext(PHONE)).newPage();
  await login(page, GAO.phone);
  await page.goto("/certificates");
  await expect(page.getByRole("heading", { level: 1, name: "我的证书" })).toBeVisible();
  const cards = page.getByTestId("certificate");
  await expect(cards).toHaveCount(2);
  const intermediate = cards.filter({ hasText: "中级" });
  await expect(intermediate).toContainText("有效");
  await expect(intermediate).toContainText(/HF\d{6}-\d{4}-2-\d{4}-[0-9X]/);
  const junior = cards.filter({ hasText: "初级" });
  await expect(junior).toContainText("已升级");
  await checkPage(page, 360);
  await page.screenshot({ path: "test-results/screens/certificates-mine-360.png", fullPage: true });
});

test("a county admin sees 发证管理 and the roster of the county, filters it and exports a workbook", async ({ browser }, testInfo) => {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/certificates");
  await expect(page.getByRole("heading", { level: 1, name: "发证管理" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "待发证" })).toBeVisible();
  await checkPage(page, 1366);
  await page.screenshot({ path: "test-results/screens/certificates-admin-1366.png", fullPage: true });

  // The county admin's fourteen menu entries each stay on one line at 1366 px (they wrapped as 审核申/请).
  const heights = await page
    .getByRole("navigation", { name: "菜单" })
    .first()
    .locator("a, button")
    .evaluateAll((els) => els.map((e) => [e.textContent, e.getBoundingClientRect().height] as const));
  expect(heights.length).toBeGreaterThan(10);
  for (const [label, height] of heights) expect(height, `${label} wraps`).toBeLessThan(48);

  await page.goto("/admin/navigators");
  const roster = page.getByTestId("roster");
  await expect(roster).toContainText(GAO.name);
  await expect(roster).toContainText("田志刚");
  await page.getByLabel("级别").selectOption("senior");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(roster).toContainText("田志刚");
  await expect(roster).not.toContainText(GAO.name);
  await checkPage(page, 1366);
  await page.screenshot({ path: "test-results/screens/roster-1366.png", fullPage: true });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 Excel" }).click();
  const file = testInfo.outputPath("roster.xlsx");
  await (await download).saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const text = JSON.stringify(workbook.worksheets[0].getSheetValues());
  expect(text).toContain("田志刚");
  expect(text).not.toContain(GAO.name);
});
