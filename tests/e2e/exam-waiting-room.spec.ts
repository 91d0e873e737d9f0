import ExcelJS from "exceljs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { checkPage, DEMO, login, register } from "./helpers";

/**
 * 候考 (issue 14): a sitting opening in about a minute. The candidate's phone shows the countdown
 * and turns it into the start button at the opening, with one loader request and no reload; a page
 * without JavaScript refreshes itself onto the start button; a start posted before the opening gets
 * the same waiting page (409), not an error; the county admin sees 等候中 1 人, then 已开始 1 人.
 */

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1366, height: 900 } };
const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);

/** "2026-12-08T09:00" in China Standard Time. */
const shanghaiInput = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

/** A new candidate of 嘉祥县, approved, with 32 学时 from an offline class the admin records. */
async function readyCandidate(browser: Browser, admin: Page, name: string, suffix: string, outputPath: string) {
  const page = await (await browser.newContext(PHONE)).newPage();
  const person = await register(page, { name });
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText("申请已提交")).toBeVisible();
  await admin.goto("/review/applications");
  await admin.getByRole("link", { name }).click();
  await admin.getByRole("button", { name: "通过", exact: true }).click();
  await expect(admin.getByText("已通过该申请。")).toBeVisible();

  await admin.goto("/admin/offline-classes");
  await admin.getByLabel("培训名称").fill(`候考测试集中培训${suffix}`);
  await admin.getByLabel("培训日期").fill(new Date().toISOString().slice(0, 10));
  await admin.getByLabel("学时", { exact: true }).fill("32");
  await admin.getByLabel("地点").fill("嘉祥县委党校");
  await admin.getByLabel("主办单位").fill("嘉祥县委组织部");
  await admin.getByRole("button", { name: "新建" }).click();
  const book = new ExcelJS.Workbook();
  book.addWorksheet("名单").addRow([person.idNumber]);
  await book.xlsx.writeFile(outputPath);
  await admin.getByLabel("上传参训名单（Excel）").setInputFiles(outputPath);
  await admin.getByRole("button", { name: "检查名单" }).click();
  await admin.getByRole("button", { name: "确认登记" }).click();
  await expect(admin.getByText("已登记 1 人，学时已计入。")).toBeVisible();
  return { page, person };
}

test("a sitting opening in a minute: the countdown on a phone turns into the start button, a page without JavaScript refreshes onto it, the admin sees who is waiting", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const admin = await (await browser.newContext(DESKTOP)).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  const suffix = String.fromCharCode(0x4e00 + Math.floor(Math.random() * 2000));
  const name = `许${suffix}候`;
  const { page: candidate, person } = await readyCandidate(browser, admin, name, suffix, testInfo.outputPath("attendance.xlsx"));

  // A small exam of its own (two single-choice questions) and a sitting opening at the next minute but one.
  const title = `候考测试考试${Date.now()}`;
  await admin.goto("/admin/exams/new");
  await admin.getByLabel("考试名称").fill(title);
  await admin.getByLabel("认证等级").selectOption({ label: "初级" });
  await field(admin, "s0.area").selectOption({ label: "党的历史和党建理论" });
  await field(admin, "s0.type").selectOption({ label: "单选题" });
  await field(admin, "s0.count").fill("2");
  await field(admin, "s0.points").fill("5");
  await admin.getByLabel("合格分数（分）").fill("6");
  await admin.getByRole("button", { name: "创建考试" }).click();
  await expect(admin).toHaveURL(/\/admin\/exams\/\d+$/);
  await admin.getByRole("button", { name: "发布考试" }).click();
  await expect(admin.getByText("考试已发布。")).toBeVisible();
  // at least 50 s ahead, on a whole minute (the form's precision)
  const opensAt = new Date(Math.ceil((Date.now() + 50_000) / 60_000) * 60_000);
  await admin.getByLabel("场次名称").fill("候考场");
  await admin.getByLabel("开始时间（北京时间）").fill(shanghaiInput(opensAt));
  await admin.getByLabel("结束时间（北京时间）").fill(shanghaiInput(new Date(opensAt.getTime() + 30 * 60_000)));
  await admin.getByLabel("容量（人）").fill("50");
  await admin.getByRole("button", { name: "创建场次" }).click();
  await expect(admin).toHaveURL(/\/admin\/exams\/\d+\/sittings\/\d+$/);
  await admin.getByRole("button", { name: "发布场次" }).click();
  await expect(admin.getByText("场次已发布。")).toBeVisible();
  const adminSittingUrl = admin.url().split("?")[0];
  const sittingId = adminSittingUrl.match(/\/sittings\/(\d+)$/)![1];
  const sittingUrl = `/exams/sittings/${sittingId}`;
  const hhmm = shanghaiInput(opensAt).slice(11);

  // The phone: the countdown, the instructions, no start button yet.
  const loads: string[] = [];
  candidate.on("request", (request) => {
    if (request.url().includes(`/exams/sittings/${sittingId}`))
      loads.push(`${request.method()} ${request.resourceType()} ${request.url()}`);
  });
  const consoleErrors: string[] = [];
  for (const page of [candidate, admin]) page.on("console", (m) => void (m.type() === "error" && consoleErrors.push(m.text())));
  await candidate.goto(sittingUrl);
  const room = candidate.getByTestId("waiting-room");
  await expect(room).toBeVisible();
  await expect(room.getByTestId("countdown")).toHaveText(new RegExp(`^考试将于 ${hhmm} 开始，还有 \\d+ (分钟|秒)$`));
  await expect(candidate.getByRole("heading", { name: "考试须知" })).toBeVisible();
  await expect(candidate.getByRole("button", { name: "开始考试" })).toHaveCount(0);
  await checkPage(candidate, 360);
  await candidate.screenshot({ path: "/tmp/waiting-360.png", fullPage: true });

  // Without JavaScript, at 1366 px: the same waiting page, a refresh timed for the opening (capped at a minute).
  const plainContext = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
  const plain = await plainContext.newPage();
  await plain.goto("/login");
  await plain.getByLabel("手机号或身份证号").fill(person.phone);
  await plain.getByLabel("密码").fill(person.password);
  await plain.getByRole("button", { name: "登录" }).click();
  const loadedAt = Date.now();
  await plain.goto(sittingUrl);
  await expect(plain.getByTestId("waiting-room").getByTestId("countdown")).toHaveText(new RegExp(`^考试将于 ${hhmm} 开始，还有 `));
  const refresh = await plain.locator('meta[http-equiv="refresh"]').getAttribute("content");
  const [delay, target] = refresh!.split(";url=");
  expect(Number(delay)).toBeGreaterThan(0);
  expect(Number(delay)).toBeLessThanOrEqual(Math.min(60, Math.ceil((opensAt.getTime() - loadedAt) / 1000) + 4));
  expect(target).toBe(sittingUrl);
  await plain.screenshot({ path: "/tmp/waiting-1366.png", fullPage: true });

  // Scripts on, but the page's JavaScript never arrives (a failed download): the inline fallback reloads it.
  const stuckContext = await browser.newContext(PHONE);
  await stuckContext.route(/\/assets\/.*\.js$/, (route) => route.abort());
  const stuck = await stuckContext.newPage();
  let stuckLoads = 0;
  stuck.on("request", (r) => void (r.resourceType() === "document" && r.url().endsWith(sittingUrl) && stuckLoads++));
  await stuck.goto("/login");
  await stuck.getByLabel("手机号或身份证号").fill(person.phone);
  await stuck.getByLabel("密码").fill(person.password);
  await stuck.getByRole("button", { name: "登录" }).click();
  await stuck.waitForURL((url) => !url.pathname.startsWith("/login"));
  await stuck.goto(sittingUrl);
  await expect(stuck.getByTestId("waiting-room")).toBeVisible();

  // A start posted before the opening (a stale page): the waiting page again, 409, no attempt.
  const early = await plainContext.request.post(sittingUrl, {
    form: {},
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(early.status()).toBe(409);
  const html = await early.text();
  expect(html).toContain("考试还没有开始，本次点击未开始作答。");
  expect(html).toContain(`考试将于 ${hhmm} 开始`);

  // The admin: 等候中 1 人 (the two pages are one person), nobody started, the capacity.
  await admin.goto(adminSittingUrl);
  const live = admin.getByTestId("sitting-live");
  await expect(live.getByTestId("waiting-count")).toHaveText("1 人");
  await expect(live.getByTestId("started-count")).toHaveText("0 人");
  await expect(live.getByTestId("capacity")).toHaveText("50 人");
  await expect(live.getByTestId("sitting-opens")).toContainText(`开始时间：${hhmm}（还有`);
  await admin.screenshot({ path: "/tmp/waiting-admin.png", fullPage: true });
  await admin.setViewportSize({ width: 360, height: 740 });
  await checkPage(admin, 360);
  await live.screenshot({ path: "/tmp/waiting-admin-360.png" });
  await admin.setViewportSize(DESKTOP.viewport);

  // The opening: the phone shows the start button without a reload; the page without JavaScript refreshes onto it.
  const documentLoads = () => loads.filter((l) => l.includes(" document ")).length;
  expect(documentLoads()).toBe(1);
  // the last minute counts seconds, in the page
  const countdown = room.getByTestId("countdown");
  await expect(countdown).toHaveText(/还有 \d+ 秒$/, { timeout: 70_000 });
  const shown = await countdown.textContent();
  await expect(countdown).not.toHaveText(shown!, { timeout: 3_000 });
  await expect(candidate.getByRole("button", { name: "开始考试" })).toBeVisible({ timeout: 70_000 });
  expect(Date.now()).toBeGreaterThanOrEqual(opensAt.getTime());
  await expect(candidate.getByText("考试已开始，请点击页面底部的“开始考试”。")).toBeVisible();
  await candidate.screenshot({ path: "/tmp/waiting-opened-360.png", fullPage: true });
  expect(documentLoads()).toBe(1);
  // one loader request at the opening, and at most one a minute before it
  const dataLoads = loads.filter((l) => l.startsWith("GET") && l.includes(".data")).length;
  expect(dataLoads).toBeGreaterThanOrEqual(1);
  expect(dataLoads).toBeLessThanOrEqual(3);
  await expect(plain.getByRole("button", { name: "开始考试" })).toBeVisible({ timeout: 15_000 });
  await expect(plain.getByTestId("waiting-room")).toHaveCount(0);
  await expect(stuck.getByRole("button", { name: "开始考试" })).toBeVisible({ timeout: 15_000 });
  expect(stuckLoads).toBeGreaterThanOrEqual(2);
  await stuckContext.close();

  // no hydration mismatch (the countdown renders the server's time first), no error
  expect(consoleErrors).toEqual([]);
  await candidate.getByRole("button", { name: "开始考试" }).click();
  await expect(candidate).toHaveURL(/\/exams\/attempts\/\d+$/);
  await admin.reload();
  await expect(live.getByTestId("started-count")).toHaveText("1 人");
  await expect(live.getByTestId("waiting-count")).toHaveText("0 人");
  await expect(live.getByTestId("sitting-opens")).toContainText("（已开始）");
  await checkPage(admin, 1366);
  await plainContext.close();
});
