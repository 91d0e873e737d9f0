import ExcelJS from "exceljs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, login, register } from "./helpers";

const DEMO_EXAM = "2026年嘉祥县初级红帆领航员认证考试（演示）";
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** A new candidate of 嘉祥县 whose application the county admin approves (0 学时 so far). */
async function approvedCandidate(browser: Browser, admin: Page, name: string) {
  const page = await (await browser.newContext(PHONE)).newPage();
  const person = await register(page, { name });
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText("申请已提交")).toBeVisible();
  await admin.goto("/review/applications");
  await admin.getByRole("link", { name }).click();
  await admin.getByRole("button", { name: "通过", exact: true }).click();
  await expect(admin.getByText("已通过该申请。")).toBeVisible();
  return { page, person };
}

async function openProctor(admin: Page) {
  await admin.goto("/admin/exams");
  await admin.getByRole("link", { name: DEMO_EXAM }).click();
  await admin.getByRole("link", { name: "监考" }).first().click();
  await expect(admin.getByRole("heading", { level: 1, name: /^监考：/ })).toBeVisible();
}

test("proctor at 360 px: cards instead of a wide table, a candidate without 学时 shown apart with the reason, a reload not counted as leaving", async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const admin = await (await browser.newContext(PHONE)).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  const suffix = String.fromCharCode(0x4e00 + Math.floor(Math.random() * 2000));
  const shortName = `冯${suffix}时`;
  const readyName = `韩${suffix}考`;
  const short = await approvedCandidate(browser, admin, shortName);
  await short.page.context().close();
  const ready = await approvedCandidate(browser, admin, readyName);

  // 32 学时 for the second one, from an offline class.
  await admin.goto("/admin/offline-classes");
  await admin.getByLabel("培训名称").fill(`监考测试集中培训${suffix}`);
  await admin.getByLabel("培训日期").fill(new Date().toISOString().slice(0, 10));
  await admin.getByLabel("学时", { exact: true }).fill("32");
  await admin.getByLabel("地点").fill("嘉祥县委党校");
  await admin.getByLabel("主办单位").fill("嘉祥县委组织部");
  await admin.getByRole("button", { name: "新建" }).click();
  const book = new ExcelJS.Workbook();
  book.addWorksheet("名单").addRow([ready.person.idNumber]);
  const file = testInfo.outputPath("attendance.xlsx");
  await book.xlsx.writeFile(file);
  await admin.getByLabel("上传参训名单（Excel）").setInputFiles(file);
  await admin.getByRole("button", { name: "检查名单" }).click();
  await admin.getByRole("button", { name: "确认登记" }).click();
  await expect(admin.getByText("已登记 1 人，学时已计入。")).toBeVisible();

  // The ready candidate starts, then reloads the exam page.
  const candidate = ready.page;
  await candidate.goto("/exams");
  await candidate.getByTestId("open-sitting").filter({ hasText: DEMO_EXAM }).getByRole("link").first().click();
  await candidate.getByRole("button", { name: /开始考试|继续作答/ }).click();
  await expect(candidate).toHaveURL(/\/exams\/attempts\/\d+$/);
  await expect(candidate.getByTestId("time-left")).toHaveText(/\d+:\d\d/);
  await candidate.reload();
  await expect(candidate.getByTestId("time-left")).toHaveText(/\d+:\d\d/);
  await candidate.waitForTimeout(3_000);

  await openProctor(admin);
  await expect(admin.getByText(/刷新页面不计/)).toBeVisible();
  const counts = admin.getByTestId("proctor-counts");
  await expect(counts).toContainText(/不能开始 [1-9]/);

  const readyRow = admin.locator("tr", { hasText: readyName });
  await expect(readyRow).toContainText("作答中");
  await expect(readyRow.getByTestId("leaves")).toHaveText("0");

  const shortRow = admin.locator("tr", { hasText: shortName });
  await expect(shortRow).toHaveAttribute("data-state", "not_allowed");
  await expect(shortRow).toContainText("不能开始");
  await expect(shortRow.getByTestId("blockers")).toContainText("学时");
  await expect(shortRow).not.toContainText("未开始");

  // Cards: no sideways scrolling, each row as wide as the screen allows, column names shown.
  const { width, scrollWidth } = await admin.evaluate(() => ({
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(width);
  const region = admin.getByRole("region", { name: "考生列表" });
  expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const box = await readyRow.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  expect(await readyRow.getByTestId("leaves").evaluate((el) => getComputedStyle(el, "::before").content)).toContain("离开页面");
  await readyRow.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: "test-results/screens/proctor-360.png", fullPage: true });

  // Real leaving: hidden for more than two seconds (the page's own events, as a tab switch sends them).
  await candidate.evaluate(async () => {
    const attemptId = Number(location.pathname.split("/").pop());
    const send = (kind: string) =>
      fetch("/api/exam/event", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ attemptId, kind }),
      });
    await send("hidden");
    await new Promise((r) => setTimeout(r, 3_000));
    await send("visible");
  });
  await admin.reload();
  await expect(admin.locator("tr", { hasText: readyName }).getByTestId("leaves")).toHaveText(/^1 次/);
  await candidate.context().close();
});

test("the hours chart at 360 px is drawn for the phone, not a wide chart scaled down", async ({ browser }) => {
  const admin = await (await browser.newContext(PHONE)).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/admin/hours");
  const chart = admin.getByTestId("hours-chart");
  await expect(chart).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const { natural, shown } = await chart.evaluate((img: HTMLImageElement) => ({
    natural: img.naturalWidth,
    shown: img.getBoundingClientRect().width,
  }));
  // Shown at (nearly) its own size: 14 px labels stay about 14 px.
  expect(shown / natural).toBeGreaterThan(0.9);
  expect(natural).toBeLessThanOrEqual(320);
  await chart.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: "test-results/screens/hours-chart-360.png" });
  await admin.context().close();
});
