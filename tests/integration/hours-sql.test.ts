import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { studyYearTotals } from "#db/schema";
import { BAND_COUNT, bandOf } from "~/modules/hours/dashboard";
import { bandSql } from "~/modules/hours/dashboard-sql";
import { getHoursDashboard } from "~/modules/hours/dashboard.server";
import { hoursMet, requiredSeconds, type CreditHourSettings } from "~/modules/hours/study-hours";
import { hoursMetSql } from "~/modules/hours/study-hours-sql";
import { actorOf, createPlace, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

/** Totals on and next to every limit of the rule: each quarter of the requirement and the requirement itself. */
function edgeTotals(required: number): number[] {
  const limits = [1, 2, 3].map((q) => (q * required) / 4);
  const around = (x: number) => [Math.floor(x) - 1, Math.floor(x), Math.ceil(x), Math.ceil(x) + 1];
  return [...new Set([0, 1, ...limits.flatMap(around), ...around(required), required * 3])].filter((t) => t >= 0).sort((a, b) => a - b);
}

const SETTINGS: CreditHourSettings[] = [
  { requiredCreditHours: 32, minutesPerCreditHour: 45 },
  { requiredCreditHours: 30, minutesPerCreditHour: 40 },
  { requiredCreditHours: 7, minutesPerCreditHour: 13 },
  { requiredCreditHours: 1, minutesPerCreditHour: 10 },
];

function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`the 学时 rules in SQL agree with the pure rules on ${driver}`, () => {
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
    });
    afterAll(() => drop());

    it("bandSql = bandOf and hoursMetSql = hoursMet on every edge value (int4 and int8 totals)", async () => {
      const wrong: string[] = [];
      for (const settings of SETTINGS) {
        const required = requiredSeconds(settings);
        const totals = edgeTotals(required);
        for (const type of ["int4", "int8"]) {
          const values = sql.join(
            totals.map((t) => sql.raw(`(${t}::${type})`)),
            sql`, `,
          );
          const t = sql.raw("t");
          const rows = rowsOf(
            await db().execute(
              sql`select t::text as t, ${bandSql(t, required)} as band, ${hoursMetSql(t, settings)} as met from (values ${values}) as v(t)`,
            ),
          );
          expect(rows.length).toBe(totals.length);
          for (const r of rows) {
            const total = Number(r.t);
            if (Number(r.band) !== bandOf(total, required))
              wrong.push(`${type} ${total}/${required}: band ${r.band} ≠ ${bandOf(total, required)}`);
            if (Boolean(r.met) !== hoursMet(total, settings))
              wrong.push(`${type} ${total}/${required}: met ${r.met} ≠ ${hoursMet(total, settings)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });

    it("the dashboard's real query puts learners on the edges into the bands bandOf gives, and 达标 as hoursMet", async () => {
      const settings = SETTINGS[0];
      const required = requiredSeconds(settings);
      const place = await createPlace();
      const totals = edgeTotals(required);
      for (const [i, total] of totals.entries()) {
        const user = await createUser({ organizationId: place.organization.id, name: `边界${i}` });
        // online and offline both count: split the total between them
        const offline = Math.min(total, 120 * (i % 3));
        await db()
          .insert(studyYearTotals)
          .values({ userId: user.id, year: 2026, onlineSeconds: total - offline, offlineSeconds: offline });
      }
      const admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      const d = await getHoursDashboard(admin, { year: 2026, page: 1 }, settings);
      const expected = Array.from({ length: BAND_COUNT }, (_, band) => totals.filter((t) => bandOf(t, required) === band).length);
      // the admin holds no candidate role, so exactly the learners above are counted
      expect(d.summary.learners).toBe(totals.length);
      expect(d.distribution).toEqual(expected);
      expect(d.summary.met).toBe(totals.filter((t) => hoursMet(t, settings)).length);
      for (const p of d.people) expect(p.met).toBe(hoursMet(p.totalSeconds, settings));
      const notMet = await getHoursDashboard(admin, { year: 2026, page: 1, met: "notMet" }, settings);
      expect(notMet.summary.learners).toBe(totals.filter((t) => !hoursMet(t, settings)).length);
    });
  });
}
