import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, login } from "./helpers";

/** No horizontal scrolling at 360 px, and no axe violations. */
async function checkPage(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${page.url()} is wider than the screen`).toBeLessThanOrEqual(
    360,
  );
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    page.url(),
  ).toEqual([]);
}

const EXAM = "2026年嘉祥县初级红帆领航员认证考试（演示）";
/** 孙立新, ready for the demo exam (approved application, 32+ 学时): this journey's own candidate. */
const CANDIDATE = { phone: "13800000012", name: "孙立新" };

test("a candidate's short answers are graded anonymously, and the released result shows total, pass/fail and sub-scores", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const answers = [`第一题作答${stamp}：坚持“三会一课”，按期换届。`, `第二题作答${stamp}：规范发展党员程序，做好组织关系转接。`];

  // The candidate, on a phone: /exams → the sitting's instructions → start.
  const candidate = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
  await login(candidate, CANDIDATE.phone);
  await candidate.goto("/exams");
  await candidate.getByTestId("open-sitting").filter({ hasText: EXAM }).getByRole("link", { name: "查看须知并开始" }).click();
  await expect(candidate.getByRole("heading", { level: 1, name: EXAM })).toBeVisible();
  await candidate.getByRole("button", { name: "开始考试" }).click();
  await expect(candidate).toHaveURL(/\/exams\/attempts\/\d+$/);
  const attemptId = Number(/\/exams\/attempts\/(\d+)$/.exec(candidate.url())![1]);
  const question = candidate.getByTestId("question");
  await expect(question).toContainText("第 1 题 / 共 29 题");

  // A few objective questions, then the two short answers (the last section of the paper).
  await question.getByRole("radio").first().check();
  await candidate.getByRole("button", { name: "下一题 →" }).click();
  await expect(question).toContainText("第 2 题 / 共 29 题");
  await question.getByRole("radio").nth(1).check();
  for (const [i, n] of [28, 29].entries()) {
    await candidate.getByRole("button", { name: new RegExp(`^第 ${n} 题，`) }).click();
    await expect(question).toContainText(`第 ${n} 题 / 共 29 题`);
    await expect(question).toContainText("简答题");
    await question.getByRole("textbox", { name: "作答", exact: true }).fill(answers[i]);
  }
  await expect(candidate.getByTestId("save-status")).toHaveText("已保存");
  await candidate.getByRole("button", { name: "交卷", exact: true }).click();
  const dialog = candidate.getByTestId("submit-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "确认交卷" }).click();
  await expect(candidate).toHaveURL(new RegExp(`/exams/attempts/${attemptId}/result$`));
  await expect(candidate.getByTestId("pending")).toHaveText("已交卷，主观题评阅中");

  // The 嘉祥县 admin grades both short answers from /grading, without seeing who wrote them.
  const grader = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
  await login(grader, DEMO.jiaxiangAdmin);
  await grader.goto("/grading");
  await expect(grader.getByRole("heading", { level: 1, name: "阅卷" })).toBeVisible();
  const groups = grader.getByTestId("queue-group").filter({ hasText: EXAM });
  await expect(groups.first()).toBeVisible();
  await checkPage(grader);
  const groupLinks = await groups
    .getByRole("link", { name: "全部答卷" })
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href")!));
  let graded = 0;
  for (const href of groupLinks) {
    await grader.goto(href);
    await expect(grader.getByRole("heading", { level: 1, name: "按题阅卷" })).toBeVisible();
    const sheet = grader.getByRole("link", { name: `答卷 #${attemptId}`, exact: true });
    if ((await sheet.count()) === 0) continue;
    await sheet.click();
    await expect(grader.getByRole("heading", { level: 1, name: new RegExp(`^答卷 #${attemptId} · 第 (28|29) 题$`) })).toBeVisible();
    const slotNo = Number(/第 (\d+) 题$/.exec((await grader.getByRole("heading", { level: 1 }).textContent())!)![1]);
    await expect(grader.getByTestId("candidate-answer")).toHaveText(answers[slotNo - 28]);
    await expect(grader.getByTestId("reference-answer")).not.toBeEmpty();
    await expect(grader.getByTestId("marking-points").getByRole("listitem").first()).toBeVisible();
    const body = await grader.locator("main").textContent();
    expect(body).not.toContain(CANDIDATE.name);
    expect(body).not.toContain(CANDIDATE.phone);

    const mark = grader.getByLabel("得分（0–10 分，可保留一位小数）");
    await mark.fill("12");
    await grader.getByRole("button", { name: "保存并评下一份" }).click();
    await expect(grader.getByText("得分须在 0 到 10 分之间。", { exact: true })).toBeVisible();
    if (graded === 0) await checkPage(grader);
    await mark.fill(graded === 0 ? "8" : "7.5");
    await grader.getByLabel("评语（选填）").fill("要点基本齐全。");
    await grader.getByRole("button", { name: "保存并评下一份" }).click();
    await expect(grader.getByText(`已保存答卷 #${attemptId} 的评分`)).toBeVisible();
    graded++;
  }
  expect(graded).toBe(2);
  await expect(grader.getByText(`答卷 #${attemptId} 已全部评完，成绩已发布。`)).toBeVisible();
  await checkPage(grader);

  // The candidate sees the released result.
  await candidate.reload();
  const score = candidate.getByTestId("score");
  await expect(score).toContainText("总分");
  await expect(score).toContainText("/ 100 分");
  await expect(score.getByText(/^(合格|不合格)$/)).toBeVisible();
  const total = Number(/总分\s*([\d.]+)\s*\//.exec((await score.textContent())!)![1]);
  expect(total).toBeGreaterThanOrEqual(15.5);
  const subScores = candidate
    .getByRole("region", { name: "分项得分" })
    .or(candidate.locator("section", { has: candidate.getByRole("heading", { name: "分项得分" }) }));
  await expect(subScores.getByText("理论", { exact: true })).toBeVisible();
  await expect(subScores.getByText("实务", { exact: true })).toBeVisible();
  const practice = await subScores.locator("li", { hasText: "实务" }).first().textContent();
  expect(Number(/([\d.]+)\s*\/\s*50/.exec(practice!)![1])).toBeGreaterThanOrEqual(15.5);
});
