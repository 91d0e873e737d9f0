import { expect, test } from "@playwright/test";
import { completeCreditCode } from "../../app/modules/org-tree/credit-code";
import { DEMO, login, register } from "./helpers";

test("a candidate changes the password, logs out and logs in with the new one", async ({ page }) => {
  const person = await register(page, { name: "孙文静" });
  await page.goto("/account");
  await page.getByLabel("当前密码").fill("not-the-password1");
  await page.getByLabel("新密码", { exact: true }).fill("new study 2027");
  await page.getByLabel("确认新密码").fill("new study 2027");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("当前密码不正确。", { exact: true })).toBeVisible();
  await page.getByLabel("当前密码").fill(person.password);
  await page.getByLabel("新密码", { exact: true }).fill("new study 2027");
  await page.getByLabel("确认新密码").fill("new study 2027");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("密码已修改，其他设备上的登录已全部退出。")).toBeVisible();

  await page.getByRole("button", { name: "退出", includeHidden: true }).first().click();
  await expect(page.getByRole("link", { name: "注册成为学员" })).toBeVisible();
  await page.goto("/login");
  await page.getByLabel("手机号或身份证号").fill(person.idNumber);
  await page.getByLabel("密码").fill(person.password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByText("手机号/身份证号或密码不正确。")).toBeVisible();
  await login(page, person.idNumber, "new study 2027");
  await expect(page.getByRole("heading", { name: "孙文静，您好" })).toBeVisible();
});

test("a county admin adds a town and an organization, grants a town officer, and the audit log shows it", async ({ page, browser }) => {
  // The person to be granted is registered here, so no other test sees the change.
  const newcomer = await (await browser.newContext()).newPage();
  const personName = `吴${String.fromCharCode(0x4e00 + Math.floor(Math.random() * 2000))}平`;
  await register(newcomer, { name: personName });
  await newcomer.context().close();
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/org-tree");
  await expect(page.getByRole("link", { name: "曲阜市" })).toHaveCount(0);
  await page.getByRole("link", { name: "嘉祥县" }).click();
  await expect(page.getByRole("heading", { name: /嘉祥县/, level: 1 })).toBeVisible();
  const townName = `测试街道${Date.now() % 100000}`;
  await page.getByLabel("名称").first().fill(townName);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
  await page.getByRole("link", { name: townName }).click();
  await expect(page.getByRole("heading", { name: townName, level: 1 })).toBeVisible();

  await page.getByLabel("名称").first().fill("嘉祥县测试科技有限公司");
  await page.getByLabel("类型").selectOption({ label: "非公企业" });
  const code = completeCreditCode(`91370829MA3T${String(Date.now() % 100000).padStart(5, "0")}`);
  await page.getByLabel("统一社会信用代码").fill(code.slice(0, 17) + (code[17] === "0" ? "1" : "0"));
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByText("统一社会信用代码校验位不正确，请核对。", { exact: true })).toBeVisible();
  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByRole("link", { name: "嘉祥县测试科技有限公司" })).toBeVisible();

  await page.goto(`/admin/people?q=${encodeURIComponent(personName)}`);
  await page.getByRole("link", { name: personName }).click();
  await expect(page.getByRole("heading", { name: personName, level: 1 })).toBeVisible();
  await page.getByLabel("角色").selectOption({ label: "镇街党(工)委" });
  await page.getByLabel(/镇（街道）/).selectOption({ label: `嘉祥县 · ${townName}` });
  await page.getByRole("button", { name: "授予" }).click();
  await expect(page.getByText("已授予角色。")).toBeVisible();
  await expect(page.getByTestId("grant").filter({ hasText: townName })).toContainText("镇街党(工)委");

  await page.goto("/admin/audit");
  await expect(page.getByRole("cell", { name: "新增镇街" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "新增组织" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "授予角色" }).first()).toBeVisible();
});

test("a system admin adds a county; a wrong code is explained", async ({ page }) => {
  await login(page, DEMO.systemAdmin);
  await page.goto("/admin/org-tree");
  await page.getByLabel("名称").fill("任城区");
  await page.getByLabel("行政区划代码").fill("37081");
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByText("行政区划代码为 6 位数字。", { exact: true })).toBeVisible();
  await page.getByLabel("行政区划代码").fill("370829");
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByText("该行政区划代码已存在。", { exact: true })).toBeVisible();
  await page.getByLabel("行政区划代码").fill("370811");
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByRole("link", { name: "任城区" })).toBeVisible();
});

test("a system admin opens the settings; bad values are explained and nothing is saved", async ({ page }) => {
  await login(page, DEMO.systemAdmin);
  await page.goto("/admin/settings");
  await expect(page.getByLabel("每学时分钟数")).toHaveValue("45");
  await page.getByLabel("每学时分钟数").fill("5");
  await page.getByLabel("年度最低学时").fill("abc");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("每学时分钟数应在 10 到 60 之间。", { exact: true })).toBeVisible();
  await expect(page.getByText("请填写整数。", { exact: true })).toBeVisible();
  await page.goto("/admin/settings");
  await expect(page.getByLabel("每学时分钟数")).toHaveValue("45");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("设置已保存")).toBeVisible();
});
