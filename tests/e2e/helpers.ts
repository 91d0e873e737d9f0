import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { idNumberCheckCharacter } from "../../app/modules/accounts/id-number";

export const DEMO_PASSWORD = "hongfan-demo-2026";
export const DEMO = {
  systemAdmin: "13800000001",
  jiaxiangAdmin: "13800000002",
  qufuAdmin: "13800000003",
  jiaxiangTownOfficer: "13800000004",
  lecturer: "13800000005",
  candidate: "13800000006",
  probationary: "13800000008",
};

/** A new person: a unique phone and a valid ID number (clock, worker pid and a counter). */
let created = 0;
export function newPerson() {
  const n = (Date.now() % 1_000_000_000) * 7 + (process.pid % 997) * 1_000_003 + ++created * 7919;
  const phone = `15${String(n % 1_000_000_000).padStart(9, "0")}`;
  const year = 1960 + (n % 40);
  const month = String(1 + (Math.floor(n / 40) % 12)).padStart(2, "0");
  const day = String(1 + (Math.floor(n / 480) % 28)).padStart(2, "0");
  const seq = String(Math.floor(n / 13_440) % 1000).padStart(3, "0");
  const body = `370829${year}${month}${day}${seq}`;
  return { phone, idNumber: body + idNumberCheckCharacter(body), password: "study sail 2026" };
}

export async function login(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("手机号或身份证号").fill(identifier);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("button", { name: "退出", includeHidden: true }).first()).toBeAttached();
}

/** Registers a candidate of 嘉祥县 / 嘉祥街道 / 嘉祥县鲁锦纺织有限公司 through the form. */
export async function register(page: Page, options: { name: string; partyStatus?: string; partyPost?: string }) {
  const person = newPerson();
  await page.goto("/register");
  await page.getByLabel("县（市、区）").selectOption({ label: "嘉祥县" });
  await page.getByLabel("镇（街道）").selectOption({ label: "嘉祥街道" });
  await page.getByLabel("所在组织").selectOption({ label: "嘉祥县鲁锦纺织有限公司" });
  await page.getByLabel("姓名").fill(options.name);
  await page.getByLabel("手机号").fill(person.phone);
  await page.getByLabel("身份证号").fill(person.idNumber);
  await page.getByLabel("政治面貌").selectOption({ label: options.partyStatus ?? "正式党员" });
  await page.getByLabel("党内职务").selectOption({ label: options.partyPost ?? "党组织书记" });
  await page.getByLabel("设置密码").fill(person.password);
  await page.getByLabel("确认密码").fill(person.password);
  await page.getByRole("checkbox", { name: /个人信息保护说明/ }).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/apply\?registered=1$/);
  await expect(page.getByTestId("registered")).toContainText("注册成功");
  return person;
}

/** The page fits the screen's width (no sideways scrolling) and axe finds no accessibility violation. */
export async function checkPage(page: Page, width = 360) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${page.url()} is wider than the screen`).toBeLessThanOrEqual(
    width,
  );
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    page.url(),
  ).toEqual([]);
}
