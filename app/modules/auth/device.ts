/**
 * A coarse device label from a User-Agent, for the person's list of sessions (decision 016):
 * "<os>/<browser>" from two short fixed lists — never the User-Agent itself, which is long,
 * identifying and typed by the client. Unknown parts are "other".
 */
export const DEVICE_OSES = ["android", "ios", "harmony", "windows", "mac", "linux", "other"] as const;
export const DEVICE_BROWSERS = ["wechat", "qq", "uc", "edge", "chrome", "firefox", "safari", "other"] as const;
export type DeviceOs = (typeof DEVICE_OSES)[number];
export type DeviceBrowser = (typeof DEVICE_BROWSERS)[number];

export function describeDevice(userAgent: string | null | undefined): string {
  const ua = (userAgent ?? "").slice(0, 512);
  const os: DeviceOs = /HarmonyOS|OpenHarmony/i.test(ua)
    ? "harmony"
    : /Android/i.test(ua)
      ? "android"
      : /iPhone|iPad|iPod/i.test(ua)
        ? "ios"
        : /Windows/i.test(ua)
          ? "windows"
          : /Macintosh|Mac OS X/i.test(ua)
            ? "mac"
            : /Linux|X11/i.test(ua)
              ? "linux"
              : "other";
  const browser: DeviceBrowser = /MicroMessenger/i.test(ua)
    ? "wechat"
    : /MQQBrowser|QQBrowser|\bQQ\//i.test(ua)
      ? "qq"
      : /UCBrowser|UCWEB/i.test(ua)
        ? "uc"
        : /Edg(e|A|iOS)?\//i.test(ua)
          ? "edge"
          : /Firefox\/|FxiOS/i.test(ua)
            ? "firefox"
            : /Chrome\/|CriOS|Chromium/i.test(ua)
              ? "chrome"
              : /Safari\//i.test(ua)
                ? "safari"
                : "other";
  return `${os}/${browser}`;
}

/** The two parts of a stored label; anything unexpected (or nothing) reads as other/other. */
export function parseDevice(label: string | null | undefined): { os: DeviceOs; browser: DeviceBrowser } {
  const [os, browser] = (label ?? "").split("/");
  return {
    os: (DEVICE_OSES as readonly string[]).includes(os) ? (os as DeviceOs) : "other",
    browser: (DEVICE_BROWSERS as readonly string[]).includes(browser) ? (browser as DeviceBrowser) : "other",
  };
}
