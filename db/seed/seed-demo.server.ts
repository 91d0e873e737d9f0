import { and, eq, inArray, sql } from "drizzle-orm";
import { idNumberCheckCharacter } from "../../app/modules/accounts/id-number";
import { appendArchiveEvent } from "../../app/modules/archive/archive.server";
import { hashPassword } from "../../app/modules/auth/password.server";
import { completeCreditCode } from "../../app/modules/org-tree/credit-code";
import type { Db } from "../client.server";
import {
  counties,
  exams,
  examSittings,
  navigatorApplications,
  offlineAttendance,
  offlineClasses,
  organizations,
  questionBanks,
  roleGrants,
  studyYearTotals,
  towns,
  users,
} from "../schema";
import { tenthsToSeconds } from "../../app/modules/hours/study-hours";
import { SHANGHAI_OFFSET_MS, trainingYear } from "../../app/modules/hours/training-year";
import { DEMO_EXAM } from "./demo-exams";
import { seedDemoCertificates } from "./demo-certificates";
import { seedDemoAssessment } from "./demo-assessment";
import { seedDemoSupervision } from "./demo-supervision";
import { seedDemoClasses } from "./demo-classes";
import { seedDemoLecturers } from "./demo-lecturers";
import { seedDemoMicroLessons } from "./demo-micro-lessons";
import { insertQuestion } from "../../app/modules/question-bank/questions.server";
import { DEMO_BANK } from "./demo-questions";
import { DEMO_COUNTIES, DEMO_OFFLINE_CLASS, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_PEOPLE } from "./demo-data";

export function demoIdNumber(countyCode: string, birth: string, seq: string): string {
  const body = countyCode + birth + seq;
  return body + idNumberCheckCharacter(body);
}

/**
 * Loads the demo data. Idempotent: every row is keyed by a natural key (county code, town name,
 * credit code, phone), so running it again inserts nothing.
 */
export async function seedDemo(db: Db, now = new Date()): Promise<{ inserted: number }> {
  let inserted = 0;
  const countyIds = new Map<string, number>();
  const townIds = new Map<string, number>();
  for (const county of DEMO_COUNTIES) {
    const added = await db.insert(counties).values({ code: county.code, name: county.name }).onConflictDoNothing().returning();
    inserted += added.length;
    const [row] = await db.select().from(counties).where(eq(counties.code, county.code));
    countyIds.set(county.code, row.id);
    for (const name of county.towns) {
      const t = await db.insert(towns).values({ countyId: row.id, name }).onConflictDoNothing().returning();
      inserted += t.length;
      const [town] = await db
        .select()
        .from(towns)
        .where(and(eq(towns.countyId, row.id), eq(towns.name, name)));
      townIds.set(`${county.code}/${name}`, town.id);
    }
  }

  const orgIds = new Map<string, { id: number; countyCode: string }>();
  for (const [countyCode, town, name, type, orgCode] of DEMO_ORGANIZATIONS) {
    const prefix = type === "enterprise" ? "91" : "52";
    const creditCode = completeCreditCode(prefix + countyCode + orgCode);
    const added = await db
      .insert(organizations)
      .values({ townId: townIds.get(`${countyCode}/${town}`)!, name, type, creditCode })
      .onConflictDoNothing()
      .returning();
    inserted += added.length;
    const [org] = await db.select().from(organizations).where(eq(organizations.creditCode, creditCode));
    orgIds.set(name, { id: org.id, countyCode });
  }

  const existing = await db
    .select({ phone: users.phone })
    .from(users)
    .where(
      inArray(
        users.phone,
        DEMO_PEOPLE.map((p) => p.phone),
      ),
    );
  const have = new Set(existing.map((e) => e.phone));
  const passwordHash = have.size < DEMO_PEOPLE.length ? await hashPassword(DEMO_PASSWORD) : "";
  for (const person of DEMO_PEOPLE) {
    if (have.has(person.phone)) continue;
    const org = orgIds.get(person.organization)!;
    await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          name: person.name,
          phone: person.phone,
          idNumber: demoIdNumber(org.countyCode, person.birth, person.seq),
          passwordHash,
          organizationId: org.id,
          partyStatus: person.partyStatus,
          partyPost: person.partyPost,
        })
        .returning({ id: users.id });
      inserted++;
      for (const grant of person.roles) {
        const countyId = "county" in grant ? countyIds.get(grant.county)! : null;
        const townId = grant.role === "town_officer" ? townIds.get(`${grant.county}/${grant.town}`)! : null;
        const scopeKey = townId ? `town:${townId}` : countyId ? `county:${countyId}` : grant.role === "candidate" ? "self" : "global";
        await tx.insert(roleGrants).values({ userId: user.id, role: grant.role, countyId, townId, scopeKey });
      }
      await appendArchiveEvent(tx, { userId: user.id, type: "registered", actorId: null, data: { organizationId: org.id, demo: true } });
      if (person.pendingApplication) {
        const [application] = await tx
          .insert(navigatorApplications)
          .values({
            userId: user.id,
            organizationId: org.id,
            partyStatus: person.partyStatus,
            partyPost: person.partyPost,
            statement: person.pendingApplication,
          })
          .returning({ id: navigatorApplications.id });
        await appendArchiveEvent(tx, {
          userId: user.id,
          type: "applicationSubmitted",
          actorId: user.id,
          data: { applicationId: application.id },
        });
      }
      if (person.readyForExam) {
        const [reviewer] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, "13800000002"));
        const [application] = await tx
          .insert(navigatorApplications)
          .values({
            userId: user.id,
            organizationId: org.id,
            partyStatus: person.partyStatus,
            partyPost: person.partyPost,
            statement: person.readyForExam,
            status: "approved",
            decidedAt: now,
            decidedBy: reviewer?.id ?? null,
          })
          .returning({ id: navigatorApplications.id });
        await appendArchiveEvent(tx, {
          userId: user.id,
          type: "applicationSubmitted",
          actorId: user.id,
          data: { applicationId: application.id },
        });
        await appendArchiveEvent(tx, {
          userId: user.id,
          type: "applicationApproved",
          actorId: reviewer?.id ?? null,
          data: { applicationId: application.id, demo: true },
        });
      }
    });
  }
  inserted += await seedReadyCandidatesHours(db, countyIds, now);
  inserted += await seedDemoExam(db, countyIds, now);
  inserted += await seedDemoCertificates(db, now);
  inserted += await seedDemoSupervision(db, now);
  inserted += await seedDemoLecturers(db, now);
  inserted += await seedDemoAssessment(db, now);
  inserted += await seedDemoClasses(db, now);
  inserted += await seedDemoMicroLessons(db, now);
  // A county bank of 嘉祥县 with a few questions, one proposed by the lecturer and waiting for review.
  const [existingBank] = await db.select().from(questionBanks).where(eq(questionBanks.slug, DEMO_BANK.slug));
  if (!existingBank) {
    const admin = await db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO_BANK.adminPhone));
    const lecturer = await db.select({ id: users.id }).from(users).where(eq(users.phone, DEMO_BANK.lecturerPhone));
    await db.transaction(async (tx) => {
      const [bank] = await tx
        .insert(questionBanks)
        .values({
          slug: DEMO_BANK.slug,
          title: DEMO_BANK.title,
          countyId: countyIds.get(DEMO_BANK.county)!,
          createdBy: admin[0]?.id ?? null,
        })
        .returning();
      for (const q of DEMO_BANK.questions) {
        await insertQuestion(tx, {
          bankId: bank.id,
          status: q.status,
          authorId: (q.byLecturer ? lecturer[0]?.id : admin[0]?.id) ?? null,
          draft: q.draft,
        });
        inserted++;
      }
    });
  }
  return { inserted };
}

/** The demo offline class (32 学时 this training year) attended by the people ready for the exam. */
async function seedReadyCandidatesHours(db: Db, countyIds: Map<string, number>, now: Date): Promise<number> {
  const countyId = countyIds.get(DEMO_OFFLINE_CLASS.county)!;
  const ready = await db
    .select({ id: users.id })
    .from(users)
    .where(
      inArray(
        users.phone,
        DEMO_PEOPLE.filter((p) => p.readyForExam).map((p) => p.phone),
      ),
    );
  const heldOn = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  const year = trainingYear(now);
  return db.transaction(async (tx) => {
    let [offlineClass] = await tx
      .select()
      .from(offlineClasses)
      .where(and(eq(offlineClasses.countyId, countyId), eq(offlineClasses.title, DEMO_OFFLINE_CLASS.title)));
    let inserted = 0;
    if (!offlineClass) {
      [offlineClass] = await tx
        .insert(offlineClasses)
        .values({
          countyId,
          title: DEMO_OFFLINE_CLASS.title,
          heldOn,
          location: DEMO_OFFLINE_CLASS.location,
          creditTenths: DEMO_OFFLINE_CLASS.creditTenths,
          organizer: DEMO_OFFLINE_CLASS.organizer,
        })
        .returning();
      inserted++;
    }
    // The demo runs with the default 45 minutes per 学时.
    const seconds = tenthsToSeconds(offlineClass.creditTenths, 45);
    const added = ready.length
      ? await tx
          .insert(offlineAttendance)
          .values(ready.map((r) => ({ classId: offlineClass.id, userId: r.id, creditedSeconds: seconds })))
          .onConflictDoNothing()
          .returning({ userId: offlineAttendance.userId })
      : [];
    for (const { userId } of added) {
      await tx
        .insert(studyYearTotals)
        .values({ userId, year, offlineSeconds: seconds })
        .onConflictDoUpdate({
          target: [studyYearTotals.userId, studyYearTotals.year],
          set: { offlineSeconds: sql`${studyYearTotals.offlineSeconds} + ${seconds}` },
        });
      await appendArchiveEvent(tx, {
        userId,
        type: "offlineClassAttended",
        actorId: null,
        data: {
          classId: offlineClass.id,
          title: offlineClass.title,
          heldOn: offlineClass.heldOn,
          creditTenths: offlineClass.creditTenths,
          seconds,
          demo: true,
        },
      });
    }
    return inserted + added.length;
  });
}

/** The demo exam of 嘉祥县 and its open sitting (see demo-exams.ts). */
async function seedDemoExam(db: Db, countyIds: Map<string, number>, now: Date): Promise<number> {
  const countyId = countyIds.get(DEMO_EXAM.county)!;
  const [existing] = await db
    .select({ id: exams.id })
    .from(exams)
    .where(and(eq(exams.countyId, countyId), eq(exams.title, DEMO_EXAM.title)));
  if (existing) return 0;
  const banks = await db.select({ id: questionBanks.id }).from(questionBanks).where(inArray(questionBanks.slug, DEMO_EXAM.bankSlugs));
  if (banks.length !== DEMO_EXAM.bankSlugs.length) return 0; // official banks not imported (content missing)
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.phone, "13800000002"));
  return db.transaction(async (tx) => {
    const [exam] = await tx
      .insert(exams)
      .values({
        countyId,
        title: DEMO_EXAM.title,
        kind: DEMO_EXAM.kind,
        level: DEMO_EXAM.level,
        bankIds: banks.map((b) => b.id).sort((a, b) => a - b),
        blueprint: DEMO_EXAM.blueprint,
        durationMinutes: DEMO_EXAM.durationMinutes,
        passMarkTenths: DEMO_EXAM.passMarkTenths,
        attemptsAllowed: DEMO_EXAM.attemptsAllowed,
        reviewPolicy: DEMO_EXAM.reviewPolicy,
        partialCredit: DEMO_EXAM.partialCredit,
        instructions: DEMO_EXAM.instructions,
        status: "published",
        createdBy: admin?.id ?? null,
      })
      .returning({ id: exams.id });
    const day = 24 * 3600_000;
    await tx.insert(examSittings).values({
      examId: exam.id,
      title: DEMO_EXAM.sitting.title,
      opensAt: new Date(now.getTime() - day),
      closesAt: new Date(now.getTime() + 90 * day),
      capacity: DEMO_EXAM.sitting.capacity,
      location: DEMO_EXAM.sitting.location,
      status: "published",
      createdBy: admin?.id ?? null,
    });
    return 2;
  });
}
