import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client.server";
import { certificates } from "#db/schema";
import type { RequestMeta } from "../audit/audit.server";
import type { ExamKind, Level } from "../exams/types";
import { changeStatus, issueInTx } from "./issue.server";
import { loadCertificateSettings } from "./settings.server";

/**
 * What certificates do when an exam result is released or changes. Called only from the exams
 * module's release seam (exams/finalize.server.ts `onResultReleased` / `onResultChanged`), in the
 * transaction that releases or changes the result.
 */
export interface ReleasedAttempt {
  attemptId: number;
  countyId: number;
  kind: ExamKind;
  level: Level | null;
  passed: boolean;
}

/** A released pass of a certification exam: issued at once when the county issues automatically; otherwise it waits in 待发证 (a query). */
export async function certificatesOnRelease(tx: DbOrTx, r: ReleasedAttempt, now: Date): Promise<void> {
  if (r.kind !== "certification" || !r.level || !r.passed) return;
  const settings = await loadCertificateSettings(r.countyId, tx);
  if (!settings.autoIssue) return;
  await issueInTx(tx, [r.attemptId], { actorId: null, meta: { ip: "" } }, now);
}

/**
 * A released result changed (a regrade, a corrected mark). A pass turned into a fail puts the
 * certificate issued from that attempt on hold for the county admin to decide (revoke or keep):
 * never silently. A fail turned into a pass is a new pass (待发证, or issued in auto mode).
 */
export async function certificatesOnChange(
  tx: DbOrTx,
  r: ReleasedAttempt & { previousPassed: boolean | null },
  options: { actorId: number | null; meta: RequestMeta; reason: string | null },
  now: Date,
): Promise<void> {
  if (r.kind !== "certification") return;
  if (r.previousPassed === true && !r.passed) {
    const [cert] = await tx
      .select({
        id: certificates.id,
        userId: certificates.userId,
        countyId: certificates.countyId,
        number: certificates.number,
        level: certificates.level,
        status: certificates.status,
      })
      .from(certificates)
      .where(and(eq(certificates.attemptId, r.attemptId), eq(certificates.status, "valid")))
      .for("update");
    if (!cert) return;
    await changeStatus(tx, cert, "on_hold", {
      actorId: options.actorId,
      meta: options.meta,
      now,
      reason: options.reason ? `成绩更正后不合格：${options.reason}` : "成绩更正后不合格",
      data: { attemptId: r.attemptId },
    });
  } else if (r.previousPassed !== true && r.passed) {
    await certificatesOnRelease(tx, r, now);
  }
}
