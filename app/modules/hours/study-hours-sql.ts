import { sql, type SQL } from "drizzle-orm";
import { requiredSeconds, type CreditHourSettings } from "./study-hours";

/**
 * `hoursMet` (study-hours.ts) as a SQL condition over an expression of credited seconds, with the
 * required seconds computed by the pure rule. Checked against `hoursMet` on PGlite and PostgreSQL in
 * tests/integration/hours-sql.test.ts.
 */
export function hoursMetSql(seconds: unknown, settings: CreditHourSettings): SQL {
  return sql`(${seconds} >= ${requiredSeconds(settings)})`;
}
