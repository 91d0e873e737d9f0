import { and, eq } from "drizzle-orm";
import { idNumberCheckCharacter } from "../../app/modules/accounts/id-number";
import { appendArchiveEvent } from "../../app/modules/archive/archive.server";
import { hashPassword } from "../../app/modules/auth/password.server";
import { averageTenths, type LecturerArea, type LecturerRoute } from "../../app/modules/lecturers/rules";
import type { Db } from "../client.server";
import {
  counties,
  lecturerAssignments,
  lecturerCandidacies,
  lecturerEvents,
  lecturerPool,
  lecturerTrialScores,
  offlineClasses,
  organizations,
  roleGrants,
  users,
} from "../schema";
import { DEMO_OFFLINE_CLASS, DEMO_PASSWORD } from "./demo-data";

/**
 * 师资库 demo (decision 024), 嘉祥县: 赵文博 (already a lecturer) and 钱立群 admitted after a trial,
 * 钱立群 assigned to the demo offline class; 郑雅琴 invited, 试讲 scheduled; 褚国栋 admitted and
 * then suspended (no lecturer role); 卫晓东 recommended by a unit, awaiting the trial. The county
 * admin 王建国 acts. Idempotent: a person with any candidacy is left alone.
 */
type DemoLecturer = {
  name: string;
  phone: string;
  birth: string;
  seq: string;
  organization: string;
  route: LecturerRoute;
  areas: LecturerArea[];
  title: string;
  employer: string;
  bio: string;
  outline: string;
  stage: "applied" | "trial_scheduled" | "admitted" | "suspended";
  scores?: number[];
  recommendedBy?: string;
  assign?: boolean;
};

const PEOPLE: DemoLecturer[] = [
  {
    name: "赵文博",
    phone: "13800000005",
    birth: "",
    seq: "",
    organization: "",
    route: "invitation",
    areas: ["party_building", "party_history"],
    title: "县委党校副教授",
    employer: "中共嘉祥县委党校",
    bio: "从事基层党建教学研究十五年，多次为“两新”组织党支部书记授课。",
    outline: "一、“两新”组织党建的基本任务；二、三会一课的规范开展；三、案例研讨。",
    stage: "admitted",
    scores: [88, 90, 86],
  },
  {
    name: "钱立群",
    phone: "13800000021",
    birth: "19770412",
    seq: "135",
    organization: "嘉祥县鲁锦纺织有限公司",
    route: "self",
    areas: ["political_theory", "economy"],
    title: "高级经济师",
    employer: "嘉祥县鲁锦纺织有限公司",
    bio: "公司党委书记，长期结合企业发展讲授党的创新理论，宣讲经验丰富。",
    outline: "一、新发展理念与民营企业；二、党建引领企业高质量发展的实践。",
    stage: "admitted",
    scores: [84, 80, 82],
    assign: true,
  },
  {
    name: "郑雅琴",
    phone: "13800000022",
    birth: "19830915",
    seq: "246",
    organization: "嘉祥县石雕文化促进会",
    route: "invitation",
    areas: ["party_history", "other"],
    title: "文化讲解员",
    employer: "嘉祥县石雕文化促进会",
    bio: "熟悉地方红色文化和石雕艺术，擅长用身边故事讲党史。",
    outline: "一、嘉祥红色记忆；二、石刻中的家国情怀。",
    stage: "trial_scheduled",
  },
  {
    name: "褚国栋",
    phone: "13800000023",
    birth: "19720104",
    seq: "057",
    organization: "嘉祥县惠民物流有限公司",
    route: "self",
    areas: ["rule_of_law", "social_governance"],
    title: "律师",
    employer: "山东嘉诚律师事务所",
    bio: "执业律师，为非公企业提供法律顾问服务，讲授法治建设专题。",
    outline: "一、民法典与企业合规；二、基层社会治理中的法治思维。",
    stage: "suspended",
    scores: [78, 80, 76],
  },
  {
    name: "卫晓东",
    phone: "13800000024",
    birth: "19880628",
    seq: "318",
    organization: "嘉祥县惠民物流有限公司",
    route: "recommendation",
    areas: ["party_building"],
    title: "专职党务工作者",
    employer: "嘉祥县惠民物流有限公司",
    bio: "物流行业党建联盟骨干，组织开展“红色驿站”服务活动。",
    outline: "一、流动党员教育管理；二、行业党建联盟的做法。",
    stage: "applied",
    recommendedBy: "嘉祥县惠民物流有限公司",
  },
];

const PANEL = [
  ["刘建华", "县委组织部"],
  ["陈静", "县委党校"],
  ["周学文", "县委宣讲团"],
] as const;
const dayMs = 86400_000;

export async function seedDemoLecturers(db: Db, now = new Date()): Promise<number> {
  const [county] = await db.select().from(counties).where(eq(counties.code, DEMO_OFFLINE_CLASS.county));
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.phone, "13800000002"));
  if (!county || !admin) return 0;
  let inserted = 0;
  let passwordHash = "";
  for (const p of PEOPLE) {
    let [user] = await db.select({ id: users.id }).from(users).where(eq(users.phone, p.phone));
    if (!user) {
      const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, p.organization));
      if (!org) continue;
      passwordHash ||= await hashPassword(DEMO_PASSWORD);
      const body = county.code + p.birth + p.seq;
      [user] = await db
        .insert(users)
        .values({
          name: p.name,
          phone: p.phone,
          idNumber: body + idNumberCheckCharacter(body),
          passwordHash,
          organizationId: org.id,
          partyStatus: "full",
          partyPost: "other",
        })
        .returning({ id: users.id });
      await db.insert(roleGrants).values({ userId: user.id, role: "candidate", scopeKey: "self" }).onConflictDoNothing();
      await appendArchiveEvent(db, { userId: user.id, type: "registered", actorId: null, data: { organizationId: org.id, demo: true } });
      inserted++;
    }
    const have = await db
      .select({ id: lecturerCandidacies.id })
      .from(lecturerCandidacies)
      .where(eq(lecturerCandidacies.userId, user.id))
      .limit(1);
    if (have.length) continue;
    const userId = user.id;
    await db.transaction(async (tx) => {
      const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * dayMs);
      const date = (daysAgo: number) => new Date(at(daysAgo).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      const [org] = p.recommendedBy
        ? await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, p.recommendedBy))
        : [];
      const createdBy = p.route === "self" ? userId : admin.id;
      const scores = p.scores ?? [];
      const average = averageTenths(scores);
      const trialOn = p.stage === "trial_scheduled" ? date(-7) : p.scores ? date(40) : null;
      const decided = p.stage === "admitted" || p.stage === "suspended";
      const [c] = await tx
        .insert(lecturerCandidacies)
        .values({
          userId,
          countyId: county.id,
          route: p.route,
          recommendingOrgId: org?.id ?? null,
          recommendation: org ? "该同志政治素质好，熟悉行业党建工作，推荐加入县师资库。" : "",
          areas: p.areas,
          title: p.title,
          employer: p.employer,
          bio: p.bio,
          sampleOutline: p.outline,
          status: decided ? "admitted" : (p.stage as "applied" | "trial_scheduled"),
          trialOn,
          trialTopic: trialOn ? p.outline.slice(2, 14) : null,
          trialAverageTenths: average,
          decisionReason: decided ? "试讲评分达到入库线，集中评选通过。" : null,
          decidedBy: decided ? admin.id : null,
          decidedAt: decided ? at(30) : null,
          createdBy,
          createdAt: at(60),
        })
        .returning({ id: lecturerCandidacies.id });
      const event = (kind: (typeof lecturerEvents.$inferInsert)["kind"], daysAgo: number, reason = "", memberId: number | null = null) =>
        tx.insert(lecturerEvents).values({
          userId,
          countyId: county.id,
          candidacyId: c.id,
          memberId,
          kind,
          reason,
          actorId: kind === "applied" ? createdBy : admin.id,
          occurredAt: at(daysAgo),
        });
      await event("applied", 60);
      await appendArchiveEvent(tx, {
        userId,
        type: "lecturerNominated",
        actorId: createdBy,
        occurredAt: at(60),
        data: { candidacyId: c.id, route: p.route, areas: p.areas, organizationId: org?.id ?? null, demo: true },
      });
      if (trialOn) await event("trial_scheduled", 50, trialOn);
      if (scores.length) {
        await tx.insert(lecturerTrialScores).values(
          scores.map((score, i) => ({
            candidacyId: c.id,
            judgeName: PANEL[i][0],
            judgeRole: PANEL[i][1],
            score,
            comment: i === 0 ? "观点鲜明，联系实际。" : "",
            recordedBy: admin.id,
            recordedAt: at(40),
          })),
        );
        await event("trial_recorded", 40);
        await appendArchiveEvent(tx, {
          userId,
          type: "lecturerTrialRecorded",
          actorId: admin.id,
          occurredAt: at(40),
          data: {
            candidacyId: c.id,
            trialOn: trialOn ?? "",
            topic: p.outline.slice(2, 14),
            averageTenths: average ?? 0,
            judges: scores.length,
            demo: true,
          },
        });
      }
      if (!decided) return;
      const [m] = await tx
        .insert(lecturerPool)
        .values({
          userId,
          countyId: county.id,
          candidacyId: c.id,
          status: p.stage === "suspended" ? "suspended" : "active",
          areas: p.areas,
          title: p.title,
          employer: p.employer,
          bio: p.bio,
          admittedAt: at(30),
        })
        .returning({ id: lecturerPool.id });
      await event("admitted", 30, "试讲评分达到入库线，集中评选通过。", m.id);
      await appendArchiveEvent(tx, {
        userId,
        type: "lecturerAdmitted",
        actorId: admin.id,
        occurredAt: at(30),
        data: { candidacyId: c.id, memberId: m.id, averageTenths: average, demo: true },
      });
      if (p.stage === "suspended") {
        await tx.insert(lecturerEvents).values({
          userId,
          countyId: county.id,
          memberId: m.id,
          kind: "suspended",
          reason: "本年度两次无故缺席调配授课。",
          actorId: admin.id,
          occurredAt: at(5),
        });
        await appendArchiveEvent(tx, {
          userId,
          type: "lecturerPoolStatus",
          actorId: admin.id,
          reason: "本年度两次无故缺席调配授课。",
          occurredAt: at(5),
          data: { memberId: m.id, status: "suspended", step: "suspend", demo: true },
        });
      } else {
        await tx
          .insert(roleGrants)
          .values({ userId, role: "lecturer", countyId: county.id, scopeKey: `county:${county.id}`, grantedBy: admin.id })
          .onConflictDoNothing();
      }
      if (p.assign) {
        const [cls] = await tx
          .select({ id: offlineClasses.id, title: offlineClasses.title, heldOn: offlineClasses.heldOn })
          .from(offlineClasses)
          .where(and(eq(offlineClasses.countyId, county.id), eq(offlineClasses.title, DEMO_OFFLINE_CLASS.title)));
        if (cls) {
          await tx
            .insert(lecturerAssignments)
            .values({ memberId: m.id, offlineClassId: cls.id, topic: "党建引领企业高质量发展", assignedBy: admin.id, assignedAt: at(20) })
            .onConflictDoNothing();
          await tx.insert(lecturerEvents).values({
            userId,
            countyId: county.id,
            memberId: m.id,
            kind: "assigned",
            reason: `${cls.heldOn} ${cls.title}`,
            actorId: admin.id,
            occurredAt: at(20),
          });
          await appendArchiveEvent(tx, {
            userId,
            type: "lecturerAssigned",
            actorId: admin.id,
            occurredAt: at(20),
            data: { memberId: m.id, offlineClassId: cls.id, classTitle: cls.title, heldOn: cls.heldOn, demo: true },
          });
        }
      }
    });
    inserted++;
  }
  return inserted;
}
