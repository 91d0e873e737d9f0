import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login } from "./helpers";

/** 李红梅: approved application and 32 学时 this year (demo data), used by this journey only. */
const CANDIDATE = "13800000011";

async function expectAccessible(page: Page, label: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${label} is wider than the screen`).toBeLessThanOrEqual(360);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    label,
  ).toEqual([]);
  await page.screenshot({ path: `test-results/screens/exam-${label}.png`, fullPage: true });
}

const question = (page: Page) => page.getByTestId("question");

async function goTo(page: Page, n: number) {
  await page
    .getByTestId("question-map")
    .getByRole("button", { name: new RegExp(`^第 ${n} 题，`) })
    .click();
  await expect(question(page).getByRole("heading")).toContainText(`第 ${n} 题 / 共 29 题`);
}

/** Picks the first option of the question on screen (single choice, multiple choice or true/false). */
async function answerFirstOption(page: Page) {
  await question(page).locator("label").first().click();
  await expect(question(page).locator("input").first()).toBeChecked();
}

async function timeLeftSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId("time-left").textContent()) ?? "";
  const parts = text.trim().split(":").map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

test("a candidate takes the demo exam on a phone: answers offline, replays, resumes after a reload, submits", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await login(page, CANDIDATE);

  await page.goto("/exams");
  await expect(page.getByRole("heading", { level: 1, name: "我的考试" })).toBeVisible();
  await expectAccessible(page, "list");
  const card = page.getByTestId("open-sitting").filter({ hasText: "2026年嘉祥县初级红帆领航员认证考试（演示）" });
  await card.getByRole("link", { name: "查看须知并开始" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "2026年嘉祥县初级红帆领航员认证考试（演示）" })).toBeVisible();
  await expect(page.getByText("29 题")).toBeVisible();
  await expectAccessible(page, "instructions");
  await page.getByRole("button", { name: "开始考试" }).click();
  await expect(page).toHaveURL(/\/exams\/attempts\/\d+$/);
  const attemptUrl = page.url();
  await expect(page.getByTestId("exam-runner")).toBeVisible();
  await expect(question(page).getByRole("heading")).toContainText("第 1 题 / 共 29 题");
  await expectAccessible(page, "page");

  // Online: two answers, saved within about a second.
  await answerFirstOption(page);
  await page.getByRole("button", { name: "下一题" }).click();
  await expect(question(page).getByRole("heading")).toContainText("第 2 题");
  await answerFirstOption(page);
  await expect(page.getByTestId("save-status")).toHaveText("已保存", { timeout: 5_000 });

  // Offline: answering goes on, the page says where the answers are.
  await context.setOffline(true);
  await goTo(page, 3);
  await answerFirstOption(page);
  await goTo(page, 12);
  await answerFirstOption(page);
  await question(page).getByLabel("标记此题，稍后检查").check();
  await goTo(page, 28);
  await question(page).getByLabel("作答").fill("按期召开支部党员大会、支委会、党小组会，按时上好党课。");
  await expect(page.getByTestId("save-status")).toHaveText("离线，答案已暂存在本机", { timeout: 10_000 });
  const map = page.getByTestId("question-map");
  await expect(map.getByRole("button", { name: "第 3 题，已答" })).toBeVisible();
  await expect(map.getByRole("button", { name: "第 12 题，已标记" })).toBeVisible();

  // Back online: the stored answers are replayed and acknowledged.
  await context.setOffline(false);
  await expect(page.getByTestId("save-status")).toHaveText("已保存", { timeout: 15_000 });

  // A reload (with this device's copy gone, so only the server's answers can show) resumes the
  // attempt with every answer and the same time left.
  const before = { left: await timeLeftSeconds(page), at: Date.now() };
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  await expect(page.getByTestId("exam-runner")).toBeVisible();
  await expect(page).toHaveURL(attemptUrl);
  await expect(page.getByTestId("save-status")).toHaveText("已保存");
  const after = { left: await timeLeftSeconds(page), at: Date.now() };
  expect(Math.abs(before.left - after.left - (after.at - before.at) / 1000)).toBeLessThanOrEqual(3);
  for (const n of [1, 2, 3, 12]) {
    await goTo(page, n);
    await expect(question(page).locator("input").first()).toBeChecked();
  }
  await expect(map.getByRole("button", { name: /^第 12 题，已标记|^第 12 题，当前/ })).toBeVisible();
  await expect(question(page).getByLabel("标记此题，稍后检查")).toBeChecked();
  await goTo(page, 28);
  await expect(question(page).getByLabel("作答")).toHaveValue("按期召开支部党员大会、支委会、党小组会，按时上好党课。");

  // Without JavaScript (same session): the paper ten questions a page; question 14 answered on page 2,
  // which the page keeps after saving.
  const noJs = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: false,
    storageState: await context.storageState(),
  });
  const plain = await noJs.newPage();
  await plain.goto(attemptUrl);
  const pages = plain.getByRole("navigation", { name: "试卷分页" }).first();
  await expect(pages).toContainText("第 1 页 / 共 3 页（每页 10 题）");
  await expect(plain.getByRole("heading", { level: 2, name: /^第 \d+ 题/ })).toHaveCount(10);
  await expect(plain.getByRole("heading", { level: 2, name: /^第 11 题/ })).toHaveCount(0);
  await pages.getByRole("link", { name: "第 2 页：第 11–20 题" }).click();
  await expect(plain).toHaveURL(/\?page=2$/);
  await expect(plain.getByRole("heading", { level: 2, name: /^第 \d+ 题/ }).first()).toContainText("第 11 题");
  const fourteen = plain.locator("form").filter({ has: plain.getByRole("heading", { level: 2, name: /^第 14 题/ }) });
  await fourteen.getByRole("checkbox").first().check();
  await fourteen.getByRole("button", { name: "保存本题" }).click();
  await expect(plain.getByText("第 14 题已保存。")).toBeVisible();
  await expect(plain).toHaveURL(/\?page=2$/);
  expect(await plain.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await noJs.close();

  // Submit: the confirmation lists the unanswered and flagged questions.
  await page.getByRole("button", { name: "交卷" }).click();
  const dialog = page.getByTestId("submit-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("submit-unanswered")).toContainText("未答题目：4、5、6、7、8、9、10、11、13");
  await expect(dialog.getByTestId("submit-unanswered")).toContainText("27、29");
  await expect(dialog.getByTestId("submit-unanswered")).not.toContainText("、28");
  await expect(dialog.getByTestId("submit-flagged")).toHaveText("已标记的题目：12");
  await dialog.getByRole("button", { name: "确认交卷" }).click();
  await expect(page).toHaveURL(/\/exams\/attempts\/\d+\/result$/);
  await expect(page.getByTestId("pending")).toHaveText("已交卷，主观题评阅中");
  await expect(page.getByTestId("score")).toHaveCount(0);
  await expectAccessible(page, "result");

  // The exam page of a finished attempt goes to the result; 我的考试 lists the attempt.
  await page.goto(attemptUrl);
  await expect(page).toHaveURL(/\/result$/);
  await page.goto("/exams");
  await expect(page.getByTestId("attempt").first()).toContainText("已交卷，评阅中");
  await context.close();
});
