import { and, eq } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { studyYearTotals } from "#db/schema";

/**
 * A person's credited study time in one training year (online lessons plus offline classes), in
 * seconds: one read of the per-person-per-year rollup. Gates such as the exams' 学时 minimum use it.
 */
export async function creditedSecondsInYear(userId: number, year: number, tx: DbOrTx = db()): Promise<number> {
  const [row] = await tx
    .select({ online: studyYearTotals.onlineSeconds, offline: studyYearTotals.offlineSeconds })
    .from(studyYearTotals)
    .where(and(eq(studyYearTotals.userId, userId), eq(studyYearTotals.year, year)));
  return row ? row.online + row.offline : 0;
}
