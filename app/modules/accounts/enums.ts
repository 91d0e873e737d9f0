/** Value lists shared by the database schema, the forms and the pages (no imports: safe in the browser). */
export const PARTY_STATUSES = ["full", "probationary"] as const;
export const PARTY_POSTS = ["secretary", "deputy_secretary", "committee_member", "full_time_worker", "other"] as const;
export const ROLES = ["candidate", "lecturer", "town_officer", "county_admin", "system_admin"] as const;
