import { expect, test } from "@playwright/test";
import { login, register } from "./helpers";

test("the show-password toggle reveals and hides what was typed, and is a real toggle button", async ({ page }) => {
  await page.goto("/login");
  const password = page.getByLabel("密码", { exact: true });
  await password.fill("a phrase to check");
  const toggle = page.getByRole("button", { name: "显示密码" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(password).toHaveAttribute("type", "password");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(password).toHaveAttribute("type", "text");
  await expect(password).toHaveValue("a phrase to check");
  await toggle.click();
  await expect(password).toHaveAttribute("type", "password");
  // the register form has one for each of its two password fields
  await page.goto("/register");
  await expect(page.getByRole("button", { name: "显示密码" })).toHaveCount(2);
});

test("a person sees the devices signed in and signs the others out", async ({ page, browser }) => {
  const person = await register(page, { name: "钱多设" });
  const cookies = await page.context().cookies();
  // production mode: Secure cookies, so the __Host- prefixed name
  expect(cookies.map((c) => c.name)).toContain("__Host-hf_session");
  const other = await (await browser.newContext()).newPage();
  await login(other, person.phone, person.password);

  await page.goto("/account");
  const list = page.getByTestId("sessions");
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list).toContainText("本设备");
  await page.getByRole("button", { name: "退出其他设备" }).click();
  await expect(page.getByText("已退出其他 1 台设备上的登录。")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText("没有其他设备登录您的账户。")).toBeVisible();

  await other.goto("/account");
  await expect(other).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await other.context().close();
});
