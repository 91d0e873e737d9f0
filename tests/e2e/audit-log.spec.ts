import { expect, test } from "@playwright/test";
import { DEMO, login } from "./helpers";

test.use({ viewport: { width: 1366, height: 900 } });

test("the audit log reads in words: the record named and linked, fields in Chinese, a plain address, names on one line", async ({
  page,
}) => {
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/org-tree");
  await page.getByRole("link", { name: "嘉祥县" }).click();
  const townName = `审计街道${Date.now() % 100000}`;
  await page.getByLabel("名称").first().fill(townName);
  await page.getByRole("button", { name: "新建" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();

  await page.goto("/admin/audit");
  const row = page.getByRole("row").filter({ hasText: townName }).first();
  await expect(row.getByRole("cell", { name: "新增镇街" })).toBeVisible();
  const link = row.getByRole("link", { name: `镇（街道）：${townName}` });
  await expect(link).toBeVisible();
  await expect(row).toContainText(`名称：${townName}`);
  const cells = await row.getByRole("cell").allInnerTexts();
  // No developer words: table names, "#id", raw field names, IPv4-mapped IPv6 addresses.
  for (const text of cells) expect(text).not.toMatch(/town #|countyId|name:|::ffff:|#\d/);
  expect(cells[5]).toMatch(/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+$/i);
  expect(cells[5]).not.toContain("::ffff:");

  // The person's name stays on one line.
  const actor = row.getByRole("cell").nth(1);
  await expect(actor).toHaveCSS("white-space", "nowrap");
  const lineHeight = await actor.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 24);
  const height = await actor.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect().height;
  });
  expect(height).toBeLessThan(lineHeight * 1.5);
  await page.screenshot({ path: "test-results/screens/audit-1366.png" });

  await link.click();
  await expect(page.getByRole("heading", { name: townName, level: 1 })).toBeVisible();
});
