import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, login, register } from "./helpers";

const credited = async (page: Page) => Number(await page.getByTestId("credited-minutes").getAttribute("data-seconds"));

async function openFirstLesson(page: Page) {
  await page.goto("/learn");
  await page.getByRole("link", { name: /党务工作操作实务/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /操作实务/ })).toBeVisible();
  await page.getByRole("link", { name: /主题党日/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /主题党日/ })).toBeVisible();
}

test("a learner studies a lesson: the server credits the time, hiding the page stops it, and 我的学时 shows it", async ({ page }) => {
  await register(page, { name: "学习者甲" });
  await openFirstLesson(page);
  await expect(page.getByTestId("study-status")).toHaveAttribute("data-outcome", /started|credited/);
  await expect.poll(() => credited(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);

  // The page goes to the background: beats say so and nothing more is credited.
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect(page.getByTestId("study-status")).toHaveAttribute("data-outcome", "hidden");
  const whenHidden = await credited(page);
  await page.waitForTimeout(5_000);
  expect(await credited(page)).toBe(whenHidden);

  await page.goto("/hours");
  await expect(page.getByTestId("year-hours")).toContainText("/ 32 学时");
  await expect(page.getByRole("link", { name: /党务工作操作实务/ })).toBeVisible();
});

test("a second tab does not double the time", async ({ page, context }) => {
  await register(page, { name: "学习者乙" });
  await openFirstLesson(page);
  await expect.poll(() => credited(page), { timeout: 15_000 }).toBeGreaterThan(0);
  const second = await context.newPage();
  await second.goto(page.url());
  await expect(second.getByTestId("study-status")).toHaveAttribute("data-outcome", /started|credited/);
  await expect(page.getByTestId("study-status")).toHaveAttribute("data-outcome", "otherStream", { timeout: 10_000 });
  await expect(page.getByText("您正在其他窗口或设备学习，本页暂停计时")).toBeVisible();

  // Over the next stretch only one stream earns: credited time grows no faster than the clock.
  const start = Date.now();
  const before = await credited(second);
  await second.waitForTimeout(8_000);
  await expect.poll(() => credited(second)).toBeGreaterThan(before);
  const gained = (await credited(second)) - before;
  expect(gained).toBeLessThanOrEqual(Math.ceil((Date.now() - start) / 1000) + 2);

  await page.getByRole("button", { name: "在此窗口继续学习" }).click();
  await expect(page.getByTestId("study-status")).toHaveAttribute("data-outcome", /started|credited/);
  await expect(second.getByTestId("study-status")).toHaveAttribute("data-outcome", "otherStream", { timeout: 10_000 });
});

test("a county admin sees the learner in the dashboard, downloads a valid .xlsx and reminds them", async ({ page, browser }, testInfo) => {
  const name = `统计${String.fromCharCode(0x4e00 + Math.floor(Math.random() * 2000))}员`;
  await register(page, { name });
  await openFirstLesson(page);
  await expect.poll(() => credited(page), { timeout: 15_000 }).toBeGreaterThan(0);

  const admin = await (await browser.newContext()).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/admin/hours?met=notMet");
  await expect(admin.getByRole("img", { name: /学员学时分布/ })).toBeVisible();
  await expect(admin.getByTestId("learners").getByRole("link", { name })).toBeVisible();

  const downloadPromise = admin.waitForEvent("download");
  await admin.getByRole("link", { name: "导出 Excel" }).click();
  const file = testInfo.outputPath("hours.xlsx");
  await (await downloadPromise).saveAs(file);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const names = book.worksheets[0].getColumn(1).values.map(String);
  expect(names).toContain("姓名");
  expect(names).toContain(name);

  await admin.getByTestId("learners").getByRole("link", { name }).click();
  await expect(admin.getByTestId("beats")).toContainText("正在计时");

  await admin.goto("/admin/hours");
  await admin.getByRole("button", { name: "一键提醒未达标学员" }).click();
  await expect(admin.getByText(/已向 \d+ 名学员发送提醒/)).toBeVisible();
  await page.goto("/");
  await expect(page.getByTestId("notification").first()).toContainText("距 32 学时的要求还有差距");
  await page.getByTestId("notification").first().getByRole("button", { name: "知道了" }).click();
  await expect(page.getByTestId("notification")).toHaveCount(0);
});

test("a county admin records an offline class; a list with a bad row records nobody until confirmed", async ({
  page,
  browser,
}, testInfo) => {
  const learner = await (await browser.newContext()).newPage();
  const person = await register(learner, { name: "线下学员" });
  await learner.context().close();

  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/offline-classes");
  await page.getByLabel("培训名称").fill("红帆领航员集中培训");
  await page.getByLabel("培训日期").fill("2026-11-20");
  await page.getByLabel("学时", { exact: true }).fill("4.25");
  await page.getByLabel("地点").fill("嘉祥县委党校");
  await page.getByLabel("主办单位").fill("嘉祥县委组织部");
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByText("学时应为 0.1 到 40 之间的数，最多一位小数。", { exact: true })).toBeVisible();
  await expect(page.getByLabel("培训名称")).toHaveValue("红帆领航员集中培训");
  await page.getByLabel("学时", { exact: true }).fill("4");
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "红帆领航员集中培训" })).toBeVisible();

  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("名单");
  sheet.addRow(["身份证号"]);
  sheet.addRow([person.idNumber]);
  sheet.addRow(["不是号码"]);
  const file = testInfo.outputPath("attendance.xlsx");
  await book.xlsx.writeFile(file);
  await page.getByLabel("上传参训名单（Excel）").setInputFiles(file);
  await page.getByRole("button", { name: "检查名单" }).click();
  await expect(page.getByTestId("attendance-problems").getByRole("row").filter({ hasText: "不是有效的身份证号或手机号" })).toContainText(
    "3",
  );
  await expect(page.getByTestId("attendees").getByRole("row")).toHaveCount(1);
  await page.getByRole("button", { name: "只登记无误的 1 人" }).click();
  await expect(page.getByText("已登记 1 人，学时已计入。")).toBeVisible();
  await expect(page.getByTestId("attendees")).toContainText("线下学员");

  await page.goto(`/admin/hours?year=2026`);
  await expect(page.getByTestId("learners").getByRole("row").filter({ hasText: "线下学员" })).toContainText("4.0");
});

test("a video lesson credits while it plays and does not let the learner skip ahead", async ({ page }) => {
  await register(page, { name: "视频学员" });
  await page.goto("/lessons/practice-06-party-dues");
  const video = page.locator("video");
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.duration), { timeout: 15_000 }).toBeGreaterThan(60);
  await video.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
  });
  await expect.poll(() => credited(page), { timeout: 20_000 }).toBeGreaterThan(0);
  await video.evaluate((v: HTMLVideoElement) => {
    v.currentTime = 65;
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(30);
  await video.evaluate((v: HTMLVideoElement) => {
    v.playbackRate = 2;
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1);
});

test("随机验证: a course with attention checks asks for a click; a wrong one is refused, the right one resumes timing", async ({
  page,
}) => {
  await register(page, { name: "验证学员" });
  await page.goto("/lessons/experience-02-integrated-party-building");
  const dialog = page.getByTestId("attention-check");
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  // the digit is a picture drawn by the server: the page (and a script) does not know which choice is right
  await expect(dialog.getByText("请在一分钟内点击下图中的数字，否则暂停计时。")).toBeVisible();
  await expect(dialog.getByTestId("attention-picture")).toHaveJSProperty("complete", true);
  expect(await dialog.getByTestId("attention-picture").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const choices = (await dialog.getByRole("button").allTextContents()).map((c) => c.trim());
  let answered = false;
  for (const choice of choices) {
    const [response] = await Promise.all([
      page.waitForResponse("**/api/study/attention"),
      dialog.getByRole("button", { name: choice, exact: true }).click(),
    ]);
    if (((await response.json()) as { correct: boolean }).correct) {
      answered = true;
      break;
    }
    await expect(dialog.getByText("选择不正确，请重试。")).toBeVisible();
  }
  expect(answered).toBe(true);
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("study-status")).toHaveAttribute("data-outcome", /started|credited/);
});
