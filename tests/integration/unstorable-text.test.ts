/**
 * Issue 8, item 1: text PostgreSQL cannot store, typed into a search box or a form, answers 400
 * with the reason (the page words it: form.text.unstorable), never a 500; and a statement
 * PostgreSQL refuses for such text (input no schema checked) becomes the same 400.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHttpError } from "~/modules/auth/guard.server";
import * as bankRoute from "~/routes/question-banks.$bankId._index";
import * as peopleRoute from "~/routes/admin.people._index";
import { createPlace, createUser, sessionCookieFor } from "../factories";
import { createBankWithQuestions } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

async function load(loader: unknown, userId: number, path: string, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${path}`, { headers: { Cookie: await sessionCookieFor(userId) } });
  try {
    return { value: await (loader as (a: unknown) => Promise<unknown>)({ request, params, context: {} }) };
  } catch (thrown) {
    return { thrown: thrown as { init?: { status?: number }; data?: unknown } };
  }
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`unstorable text in search boxes on ${driver}`, () => {
    let drop: () => Promise<void>;
    let adminId: number;
    let bankId: number;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      const place = await createPlace();
      adminId = (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] }))
        .id;
      ({ bankId } = await createBankWithQuestions({ countyId: place.county.id }));
    }, 60_000);
    afterAll(() => drop());

    it("a NUL in the question search or the people search answers 400 with the reason; plain text searches", async () => {
      for (const [loader, path, params] of [
        [bankRoute.loader, `/question-banks/${bankId}?q=%E5%85%9A%00`, { bankId: String(bankId) }],
        [bankRoute.loader, `/question-banks/${bankId}?knowledgePoint=%00`, { bankId: String(bankId) }],
        [peopleRoute.loader, "/admin/people?q=%00", {}],
      ] as const) {
        const { thrown } = await load(loader, adminId, path, params);
        expect(thrown?.init?.status, path).toBe(400);
        expect(thrown?.data).toMatchObject({ code: "badRequest", reason: "form.text.unstorable" });
      }
      expect(
        (await load(bankRoute.loader, adminId, `/question-banks/${bankId}?q=%E5%85%9A`, { bankId: String(bankId) })).thrown,
      ).toBeUndefined();
      expect((await load(peopleRoute.loader, adminId, "/admin/people?q=%E5%BC%A0")).thrown).toBeUndefined();
    });
  });
}

describe("the last resort", () => {
  it("PostgreSQL's refusal of such text (22021, 22P05) becomes 400 with the reason; other errors pass through", () => {
    for (const code of ["22021", "22P05"]) {
      expect(toHttpError(Object.assign(new Error("invalid byte sequence"), { code }))).toMatchObject({
        init: { status: 400 },
        data: { reason: "form.text.unstorable" },
      });
    }
    const other = Object.assign(new Error("deadlock"), { code: "40P01" });
    expect(toHttpError(other)).toBe(other);
  });
});
