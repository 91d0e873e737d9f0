import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { DEMO, login, checkPage } from "./helpers";

/** The demo navigators (db/seed/demo-data.ts): 高晓燕 of 嘉祥县 holds an intermediate certificate, her junior one 已升级. */
const GAO = { phone: "13800000015", name: "高晓燕" };
const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

test("a navigator opens 我的档案 from the menu on a phone: her certificates and who recorded them, newest first", async ({ browser }) => {
  const page = await (await browser.newContext(PHONE)).newPage();
  await login(page, GAO.phone);
  await page.goto("/");
  await page.getByText("菜单").first().click();
  await page.getByRole("link", { name: "我的档案" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "我的档案" })).toBeVisible();
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toContainText("颁发证书");
  await expect(timeline).toContainText("证书被新证书替代");
  // newest first: the intermediate certificate's issue comes before the junior one's supersession
  const types = await timeline.locator("li").evaluateAll((els) => els.map((e) => e.getAttribute("data-type")));
  expect(types.indexOf("certificateIssued")).toBeLessThan(types.indexOf("certificateSuperseded"));
  await page.getByLabel("按类别筛选").selectOption({ label: "证书" });
  await page.getByRole("button", { name: "筛选" }).click();
  await page.waitForURL(/group=certificates/);
  await expect(timeline.locator("li")).not.toHaveCount(0);
  for (const type of await timeline.locator("li").evaluateAll((els) => els.map((e) => e.getAttribute("data-type"))))
    expect(type).toMatch(/^certificate/);
  await page.goto(new URL(page.url()).pathname);
  await checkPage(page, 360);
  await page.screenshot({ path: "docs/screenshots/archive-mine-360.png", fullPage: true });
});

test("a county admin opens a navigator's archive from the roster, downloads the PDF, and records a correction", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true })).newPage();
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/navigators");
  await page.getByTestId("roster").getByRole("link", { name: GAO.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${GAO.name} · 专项档案` })).toBeVisible();
  await expect(page.getByTestId("archive-person")).toHaveText(GAO.name);
  await checkPage(page, 1366);
  await page.screenshot({ path: "docs/screenshots/archive-1366.png", fullPage: true });

  const download = page.waitForEvent("download");
  await page.getByTestId("archive-pdf").click();
  const file = await (await download).path();
  await (await download).saveAs("test-results/archive-demo.pdf");
  expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");

  // a correction is a new entry pointing at the corrected one; the corrected entry stays and links to it
  const first = page.getByTestId("timeline").locator("li").first();
  const firstSeq = (await first.textContent())!.match(/第 (\d+) 条/)![1];
  await first.getByText("更正此条").click();
  await first.getByLabel("更正说明").fill("");
  await first.getByRole("button", { name: "记录更正" }).click();
  await expect(page.getByText("请填写更正说明。")).toBeVisible();
  const again = page.getByTestId("timeline").locator("li").first();
  await again.getByLabel("更正说明").fill("发证日期以纸质证书为准");
  await again.getByRole("button", { name: "记录更正" }).click();
  await expect(page.getByText("更正已记入档案（原记录保留）。")).toBeVisible();
  const newest = page.getByTestId("timeline").locator("li").first();
  await expect(newest).toHaveAttribute("data-type", "correction");
  await expect(newest).toContainText(`更正第 ${firstSeq} 条`);
  await expect(newest).toContainText("记录人：王建国");
  await expect(page.getByTestId("timeline")).toContainText(/已被第 \d+ 条更正/);
});

test("a 曲阜市 admin gets 403 for a 嘉祥县 navigator's archive and its PDF by typed URL", async ({ browser }) => {
  const jiaxiang = await (await browser.newContext()).newPage();
  await login(jiaxiang, DEMO.jiaxiangAdmin);
  await jiaxiang.goto("/admin/navigators");
  const href = await jiaxiang.getByTestId("roster").getByRole("link", { name: GAO.name }).getAttribute("href");
  expect(href).toMatch(/^\/archive\/\d+$/);
  const qufu = await (await browser.newContext()).newPage();
  await login(qufu, DEMO.qufuAdmin);
  expect((await qufu.goto(href!))!.status()).toBe(403);
  expect((await qufu.request.get(`${href}.pdf`)).status()).toBe(403);
});
