import { and, eq, inArray } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { trainingClasses, trainingClassMembers } from "#db/schema";

/**
 * What the exam start rule needs from training classes (eligibility.ts `classTest`): for each of
 * the given exams that is the closing test of some class, whether the person is a member of an
 * OPEN class linking it. Exams no class links are absent from the map (the rule leaves them alone).
 */
export async function classTestFacts(
  examIds: readonly number[],
  userId: number,
  tx: DbOrTx = db(),
): Promise<Map<number, { member: boolean }>> {
  const out = new Map<number, { member: boolean }>();
  const ids = [...new Set(examIds)];
  if (!ids.length) return out;
  const linked = await tx
    .select({ examId: trainingClasses.examId, classId: trainingClasses.id, state: trainingClasses.state })
    .from(trainingClasses)
    .where(inArray(trainingClasses.examId, ids));
  if (!linked.length) return out;
  const memberOf = new Set(
    (
      await tx
        .select({ classId: trainingClassMembers.classId })
        .from(trainingClassMembers)
        .where(
          and(
            eq(trainingClassMembers.userId, userId),
            inArray(
              trainingClassMembers.classId,
              linked.map((l) => l.classId),
            ),
          ),
        )
    ).map((r) => r.classId),
  );
  for (const l of linked) {
    const examId = l.examId!;
    const member = l.state === "open" && memberOf.has(l.classId);
    out.set(examId, { member: (out.get(examId)?.member ?? false) || member });
  }
  return out;
}
