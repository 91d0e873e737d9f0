import ExcelJS from "exceljs";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { CERTIFICATE_STATUSES } from "#db/schema";
import { rowsOf } from "#db/sql-text.server";
import { scopeOf, type Actor } from "../auth/access";
import { forbidden } from "../errors";
import { LEVELS, type Level } from "../exams/types";
import { creditHours, formatCreditHours } from "../hours/study-hours";
import { studySettings } from "../learning/config.server";
import { trainingYear } from "../hours/training-year";
import { searchText } from "../text";
import type { CertificateStatus } from "./status";
import { personPlaceJoinSql } from "../org-tree/person-place.server";

/**
 * 红帆领航员名册: one row per person holding or having held a certificate — their current
 * certificate (valid or on hold), else their latest one — with this year's 学时. County admins see
 * their county, town officers their town (the person's organization's town today).
 */
export const rosterFilterSchema = z.object({
  level: z.enum(LEVELS).optional().catch(undefined),
  status: z.enum(CERTIFICATE_STATUSES).optional().catch(undefined),
  townId: z.coerce.number().int().positive().optional().catch(undefined),
  q: searchText(40),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type RosterFilter = z.infer<typeof rosterFilterSchema>;

export const ROSTER_PAGE_SIZE = 50;

export interface RosterRow {
  userId: number;
  name: string;
  organizationName: string;
  townName: string;
  level: Level;
  number: string;
  status: CertificateStatus;
  issuedAt: Date;
  creditedSeconds: number;
}

function scopeWhere(actor: Actor): SQL {
  const scope = scopeOf(actor, "read:roster");
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  if (scope.countyIds.length) parts.push(sql`t.county_id in ${sql.raw(`(${scope.countyIds.map(Number).join(",")})`)}`);
  if (scope.townIds.length) parts.push(sql`t.id in ${sql.raw(`(${scope.townIds.map(Number).join(",")})`)}`);
  if (!parts.length) throw forbidden();
  return sql`(${sql.join(parts, sql` or `)})`;
}

async function query(actor: Actor, filter: RosterFilter, limit: number, offset: number, now: Date): Promise<RosterRow[]> {
  const where: SQL[] = [scopeWhere(actor)];
  if (filter.level) where.push(sql`c.level = ${filter.level}`);
  if (filter.status) where.push(sql`c.status = ${filter.status}`);
  if (filter.townId) where.push(sql`t.id = ${filter.townId}`);
  if (filter.q)
    where.push(sql`(u.name like ${`%${filter.q}%`} or c.number like ${`%${filter.q.toUpperCase()}%`} or o.name like ${`%${filter.q}%`})`);
  const rows = rowsOf<{
    user_id: number;
    name: string;
    organization_name: string;
    town_name: string;
    level: Level;
    number: string;
    status: CertificateStatus;
    issued_at: Date | string;
    credited: number | string | null;
  }>(
    await db().execute(sql`
      with latest as (
        select distinct on (user_id) id, user_id, level, number, status, issued_at
        from certificates
        order by user_id, (status in ('valid','on_hold')) desc, issued_at desc, id desc
      )
      select u.id as user_id, u.name, o.name as organization_name, t.name as town_name, c.level, c.number, c.status, c.issued_at,
        coalesce(y.online_seconds + y.offline_seconds, 0) as credited
      from latest c
      join users u on u.id = c.user_id
      ${personPlaceJoinSql}
      left join study_year_totals y on y.user_id = u.id and y.year = ${trainingYear(now)}
      where ${sql.join(where, sql` and `)}
      order by t.name, array_position(array['senior','intermediate','junior'], c.level), u.name, u.id
      limit ${limit} offset ${offset}`),
  );
  return rows.map((r) => ({
    userId: Number(r.user_id),
    name: r.name,
    organizationName: r.organization_name,
    townName: r.town_name,
    level: r.level,
    number: r.number,
    status: r.status,
    issuedAt: new Date(r.issued_at),
    creditedSeconds: Number(r.credited ?? 0),
  }));
}

/** A page of the roster, each row with this year's 学时 as shown (one decimal, rounded down), and the towns to filter by. */
export async function listRoster(actor: Actor, filter: RosterFilter, now = new Date()) {
  const [rows, { minutesPerCreditHour }] = await Promise.all([
    query(actor, filter, ROSTER_PAGE_SIZE + 1, (filter.page - 1) * ROSTER_PAGE_SIZE, now),
    studySettings(),
  ]);
  const towns = rowsOf<{ id: number; name: string }>(
    await db().execute(sql`select t.id, t.name from towns t where ${scopeWhere(actor)} order by t.name`),
  );
  return {
    rows: rows.slice(0, ROSTER_PAGE_SIZE).map((r) => ({ ...r, hours: formatCreditHours(r.creditedSeconds, minutesPerCreditHour) })),
    hasMore: rows.length > ROSTER_PAGE_SIZE,
    towns: towns.map((t) => ({ id: Number(t.id), name: t.name })),
  };
}

const LEVEL_NAMES: Record<Level, string> = { junior: "初级", intermediate: "中级", senior: "高级" };
const STATUS_NAMES: Record<CertificateStatus, string> = {
  valid: "有效",
  on_hold: "暂停",
  superseded: "已升级",
  downgraded: "已降级",
  revoked: "已撤销",
};

/** The roster (same filter and scope, every page) as an .xlsx workbook with Chinese headers. */
export async function rosterWorkbook(actor: Actor, filter: RosterFilter, now = new Date()): Promise<Uint8Array> {
  const [rows, { minutesPerCreditHour }] = await Promise.all([query(actor, filter, 20_000, 0, now), studySettings()]);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "红帆";
  const sheet = workbook.addWorksheet("红帆领航员名册");
  sheet.columns = [
    { header: "姓名", key: "name", width: 12 },
    { header: "镇（街道）", key: "town", width: 14 },
    { header: "组织", key: "organization", width: 32 },
    { header: "级别", key: "level", width: 8 },
    { header: "证书编号", key: "number", width: 26 },
    { header: "状态", key: "status", width: 8 },
    { header: "发证日期", key: "issuedAt", width: 12 },
    { header: `${trainingYear(now)}年度学时`, key: "hours", width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const r of rows) {
    sheet.addRow({
      name: r.name,
      town: r.townName,
      organization: r.organizationName,
      level: LEVEL_NAMES[r.level],
      number: r.number,
      status: STATUS_NAMES[r.status],
      issuedAt: new Date(r.issuedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
      hours: creditHours(r.creditedSeconds, minutesPerCreditHour),
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
