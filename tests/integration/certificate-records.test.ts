import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client.server";
import { certificates, certificateStatusEvents } from "#db/schema";
import { createPlace, createUser } from "../factories";
import { createTestDatabase, DRIVERS } from "../support/database";

/** The database itself refuses to rewrite certificates and their status history (migration 0015). */
for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`certificate records on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let seq = 0;
    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
    });
    afterAll(() => drop());

    async function issueRaw(userId: number, level: "junior" | "intermediate" = "junior") {
      seq++;
      const [cert] = await db()
        .insert(certificates)
        .values({
          number: `HF${place.county.code}-2026-1-${String(seq).padStart(4, "0")}-0`,
          credentialId: `urn:uuid:00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
          userId,
          countyId: place.county.id,
          level,
          year: 2026,
          seq,
          issuedAt: new Date(),
          statusListIndex: seq,
          holderName: "张明远",
          organizationName: "测试有限公司",
        })
        .returning();
      await db().insert(certificateStatusEvents).values({ certificateId: cert.id, kind: "issued", at: new Date() });
      return cert;
    }
    /** the database's refusal (drizzle wraps it: the cause carries PostgreSQL's message) */
    const refused = async (p: Promise<unknown>) => {
      const error = await p.then(
        () => null,
        (e: unknown) => e as Error & { cause?: Error },
      );
      expect(error, "the database should have refused").not.toBeNull();
      expect(`${error?.message} ${error?.cause?.message}`).toMatch(/append-only|written once|must follow/);
    };

    it("refuses to change, delete or truncate a certificate or a status event", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const cert = await issueRaw(user.id);
      await refused(db().update(certificates).set({ holderName: "李四" }).where(eq(certificates.id, cert.id)));
      await refused(db().update(certificates).set({ number: "HF000000-2026-1-0001-1" }).where(eq(certificates.id, cert.id)));
      await refused(db().delete(certificates).where(eq(certificates.id, cert.id)));
      await refused(db().update(certificateStatusEvents).set({ reason: "x" }).where(eq(certificateStatusEvents.certificateId, cert.id)));
      await refused(db().delete(certificateStatusEvents).where(eq(certificateStatusEvents.certificateId, cert.id)));
      await refused(db().execute(sql`truncate certificate_status_events cascade`));
      const [row] = await db().select().from(certificates).where(eq(certificates.id, cert.id));
      expect(row.holderName).toBe("张明远");
    });

    it("the status follows the latest event and nothing else", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const cert = await issueRaw(user.id);
      // a status not backed by an event is refused
      await refused(db().update(certificates).set({ status: "revoked" }).where(eq(certificates.id, cert.id)));
      await db().insert(certificateStatusEvents).values({ certificateId: cert.id, kind: "on_hold", reason: "regrade", at: new Date() });
      expect((await db().select().from(certificates).where(eq(certificates.id, cert.id)))[0].status).toBe("on_hold");
      await db().insert(certificateStatusEvents).values({ certificateId: cert.id, kind: "kept", at: new Date() });
      expect((await db().select().from(certificates).where(eq(certificates.id, cert.id)))[0].status).toBe("valid");
    });

    it("a person holds at most one current certificate", async () => {
      const user = await createUser({ organizationId: place.organization.id });
      const junior = await issueRaw(user.id);
      await expect(issueRaw(user.id, "intermediate")).rejects.toThrow();
      await db().insert(certificateStatusEvents).values({ certificateId: junior.id, kind: "superseded", at: new Date() });
      const intermediate = await issueRaw(user.id, "intermediate");
      expect(intermediate.status).toBe("valid");
    });
  });
}
