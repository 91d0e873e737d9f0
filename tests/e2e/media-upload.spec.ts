import { expect, test } from "@playwright/test";
import { DEMO, login, checkPage } from "./helpers";

/**
 * Media upload on a phone (decision 022): a lecturer uploads tests/fixtures/upload-sample.mp4 through
 * the tus field on /media/try; the form submits the asset id and the video plays from
 * /media/assets/<id> with its poster. A renamed .exe is refused in Chinese.
 */
const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

test("a lecturer uploads a video at 360 px; an executable posing as MP4 is refused", async ({ browser }) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await login(page, DEMO.lecturer);
  await page.goto("/media/try");
  await page.getByLabel("视频").first().setInputFiles("tests/fixtures/renamed-program.mp4");
  await expect(page.locator("[data-refusal]")).toContainText("文件内容", { timeout: 30_000 });
  await page.getByLabel("视频").first().setInputFiles("tests/fixtures/upload-sample.mp4");
  await expect(page.locator("[data-asset-id]")).toContainText("upload-sample.mp4", { timeout: 30_000 });
  await checkPage(page);
  await page.screenshot({ path: "docs/screenshots/media-upload-360.png", fullPage: true });
  await page.getByRole("button", { name: "OK" }).click();
  const result = page.getByTestId("media-result");
  await expect(result).toContainText("video/mp4");
  const src = await result.locator("video").getAttribute("src");
  const ranged = await page.request.get(src!, { headers: { Range: "bytes=0-99" } });
  expect(ranged.status()).toBe(206);
  expect(ranged.headers()["content-type"]).toBe("video/mp4");
  await context.close();
});
