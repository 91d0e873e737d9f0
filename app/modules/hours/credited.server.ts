import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { studyBeats, studyYearTotals } from "#db/schema";
import { yearStart } from "./training-year";

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

/**
 * Credited study seconds per (person, lesson) in one training year: the judged study rows the
 * server credited (`study_beats`), the same numbers 我的学时 adds up per course. For the training
 * classes' progress (app/modules/classes). Empty lists read nothing.
 */
export async function creditedSecondsByLesson(
  userIds: readonly number[],
  lessonIds: readonly number[],
  year: number,
  tx: DbOrTx = db(),
): Promise<Map<number, Map<number, number>>> {
  const out = new Map<number, Map<number, number>>();
  if (!userIds.length || !lessonIds.length) return out;
  const rows = await tx
    .select({
      userId: studyBeats.userId,
      lessonId: studyBeats.lessonId,
      seconds: sql<number>`coalesce(sum(${studyBeats.creditedSeconds}), 0)::int`,
    })
    .from(studyBeats)
    .where(
      and(
        inArray(studyBeats.userId, [...userIds]),
        inArray(studyBeats.lessonId, [...lessonIds]),
        gte(studyBeats.at, yearStart(year)),
        lt(studyBeats.at, yearStart(year + 1)),
      ),
    )
    .groupBy(studyBeats.userId, studyBeats.lessonId);
  for (const r of rows) {
    const perUser = out.get(r.userId) ?? new Map<number, number>();
    perUser.set(r.lessonId, Number(r.seconds));
    out.set(r.userId, perUser);
  }
  return out;
}
