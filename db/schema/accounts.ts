import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, serial, text, timestamp, unique, varchar } from "drizzle-orm/pg-core";
import { counties, organizations, towns } from "./org-tree";

import { PARTY_POSTS, PARTY_STATUSES, ROLES } from "../../app/modules/accounts/enums";

export { PARTY_POSTS, PARTY_STATUSES, ROLES };

export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    phone: varchar("phone", { length: 11 }).notNull().unique(),
    /** 公民身份号码 (GB 11643), stored upper-case; shown masked. */
    idNumber: varchar("id_number", { length: 18 }).notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** 正式党员 full / 预备党员 probationary */
    partyStatus: text("party_status", { enum: PARTY_STATUSES }).notNull(),
    /** 书记 / 副书记 / 委员 / 专职党务工作者 / 其他 */
    partyPost: text("party_post", { enum: PARTY_POSTS }).notNull(),
    /** the version of the personal information notice agreed to at registration, and when (null: registered before it existed) */
    privacyConsentVersion: text("privacy_consent_version"),
    privacyConsentAt: timestamp("privacy_consent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("users_organization_idx").on(t.organizationId),
    check("users_party_status", sql`${t.partyStatus} in ('full','probationary')`),
    check("users_party_post", sql`${t.partyPost} in ('secretary','deputy_secretary','committee_member','full_time_worker','other')`),
  ],
);

/**
 * A role held with a scope. town_officer: town_id (and its county_id); county_admin and lecturer:
 * county_id; candidate and system_admin: no scope columns. scope_key makes the grant unique.
 */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: ROLES }).notNull(),
    countyId: integer("county_id").references(() => counties.id),
    townId: integer("town_id").references(() => towns.id),
    scopeKey: text("scope_key").notNull(),
    grantedBy: integer("granted_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("role_grants_unique").on(t.userId, t.role, t.scopeKey),
    index("role_grants_user_idx").on(t.userId),
    check("role_grants_role", sql`${t.role} in ('candidate','lecturer','town_officer','county_admin','system_admin')`),
  ],
);

/**
 * Lucia-style sessions: the id is the SHA-256 (hex) of the random token kept in the cookie.
 * expires_at is the absolute end (sign-in + 30 days, never moved); last_seen_at the last recorded
 * use (at most every 5 minutes; 12 hours without use ends the session); device a coarse
 * "os/browser" label from the User-Agent at sign-in, for the person's list of sessions (decision 013).
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    device: text("device"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Attempts per key ("pair:<identifier>|<address>", "account:<identifier>", "ip:<address>",
 * "password:<user id>", "register:<address>"), shared by all app instances. Counted with one
 * atomic upsert BEFORE the password is checked (a success takes its attempt back); the window
 * starts again at the first attempt after `window_ends_at` (docs/decisions/013).
 */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  attempts: integer("attempts").notNull().default(0),
  windowEndsAt: timestamp("window_ends_at", { withTimezone: true }).notNull(),
});

/**
 * Devices a person has signed in on (the hf_device cookie: a random token, stored as its SHA-256
 * like a session id). One device may be known for several accounts. A login from a known device is
 * not subject to the account-wide limit (docs/decisions/013).
 */
export const knownDevices = pgTable(
  "known_devices",
  {
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenHash, t.userId] }), index("known_devices_user_idx").on(t.userId)],
);
