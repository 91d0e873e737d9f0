import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, serial, text, timestamp, unique, varchar } from "drizzle-orm/pg-core";

/** 县 county: carries its 6-digit administrative code (嘉祥县 370829). */
export const counties = pgTable(
  "counties",
  {
    id: serial("id").primaryKey(),
    code: varchar("code", { length: 6 }).notNull().unique(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("counties_code_6_digits", sql`${t.code} ~ '^[0-9]{6}$'`)],
);

/** 镇(街) town or street. */
export const towns = pgTable(
  "towns",
  {
    id: serial("id").primaryKey(),
    countyId: integer("county_id")
      .notNull()
      .references(() => counties.id),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("towns_county_name").on(t.countyId, t.name)],
);

/** 两新组织: a non-public enterprise (非公企业) or a social organization (社会组织). */
export const organizations = pgTable(
  "organizations",
  {
    id: serial("id").primaryKey(),
    townId: integer("town_id")
      .notNull()
      .references(() => towns.id),
    name: text("name").notNull(),
    type: text("type", { enum: ["enterprise", "social"] }).notNull(),
    /** 统一社会信用代码 (GB 32100), 18 characters, check character validated. */
    creditCode: varchar("credit_code", { length: 18 }).notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("organizations_town_idx").on(t.townId), check("organizations_type", sql`${t.type} in ('enterprise','social')`)],
);
