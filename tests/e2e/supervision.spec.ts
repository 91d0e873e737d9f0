import { expect, test } from "@playwright/test";
import { PNG } from "pngjs";
import { DEMO, login, checkPage } from "./helpers";

/**
 * 走访考察 on a phone: the town officer of 嘉祥街道 records a visit with a photo for 田志刚 (a demo
 * navigator of her town), a fake photo (HTML named .jpg) and a future date are refused with nothing
 * saved, and 田志刚 sees the record and the photo on 我的考察记录.
 */
const TIAN = { phone: "13800000016", name: "田志刚" };
const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

function photo(): Buffer {
  const png = new PNG({ width: 64, height: 48 });
  for (let i = 0; i < png.data.length; i += 4) {
    const x = (i / 4) % 64;
    png.data[i] = 180 + (x % 60);
    png.data[i + 1] = 30;
    png.data[i + 2] = 30;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

function shanghaiDay(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
}

test("a town officer records a visit with a photo at 360 px; bad input is refused; the navigator sees it", async ({ browser }) => {
  const officer = await (await browser.newContext(PHONE)).newPage();
  await login(officer, DEMO.jiaxiangTownOfficer);
  await officer.goto("/admin/supervision");
  await expect(officer.getByRole("heading", { level: 1, name: "走访考察" })).toBeVisible();
  const cards = officer.getByTestId("overview-row");
  // her town only: 田志刚 and 高晓燕 of 嘉祥街道, not 韩卫东 of 纸坊镇
  await expect(cards.filter({ hasText: TIAN.name })).toHaveCount(1);
  await expect(cards.filter({ hasText: "韩卫东" })).toHaveCount(0);
  await checkPage(officer, 360);
  await officer.screenshot({ path: "docs/screenshots/supervision-overview-360.png", fullPage: true });

  await cards.filter({ hasText: TIAN.name }).getByRole("link").click();
  await expect(officer.getByRole("heading", { level: 1, name: `${TIAN.name} · 走访考察记录` })).toBeVisible();
  const before = await officer.getByTestId("supervision-record").count();

  // a .jpg that is really HTML, and a date after today: refused, nothing saved
  await officer.getByLabel("类别").selectOption({ label: "实地走访" });
  await officer.getByLabel("日期").fill(shanghaiDay(1));
  await officer.getByLabel("了解到的情况 / 事由").fill("走访公司党支部，查看党员活动室。");
  await officer.getByRole("radio", { name: "好", exact: true }).check();
  await officer.getByLabel("附件（照片、签到表扫描件）").setInputFiles({
    name: "现场照片.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from("<!DOCTYPE html><html><script>alert(1)</script></html>"),
  });
  await officer.getByRole("button", { name: "保存记录" }).click();
  await expect(officer.getByText("日期不能晚于今天。")).toBeVisible();
  await officer.getByLabel("日期").fill(shanghaiDay(0));
  await officer.getByLabel("附件（照片、签到表扫描件）").setInputFiles({
    name: "现场照片.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from("<!DOCTYPE html><html><script>alert(1)</script></html>"),
  });
  await officer.getByRole("button", { name: "保存记录" }).click();
  await expect(officer.getByRole("alert").filter({ hasText: "不是 JPG、PNG、WebP 图片或 PDF 文件" })).toBeVisible();
  await expect(officer.getByRole("alert")).toContainText("本次提交未保存任何内容");
  await expect(officer.getByTestId("supervision-record")).toHaveCount(before);

  // the real thing: a visit with a photo
  await officer.getByLabel("参加党员（人）").fill("3");
  await officer.getByLabel("参加职工（人）").fill("12");
  await officer.getByLabel("跟进措施").fill("下季度回访。");
  await officer.getByLabel("附件（照片、签到表扫描件）").setInputFiles({ name: "现场照片.png", mimeType: "image/png", buffer: photo() });
  await officer.getByRole("button", { name: "保存记录" }).click();
  await expect(officer.getByText("记录已保存，已通知本人。")).toBeVisible();
  await expect(officer.getByTestId("supervision-record")).toHaveCount(before + 1);
  const record = officer.getByTestId("supervision-record").first();
  await expect(record).toContainText("走访公司党支部");
  await expect(record).toContainText("党员 3 人，职工 12 人");
  const image = record.getByRole("img", { name: /现场照片/ });
  await expect(image).toBeVisible();
  // lazy images load once scrolled to; the decode finishes after that, so wait for it
  await image.scrollIntoViewIfNeeded();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  await checkPage(officer, 360);
  await officer.screenshot({ path: "docs/screenshots/supervision-record-360.png", fullPage: true });

  // the navigator: a notice, and the record with the photo on 我的考察记录
  const navigator = await (await browser.newContext(PHONE)).newPage();
  await login(navigator, TIAN.phone);
  await navigator.goto("/");
  await expect(navigator.getByText(/组织于 \d{4}-\d{2}-\d{2} 对您进行了走访考察/).first()).toBeVisible();
  await navigator.goto("/supervision");
  await expect(navigator.getByRole("heading", { level: 1, name: "我的考察记录" })).toBeVisible();
  const mine = navigator.getByTestId("supervision-record").first();
  await expect(mine).toContainText("走访公司党支部");
  await expect(mine).toContainText("好");
  await expect(navigator.getByTestId("supervision-records")).toContainText("通报表扬");
  await mine.getByRole("img").scrollIntoViewIfNeeded();
  await expect.poll(() => mine.getByRole("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  await expect(navigator.getByRole("link", { name: "更正" })).toHaveCount(0);
  await checkPage(navigator, 360);
  await navigator.screenshot({ path: "docs/screenshots/supervision-mine-360.png", fullPage: true });

  // the photo's answer: its sniffed type, nosniff
  const response = await navigator.request.get((await mine.getByRole("img").getAttribute("src"))!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
  // helmet sets it on every answer and the route once more: the first value counts (Fetch standard)
  expect(response.headers()["x-content-type-options"]).toMatch(/^nosniff\b/);
  expect(response.headers()["content-security-policy"]).toContain("sandbox");
  expect(response.headers()["content-disposition"]).toMatch(/^inline; filename="attachment\.png"/);
});

test("the county admin's overview at 1366 px flags the navigator not visited this year, corrects a record with a PDF; 曲阜市's admin cannot open 嘉祥县's records", async ({
  browser,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await login(page, DEMO.jiaxiangAdmin);
  await page.goto("/admin/supervision");
  const han = page.getByTestId("overview-row").filter({ hasText: "韩卫东" });
  await expect(han.getByTestId("not-visited")).toHaveText("本年度未走访");
  await expect(han).toContainText("约谈/批评 1");
  await expect(page.getByTestId("overview-row").filter({ hasText: TIAN.name })).toContainText("表扬 1");
  await checkPage(page, 1366);
  await page.screenshot({ path: "docs/screenshots/supervision-overview-1366.png", fullPage: true });
  await han.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "韩卫东 · 走访考察记录" })).toBeVisible();
  const url = new URL(page.url()).pathname;

  // a correction of the 约谈提醒: a new record pointing at the old one, which stays (marked 已更正)
  const records = page.getByTestId("supervision-record");
  const count = await records.count();
  const admonition = records.filter({ hasText: "约谈提醒" }).first();
  await admonition.getByRole("link", { name: "更正" }).click();
  await expect(page.getByRole("heading", { name: /^更正记录/ })).toBeVisible();
  await expect(page.getByLabel("类别")).toHaveValue("admonition");
  await page.getByLabel("了解到的情况 / 事由").fill("连续两个月未组织主题党日活动，约谈提醒，要求限期整改（补记：已当面约谈）。");
  const pdf = Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  );
  await page.getByLabel("附件（照片、签到表扫描件）").setInputFiles({ name: "约谈记录.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "保存更正" }).click();
  await expect(page.getByText("记录已保存，已通知本人。")).toBeVisible();
  await expect(records).toHaveCount(count + 1);
  await expect(records.filter({ hasText: "已更正" })).toHaveCount(1);
  await expect(records.filter({ hasText: "补记：已当面约谈" })).toContainText("更正了");
  await expect(records.filter({ hasText: "补记：已当面约谈" }).getByRole("link", { name: "PDF：约谈记录.pdf" })).toBeVisible();
  await checkPage(page, 1366);
  await page.screenshot({ path: "docs/screenshots/supervision-navigator-1366.png", fullPage: true });

  const qufu = await (await browser.newContext()).newPage();
  await login(qufu, DEMO.qufuAdmin);
  const response = await qufu.goto(url);
  expect(response?.status()).toBe(403);
});

test("without JavaScript the form still records (a plain multipart post) and answers bad input in the page", async ({ browser }) => {
  const page = await (await browser.newContext({ ...PHONE, javaScriptEnabled: false })).newPage();
  await login(page, DEMO.jiaxiangTownOfficer);
  await page.goto("/admin/supervision");
  await page.getByTestId("overview-row").filter({ hasText: "高晓燕" }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "高晓燕 · 走访考察记录" })).toBeVisible();
  const before = await page.getByTestId("supervision-record").count();
  await page.getByLabel("类别").selectOption({ label: "谈心谈话" });
  await page.getByLabel("了解到的情况 / 事由").fill("无脚本环境下的谈心谈话记录。");
  await page.getByLabel("参加党员（人）").fill("-2");
  await page.getByRole("radio", { name: "较好" }).check();
  await page.getByRole("button", { name: "保存记录" }).click();
  await expect(page.getByText("人数不能为负数。")).toBeVisible();
  await expect(page.getByTestId("supervision-record")).toHaveCount(before);
  await page.getByLabel("参加党员（人）").fill("1");
  await page.getByLabel("附件（照片、签到表扫描件）").setInputFiles({ name: "谈话.png", mimeType: "image/png", buffer: photo() });
  await page.getByRole("button", { name: "保存记录" }).click();
  await expect(page.getByText("记录已保存，已通知本人。")).toBeVisible();
  await expect(page.getByTestId("supervision-record")).toHaveCount(before + 1);
  await expect(page.getByTestId("supervision-record").first()).toContainText("无脚本环境下的谈心谈话记录");
});
