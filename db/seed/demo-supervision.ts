import { eq, sql } from "drizzle-orm";
import { appendArchiveEvent } from "../../app/modules/archive/archive.server";
import { archiveTypeOf, shanghaiDate, type Judgement, type SupervisionKind } from "../../app/modules/supervision/rules";
import type { Db } from "../client.server";
import { rowsOf } from "../sql-text.server";
import { supervisionRecords, users } from "../schema";

/**
 * Demo supervision records (走访考察) for the demo navigators of 嘉祥县, in this year and the last:
 * 李秀梅 (town officer, 嘉祥街道) visits 高晓燕 and 田志刚; 王建国 (county admin) visits 韩卫东 of
 * 纸坊镇 last year only and gives him a 约谈提醒 this year — so the overview flags him as not
 * visited — and 田志刚 a 通报表扬. Idempotent: a navigator with any record is left alone.
 */
type DemoRecord = {
  kind: SupervisionKind;
  daysAgo?: number;
  lastYear?: string;
  judgement?: Judgement;
  partyMembers?: number;
  staff?: number;
  findings: string;
  followUp?: string;
};

const DEMO_RECORDS: { phone: string; recorderPhone: string; records: DemoRecord[] }[] = [
  {
    phone: "13800000015", // 高晓燕
    recorderPhone: "13800000004", // 李秀梅
    records: [
      {
        kind: "symposium",
        lastYear: "06-18",
        judgement: "fairly_good",
        partyMembers: 6,
        staff: 15,
        findings: "座谈中职工反映促进会党支部活动形式较单一。",
        followUp: "建议结合石雕文化开展主题党日。",
      },
      {
        kind: "employer_views",
        daysAgo: 40,
        judgement: "good",
        partyMembers: 2,
        staff: 1,
        findings: "会长评价其组织开展党建活动积极，带动会员参与公益。",
        followUp: "",
      },
    ],
  },
  {
    phone: "13800000016", // 田志刚
    recorderPhone: "13800000004",
    records: [
      {
        kind: "site_visit",
        lastYear: "11-05",
        judgement: "good",
        partyMembers: 8,
        staff: 30,
        findings: "公司党支部阵地建设规范，三会一课记录完整。",
      },
      {
        kind: "heart_talk",
        daysAgo: 25,
        judgement: "good",
        partyMembers: 1,
        staff: 0,
        findings: "本人工作状态良好，计划年内发展入党积极分子 2 名。",
        followUp: "年底前回访发展党员进度。",
      },
      { kind: "commendation", daysAgo: 10, findings: "公司党支部“党建+生产”经验在全县推广，予以通报表扬。" },
    ],
  },
  {
    phone: "13800000014", // 韩卫东
    recorderPhone: "13800000002", // 王建国
    records: [
      {
        kind: "site_visit",
        lastYear: "09-12",
        judgement: "average",
        partyMembers: 3,
        staff: 20,
        findings: "党组织活动开展不经常，台账不全。",
        followUp: "限期一个月补齐台账。",
      },
      {
        kind: "admonition",
        daysAgo: 30,
        findings: "连续两个月未组织主题党日活动，约谈提醒，要求限期整改。",
        followUp: "一个月内报送整改情况。",
      },
    ],
  },
];

const dayMs = 86400_000;

export async function seedDemoSupervision(db: Db, now = new Date()): Promise<number> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  let inserted = 0;
  for (const person of DEMO_RECORDS) {
    const [navigator] = rowsOf<{ id: number; town_id: number; county_id: number }>(
      await db.execute(
        sql`select u.id, t.id as town_id, t.county_id from users u join organizations o on o.id = u.organization_id join towns t on t.id = o.town_id where u.phone = ${person.phone}`,
      ),
    );
    const [recorder] = await db.select({ id: users.id }).from(users).where(eq(users.phone, person.recorderPhone));
    if (!navigator || !recorder) continue;
    const have = await db
      .select({ id: supervisionRecords.id })
      .from(supervisionRecords)
      .where(eq(supervisionRecords.userId, navigator.id))
      .limit(1);
    if (have.length) continue;
    await db.transaction(async (tx) => {
      for (const r of person.records) {
        // this year's records: some days back, but never before 1 January
        const occurredOn = r.lastYear
          ? `${year - 1}-${r.lastYear}`
          : [shanghaiDate(new Date(now.getTime() - (r.daysAgo ?? 0) * dayMs)), `${year}-01-01`].sort().at(-1)!;
        const [row] = await tx
          .insert(supervisionRecords)
          .values({
            userId: Number(navigator.id),
            countyId: Number(navigator.county_id),
            townId: Number(navigator.town_id),
            kind: r.kind,
            occurredOn,
            partyMembers: r.partyMembers ?? 0,
            staff: r.staff ?? 0,
            findings: r.findings,
            judgement: r.judgement ?? null,
            followUp: r.followUp ?? "",
            recordedBy: recorder.id,
            recordedAt: new Date(`${occurredOn}T10:00:00+08:00`),
          })
          .returning({ id: supervisionRecords.id });
        await appendArchiveEvent(tx, {
          userId: Number(navigator.id),
          type: archiveTypeOf(r.kind),
          actorId: recorder.id,
          reason: r.findings,
          data: {
            recordId: row.id,
            kind: r.kind,
            date: occurredOn,
            ...(r.judgement ? { judgement: r.judgement } : {}),
            attachments: [],
            demo: true,
          },
        });
        inserted++;
      }
    });
  }
  return inserted;
}
