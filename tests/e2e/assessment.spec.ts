import { expect, test } from "@playwright/test";
import { DEMO, login, checkPage } from "./helpers";

/**
 * 年度考核 across the roles. It applies a round to the whole of 嘉祥县, so it runs in the
 * "county-wide" project after every other journey (playwright.config.ts): the others read the demo
 * navigators' certificates as seeded.
 */
const GAO = { phone: "13800000015", name: "高晓燕" };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const YEAR = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));

test("town officer proposes 一般 for an intermediate navigator → the county applies → she holds 初级, is told, and the old QR page says 已降级", async ({
  browser,
}) => {
  // The county admin opens this year's round.
  const admin = await (await browser.newContext()).newPage();
  await login(admin, DEMO.jiaxiangAdmin);
  await admin.goto("/admin/assessments");
  await admin.getByLabel("考核年度").selectOption(String(YEAR));
  await admin.getByRole("button", { name: "开启考核" }).click();
  await expect(admin).toHaveURL(/\/admin\/assessments\/\d+$/);
  const roundUrl = admin.url();

  // The town officer, on a phone, sees her town's navigators with the evidence and proposes.
  const officer = await (await browser.newContext(PHONE)).newPage();
  await login(officer, DEMO.jiaxiangTownOfficer);
  await officer.goto(roundUrl);
  const card = officer.locator('[data-testid^="member-"]').filter({ hasText: GAO.name });
  await expect(card).toContainText("中级");
  await expect(card).toContainText(`${YEAR} 年度学时`);
  await expect(card.getByTestId("supervision-evidence")).toContainText(`${YEAR} 年度走访考察`);
  const oldNumber = (await card.locator(".font-mono").first().textContent())!.trim();
  expect(oldNumber).toMatch(/^HF370829-\d{4}-2-\d{4}-[0-9X]$/);
  // no basis: refused with the reason, nothing saved
  await card.getByLabel("考核等次").selectOption({ label: "一般" });
  await card.getByRole("button", { name: "提交评定" }).click();
  await expect(officer.locator('[data-testid^="member-"]').filter({ hasText: GAO.name }).getByRole("alert")).toContainText(
    "请填写考核依据",
  );
  const again = officer.locator('[data-testid^="member-"]').filter({ hasText: GAO.name });
  await again.getByLabel("考核等次").selectOption({ label: "一般" });
  await again.getByLabel("考核依据（简要）").fill("走访中业主反映作用发挥一般，全年仅组织两次活动");
  await again.getByRole("button", { name: "提交评定" }).click();
  await expect(officer.locator('[data-testid^="member-"]').filter({ hasText: GAO.name }).getByTestId("current-grade")).toContainText(
    "一般",
  );
  await checkPage(officer);

  // The county admin previews (someone is still missing: leave them unassessed) and applies.
  await admin.reload();
  await admin.getByRole("button", { name: "预览应用结果" }).click();
  await expect(admin.getByTestId("apply-preview")).toContainText("尚未评定");
  // not chosen to leave them unassessed yet: the counts call them 未评定, not 不考核
  await expect(admin.getByTestId("apply-preview")).toContainText("人未评定，现在不能应用");
  await expect(admin.getByTestId("apply-preview")).not.toContainText(/不考核 \d+ 人/);
  await expect(admin.getByText("还有人员未评定")).toBeVisible();
  await admin.getByLabel(/未评定的人员本年度不考核/).check();
  await admin.getByRole("button", { name: "预览应用结果" }).click();
  await expect(admin.getByTestId("apply-preview")).toContainText(`${GAO.name}（嘉祥街道）一般：中级 → 初级`);
  // the town proposes for another navigator after the preview: the apply refuses the stale plan, and
  // says so where the admin pressed the button
  const tian = officer.locator('[data-testid^="member-"]').filter({ hasText: "田志刚" });
  await tian.getByLabel("考核等次").selectOption({ label: "良好" });
  await tian.getByLabel("考核依据（简要）").fill("按时参加组织生活");
  await tian.getByRole("button", { name: "提交评定" }).click();
  await expect(officer.locator('[data-testid^="member-"]').filter({ hasText: "田志刚" }).getByTestId("current-grade")).toContainText(
    "良好",
  );
  await admin.getByRole("button", { name: "确认应用本轮考核" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: "预览之后评定或证书有了变化" })).toBeInViewport();
  await expect(admin.getByTestId("outcomes")).toHaveCount(0);
  await admin.getByRole("button", { name: "预览应用结果" }).click();
  await expect(admin.getByTestId("apply-preview")).toContainText(`${GAO.name}（嘉祥街道）一般：中级 → 初级`);
  await admin.getByRole("button", { name: "确认应用本轮考核" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "本轮考核已应用" })).toBeVisible();
  await expect(admin.getByTestId("outcomes")).toContainText(GAO.name);
  // applying again changes nothing: the round is closed, the page offers corrections only
  await expect(admin.getByRole("button", { name: "确认应用本轮考核" })).toHaveCount(0);
  // the round list: dates carry their year (last year's round was opened this January); a year that
  // has its round is not offered again
  await admin.goto("/admin/assessments");
  await expect(admin.getByTestId("rounds")).toContainText(new RegExp(`开启时间 ${YEAR}/\\d{2}/\\d{2}`));
  await expect(admin.locator(`select[name="year"] option[value="${YEAR}"]`)).toHaveCount(0);

  // The navigator: 初级 now, the notice with the new number, the old certificate 已降级.
  const gao = await (await browser.newContext(PHONE)).newPage();
  await login(gao, GAO.phone);
  await gao.goto("/");
  await expect(gao.getByText(`您的 ${YEAR} 年度考核结果为一般，领航员级别由中级调整为初级`)).toBeVisible();
  await gao.goto("/certificates");
  const valid = gao.getByTestId("certificate").filter({ hasText: "有效" });
  await expect(valid).toHaveCount(1);
  await expect(valid).toContainText("初级");
  await expect(gao.getByTestId("certificate").filter({ hasText: oldNumber })).toContainText("已降级");

  // A phone opens the old certificate's QR URL.
  const phone = await (await browser.newContext(PHONE)).newPage();
  await phone.goto(`/verify/${oldNumber}`);
  await expect(phone.getByTestId("verify-status")).toHaveText("已降级");
  await expect(phone.getByText(/初级/).first()).toBeVisible();
  await checkPage(phone);
});
