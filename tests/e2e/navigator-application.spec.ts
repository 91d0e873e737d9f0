import { expect, test } from "@playwright/test";
import { DEMO, login, register } from "./helpers";

test("register, apply, a town officer approves, the candidate sees the approval", async ({ browser }) => {
  const candidate = await (await browser.newContext()).newPage();
  const name = `赵${String.fromCharCode(0x4e00 + Math.floor(Math.random() * 2000))}红`;
  await register(candidate, { name });
  await expect(candidate.getByText("您符合申请条件，可以提交申请。")).toBeVisible();
  await candidate.getByLabel("申请说明（选填）").fill("在公司党支部担任书记两年。");
  await candidate.getByRole("button", { name: "提交申请" }).click();
  await expect(candidate.getByText("申请已提交")).toBeVisible();
  await expect(candidate.getByTestId("application").first()).toContainText("待审核");
  // the pending application, not a refused form
  await expect(candidate.getByTestId("application-state")).toContainText("您的申请正在审核中");
  await expect(candidate.getByTestId("ineligible")).toHaveCount(0);
  await expect(candidate.getByText("暂不能提交申请")).toHaveCount(0);

  const officer = await (await browser.newContext()).newPage();
  await login(officer, DEMO.jiaxiangTownOfficer);
  await officer.goto("/review/applications");
  await officer.getByRole("link", { name }).click();
  await expect(officer).toHaveURL(/\/review\/applications\/\d+$/);
  await expect(officer.getByText("在公司党支部担任书记两年。")).toBeVisible();
  await officer.getByRole("button", { name: "通过", exact: true }).click();
  await expect(officer.getByText("已通过该申请。")).toBeVisible();
  await expect(officer.getByTestId("application-status")).toHaveText("已通过");

  await candidate.reload();
  await expect(candidate.getByTestId("application").first()).toContainText("已通过");
  await expect(candidate.getByTestId("application-state")).toContainText("您的认证申请已通过");
});

test("a rejection shows its reason; a county admin of 曲阜市 gets 403 for the 嘉祥县 application", async ({ browser }) => {
  const candidate = await (await browser.newContext()).newPage();
  const name = `钱${String.fromCharCode(0x4e00 + Math.floor(Math.random() * 2000))}军`;
  await register(candidate, { name, partyPost: "专职党务工作者" });
  await candidate.getByRole("button", { name: "提交申请" }).click();
  await expect(candidate.getByText("申请已提交")).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/review/applications");
  await admin.getByRole("link", { name }).click();
  await expect(admin).toHaveURL(/\/review\/applications\/\d+$/);
  const applicationUrl = admin.url();
  await admin.getByRole("button", { name: "不通过" }).click();
  await expect(admin.getByText("不通过时请填写审核意见。").first()).toBeVisible();
  await admin.getByLabel("审核意见").fill("请补充党组织出具的任职证明后重新申请。");
  await admin.getByRole("button", { name: "不通过" }).click();
  await expect(admin.getByText("已退回该申请。")).toBeVisible();

  await candidate.reload();
  await expect(candidate.getByTestId("application").first()).toContainText("未通过");
  await expect(candidate.getByTestId("application").first()).toContainText("请补充党组织出具的任职证明后重新申请。");

  const foreign = await (await browser.newContext()).newPage();
  await login(foreign, DEMO.qufuAdmin);
  const response = await foreign.goto(applicationUrl);
  expect(response?.status()).toBe(403);
  await expect(foreign.getByRole("heading", { name: "您没有权限访问此页面。" })).toBeVisible();
  await expect(foreign.getByText(name)).toHaveCount(0);
});

test("a probationary member is told why they cannot apply", async ({ page }) => {
  await login(page, DEMO.probationary);
  await page.goto("/apply");
  await expect(page.getByTestId("ineligible")).toContainText("预备党员暂不能申请");
  await expect(page.getByRole("button", { name: "提交申请" })).toHaveCount(0);
});

test("registration with bad input explains every problem in Chinese and creates nothing", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("姓名").fill("测试");
  await page.getByLabel("手机号").fill("12345");
  await page.getByLabel("身份证号").fill("110105194912310021");
  await page.getByLabel("设置密码").fill("short");
  await page.getByLabel("确认密码").fill("short");
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page.getByText("请输入 11 位手机号码。", { exact: true })).toBeVisible();
  await expect(page.getByText("身份证号校验位不正确，请核对。", { exact: true })).toBeVisible();
  await expect(page.getByText("密码至少 12 个字符（汉字、字母、数字、空格都算，可以用一句好记的话）。", { exact: true })).toBeVisible();
  await expect(page.getByText("请阅读并勾选同意《个人信息保护说明》后再注册。", { exact: true })).toBeVisible();
  await expect(page.getByText("请选择所在组织，或填写统一社会信用代码。", { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/register/);
});
