import { describe, expect, it } from "vitest";
import { canAct, canGrant, requires, routeAllows, scopeOf, type Actor } from "./access";

const jiaxiang = 1;
const qufu = 2;
const actor = (grants: Actor["grants"], userId = 99): Pick<Actor, "grants" | "userId"> => ({ userId, grants });

describe("scopes", () => {
  it("a town officer reviews applications in their town only", () => {
    const officer = actor([{ role: "town_officer", countyId: jiaxiang, townId: 11 }]);
    expect(canAct(officer, "review:application", { countyId: jiaxiang, townId: 11 })).toBe(true);
    expect(canAct(officer, "review:application", { countyId: jiaxiang, townId: 12 })).toBe(false);
    expect(canAct(officer, "manage:orgtree", { countyId: jiaxiang, townId: 11 })).toBe(false);
  });

  it("a county admin of 曲阜市 cannot act in 嘉祥县", () => {
    const admin = actor([{ role: "county_admin", countyId: qufu, townId: null }]);
    expect(canAct(admin, "review:application", { countyId: qufu, townId: 21 })).toBe(true);
    expect(canAct(admin, "review:application", { countyId: jiaxiang, townId: 11 })).toBe(false);
    expect(canAct(admin, "read:person", { countyId: jiaxiang })).toBe(false);
  });

  it("a system admin manages everywhere but does not review applications", () => {
    const sys = actor([{ role: "system_admin", countyId: null, townId: null }]);
    expect(canAct(sys, "manage:county", { countyId: jiaxiang })).toBe(true);
    expect(canAct(sys, "review:application", { countyId: jiaxiang, townId: 11 })).toBe(false);
  });

  it("a candidate applies for themselves only", () => {
    const candidate = actor([{ role: "candidate", countyId: null, townId: null }], 7);
    expect(canAct(candidate, "apply:application", { countyId: jiaxiang, ownerId: 7 })).toBe(true);
    expect(canAct(candidate, "apply:application", { countyId: jiaxiang, ownerId: 8 })).toBe(false);
  });

  it("unions the scopes of several grants", () => {
    const both = actor([
      { role: "town_officer", countyId: jiaxiang, townId: 11 },
      { role: "county_admin", countyId: qufu, townId: null },
    ]);
    expect(scopeOf(both, "review:application")).toEqual({ all: false, own: false, countyIds: [qufu], townIds: [11] });
  });
});

describe("route gates", () => {
  it("public routes admit anyone, guarded ones need a role holding the action", () => {
    expect(routeAllows({ kind: "public" }, null)).toBe(true);
    expect(routeAllows({ kind: "signedIn" }, null)).toBe(false);
    expect(routeAllows({ kind: "signedIn" }, ["candidate"])).toBe(true);
    expect(routeAllows(requires("review:application"), ["candidate"])).toBe(false);
    expect(routeAllows(requires("review:application"), ["candidate", "town_officer"])).toBe(true);
    expect(routeAllows(requires("manage:county"), ["county_admin"])).toBe(false);
    expect(routeAllows(requires("manage:question", "propose:question"), ["lecturer"])).toBe(true);
    expect(routeAllows(requires("manage:question", "propose:question"), ["town_officer"])).toBe(false);
  });
});

describe("granting roles", () => {
  const admin = actor([{ role: "county_admin", countyId: jiaxiang, townId: null }]);
  it("a county admin grants lecturer, town officer and county admin inside the county", () => {
    expect(canGrant(admin, { role: "lecturer", countyId: jiaxiang })).toBe(true);
    expect(canGrant(admin, { role: "town_officer", countyId: null, townCountyId: jiaxiang })).toBe(true);
    expect(canGrant(admin, { role: "county_admin", countyId: jiaxiang })).toBe(true);
  });
  it("but nothing outside it and never system admin", () => {
    expect(canGrant(admin, { role: "lecturer", countyId: qufu })).toBe(false);
    expect(canGrant(admin, { role: "town_officer", countyId: null, townCountyId: qufu })).toBe(false);
    expect(canGrant(admin, { role: "system_admin", countyId: null })).toBe(false);
  });
  it("a system admin grants anything", () => {
    const sys = actor([{ role: "system_admin", countyId: null, townId: null }]);
    expect(canGrant(sys, { role: "system_admin", countyId: null })).toBe(true);
  });
});
