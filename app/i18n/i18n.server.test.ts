import { describe, expect, it } from "vitest";
import { LOCALES } from "./i18n";
import { catalogFor, catalogs, catalogUrl, i18nFor } from "./i18n.server";

/** Every key path of a catalog, e.g. "nav.login". */
function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("catalogs for the browser", () => {
  it("names each locale's catalog by a content hash and serves it by that name", () => {
    for (const locale of LOCALES) {
      const url = catalogUrl(locale);
      expect(url).toMatch(new RegExp(`^/i18n/${locale}\\.[0-9a-f]{12}\\.json$`));
      const found = catalogFor(url.slice("/i18n/".length));
      expect(found?.current).toBe(true);
      expect(JSON.parse(found!.file.json)).toEqual(catalogs[locale]);
    }
    expect(catalogUrl("zh-CN")).not.toBe(catalogUrl("en"));
  });

  it("answers an older hash with the current catalog, not marked current, and refuses anything else", () => {
    expect(catalogFor("en.0123456789ab.json")).toMatchObject({ current: false, file: { locale: "en" } });
    for (const name of ["fr.0123456789ab.json", "en.json", "en.XYZ.json", "../zh-CN.0.json", ""]) expect(catalogFor(name), name).toBeNull();
  });

  it("has the same keys in English as in Chinese, and a server translator per locale", () => {
    expect(keys(catalogs.en).sort()).toEqual(keys(catalogs["zh-CN"]).sort());
    expect(i18nFor("zh-CN").t("nav.login")).toBe(catalogs["zh-CN"].nav.login);
    expect(i18nFor("en").t("nav.login")).toBe(catalogs.en.nav.login);
    expect(i18nFor("en")).toBe(i18nFor("en"));
  });
});
