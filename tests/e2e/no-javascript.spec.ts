import { expect, test } from "@playwright/test";
import { newPerson } from "./helpers";

test.use({ javaScriptEnabled: false });

test("without JavaScript a newcomer registers (typed values survive an error) and applies", async ({ page }) => {
  const person = newPerson();
  await page.goto("/register");
  await page.getByLabel("县（市、区）").selectOption({ label: "嘉祥县" });
  await page.getByRole("button", { name: "显示镇（街道）" }).click();
  await page.getByLabel("镇（街道）").selectOption({ label: "嘉祥街道" });
  await page.getByRole("button", { name: "显示组织" }).click();
  await page.getByLabel("所在组织").selectOption({ label: "嘉祥县鲁锦纺织有限公司" });
  await page.getByLabel("姓名").fill("周无脚本");
  await page.getByLabel("手机号").fill("1234");
  await page.getByLabel("身份证号").fill(person.idNumber);
  await page.getByLabel("政治面貌").selectOption({ label: "正式党员" });
  await page.getByLabel("党内职务").selectOption({ label: "党组织委员" });
  await page.getByLabel("设置密码").fill(person.password);
  await page.getByLabel("确认密码").fill(person.password);
  await page.getByRole("checkbox", { name: /个人信息保护说明/ }).check();
  await page.getByRole("button", { name: "注册" }).click();

  await expect(page.getByText("请输入 11 位手机号码。", { exact: true })).toBeVisible();
  await expect(page.getByLabel("姓名")).toHaveValue("周无脚本");
  await expect(page.getByLabel("身份证号")).toHaveValue(person.idNumber);
  await expect(page.getByLabel("党内职务")).toHaveValue("committee_member");
  await expect(page.getByLabel("设置密码")).toHaveValue("");

  await page.getByLabel("手机号").fill(person.phone);
  await page.getByLabel("设置密码").fill(person.password);
  await page.getByLabel("确认密码").fill(person.password);
  // the agreement survives the error like the typed values
  await expect(page.getByRole("checkbox", { name: /个人信息保护说明/ })).toBeChecked();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/apply\?registered=1$/);
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText("申请已提交")).toBeVisible();
});
