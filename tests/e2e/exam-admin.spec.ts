import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, login } from "./helpers";

/** 周海燕: approved application and 32 学时 this year (demo data), used by the proctor journey only. */
const PROCTORED_CANDIDATE = "13800000013";
const DEMO_EXAM = "2026年嘉祥县初级红帆领航员认证考试（演示）";

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);

async function expectAccessible(page: Page, label: string) {
  const { width, scrollWidth } = await page.evaluate(() => ({
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
  }));
  expect(scrollWidth, `${label} is wider than the screen`).toBeLessThanOrEqual(width);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    label,
  ).toEqual([]);
}

test("a county admin defines an exam, sees the section the bank cannot fill, fixes it, publishes it and schedules a sitting", async ({
  page,
  browser,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/exams");
  await expect(page.getByRole("heading", { level: 1, name: "考试管理" })).toBeVisible();
  await page.getByRole("link", { name: "新建考试" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "新建考试" })).toBeVisible();

  const title = `端到端测试考试${Date.now()}`;
  await page.getByLabel("考试名称").fill(title);
  await page.getByLabel("认证等级").selectOption({ label: "初级" });
  await field(page, "s0.area").selectOption({ label: "党的历史和党建理论" });
  await field(page, "s0.type").selectOption({ label: "单选题" });
  await field(page, "s0.count").fill("2");
  await field(page, "s0.points").fill("5");
  await field(page, "s1.area").selectOption({ label: "经验交流" });
  await field(page, "s1.type").selectOption({ label: "简答题" });
  await field(page, "s1.count").fill("150");
  await field(page, "s1.points").fill("0.5");
  await page.getByLabel("合格分数（分）").fill("6");
  await page.getByRole("button", { name: "创建考试" }).click();

  await expect(page).toHaveURL(/\/admin\/exams\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("共 152 题，满分 85 分")).toBeVisible();
  await expect(page.locator('[data-check-section="0"]')).toContainText("题库足够");
  await expect(page.locator('[data-check-section="1"]')).toContainText("缺题");
  await expect(page.getByText("有小节缺题，补足题目或调整蓝图后才能发布。")).toBeVisible();
  await expectAccessible(page, "exam page");
  await page.getByRole("button", { name: "发布考试" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "不能发布：第 2 节 缺题。" })).toBeVisible();

  await field(page, "s1.count").fill("1");
  await page.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
  await expect(page.getByText("所有小节都能从题库抽满。")).toBeVisible();
  await page.getByRole("button", { name: "发布考试" }).click();
  await expect(page.getByText("考试已发布。")).toBeVisible();
  await expect(page.getByText("考试已发布：只能修改名称、考试须知和答卷查看方式")).toBeVisible();

  await page.getByLabel("场次名称").fill("第一场");
  await page.getByLabel("开始时间（北京时间）").fill("2030-05-01T09:00");
  await page.getByLabel("结束时间（北京时间）").fill("2030-05-01T08:00");
  await page.getByLabel("容量（人）").fill("50");
  await page.getByRole("button", { name: "创建场次" }).click();
  await expect(page.getByText("结束时间必须晚于开始时间。", { exact: true })).toBeVisible();
  await page.getByLabel("结束时间（北京时间）").fill("2030-05-01T11:00");
  await page.getByRole("button", { name: "创建场次" }).click();
  await expect(page).toHaveURL(/\/admin\/exams\/\d+\/sittings\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "第一场" })).toBeVisible();
  await expect(page.getByLabel("开始时间（北京时间）")).toHaveValue("2030-05-01T09:00");
  await page.getByRole("button", { name: "发布场次" }).click();
  await expect(page.getByText("场次已发布。")).toBeVisible();
  await expectAccessible(page, "sitting page");
  const sittingUrl = page.url();
  await page.goto("/admin/exams");
  await expectAccessible(page, "exam list");

  // 曲阜市's admin: 403 for this 嘉祥县 exam and its pages, also by typed URL
  const qufu = await browser.newContext();
  const other = await qufu.newPage();
  await login(other, DEMO.qufuAdmin);
  const examUrl = sittingUrl.replace(/\/sittings\/\d+$/, "");
  for (const url of [examUrl, sittingUrl, `${sittingUrl}/proctor`, `${examUrl}/analysis`, `${examUrl}/export`]) {
    expect((await other.request.get(url)).status(), url).toBe(403);
  }
  await other.goto("/admin/exams");
  await expect(other.getByRole("link", { name: title })).toHaveCount(0);
  await qufu.close();
});

async function timeLeftSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId("time-left").textContent()) ?? "";
  return text
    .trim()
    .split(":")
    .map(Number)
    .reduce((total, part) => total * 60 + part, 0);
}

test("the proctor sees a candidate in progress and gives ten minutes extra; the candidate's time left grows", async ({ browser }) => {
  test.setTimeout(90_000);
  const candidateContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const candidate = await candidateContext.newPage();
  await login(candidate, PROCTORED_CANDIDATE);
  await candidate.goto("/exams");
  await expect(candidate.getByRole("heading", { level: 1, name: "我的考试" })).toBeVisible();
  await candidate.getByTestId("open-sitting").filter({ hasText: DEMO_EXAM }).getByRole("link").first().click();
  await expect(candidate.getByRole("heading", { level: 1, name: DEMO_EXAM })).toBeVisible();
  await candidate.getByRole("button", { name: /开始考试|继续作答/ }).click();
  await expect(candidate).toHaveURL(/\/exams\/attempts\/\d+$/);
  await expect(candidate.getByTestId("time-left")).toHaveText(/\d+:\d\d/);
  const before = await timeLeftSeconds(candidate);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/admin/exams");
  await admin.getByRole("link", { name: DEMO_EXAM }).click();
  await expect(admin.getByRole("heading", { level: 1, name: DEMO_EXAM })).toBeVisible();
  await admin.getByRole("row").filter({ hasText: "第一场（演示）" }).getByRole("link", { name: "监考" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "监考：第一场（演示）" })).toBeVisible();
  const row = admin.getByRole("row").filter({ hasText: "周海燕" }).filter({ hasText: "作答中" });
  await expect(row).toBeVisible();
  await expectAccessible(admin, "proctor page");
  await row.locator("summary").click();
  await row.getByLabel("延长分钟数").fill("10");
  await row.getByLabel("原因（必填）").fill("网络中断，补足时间");
  await row.getByRole("button", { name: "延长" }).click();
  await expect(admin.getByText("已为 周海燕 延长 10 分钟。")).toBeVisible();

  await candidate.reload();
  await expect(candidate.getByTestId("time-left")).toHaveText(/\d+:\d\d/);
  const after = await timeLeftSeconds(candidate);
  expect(after).toBeGreaterThanOrEqual(before + 9 * 60);
  await admin.goto("/admin/exams");
  await admin.getByRole("link", { name: DEMO_EXAM }).click();
  await admin.getByRole("link", { name: "题目分析" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: `题目分析：${DEMO_EXAM}` })).toBeVisible();
  await expectAccessible(admin, "item analysis");
  await candidateContext.close();
  await adminContext.close();
});

test("without JavaScript the exam form adds a section row on the server, reports row errors and saves nothing until fixed", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/exams/new");
  await expect(page.getByRole("heading", { level: 1, name: "新建考试" })).toBeVisible();
  const title = `无脚本考试${Date.now()}`;
  await page.getByLabel("考试名称").fill(title);
  await page.getByLabel("认证等级").selectOption({ label: "初级" });
  await field(page, "s0.area").selectOption({ label: "党的历史和党建理论" });
  await field(page, "s0.type").selectOption({ label: "单选题" });
  await field(page, "s0.count").fill("2");
  await field(page, "s0.points").fill("5");
  await expect(field(page, "s3.count")).toHaveCount(0);
  await page.getByRole("button", { name: "添加一节" }).click();
  await expect(field(page, "s3.count")).toHaveCount(1);
  await expect(field(page, "s0.count")).toHaveValue("2");
  await field(page, "s3.count").fill("1");
  await field(page, "s3.points").fill("abc");
  await page.getByLabel("合格分数（分）").fill("6");
  await page.getByRole("button", { name: "创建考试" }).click();
  await expect(page.getByText("请修改下面标出的错误，未保存任何内容。")).toBeVisible();
  await expect(page.getByText("每题分值应为 0.1–100 分（最多一位小数）。", { exact: true })).toBeVisible();
  await expect(page.getByText("请选择领域。", { exact: true })).toBeVisible();
  await field(page, "s3.area").selectOption({ label: "操作实务" });
  await field(page, "s3.type").selectOption({ label: "判断题" });
  await field(page, "s3.points").fill("2");
  await page.getByRole("button", { name: "创建考试" }).click();
  await expect(page).toHaveURL(/\/admin\/exams\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("共 3 题，满分 12 分")).toBeVisible();
  await context.close();
});
