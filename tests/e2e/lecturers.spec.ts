import { expect, test } from "@playwright/test";
import { checkPage, DEMO, login, register } from "./helpers";

/**
 * 师资库: a newly registered person nominates themselves at 360 px (a renamed executable as the
 * sample is refused first, nothing saved); the county admin of 嘉祥县 schedules the trial, records
 * the panel's scores and admits at 1366 px; the person sees they are in the pool and now has the
 * lecturer menu (题库). 曲阜市's admin gets 403 on the candidacy; the town officer reads the pool.
 */
const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 900 } };

test("self-nomination at 360 px → trial scores and admission at 1366 px → the person is in the pool with the lecturer menu", async ({
  browser,
}) => {
  // a long journey with four people on a loaded 2-core machine
  test.setTimeout(180_000);
  const person = await (await browser.newContext(PHONE)).newPage();
  const name = "何自荐";
  await register(person, { name });
  await person.goto("/lecturers/apply");
  await expect(person.getByRole("heading", { level: 1, name: "申请加入师资库" })).toBeVisible();
  await person.getByRole("checkbox", { name: "党史" }).check();
  await person.getByRole("checkbox", { name: "基层党建" }).check();
  await person.getByLabel("职务/职称").fill("党支部书记");
  await person.getByLabel("工作单位").fill("嘉祥县鲁锦纺织有限公司");
  await person.getByLabel("个人简介").fill("担任企业党支部书记八年，多次在县里交流党建经验。");
  await person.getByLabel("样稿提纲").fill("一、三会一课怎样开出实效；二、主题党日的设计。");
  await person
    .getByLabel("样稿附件（可选）")
    .setInputFiles({ name: "讲稿.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\u0090\u0000 this is an executable") });
  await person.getByRole("button", { name: "提交自荐" }).click();
  await expect(person.getByRole("alert")).toContainText("不是 PDF 或图片");
  await expect(person.getByRole("alert")).toContainText("没有保存任何内容");
  await expect(person.getByTestId("my-candidacy")).toHaveCount(0);
  await person.getByRole("checkbox", { name: "党史" }).check();
  await person.getByLabel("样稿附件（可选）").setInputFiles([]);
  await person.getByRole("button", { name: "提交自荐" }).click();
  await expect(person.getByText("自荐已提交")).toBeVisible();
  await expect(person.getByTestId("my-candidacy")).toContainText("待试讲");
  await checkPage(person, 360);
  await person.screenshot({ path: "docs/screenshots/lecturer-apply-360.png", fullPage: true });

  const admin = await (await browser.newContext(DESKTOP)).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/admin/lecturers/candidacies?route=self");
  await admin.getByTestId("candidacy-row").filter({ hasText: name }).getByRole("link").click();
  await expect(admin.getByRole("heading", { level: 1 })).toContainText(name);
  const candidacyUrl = admin.url();
  await admin.getByLabel("试讲日期").fill("2026-12-20");
  await admin.getByLabel("试讲题目").fill("三会一课怎样开出实效");
  await admin.getByRole("button", { name: "安排试讲" }).click();
  await expect(admin.getByText("已保存。")).toBeVisible();
  const judges = [
    ["刘建华", "县委组织部", "86"],
    ["陈静", "县委党校", "90"],
    ["周学文", "县委宣讲团", "84"],
  ];
  for (const [i, [judge, role, score]] of judges.entries()) {
    await admin.locator(`#judgeName-${i}`).fill(judge);
    await admin.locator(`#judgeRole-${i}`).fill(role);
    await admin.locator(`#score-${i}`).fill(score);
  }
  await admin.locator("#comment-0").fill("联系实际，条理清楚。");
  await admin.getByRole("button", { name: "记录试讲评分" }).click();
  await expect(admin.getByTestId("trial-average")).toContainText("平均分 86.7");
  await checkPage(admin, 1366);
  await admin.screenshot({ path: "docs/screenshots/lecturer-candidacy-1366.png", fullPage: true });
  await admin.getByRole("radio", { name: "同意入库" }).check();
  await admin.getByLabel("理由").fill("试讲优秀，集中评选通过。");
  await admin.getByRole("button", { name: "提交决定" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toContainText("已入库");

  await admin.goto("/admin/lecturers");
  await expect(admin.getByTestId("pool-row").filter({ hasText: name })).toContainText("在库");
  await checkPage(admin, 1366);
  await admin.screenshot({ path: "docs/screenshots/lecturer-pool-1366.png", fullPage: true });
  await admin.getByTestId("pool-row").filter({ hasText: "钱立群" }).getByRole("link").click();
  await expect(admin.getByTestId("assignment")).toContainText("红帆领航员年度集中培训");
  await checkPage(admin, 1366);
  await admin.screenshot({ path: "docs/screenshots/lecturer-page-1366.png", fullPage: true });

  // the person: in the pool, and the lecturer's menu (题库) is there
  await person.goto("/lecturers/apply");
  await expect(person.getByTestId("in-pool")).toContainText("您已入选师资库");
  await expect(person.getByRole("link", { name: "题库", includeHidden: true }).first()).toBeAttached();

  // 曲阜市's admin: 403 whatever id; 嘉祥街道's officer reads the pool only
  const qufu = await (await browser.newContext(DESKTOP)).newPage();
  await login(qufu, DEMO.qufuAdmin);
  expect((await qufu.goto(candidacyUrl))?.status()).toBe(403);
  const officer = await (await browser.newContext(PHONE)).newPage();
  await login(officer, DEMO.jiaxiangTownOfficer);
  await officer.goto("/admin/lecturers");
  await expect(officer.getByText("只读查看", { exact: true })).toBeVisible();
  await expect(officer.getByTestId("pool-row").filter({ hasText: name })).toHaveCount(1);
  await checkPage(officer, 360);
  await officer.screenshot({ path: "docs/screenshots/lecturer-pool-360.png", fullPage: true });
});
