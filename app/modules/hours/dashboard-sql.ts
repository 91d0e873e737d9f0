import { sql, type SQL } from "drizzle-orm";
import { BAND_COUNT, BAND_PARTS } from "./dashboard";

/**
 * `bandOf` (dashboard.ts) as a SQL expression over a column or expression of total seconds, built
 * from the same constants; integer arithmetic in numeric, as the pure rule does. Checked against
 * `bandOf` on PGlite and PostgreSQL in tests/integration/hours-sql.test.ts.
 */
export function bandSql(totalSeconds: SQL | SQL.Aliased | unknown, requiredSeconds: number): SQL<number> {
  return sql<number>`(case when ${totalSeconds} >= ${requiredSeconds} then ${BAND_COUNT - 1}
    else greatest(0, least(${BAND_PARTS - 1}, floor(${BAND_PARTS}::numeric * ${totalSeconds} / ${requiredSeconds}))) end)::int`;
}
