import { and, eq } from "drizzle-orm";
import { db, type DbOrTx } from "#db/client.server";
import { navigatorApplications } from "#db/schema";

/** Whether a person holds an approved navigator application (the gate of certification exams). */
export async function hasApprovedApplication(userId: number, tx: DbOrTx = db()): Promise<boolean> {
  const [row] = await tx
    .select({ id: navigatorApplications.id })
    .from(navigatorApplications)
    .where(and(eq(navigatorApplications.userId, userId), eq(navigatorApplications.status, "approved")))
    .limit(1);
  return Boolean(row);
}
