import { eq } from "drizzle-orm";
import { db } from "#db/client.server";
import { counties, organizations, towns, users } from "#db/schema";
import { appendArchiveEvent } from "../archive/archive.server";
import type { PartyPost, PartyStatus } from "../navigators/eligibility";
import { notFound } from "../errors";
import { joinPersonCounty } from "../org-tree/person-place.server";
import { parseDevice } from "../auth/device";
import { listUserSessions } from "../auth/session.server";
import { maskIdNumber } from "./id-number";
import { maskPhone } from "./phone";

export async function getOwnProfile(userId: number) {
  const [row] = await joinPersonCounty(
    db()
      .select({
        id: users.id,
        name: users.name,
        phone: users.phone,
        idNumber: users.idNumber,
        partyStatus: users.partyStatus,
        partyPost: users.partyPost,
        organizationName: organizations.name,
        organizationType: organizations.type,
        townName: towns.name,
        countyName: counties.name,
      })
      .from(users)
      .$dynamic(),
  ).where(eq(users.id, userId));
  if (!row) throw notFound();
  return row;
}

/** A 预备党员 becomes 正式, a member takes a post: the person keeps their party facts current. */
export async function updatePartyFacts(input: { userId: number; partyStatus: PartyStatus; partyPost: PartyPost }): Promise<void> {
  await db().transaction(async (tx) => {
    const [before] = await tx
      .select({ partyStatus: users.partyStatus, partyPost: users.partyPost })
      .from(users)
      .where(eq(users.id, input.userId))
      .for("update");
    if (!before) throw notFound();
    if (before.partyStatus === input.partyStatus && before.partyPost === input.partyPost) return;
    await tx
      .update(users)
      .set({ partyStatus: input.partyStatus, partyPost: input.partyPost, updatedAt: new Date() })
      .where(eq(users.id, input.userId));
    await appendArchiveEvent(tx, {
      userId: input.userId,
      type: "profileChanged",
      actorId: input.userId,
      data: { before, after: { partyStatus: input.partyStatus, partyPost: input.partyPost } },
    });
  });
}

/** 我的账户: the person's own profile (phone and ID number masked) and their signed-in devices, this one marked. */
export async function getAccountPage(userId: number, currentSessionId: string | null) {
  const [profile, sessions] = await Promise.all([getOwnProfile(userId), listUserSessions(userId, currentSessionId)]);
  return {
    profile: { ...profile, phone: maskPhone(profile.phone), idNumber: maskIdNumber(profile.idNumber) },
    sessions: sessions.map((s) => ({
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      device: parseDevice(s.device),
      current: s.current,
    })),
  };
}
