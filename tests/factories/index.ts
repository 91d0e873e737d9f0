import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { counties, navigatorApplications, organizations, roleGrants, towns, users } from "#db/schema";
import { idNumberCheckCharacter } from "~/modules/accounts/id-number";
import type { Role } from "~/modules/auth/access";
import { createSession, loadActor } from "~/modules/auth/session.server";
import { completeCreditCode } from "~/modules/org-tree/credit-code";

let counter = 0;
const next = () => ++counter + Math.floor(Math.random() * 1000) * 1000;

/** A hash of "password1" computed once (argon2id is deliberately slow). */
export const PASSWORD = "password1";
let passwordHash: Promise<string> | undefined;
async function hashOnce() {
  const { hashPassword } = await import("~/modules/auth/password.server");
  passwordHash ??= hashPassword(PASSWORD);
  return passwordHash;
}

export async function createCounty(overrides: { code?: string; name?: string } = {}) {
  const n = next();
  const code = overrides.code ?? String(100000 + (n % 899999)).padStart(6, "1");
  const [row] = await db()
    .insert(counties)
    .values({ code, name: overrides.name ?? `测试县${n}` })
    .returning();
  return row;
}

export async function createTown(countyId: number, name?: string) {
  const [row] = await db()
    .insert(towns)
    .values({ countyId, name: name ?? `测试镇${next()}` })
    .returning();
  return row;
}

export async function createOrganization(townId: number, overrides: { type?: "enterprise" | "social"; name?: string } = {}) {
  const n = next();
  const body = `91370829MA${String(n).padStart(7, "0")}`.slice(0, 17);
  const [row] = await db()
    .insert(organizations)
    .values({
      townId,
      name: overrides.name ?? `测试有限公司${n}`,
      type: overrides.type ?? "enterprise",
      creditCode: completeCreditCode(body),
    })
    .returning();
  return row;
}

/** A county with one town and one organization. */
export async function createPlace() {
  const county = await createCounty();
  const town = await createTown(county.id);
  const organization = await createOrganization(town.id);
  return { county, town, organization };
}

export function makeIdNumber(seq: number): string {
  const body = `370829199001${String(1 + (seq % 28)).padStart(2, "0")}${String(seq % 1000).padStart(3, "0")}`;
  return body + idNumberCheckCharacter(body);
}

export async function createUser(options: {
  organizationId: number;
  roles?: { role: Role; countyId?: number; townId?: number }[];
  partyStatus?: "full" | "probationary";
  partyPost?: "secretary" | "deputy_secretary" | "committee_member" | "full_time_worker" | "other";
  name?: string;
}) {
  const n = next();
  const [user] = await db()
    .insert(users)
    .values({
      name: options.name ?? `测试用户`,
      phone: `139${String(n).padStart(8, "0")}`.slice(0, 11),
      idNumber: makeIdNumber(n),
      passwordHash: await hashOnce(),
      organizationId: options.organizationId,
      partyStatus: options.partyStatus ?? "full",
      partyPost: options.partyPost ?? "secretary",
    })
    .returning();
  for (const grant of options.roles ?? [{ role: "candidate" as Role }]) {
    const scopeKey = grant.townId
      ? `town:${grant.townId}`
      : grant.countyId
        ? `county:${grant.countyId}`
        : grant.role === "candidate"
          ? "self"
          : "global";
    await db()
      .insert(roleGrants)
      .values({ userId: user.id, role: grant.role, countyId: grant.countyId ?? null, townId: grant.townId ?? null, scopeKey });
  }
  return user;
}

export async function actorOf(userId: number) {
  const actor = await loadActor(userId);
  if (!actor) throw new Error(`no user ${userId}`);
  return actor;
}

export async function sessionCookieFor(userId: number): Promise<string> {
  const { token } = await createSession(userId);
  return `hf_session=${token}`;
}

export async function createApplication(userId: number, organizationId: number) {
  const [row] = await db()
    .insert(navigatorApplications)
    .values({ userId, organizationId, partyStatus: "full", partyPost: "secretary" })
    .returning();
  return row;
}

export async function userById(id: number) {
  const [row] = await db().select().from(users).where(eq(users.id, id));
  return row;
}
