import { expect, test, type Page } from "@playwright/test";
import { DEMO, login, newPerson } from "./helpers";

/**
 * After a failed submit on a phone, the page must not stay where the button was: the error
 * summary at the top of the form takes the focus, is in view, and its links lead to the fields.
 */
test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

async function expectSummaryFocusedInView(page: Page) {
  const summary = page.locator("[data-error-summary]");
  await expect(summary).toBeFocused();
  await expect(summary).toHaveAttribute("tabindex", "-1");
  await expect(summary).toHaveAttribute("role", "alert");
  await expect(summary).toBeInViewport();
  return summary;
}

test("registration with a wrong ID number: the summary takes the focus in view and its link moves to the field", async ({ page }) => {
  const person = newPerson();
  await page.goto("/register");
  await page.getByLabel("县（市、区）").selectOption({ label: "嘉祥县" });
  await page.getByLabel("镇（街道）").selectOption({ label: "嘉祥街道" });
  await page.getByLabel("所在组织").selectOption({ label: "嘉祥县鲁锦纺织有限公司" });
  await page.getByLabel("姓名").fill("王建国");
  await page.getByLabel("手机号").fill(person.phone);
  // A wrong check digit.
  await page.getByLabel("身份证号").fill(person.idNumber.slice(0, 17) + (person.idNumber.endsWith("0") ? "1" : "0"));
  await page.getByLabel("政治面貌").selectOption({ label: "正式党员" });
  await page.getByLabel("党内职务").selectOption({ label: "党组织书记" });
  await page.getByLabel("设置密码").fill(person.password);
  await page.getByLabel("确认密码").fill(person.password);
  await page.getByRole("checkbox", { name: /个人信息保护说明/ }).check();
  await page.getByRole("button", { name: "注册" }).click();

  const summary = await expectSummaryFocusedInView(page);
  await expect(summary.getByRole("heading", { name: "提交前请修改以下问题" })).toBeVisible();
  const link = summary.getByRole("link", { name: /身份证号：身份证号校验位不正确/ });
  await expect(link).toBeVisible();
  await page.screenshot({ path: "test-results/screens/register-error-360.png" });

  await link.click();
  const field = page.getByLabel("身份证号");
  await expect(field).toBeFocused();
  await expect(field).toBeInViewport();
  await expect(page.locator('label[for="idNumber"]')).toBeInViewport();
  await page.screenshot({ path: "test-results/screens/register-error-link-360.png" });

  // The same mistake again: the summary takes the focus again.
  await page.getByLabel("设置密码").fill(person.password);
  await page.getByLabel("确认密码").fill(person.password);
  await page.getByRole("checkbox", { name: /个人信息保护说明/ }).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expectSummaryFocusedInView(page);
});

test("a wrong password at login and a bad change of password both focus the summary", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("手机号或身份证号").fill(newPerson().phone);
  await page.getByLabel("密码").fill("wrong-password-1");
  await page.getByRole("button", { name: "登录" }).click();
  const summary = await expectSummaryFocusedInView(page);
  await expect(summary).toContainText("密码");

  await login(page, DEMO.candidate);
  await page.goto("/account");
  await page.getByLabel("当前密码").fill("hongfan-demo-2026");
  await page.getByLabel("新密码", { exact: true }).fill("short");
  await page.getByLabel("确认新密码").fill("short");
  await page.getByRole("button", { name: "修改密码" }).last().click();
  const second = await expectSummaryFocusedInView(page);
  await second
    .getByRole("link", { name: /新密码/ })
    .first()
    .click();
  await expect(page.getByLabel("新密码", { exact: true })).toBeFocused();
});
