import { eq, sql } from "drizzle-orm";
import { applyRound, openRound, proposeGrade } from "../../app/modules/assessment/assessment.server";
import type { AssessmentGrade } from "../../app/modules/assessment/rules";
import { loadActor } from "../../app/modules/auth/session.server";
import { trainingYear, yearStart } from "../../app/modules/hours/training-year";
import type { Db } from "../client.server";
import { rowsOf } from "../sql-text.server";
import { assessmentRounds, counties, users } from "../schema";

/**
 * Last year's 年度考核 of 嘉祥县, applied early this year through the same use cases a county uses:
 * the town officer of 嘉祥街道 proposes for her navigators, the county admin for the others, and the
 * round is applied — 马建军 (一般) moves from 高级 down to 中级 with a new certificate, the others keep
 * their level. So a newcomer sees a closed round, a downgraded certificate on its verification page
 * and the assessment in 我的证书. Idempotent: skipped when the county has a round for that year.
 */
const GRADES: Record<string, { grade: AssessmentGrade; basis: string }> = {
  "13800000014": { grade: "good", basis: "按时参加组织生活，走访中业主评价较好" },
  "13800000015": { grade: "excellent", basis: "牵头组建石雕行业党建联盟，开展微党课 6 次" },
  "13800000016": { grade: "good", basis: "党建工作台账规范，年度学时达标" },
  "13800000017": { grade: "average", basis: "全年学时不足，两次约谈后仍未按期完成党建工作任务" },
};

export async function seedDemoAssessment(db: Db, now = new Date()): Promise<number> {
  const year = trainingYear(now) - 1;
  const [county] = await db.select({ id: counties.id }).from(counties).where(eq(counties.code, "370829"));
  if (!county) return 0;
  const existing = await db
    .select({ id: assessmentRounds.id })
    .from(assessmentRounds)
    .where(sql`${assessmentRounds.countyId} = ${county.id} and ${assessmentRounds.year} = ${year}`);
  if (existing.length) return 0;
  const phones = ["13800000002", "13800000004", ...Object.keys(GRADES)];
  const people = new Map(
    (
      await db
        .select({ id: users.id, phone: users.phone })
        .from(users)
        .where(sql`${users.phone} in ${sql.raw(`(${phones.map((p) => `'${p}'`).join(",")})`)}`)
    ).map((u) => [u.phone, u.id]),
  );
  const admin = await loadActor(people.get("13800000002") ?? 0);
  const officer = await loadActor(people.get("13800000004") ?? 0);
  if (!admin || !officer) return 0;
  // opened in the second week of the year, applied a week later (never in the future)
  const opened = new Date(Math.min(yearStart(trainingYear(now)).getTime() + 8 * 86400_000, now.getTime() - 2 * 86400_000));
  const applied = new Date(Math.min(opened.getTime() + 7 * 86400_000, now.getTime() - 86400_000));
  const meta = { ip: "127.0.0.1" };
  const round = await openRound(admin, county.id, year, meta, opened);
  if (!round.ok) return 0;
  const officerTowns = new Set(officer.grants.map((g) => g.townId).filter((t): t is number => t !== null));
  const towns = new Map(
    rowsOf<{ id: number; town_id: number }>(
      await db.execute(
        sql`select u.id, o.town_id from users u join organizations o on o.id = u.organization_id where u.id in ${sql.raw(`(${[...people.values()].join(",")})`)}`,
      ),
    ).map((r) => [Number(r.id), Number(r.town_id)]),
  );
  for (const [phone, { grade, basis }] of Object.entries(GRADES)) {
    const userId = people.get(phone);
    if (!userId) continue;
    const by = officerTowns.has(towns.get(userId) ?? 0) ? officer : admin;
    // the platform has no study record of last year: the hours were checked on paper (线下签到)
    const reason = grade === "good" || grade === "excellent" ? "上一年度学时按线下培训签到表核定，已达 32 学时" : null;
    const outcome = await proposeGrade(by, round.roundId, { userId, grade, basis, reason }, meta, opened);
    if (!outcome.ok) throw new Error(`demo assessment: ${phone}: ${outcome.problems.join(", ")}`);
  }
  const result = await applyRound(admin, round.roundId, true, meta, applied);
  return result.ok ? 1 : 0;
}
