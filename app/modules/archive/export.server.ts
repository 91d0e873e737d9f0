import ExcelJS from "exceljs";
import { sql, type SQL } from "drizzle-orm";
import { db } from "#db/client.server";
import { rowsOf } from "#db/sql-text.server";
import { scopeOf, type Actor } from "../auth/access";
import { forbidden } from "../errors";
import { creditHours, hoursMet } from "../hours/study-hours";
import { trainingYear } from "../hours/training-year";
import { personPlaceJoinSql } from "../org-tree/person-place.server";

/**
 * The county's archive summary (Excel): one row per navigator (a person holding or having held a
 * certificate) in the actor's scope — level, certificate number, status, 学时 of the last three
 * training years, the last annual grade (archive kind 'assessmentApplied', payload `grade`) and the
 * last visit (kind 'supervisionRecorded', payload `date`, else the entry's date). The last two
 * stay blank until those capabilities write their events.
 */

const LEVELS: Record<string, string> = { junior: "初级", intermediate: "中级", senior: "高级" };
const STATUSES: Record<string, string> = { valid: "有效", on_hold: "暂停", superseded: "已升级", downgraded: "已降级", revoked: "已撤销" };
const GRADES: Record<string, string> = { excellent: "优秀", good: "良好", average: "一般", poor: "较差" };

function scopeWhere(actor: Actor): SQL {
  const scope = scopeOf(actor, "read:archive");
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  if (scope.countyIds.length) parts.push(sql`t.county_id in ${sql.raw(`(${scope.countyIds.map(Number).join(",")})`)}`);
  if (scope.townIds.length) parts.push(sql`t.id in ${sql.raw(`(${scope.townIds.map(Number).join(",")})`)}`);
  if (!parts.length) throw forbidden();
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function archiveSummaryWorkbook(
  actor: Actor,
  minutesPerCreditHour: number,
  requiredCreditHours: number,
  now = new Date(),
): Promise<Uint8Array> {
  const year = trainingYear(now);
  const years = [year - 2, year - 1, year];
  const rows = rowsOf<{
    user_id: number;
    name: string;
    town_name: string;
    organization_name: string;
    level: string;
    number: string;
    status: string;
    y0: number | string | null;
    y1: number | string | null;
    y2: number | string | null;
    grade: string | null;
    grade_year: number | string | null;
    visited: string | null;
  }>(
    await db().execute(sql`
      with latest as (
        select distinct on (user_id) user_id, level, number, status
        from certificates order by user_id, (status in ('valid','on_hold')) desc, issued_at desc, id desc
      )
      select u.id as user_id, u.name, t.name as town_name, o.name as organization_name, c.level, c.number, c.status,
        (select online_seconds + offline_seconds from study_year_totals where user_id = u.id and year = ${years[0]}) as y0,
        (select online_seconds + offline_seconds from study_year_totals where user_id = u.id and year = ${years[1]}) as y1,
        (select online_seconds + offline_seconds from study_year_totals where user_id = u.id and year = ${years[2]}) as y2,
        a.grade, a.grade_year, v.visited
      from latest c
      join users u on u.id = c.user_id
      ${personPlaceJoinSql}
      left join lateral (
        select coalesce(e.data->>'grade', e.data->>'result') as grade, e.data->>'year' as grade_year from archive_events e
        where e.user_id = u.id and e.type = 'assessmentApplied' order by e.seq desc limit 1
      ) a on true
      left join lateral (
        select coalesce(e.data->>'date', e.data->>'visitedOn', to_char(e.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as visited from archive_events e
        where e.user_id = u.id and e.type = 'supervisionRecorded' order by e.seq desc limit 1
      ) v on true
      where ${scopeWhere(actor)}
      order by t.name, array_position(array['senior','intermediate','junior'], c.level), u.name, u.id
      limit 50000`),
  );
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "红帆";
  const sheet = workbook.addWorksheet("专项档案汇总");
  sheet.columns = [
    { header: "姓名", key: "name", width: 12 },
    { header: "镇（街道）", key: "town", width: 14 },
    { header: "组织", key: "organization", width: 30 },
    { header: "级别", key: "level", width: 8 },
    { header: "证书编号", key: "number", width: 26 },
    { header: "状态", key: "status", width: 8 },
    ...years.map((y, i) => ({ header: `${y}年度学时`, key: `y${i}`, width: 12 })),
    { header: `${year}年度是否达${requiredCreditHours}学时`, key: "met", width: 14 },
    { header: "最近考核等级", key: "grade", width: 12 },
    { header: "最近走访", key: "visited", width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const hours = (s: number | string | null) => (s === null ? null : creditHours(Number(s), minutesPerCreditHour));
  for (const r of rows) {
    sheet.addRow({
      name: r.name,
      town: r.town_name,
      organization: r.organization_name,
      level: LEVELS[r.level] ?? r.level,
      number: r.number,
      status: STATUSES[r.status] ?? r.status,
      y0: hours(r.y0),
      y1: hours(r.y1),
      y2: hours(r.y2),
      met: hoursMet(Number(r.y2 ?? 0), { minutesPerCreditHour, requiredCreditHours }) ? "是" : "否",
      grade: r.grade ? `${r.grade_year ? `${r.grade_year} ` : ""}${GRADES[r.grade] ?? r.grade}` : "",
      visited: r.visited ?? "",
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
