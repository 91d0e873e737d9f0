import { describe, expect, it } from "vitest";
import { fastTranslator } from "./fast-t";
import { plainI18n as plainI18next } from "./i18n";
import en from "./messages/en";
import zhCN from "./messages/zh-CN";

function leaves(node: object, prefix = ""): [string, string][] {
  return Object.entries(node).flatMap(([name, value]): [string, string][] => {
    const key = prefix ? `${prefix}.${name}` : name;
    if (value !== null && typeof value === "object") return leaves(value as object, key);
    return typeof value === "string" ? [[key, value]] : [];
  });
}

describe("the fast t() answers exactly as i18next", () => {
  for (const [locale, messages] of [
    ["zh-CN", zhCN],
    ["en", en],
  ] as const) {
    it(`for every message of ${locale}, with and without values`, () => {
      const reference = plainI18next(locale, messages);
      const calls: { fast: number; total: number } = { fast: 0, total: 0 };
      const slow = (...args: unknown[]) => {
        calls.fast--;
        return (reference.t as unknown as (...a: unknown[]) => unknown)(...args);
      };
      const t = fastTranslator(messages, slow);
      const all = leaves(messages);
      expect(all.length).toBeGreaterThan(1000);
      for (const [key, message] of all) {
        const names = [...message.matchAll(/\{\{(.+?)\}\}/g)].map((m) => m[1].trim());
        const values = Object.fromEntries(names.map((n, i) => [n, i % 2 ? `值${i}` : i + 3]));
        for (const options of [undefined, values, { ...values, count: 2 }, {}, { ...values, [names[0] ?? "x"]: undefined }]) {
          calls.total++;
          calls.fast++;
          expect(t(key, options), `${locale} ${key} ${JSON.stringify(options)}`).toBe(reference.t(key, options as never));
        }
      }
      // most calls take the fast path (what it is for), and every one agrees with i18next
      expect(calls.fast / calls.total).toBeGreaterThan(0.6);
    });
  }

  it("leaves missing keys, other namespaces and i18next's own options to i18next", () => {
    const reference = plainI18next("zh-CN", zhCN);
    let delegated = 0;
    const t = fastTranslator(zhCN, (...args: unknown[]) => {
      delegated++;
      return (reference.t as unknown as (...a: unknown[]) => unknown)(...args);
    });
    expect(t("no.such.key")).toBe("no.such.key");
    expect(t("app.name", { defaultValue: "x" })).toBe(reference.t("app.name", { defaultValue: "x" }));
    expect(t("app.name", { lng: "zh-CN" })).toBe("红帆");
    expect(t(["app.name"])).toBe("红帆");
    expect(delegated).toBe(4);
    expect(t("app.name")).toBe("红帆");
    expect(delegated).toBe(4);
  });
});
