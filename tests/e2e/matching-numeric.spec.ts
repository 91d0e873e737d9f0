import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { checkPage, DEMO, login } from "./helpers";

/** 韩卫东: approved application and 32 学时 this year (demo data), used by this journey only. */
const CANDIDATE = "13800000014";

async function expectAccessible(page: Page, label: string, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} is wider than the screen`).toBeLessThanOrEqual(width);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    label,
  ).toEqual([]);
  await page.screenshot({ path: `test-results/screens/new-types-${label}.png`, fullPage: true });
}

/** A datetime-local value in Beijing time, `minutes` from now. */
function beijing(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

test("an admin imports a 连线题 and a 数值题 from GIFT, puts them in a test; a candidate answers at 360 px with and without JavaScript and sees them in the review", async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const tag = Date.now() % 100_000;
  const adminContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const admin = await adminContext.newPage();
  await login(admin, DEMO.jiaxiangAdmin);

  // 1. A bank of the county, two questions imported from GIFT as active questions.
  await admin.goto("/question-banks");
  const bankTitle = `连线与数值${tag}`;
  await admin.getByLabel("题库名称").fill(bankTitle);
  await admin.getByRole("button", { name: "新建" }).click();
  await expect(admin).toHaveURL(/\/question-banks\/\d+$/);
  await admin.getByRole("link", { name: "导入" }).click();
  const giftPath = testInfo.outputPath("new-types.gift");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(
    giftPath,
    [
      "$CATEGORY: $course$/top/党的历史和党建理论/党的重要会议",
      "",
      `将下列党的重要会议与其召开年份连线（${tag}）。{`,
      "\t=中共一大 -> 1921年",
      "\t=遵义会议 -> 1935年",
      "\t=党的十一届三中全会 -> 1978年",
      "\t= -> 1949年",
      "\t####中共一大1921年召开，遵义会议1935年召开，党的十一届三中全会1978年召开。",
      "}",
      "",
      "$CATEGORY: $course$/top/经验交流/党员管理",
      "",
      '// hongfan: {"units":["名","人"]}',
      `某党支部共有党员40名，其中预备党员5名。召开党员大会表决时，有表决权的党员有多少名？（${tag}）{#35####预备党员没有表决权。}`,
    ].join("\n"),
  );
  await admin.getByLabel("文件").setInputFiles(giftPath);
  await admin.getByLabel("导入后状态").selectOption("active");
  await admin.getByRole("button", { name: "检查并导入" }).click();
  await expect(admin.getByText("已导入 2 道题目。")).toBeVisible();
  await admin.getByRole("link", { name: /← / }).click();
  await expect(admin.getByTestId("question-total")).toHaveText("共 2 题");

  // The question page previews the matching question with its key.
  await admin.getByRole("link", { name: new RegExp(`将下列党的重要会议与其召开年份连线（${tag}）`) }).click();
  await expect(admin.getByTestId("question-preview")).toContainText("连线题");
  await expect(admin.getByTestId("answer-key")).toContainText("遵义会议 → 1935年");

  // 2. An annual test drawing one of each from that bank, published, with a sitting open now.
  await admin.goto("/admin/exams/new");
  const examTitle = `连线数值测试${tag}`;
  await admin.getByLabel("考试名称").fill(examTitle);
  await admin.getByLabel("考试类型").selectOption({ label: "年度测试" });
  for (const box of await admin.locator('input[name="bankId"]').all()) await box.setChecked(false);
  await admin.getByRole("checkbox", { name: new RegExp(bankTitle) }).check();
  await admin.locator('[name="s0.area"]').selectOption({ label: "党的历史和党建理论" });
  await admin.locator('[name="s0.type"]').selectOption({ label: "连线题" });
  await admin.locator('[name="s0.count"]').fill("1");
  await admin.locator('[name="s0.points"]').fill("6");
  await admin.locator('[name="s1.area"]').selectOption({ label: "经验交流" });
  await admin.locator('[name="s1.type"]').selectOption({ label: "数值题" });
  await admin.locator('[name="s1.count"]').fill("1");
  await admin.locator('[name="s1.points"]').fill("4");
  await admin.getByLabel("合格分数（分）").fill("6");
  await admin.getByRole("button", { name: "创建考试" }).click();
  await expect(admin).toHaveURL(/\/admin\/exams\/\d+$/);
  await expect(admin.getByText("所有小节都能从题库抽满。")).toBeVisible();
  await admin.getByRole("button", { name: "发布考试" }).click();
  await expect(admin.getByText("考试已发布。")).toBeVisible();
  await admin.getByLabel("场次名称").fill("连线数值场");
  await admin.getByLabel("开始时间（北京时间）").fill(beijing(-5));
  await admin.getByLabel("结束时间（北京时间）").fill(beijing(180));
  await admin.getByLabel("容量（人）").fill("10");
  await admin.getByRole("button", { name: "创建场次" }).click();
  await expect(admin).toHaveURL(/\/admin\/exams\/\d+\/sittings\/\d+$/);
  await admin.getByRole("button", { name: "发布场次" }).click();
  await expect(admin.getByText("场次已发布。")).toBeVisible();

  // 3. The candidate on a phone starts the test.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await login(page, CANDIDATE);
  await page.goto("/exams");
  await page.getByTestId("open-sitting").filter({ hasText: examTitle }).getByRole("link", { name: "查看须知并开始" }).click();
  await page.getByRole("button", { name: "开始考试" }).click();
  await expect(page).toHaveURL(/\/exams\/attempts\/\d+$/);
  const attemptUrl = page.url();
  const question = page.getByTestId("question");
  await expect(question.getByRole("heading")).toContainText("第 1 题 / 共 2 题");
  await expect(question).toContainText("连线题");
  await expectAccessible(page, "matching-js", 360);

  // Without JavaScript (the same session): the matching question's selects and 保存本题.
  const noJs = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: false,
    storageState: await context.storageState(),
  });
  const plain = await noJs.newPage();
  await plain.goto(attemptUrl);
  const first = plain.locator("form").filter({ hasText: "连线题" });
  await first.getByLabel("中共一大").selectOption({ label: "1921年" });
  await first.getByLabel("遵义会议").selectOption({ label: "1935年" });
  await first.getByLabel("党的十一届三中全会").selectOption({ label: "1949年" });
  await first.getByRole("button", { name: "保存本题" }).click();
  await expect(plain.getByText("第 1 题已保存。")).toBeVisible();
  await expect(plain.locator("form").filter({ hasText: "连线题" }).getByLabel("党的十一届三中全会")).toHaveValue(/\d/);
  // axe needs JavaScript in the page; without it the width and a screenshot are checked.
  expect(await plain.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await plain.screenshot({ path: "test-results/screens/new-types-no-js.png", fullPage: true });
  await noJs.close();

  // With JavaScript: the saved matches are there; one is corrected; the number is typed in full width with a unit.
  await page.reload();
  await expect(question.getByLabel("遵义会议")).not.toHaveValue("");
  await question.getByLabel("党的十一届三中全会").selectOption({ label: "1978年" });
  await page.getByRole("button", { name: "下一题" }).click();
  await expect(question.getByRole("heading")).toContainText("第 2 题 / 共 2 题");
  await expect(question).toContainText("可带单位：名、人");
  await question.getByLabel("作答").fill("３５名");
  await expect(page.getByTestId("save-status")).toHaveText("已保存", { timeout: 10_000 });
  await expectAccessible(page, "numeric-js", 360);

  await page.getByRole("button", { name: "交卷" }).click();
  const dialog = page.getByTestId("submit-dialog");
  await expect(dialog.getByText("所有题目均已作答。")).toBeVisible();
  await dialog.getByRole("button", { name: "确认交卷" }).click();
  await expect(page).toHaveURL(/\/exams\/attempts\/\d+\/result$/);

  // 4. The result: full marks, and the review shows each pair and the accepted number.
  await expect(page.getByTestId("score")).toContainText("10");
  const items = page.getByTestId("review-item");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText("连线题 · 得分 6 / 6");
  await expect(items.nth(0)).toContainText("党的十一届三中全会 → 1978年");
  await expect(items.nth(0).getByText("配对正确")).toHaveCount(3);
  await expect(items.nth(1)).toContainText("数值题 · 得分 4 / 4");
  await expect(items.nth(1)).toContainText("３５名");
  await expect(items.nth(1)).toContainText("35（可带单位：名、人）");
  await expectAccessible(page, "result", 360);
  await context.close();
  await adminContext.close();
});

test("an admin writes a 连线题 and a 数值题 in the editor: the problems in Chinese, the live preview, the saved key", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/question-banks");
  await page.getByRole("link", { name: /嘉祥县红帆领航员自建题库/ }).click();
  await page.getByRole("link", { name: "新建题目" }).click();
  await expect(page).toHaveURL(/\/new$/);
  const tag = Date.now() % 100_000;

  // 连线题: a line without an arrow is reported; the preview shows the premises and responses.
  await page.getByLabel("题型").selectOption({ label: "连线题" });
  await page.getByLabel("领域").selectOption({ label: "操作实务" });
  await page.getByLabel("题干", { exact: true }).fill(`将下列会议与其一般召开频次连线（${tag}）。`);
  await page.getByLabel("配对").fill("党支部党员大会 -> 每季度召开1次\n党小组会");
  await page.getByLabel("知识点").fill("三会一课");
  await page.getByRole("button", { name: "保存并启用" }).click();
  await expect(page.getByText("请修改以下问题：")).toBeVisible();
  await expect(page.getByText("缺少“->”").first()).toBeVisible();
  await page.getByLabel("配对").fill("党支部党员大会 -> 每季度召开1次\n党小组会 -> 每月召开1次\n-> 每年召开1次");
  await expect(page.getByTestId("question-preview")).toContainText("每年召开1次");
  await expect(page.getByTestId("question-preview")).toContainText("党小组会");
  await checkPage(page);
  await page.getByRole("button", { name: "保存并启用" }).click();
  await expect(page.getByTestId("question-status")).toHaveText("启用");
  await expect(page.getByTestId("answer-key")).toContainText("党小组会 → 每月召开1次");

  // 数值题: an answer that is not a number is reported; units and a partial answer are kept.
  await page.goto("/question-banks");
  await page.getByRole("link", { name: /嘉祥县红帆领航员自建题库/ }).click();
  await page.getByRole("link", { name: "新建题目" }).click();
  await expect(page).toHaveURL(/\/new$/);
  await page.getByLabel("题型").selectOption({ label: "数值题" });
  await page.getByLabel("领域").selectOption({ label: "党务工作基础知识" });
  await page.getByLabel("题干", { exact: true }).fill(`有正式党员多少人以上的党支部设立支部委员会？（${tag}）`);
  await page.getByLabel("可接受的答案").fill("七");
  await page.getByLabel("知识点").fill("党支部设置");
  await page.getByRole("button", { name: "保存并启用" }).click();
  await expect(page.getByText("数值题答案“七”无效").first()).toBeVisible();
  await page.getByLabel("可接受的答案").fill("7\n%50%6..8");
  await page.getByLabel("可带的单位").fill("人 名");
  await expect(page.getByTestId("question-preview")).toContainText("单位：人、名");
  await page.getByRole("button", { name: "保存并启用" }).click();
  await expect(page.getByTestId("question-status")).toHaveText("启用");
  await expect(page.getByTestId("answer-key")).toContainText("50%：6 ~ 8");
  await checkPage(page);
});
