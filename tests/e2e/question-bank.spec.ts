import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { DEMO, login } from "./helpers";

test("an admin downloads the template, uploads a file with errors, sees every bad row, fixes it and imports", async ({
  page,
}, testInfo) => {
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/question-banks");
  await page.getByLabel("题库名称").fill(`导入演练题库${Date.now() % 10000}`);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page).toHaveURL(/\/question-banks\/\d+$/);
  await page.getByRole("link", { name: "导入" }).click();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载 Excel 模板" }).click();
  const download = await downloadPromise;
  const templatePath = testInfo.outputPath("template.xlsx");
  await download.saveAs(templatePath);

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(templatePath);
  expect(workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["题目", "说明"]));
  const sheet = workbook.getWorksheet("题目")!;
  const exampleRows = sheet.rowCount - 1;
  expect(exampleRows).toBeGreaterThanOrEqual(5);
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const col = (name: string) => header.indexOf(name);
  const bad = sheet.addRow([]);
  bad.getCell(col("题型")).value = "排序题";
  bad.getCell(col("题干")).value = "这一行题型写错了";
  bad.getCell(col("答案")).value = "A";
  bad.getCell(col("难度")).value = 3;
  bad.getCell(col("知识点")).value = "测试";
  bad.getCell(col("领域")).value = "操作实务";
  const badLetter = sheet.addRow([]);
  badLetter.getCell(col("题型")).value = "单选题";
  badLetter.getCell(col("题干")).value = "党费应当按月交纳吗？请选择正确说法。";
  badLetter.getCell(col("选项A")).value = "一般按月交纳";
  badLetter.getCell(col("选项B")).value = "只能按年交纳";
  badLetter.getCell(col("答案")).value = "F";
  badLetter.getCell(col("难度")).value = 9;
  badLetter.getCell(col("知识点")).value = "党费";
  badLetter.getCell(col("领域")).value = "操作实务";
  const badPath = testInfo.outputPath("with-errors.xlsx");
  await workbook.xlsx.writeFile(badPath);

  await page.getByLabel("文件").setInputFiles(badPath);
  await page.getByRole("button", { name: "检查并导入" }).click();
  await expect(page.getByText(/文件中有 \d+ 处问题，未导入任何题目/)).toBeVisible();
  const problems = page.getByTestId("import-problems");
  const badLine = String(exampleRows + 2);
  const letterLine = String(exampleRows + 3);
  await expect(problems.getByRole("row").filter({ hasText: "题型“排序题”无法识别" })).toContainText(badLine);
  await expect(problems.getByRole("row").filter({ hasText: "答案中的字母 F 没有对应的选项" })).toContainText(letterLine);
  await expect(problems.getByRole("row").filter({ hasText: "难度应为 1 到 5" })).toContainText(letterLine);

  bad.getCell(col("题型")).value = "简答题";
  bad.getCell(col("题干")).value = "简述党费交纳的基本要求。";
  bad.getCell(col("答案")).value = "党员应当按月交纳党费，按规定比例计算。";
  bad.getCell(col("选项A")).value = "按月交纳（2分）";
  badLetter.getCell(col("答案")).value = "A";
  badLetter.getCell(col("难度")).value = 2;
  const fixedPath = testInfo.outputPath("fixed.xlsx");
  await workbook.xlsx.writeFile(fixedPath);
  await page.getByLabel("文件").setInputFiles(fixedPath);
  await page.getByRole("button", { name: "检查并导入" }).click();
  await expect(page.getByText(`已导入 ${exampleRows + 2} 道题目。`)).toBeVisible();
  await page.getByRole("link", { name: /← / }).click();
  await expect(page.getByTestId("question-total")).toHaveText(`共 ${exampleRows + 2} 题`);
});

test("a lecturer proposes a question and an admin approves it", async ({ browser }) => {
  const lecturer = await (await browser.newContext()).newPage();
  await login(lecturer, DEMO.lecturer);
  await lecturer.goto("/question-banks");
  await lecturer.getByRole("link", { name: /嘉祥县红帆领航员自建题库/ }).click();
  await lecturer.getByRole("link", { name: "提交题目建议" }).click();
  await expect(lecturer.getByRole("heading", { name: "提交题目建议", level: 1 })).toBeVisible();
  const stem = `组织生活会一般每年召开几次？（${Date.now() % 100000}）`;
  await lecturer.getByLabel("题型").selectOption({ label: "单选题" });
  await lecturer.getByLabel("领域").selectOption({ label: "操作实务" });
  await lecturer.getByLabel("题干", { exact: true }).fill(stem);
  await lecturer.getByLabel("选项A").fill("一次");
  await lecturer.getByLabel("选项B").fill("两次");
  await lecturer.getByLabel("选项C").fill("每季度一次");
  await lecturer.getByLabel("知识点").fill("组织生活会");
  await lecturer.getByRole("button", { name: "保存并提交审核" }).click();
  await expect(lecturer.getByText("请修改以下问题：")).toBeVisible();
  await expect(lecturer.getByLabel("题干", { exact: true })).toHaveValue(stem);
  await lecturer.getByLabel("正确答案 A").check();
  await expect(lecturer.getByTestId("question-preview")).toContainText("两次");
  await lecturer.getByRole("button", { name: "保存并提交审核" }).click();
  await expect(lecturer.getByTestId("question-status")).toHaveText("待审核");
  const questionUrl = lecturer.url().replace(/\?.*$/, "");

  const admin = await (await browser.newContext()).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto(questionUrl);
  await expect(admin.getByTestId("answer-key")).toContainText("A");
  await admin.getByRole("button", { name: "通过并启用" }).click();
  await expect(admin.getByText("已通过，题目已启用。")).toBeVisible();
  await expect(admin.getByTestId("question-status")).toHaveText("启用");
  await lecturer.reload();
  await expect(lecturer.getByTestId("question-status")).toHaveText("启用");
});

test("editing an active question creates a new version and keeps the old one readable", async ({ page }) => {
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/question-banks");
  await page.getByRole("link", { name: /嘉祥县红帆领航员自建题库/ }).click();
  await page.getByLabel("搜索题干").fill("预备期");
  await page.getByRole("button", { name: "筛选" }).click();
  await page.getByRole("link", { name: /预备党员的预备期为/ }).click();
  await expect(page.getByTestId("question-status")).toHaveText("启用");
  await page.getByRole("link", { name: "编辑" }).click();
  await expect(page.getByRole("heading", { name: "编辑", level: 1 })).toBeVisible();
  await page.getByLabel("解析").fill("《中国共产党章程》第七条：预备党员的预备期为一年。");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText(/已保存为新版本 v2/)).toBeVisible();
  await expect(page.getByTestId("answer-key")).toContainText("第七条");
  await expect(page.getByTestId("question-status")).toHaveText("启用");
  await page.getByTestId("versions").getByRole("link", { name: "v1" }).click();
  await expect(page.getByText("正在查看历史版本 v1。")).toBeVisible();
  await expect(page.getByTestId("answer-key")).not.toContainText("第七条");
});

test("a GIFT import asks for defaults, imports the good questions and lists the others by line, in Chinese", async ({ page }, testInfo) => {
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/question-banks");
  await page.getByLabel("题库名称").fill(`GIFT 导入${Date.now() % 100000}`);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page).toHaveURL(/\/question-banks\/\d+$/);
  await page.getByRole("link", { name: "导入" }).click();
  await expect(page.getByLabel("导入后状态")).toHaveValue("draft");
  const giftPath = testInfo.outputPath("mixed.gift");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(
    giftPath,
    [
      "配对题 {=中共一大 -> 1921 =遵义会议 -> 1935}", // 1
      "",
      '[html]<p>听<a href="https\\://example.cn/a.mp3">录音</a><script>x()</script>后判断：党的根本组织原则是民主集中制。</p>{T}', // 3
      "",
      "中共一大于{~1919 =1921 ~1927}年召开。", // 5
      "",
      "简述“三会一课”。{}", // 7
    ].join("\n"),
  );
  await page.getByLabel("文件").setInputFiles(giftPath);
  await page.getByLabel("默认领域").selectOption({ label: "操作实务" });
  await page.getByLabel("默认知识点").fill("组织生活");
  await page.getByLabel("默认难度").selectOption("2");
  await page.getByLabel(/只导入没有问题的题目/).check();
  await page.getByRole("button", { name: "检查并导入" }).click();
  // The matching question (连线题) and the essay (a 简答题 without reference answer) import too.
  await expect(page.getByText("已导入 4 道题目。")).toBeVisible();
  const rows = page.getByTestId("import-problems").getByRole("row");
  await expect(rows.nth(1)).toContainText("3");
  await expect(rows.nth(1)).toContainText("提示（已导入）");
  await expect(rows.nth(1)).toContainText("脚本");
  await expect(rows.nth(2)).toContainText("7");
  await expect(rows.nth(2)).toContainText("提示（已导入）");
  await expect(rows.nth(2)).toContainText("已作为简答题导入");
  await page.getByRole("link", { name: /← / }).click();
  await expect(page.getByTestId("question-total")).toHaveText("共 4 题");
  // The default knowledge point reached the questions: the bank's knowledge-point filter offers it.
  await expect(page.locator('option[value="组织生活"]')).toHaveCount(1);
});
