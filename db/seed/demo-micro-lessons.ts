import { join } from "node:path";
import { eq, inArray } from "drizzle-orm";
import { appendArchiveEvent } from "../../app/modules/archive/archive.server";
import { trainingYear } from "../../app/modules/hours/training-year";
import { attachAssets, ingestFile, publishAssets } from "../../app/modules/media/assets.server";
import { displayMinutes, nominalSecondsOf } from "../../app/modules/micro-lessons/workflow";
import type { Db } from "../client.server";
import {
  counties,
  courses,
  lessons,
  microLessonComments,
  microLessonRatings,
  microLessonRevisions,
  microLessons,
  microSelectionCandidates,
  microSelections,
  microSelectionScores,
  users,
} from "../schema";

/**
 * Demo 微党课 of 嘉祥县 (decision 023): three lessons by 赵文博 published (reviewed by 王建国) with
 * learners' ratings, one lesson by 苏文静 waiting for review with a comment, and this year's
 * 优秀微党课 selection open with the judges' first scores. Idempotent: nothing is added when
 * 赵文博 has any micro lesson. Each published lesson has a short CC0 video from
 * content/micro-lessons/media (its real length caps the credit).
 */
const PUBLISHED = [
  {
    title: "“三会一课”的规范流程",
    summary: "支部党员大会、支部委员会、党小组会和党课，怎样开才规范。",
    area: "practice" as const,
    points: ["三会一课", "组织生活"],
    minutes: 6,
    script:
      "# “三会一课”的规范流程\n\n- **支部党员大会**：一般每季度召开一次。\n- **支部委员会**：一般每月召开一次。\n- **党小组会**：一般每月召开一次。\n- **党课**：每季度至少一次。\n\n会前定议题、会中有记录、会后抓落实。",
    ratings: [5, 5, 4],
  },
  {
    title: "两新组织发展党员的五个阶段",
    summary: "从入党申请到预备党员转正，两新组织党支部要把好每一关。",
    area: "basics" as const,
    points: ["发展党员", "入党积极分子"],
    minutes: 8,
    script:
      "# 发展党员的五个阶段\n\n1. 申请入党\n2. 入党积极分子的确定和培养教育\n3. 发展对象的确定和考察\n4. 预备党员的接收\n5. 预备党员的教育考察和转正",
    ratings: [4, 4, 5],
  },
  {
    title: "红色石雕里的党史故事",
    summary: "从嘉祥石雕作品讲述党的百年奋斗历程。",
    area: "theory" as const,
    points: ["党史学习教育"],
    minutes: 5,
    script: "# 红色石雕里的党史故事\n\n嘉祥石雕艺人用一刀一凿记录党的光辉历程。本课选取三件作品，讲述背后的党史故事。",
    ratings: [5, 4],
  },
];

const IN_REVIEW = {
  title: "党费收缴的常见问题",
  summary: "党费基数怎样核定、怎样按月交纳、补交怎样处理。",
  area: "practice" as const,
  points: ["党费收缴"],
  minutes: 6,
  script: "# 党费收缴的常见问题\n\n按月交纳是党员的义务。本课回答基数核定、补交和公示中的常见问题。",
};

const MEDIA_DIR = "content/micro-lessons/media";
/** one video per published demo lesson, in PUBLISHED's order */
const VIDEOS = ["navigator-duties.mp4", "two-new-organizations.mp4", "party-history-1921.mp4"];

export async function seedDemoMicroLessons(db: Db, now = new Date()): Promise<number> {
  const phones = ["13800000005", "13800000019", "13800000002", "13800000006", "13800000011", "13800000020", "13800000018"];
  const people = new Map(
    (await db.select({ id: users.id, phone: users.phone }).from(users).where(inArray(users.phone, phones))).map((u) => [u.phone, u.id]),
  );
  const lecturer = people.get("13800000005");
  const second = people.get("13800000019");
  const admin = people.get("13800000002");
  const [county] = await db.select({ id: counties.id }).from(counties).where(eq(counties.code, "370829"));
  if (!lecturer || !second || !admin || !county) return 0;
  const [already] = await db.select({ id: microLessons.id }).from(microLessons).where(eq(microLessons.authorId, lecturer)).limit(1);
  if (already) return 0;

  // the short CC0 videos made by `npm run media:demo`, probed and stored like an upload; without
  // ffmpeg/ffprobe on the machine a demo lesson stays a script (the seed never fails for it)
  const media: ({ id: string; durationMs: number | null } | null)[] = [];
  for (const file of VIDEOS) {
    try {
      const result = await ingestFile(
        join(MEDIA_DIR, file),
        { kind: "video", uploadedBy: lecturer, countyId: county.id, filename: file },
        db,
      );
      media.push(result.ok ? { id: result.asset.id, durationMs: result.asset.durationMs } : null);
    } catch {
      media.push(null);
    }
  }

  let inserted = 0;
  const learners = ["13800000006", "13800000011", "13800000020", "13800000018"]
    .map((p) => people.get(p))
    .filter((x): x is number => x != null);
  await db.transaction(async (tx) => {
    await tx
      .insert(courses)
      .values({
        slug: "micro-lessons",
        title: "微党课",
        area: "micro",
        order: 1000,
        summary: "讲师制作、经县委组织部审核发布的微党课。",
        intro: "",
      })
      .onConflictDoNothing({ target: courses.slug });
    const [course] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.slug, "micro-lessons"));
    const published: { id: number; average: number; count: number; title: string }[] = [];
    for (const [index, item] of PUBLISHED.entries()) {
      const when = new Date(now.getTime() - (PUBLISHED.length - index) * 86_400_000 * 7);
      const [lesson] = await tx
        .insert(microLessons)
        .values({ countyId: county.id, authorId: lecturer, createdAt: when, updatedAt: when })
        .returning({ id: microLessons.id });
      const [revision] = await tx
        .insert(microLessonRevisions)
        .values({
          microLessonId: lesson.id,
          number: 1,
          state: "published",
          title: item.title,
          summary: item.summary,
          area: item.area,
          knowledgePoints: item.points,
          script: item.script,
          intendedMinutes: item.minutes,
          mediaAssetId: media[index]?.id ?? null,
          authorId: lecturer,
          createdAt: when,
          updatedAt: when,
          submittedAt: when,
          decidedAt: when,
          decidedBy: admin,
          decisionNote: "内容准确，同意发布。",
        })
        .returning({ id: microLessonRevisions.id });
      const asset = media[index] ?? null;
      if (asset) {
        await attachAssets(tx, { assetIds: [asset.id], ownerKind: "micro_lesson", ownerId: String(lesson.id), actorId: lecturer });
        await publishAssets(tx, [asset.id]);
      }
      const nominalSeconds = nominalSecondsOf(item.minutes, asset?.durationMs ?? null);
      const [row] = await tx
        .insert(lessons)
        .values({
          courseId: course.id,
          slug: `micro-${lesson.id}`,
          title: item.title,
          order: lesson.id,
          minutes: displayMinutes(nominalSeconds),
          body: item.script,
          kind: "micro",
          nominalSeconds,
          mediaAssetId: asset?.id ?? null,
        })
        .returning({ id: lessons.id });
      await tx
        .update(microLessons)
        .set({ lessonId: row.id, publishedRevisionId: revision.id, publishedAt: when })
        .where(eq(microLessons.id, lesson.id));
      const stars = item.ratings.slice(0, learners.length);
      if (stars.length)
        await tx
          .insert(microLessonRatings)
          .values(stars.map((s, i) => ({ microLessonId: lesson.id, userId: learners[i], stars: s, updatedAt: when })));
      await appendArchiveEvent(tx, {
        userId: lecturer,
        type: "microLessonPublished",
        actorId: admin,
        reason: "内容准确，同意发布。",
        occurredAt: when,
        data: { microLessonId: lesson.id, revisionId: revision.id, revision: 1, title: item.title, lessonId: row.id, demo: true },
      });
      published.push({
        id: lesson.id,
        average: stars.reduce((a, b) => a + b, 0) / Math.max(1, stars.length),
        count: stars.length,
        title: item.title,
      });
      inserted += 3;
    }
    // 苏文静's lesson waits for review, with a comment at a time position
    const [review] = await tx
      .insert(microLessons)
      .values({ countyId: county.id, authorId: second, createdAt: now, updatedAt: now })
      .returning({ id: microLessons.id });
    const [reviewRevision] = await tx
      .insert(microLessonRevisions)
      .values({
        microLessonId: review.id,
        number: 1,
        state: "submitted",
        title: IN_REVIEW.title,
        summary: IN_REVIEW.summary,
        area: IN_REVIEW.area,
        knowledgePoints: IN_REVIEW.points,
        script: IN_REVIEW.script,
        intendedMinutes: IN_REVIEW.minutes,
        authorId: second,
        createdAt: now,
        updatedAt: now,
        submittedAt: now,
      })
      .returning({ id: microLessonRevisions.id });
    await tx.insert(microLessonComments).values({
      revisionId: reviewRevision.id,
      authorId: admin,
      body: "建议补充一个补交党费的实际案例。",
      positionSeconds: 42,
      createdAt: now,
    });
    inserted += 2;

    // this year's selection, open, with the first judge's scores
    const year = trainingYear(now);
    const [selection] = await tx
      .insert(microSelections)
      .values({ countyId: county.id, year, createdBy: admin, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: microSelections.id });
    if (selection) {
      await tx.insert(microSelectionCandidates).values(
        published.map((p) => ({
          selectionId: selection.id,
          microLessonId: p.id,
          ratingAverage: Math.round(p.average * 10) / 10,
          ratingCount: p.count,
        })),
      );
      await tx.insert(microSelectionScores).values(
        published.slice(0, 2).map((p, i) => ({
          selectionId: selection.id,
          microLessonId: p.id,
          judge: "评委甲",
          score: 90 - i * 4,
          recordedBy: admin,
          recordedAt: now,
        })),
      );
      inserted += 1;
    }
  });
  return inserted;
}
