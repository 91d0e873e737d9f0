import { expect, test } from "@playwright/test";
import { checkPage, DEMO, login, register } from "./helpers";

test("a lecturer writes a micro lesson at 360 px and submits it; the county admin comments and publishes; a learner studies it and is credited", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const title = `微党课${Date.now() % 100000}`;
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const lecturer = await phone.newPage();
  await login(lecturer, DEMO.lecturer);
  await lecturer.goto("/my/micro-lessons");
  await expect(lecturer.getByRole("heading", { level: 1, name: "我的微党课" })).toBeVisible();
  await lecturer.screenshot({ path: "docs/screenshots/micro-my-lessons-360.png", fullPage: true });
  await lecturer.getByRole("link", { name: "新建微党课" }).click();
  // bad input: a clear message, nothing written
  await lecturer.getByRole("button", { name: "保存草稿" }).click();
  await expect(lecturer.getByText("此项为必填项。").first()).toBeVisible();
  await lecturer.getByLabel("标题").fill(title);
  await lecturer.getByLabel("简介").fill("用一分钟讲清主题党日的要点。");
  await lecturer.getByLabel("培训内容").selectOption({ label: "操作实务" });
  await lecturer.getByLabel("计划时长（分钟）").fill("1");
  await lecturer.getByLabel("知识点").fill("主题党日、组织生活");
  await lecturer.getByLabel("讲稿（Markdown）").fill("# 主题党日\n\n**每月固定一天**<script>alert(1)</script>");
  await expect(lecturer.getByTestId("script-preview").locator("strong")).toHaveText("每月固定一天");
  await expect(lecturer.getByTestId("script-preview")).toContainText("<script>");
  // the video goes up through the resumable (tus) field; the server probes it and keeps its real length
  await lecturer.getByLabel("视频或音频").first().setInputFiles("tests/fixtures/upload-sample.mp4");
  await expect(lecturer.locator("[data-asset-id]").first()).toContainText("upload-sample.mp4", { timeout: 30_000 });
  await checkPage(lecturer);
  await lecturer.screenshot({ path: "docs/screenshots/micro-edit-360.png", fullPage: true });
  await lecturer.getByRole("button", { name: "保存草稿" }).click();
  await expect(lecturer.getByText("已保存。")).toBeVisible();
  await lecturer.getByRole("button", { name: "提交审核" }).click();
  await expect(lecturer.getByTestId("micro-state")).toHaveText("审核中");

  const admin = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/review/micro-lessons");
  await admin.screenshot({ path: "docs/screenshots/micro-review-queue-1366.png", fullPage: true });
  await admin.getByRole("link", { name: title }).click();
  await admin.getByRole("textbox", { name: "意见", exact: true }).fill("开头可以再简洁一些。");
  await admin.getByLabel("时间点（秒）").fill("3");
  await admin.getByRole("button", { name: "添加意见" }).click();
  await expect(admin.getByText("意见已添加。")).toBeVisible();
  await expect(admin.getByTestId("comments")).toContainText("开头可以再简洁一些。");
  await checkPage(admin, 1366);
  await admin.screenshot({ path: "docs/screenshots/micro-review-1366.png", fullPage: true });
  await admin.getByRole("button", { name: "审核通过并发布" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "微党课审核" })).toBeVisible();

  const learnerContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const learner = await learnerContext.newPage();
  await register(learner, { name: "微党课学员" });
  await learner.goto("/learn");
  await expect(learner.getByTestId("micro-section")).toBeVisible();
  await learner.screenshot({ path: "docs/screenshots/micro-catalogue-360.png", fullPage: true });
  await learner
    .getByRole("link", { name: new RegExp(title) })
    .first()
    .click();
  await expect(learner.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(learner.getByText("学习本课后才能评分。")).toBeVisible();
  // a micro lesson with a video credits while the video plays (the same rules as any lesson)
  await learner.locator("video").evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
  });
  await expect
    .poll(async () => Number(await learner.getByTestId("credited-minutes").getAttribute("data-seconds")), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await learner.reload();
  await learner.getByRole("radio", { name: "5 分" }).check();
  await learner.getByRole("button", { name: "提交评分" }).click();
  await expect(learner.getByText("评分已保存。")).toBeVisible();
  await expect(learner.getByTestId("my-rating")).toContainText("5 分");
  await checkPage(learner);
  await learner.screenshot({ path: "docs/screenshots/micro-lesson-360.png", fullPage: true });

  // the lecturer sees the learner in the lesson's statistics
  await lecturer.goto("/my/micro-lessons");
  const row = lecturer.getByTestId("my-micro-lessons").getByRole("row", { name: new RegExp(title) });
  await expect(row).toContainText("已发布");
  await expect(row).toContainText("5.0 分（1 人）");
});

test("the county admin sees this year's 优秀微党课 selection", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/micro-selection");
  await expect(page.getByRole("heading", { level: 1, name: "优秀微党课评选" })).toBeVisible();
  await expect(page.getByTestId("selection-ranking")).toContainText("“三会一课”的规范流程");
  await checkPage(page, 1366);
  await page.screenshot({ path: "docs/screenshots/micro-selection-1366.png", fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await checkPage(page);
  await page.screenshot({ path: "docs/screenshots/micro-selection-360.png", fullPage: true });
});
