import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, login, register } from "./helpers";

/**
 * A new user's whole way, as a newcomer meets it on a phone (360 px): register → 注册成功 → apply
 * → an officer approves (1366 px, another browser) → the notice on the home page → study → 学时
 * → sit the exam → the result, released after grading, announced on the home page. Every page the
 * candidate sees is checked with axe (no serious or critical violation) and must fit the screen.
 */

const EXAM = "2026年嘉祥县初级红帆领航员认证考试（演示）";
const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 900 } };

const checked: string[] = [];
async function checkPage(page: Page, label: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${label} is wider than the screen`).toBeLessThanOrEqual(360);
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    label,
  ).toEqual([]);
  checked.push(label);
}

/** Today in Shanghai as yyyy-mm-dd (the training year the offline class must count in). */
function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

test("a new user: registration to a released result, every page accessible at 360 px", async ({ browser }) => {
  test.setTimeout(360_000);
  const name = `新${String.fromCharCode(0x4e00 + Math.floor(Math.random() * 2000))}航`;

  // 1. Register: the form, then 注册成功 on the application page.
  const candidate = await (await browser.newContext(PHONE)).newPage();
  await candidate.goto("/register");
  await checkPage(candidate, "register");
  await register(candidate, { name });
  await expect(candidate.getByTestId("registered")).toContainText("注册成功");
  await checkPage(candidate, "apply (registered)");

  // 2. Apply: afterwards the page shows the pending application, not a refused form.
  await candidate.getByLabel("申请说明（选填）").fill("在公司党支部担任书记三年。");
  await candidate.getByRole("button", { name: "提交申请" }).click();
  await expect(candidate.getByText("申请已提交")).toBeVisible();
  await expect(candidate.getByTestId("application-state")).toContainText("您的申请正在审核中");
  await expect(candidate.getByText("暂不能提交申请")).toHaveCount(0);
  await checkPage(candidate, "apply (pending)");

  // 3. A town officer approves, with a comment, on a desktop.
  const officer = await (await browser.newContext(DESKTOP)).newPage();
  await login(officer, DEMO.jiaxiangTownOfficer);
  await officer.goto("/review/applications");
  await officer.getByRole("link", { name }).click();
  await expect(officer).toHaveURL(/\/review\/applications\/\d+$/);
  await officer.getByLabel("审核意见").fill("材料齐全，同意。");
  await officer.getByRole("button", { name: "通过", exact: true }).click();
  await expect(officer.getByText("已通过该申请。")).toBeVisible();

  // 4. The candidate's home page carries the decision until it is read.
  await candidate.goto("/");
  const approval = candidate.getByTestId("notification").filter({ hasText: "认证申请已通过审核" });
  await expect(approval).toContainText("审核意见：材料齐全，同意。");
  await checkPage(candidate, "home (approval notice)");
  await approval.getByRole("link", { name: "查看" }).click();
  await expect(candidate).toHaveURL(/\/apply$/);
  await expect(candidate.getByTestId("application-state")).toContainText("您的认证申请已通过");
  await expect(candidate.getByTestId("application").first()).toContainText("审核意见：材料齐全，同意。");
  await checkPage(candidate, "apply (approved)");
  await candidate.goto("/");
  await candidate.getByTestId("notification").filter({ hasText: "认证申请已通过审核" }).getByRole("button", { name: "知道了" }).click();
  await expect(candidate.getByTestId("notification").filter({ hasText: "认证申请已通过审核" })).toHaveCount(0);
  await checkPage(candidate, "home");

  // 5. Study: a new candidate has studied nothing in the catalogue; the course page agrees.
  await candidate.goto("/learn");
  const progress = candidate.getByTestId("course-progress");
  expect(await progress.count()).toBeGreaterThan(0);
  for (const text of await progress.allTextContents()) expect(text).toMatch(/^已学 0 \/ \d+ 分钟 · 完成 0\/\d+ 课$/);
  await checkPage(candidate, "catalogue");
  await candidate.getByRole("link", { name: /党务工作操作实务/ }).click();
  await expect(candidate.getByRole("heading", { level: 1, name: /操作实务/ })).toBeVisible();
  await expect(candidate.getByTestId("course-progress")).toContainText("已学 0 / 735 分钟");
  await checkPage(candidate, "course");
  await candidate.getByRole("link", { name: /主题党日/ }).click();
  await expect(candidate.getByRole("heading", { level: 1, name: /主题党日/ })).toBeVisible();
  await expect(candidate.getByTestId("study-status")).toHaveAttribute("data-outcome", /started|credited/);
  await expect
    .poll(async () => Number(await candidate.getByTestId("credited-minutes").getAttribute("data-seconds")), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(4);
  await checkPage(candidate, "lesson");

  // 我的学时: 学时 and minutes, and what is done plus what remains is the requirement, as shown.
  await candidate.goto("/hours");
  await expect(candidate.getByTestId("year-hours")).toContainText("/ 32 学时");
  const doneHours = Number(/已完成 ([\d.]+) \//.exec((await candidate.getByTestId("year-hours").textContent())!)![1]);
  const doneMinutes = Number(/合计 (\d+) \/ (\d+) 分钟/.exec((await candidate.getByTestId("year-minutes").textContent())!)![1]);
  const remaining = /还需 ([\d.]+) 学时（(\d+) 分钟）/.exec((await candidate.getByTestId("year-remaining").textContent())!)!;
  expect(Math.round((doneHours + Number(remaining[1])) * 10)).toBe(320);
  expect(doneMinutes + Number(remaining[2])).toBe(32 * 45);
  await expect(candidate.getByRole("link", { name: /党务工作操作实务/ })).toBeVisible();
  await checkPage(candidate, "my hours");

  // The rest of the year's 32 学时 comes from an offline class the county records (desktop).
  const admin = await (await browser.newContext(DESKTOP)).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/admin/offline-classes");
  await admin.getByLabel("培训名称").fill(`红帆领航员集中轮训（${name}）`);
  await admin.getByLabel("培训日期").fill(shanghaiToday());
  await admin.getByLabel("学时", { exact: true }).fill("32");
  await admin.getByLabel("地点").fill("嘉祥县委党校");
  await admin.getByLabel("主办单位").fill("嘉祥县委组织部");
  await admin.getByRole("button", { name: "新建" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: `红帆领航员集中轮训（${name}）` })).toBeVisible();
  await admin.locator("input#q").fill(name);
  await admin.getByRole("button", { name: "搜索" }).click();
  await admin.getByRole("checkbox", { name: new RegExp(name) }).check();
  await admin.getByRole("button", { name: "添加所选人员" }).click();
  await expect(admin.getByText("已登记 1 人，学时已计入。")).toBeVisible();

  await candidate.reload();
  await expect(candidate.getByTestId("year-remaining")).toHaveText("本年度学时已达标。");
  await expect(candidate.getByTestId("year-minutes")).toContainText(/合计 \d+ \/ 1440 分钟/);
  await checkPage(candidate, "my hours (met)");

  // 6. Sit the exam: one answer, the two short answers, the rest left unanswered.
  await candidate.goto("/exams");
  await checkPage(candidate, "exams");
  await candidate.getByTestId("open-sitting").filter({ hasText: EXAM }).getByRole("link", { name: "查看须知并开始" }).click();
  await expect(candidate.getByRole("heading", { level: 1, name: EXAM })).toBeVisible();
  await checkPage(candidate, "exam instructions");
  await candidate.getByRole("button", { name: "开始考试" }).click();
  await expect(candidate).toHaveURL(/\/exams\/attempts\/\d+$/);
  const attemptId = Number(/\/exams\/attempts\/(\d+)$/.exec(candidate.url())![1]);
  const question = candidate.getByTestId("question");
  await expect(question).toContainText("第 1 题 / 共 29 题");
  await question.getByRole("radio").first().check();
  await checkPage(candidate, "exam");
  const stamp = Date.now().toString(36);
  for (const n of [28, 29]) {
    await candidate.getByRole("button", { name: new RegExp(`^第 ${n} 题，`) }).click();
    await expect(question).toContainText(`第 ${n} 题 / 共 29 题`);
    await question.getByRole("textbox", { name: "作答", exact: true }).fill(`第 ${n} 题作答 ${stamp}：坚持“三会一课”。`);
  }
  await expect(candidate.getByTestId("save-status")).toHaveText("已保存");
  await candidate.getByRole("button", { name: "交卷", exact: true }).click();
  await candidate.getByTestId("submit-dialog").getByRole("button", { name: "确认交卷" }).click();
  await expect(candidate).toHaveURL(new RegExp(`/exams/attempts/${attemptId}/result$`));
  await expect(candidate.getByTestId("pending")).toHaveText("已交卷，主观题评阅中");
  await checkPage(candidate, "result (pending)");

  // The county admin grades both short answers (desktop); the last mark releases the result.
  await admin.goto("/grading");
  const groups = admin.getByTestId("queue-group").filter({ hasText: EXAM });
  await expect(groups.first()).toBeVisible();
  const groupLinks = await groups
    .getByRole("link", { name: "全部答卷" })
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href")!));
  let graded = 0;
  for (const href of groupLinks) {
    await admin.goto(href);
    const sheet = admin.getByRole("link", { name: `答卷 #${attemptId}`, exact: true });
    if ((await sheet.count()) === 0) continue;
    await sheet.click();
    await admin.getByLabel("得分（0–10 分，可保留一位小数）").fill("8");
    await admin.getByRole("button", { name: "保存并评下一份" }).click();
    await expect(admin.getByText(`已保存答卷 #${attemptId} 的评分`)).toBeVisible();
    graded++;
  }
  expect(graded).toBe(2);
  await expect(admin.getByText(`答卷 #${attemptId} 已全部评完，成绩已发布。`)).toBeVisible();

  // 7. The home page says the result is out; it leads to the released result and its review.
  await candidate.goto("/");
  const released = candidate.getByTestId("notification").filter({ hasText: EXAM });
  await expect(released).toContainText(/成绩已发布：(合格|不合格)/);
  await checkPage(candidate, "home (result notice)");
  await released.getByRole("link", { name: "查看" }).click();
  await expect(candidate).toHaveURL(new RegExp(`/exams/attempts/${attemptId}/result$`));
  await expect(candidate.getByTestId("score")).toContainText("总分");
  // Not passed, with a second attempt left while the sitting is open: the review with the answers
  // waits (issue 8), and the page says until when. (The review's markup: components/exam/review-item.test.tsx.)
  await expect(candidate.getByTestId("review-closed")).toContainText("您还可以再次参加本考试");
  await expect(candidate.getByTestId("review-item")).toHaveCount(0);
  expect(await candidate.locator("dl:not(:has(dt))").count()).toBe(0);
  await checkPage(candidate, "result (released)");

  expect(checked.length).toBeGreaterThanOrEqual(17);
});
