/**
 * 候考 (issue 14): the sitting page before the opening records an arrival (one upsert per load,
 * only for people who could start), the admin's counts (等候中: seen within the window, no attempt;
 * 已开始: people with an attempt), a start before the opening answered with the waiting room, and an
 * arrival that cannot be written never failing the page.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "#db/client.server";
import { examSittingArrivals } from "#db/schema";
import { loadSitting } from "~/modules/exams/admin.server";
import { startAttempt } from "~/modules/exams/attempts.server";
import { WAITING_WINDOW_MS } from "~/modules/exams/waiting-room";
import { log } from "~/modules/observability/log.server";
import { recordArrival, sittingCounts, sittingPageForCandidate, startFromSittingPage } from "~/modules/exams/waiting-room.server";
import { actorOf, createPlace, createUser } from "../factories";
import { createBankWithQuestions, createExam, createReadyCandidate, createSitting, SMALL_BLUEPRINT } from "../factories/exams";
import { createTestDatabase, DRIVERS } from "../support/database";

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`the waiting room and the waiting count on ${driver}`, () => {
    let drop: () => Promise<void>;
    let place: Awaited<ReturnType<typeof createPlace>>;
    let bankId: number;

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      place = await createPlace();
      ({ bankId } = await createBankWithQuestions({ countyId: place.county.id, blueprint: SMALL_BLUEPRINT }));
    }, 60_000);
    afterAll(() => drop());

    /** A sitting opening `inMs` after `now`, open for two hours. */
    async function sittingOpening(now: Date, inMs: number) {
      const exam = await createExam(place.county.id, { bankIds: [bankId] });
      const opensAt = new Date(now.getTime() + inMs);
      const sitting = await createSitting(exam.id, { opensAt, closesAt: new Date(opensAt.getTime() + 2 * 3600_000) });
      return { exam, sitting };
    }
    const candidate = async (name: string, hours = 32) => actorOf((await createReadyCandidate(place.organization.id, { name, hours })).id);
    const arrivals = (sittingId: number) => db().select().from(examSittingArrivals).where(eq(examSittingArrivals.sittingId, sittingId));

    it("before the opening: the waiting room with the countdown, one arrival per person, counted as waiting until they start", async () => {
      const t0 = new Date();
      const { exam, sitting } = await sittingOpening(t0, 10 * 60_000);
      const first = await candidate("候考甲");
      const second = await candidate("候考乙");

      const page = await sittingPageForCandidate(first, sitting.id, t0);
      expect(page.blockers.map((b) => b.code)).toEqual(["notOpenYet"]);
      expect(page.waitingRoom).toMatchObject({ countdown: { unit: "minutes", minutes: 10 } });
      expect(page.waitingRoom!.refreshSeconds).toBeGreaterThan(50);
      expect(page.waitingRoom!.refreshSeconds).toBeLessThanOrEqual(60);
      expect(page.serverNow).toBe(t0.toISOString());
      await sittingPageForCandidate(second, sitting.id, t0);
      // reloads: still one row each
      await sittingPageForCandidate(first, sitting.id, new Date(t0.getTime() + 5_000));
      expect(await arrivals(sitting.id)).toHaveLength(2);

      const admin = await actorOf(
        (await createUser({ organizationId: place.organization.id, roles: [{ role: "county_admin", countyId: place.county.id }] })).id,
      );
      const loaded = (await loadSitting(admin, exam.id, sitting.id)).sitting;
      expect(await sittingCounts(loaded, t0)).toEqual({
        waiting: 2,
        started: 0,
        capacity: 100,
        opensAt: sitting.opensAt,
        closesAt: sitting.closesAt,
      });

      // the second one's page refreshes itself half a minute before the opening
      await sittingPageForCandidate(second, sitting.id, new Date(sitting.opensAt.getTime() - 30_000));
      // at the opening: the page has no waiting room any more; one starts
      const opened = new Date(sitting.opensAt.getTime() + 1_000);
      const openPage = await sittingPageForCandidate(first, sitting.id, opened);
      expect(openPage.blockers).toEqual([]);
      expect(openPage.waitingRoom).toBeNull();
      await startAttempt(first, sitting.id, opened);
      expect(await sittingCounts(loaded, opened)).toMatchObject({ waiting: 1, started: 1 });
      // the one who started is not recorded again while the attempt is in progress
      const before = (await arrivals(sitting.id)).find((a) => a.userId === first.userId)!.lastSeenAt;
      await sittingPageForCandidate(first, sitting.id, new Date(opened.getTime() + 60_000));
      expect((await arrivals(sitting.id)).find((a) => a.userId === first.userId)!.lastSeenAt).toEqual(before);

      // a page not seen within the window no longer counts
      const later = new Date(sitting.opensAt.getTime() - 30_000 + WAITING_WINDOW_MS + 1);
      expect(await sittingCounts(loaded, later)).toMatchObject({ waiting: 0, started: 1 });
    });

    it("a reload within 15 s does not rewrite the arrival; a later one moves it", async () => {
      const t0 = new Date();
      const { sitting } = await sittingOpening(t0, 30 * 60_000);
      const person = await candidate("候考丙");
      await sittingPageForCandidate(person, sitting.id, t0);
      await sittingPageForCandidate(person, sitting.id, new Date(t0.getTime() + 10_000));
      expect((await arrivals(sitting.id))[0].lastSeenAt).toEqual(t0);
      const later = new Date(t0.getTime() + 60_000);
      await sittingPageForCandidate(person, sitting.id, later);
      expect((await arrivals(sitting.id))[0].lastSeenAt).toEqual(later);
    });

    it("no arrival for someone short of 学时 (the reasons as before, no waiting room), nor hours before the opening", async () => {
      const t0 = new Date();
      const { sitting } = await sittingOpening(t0, 5 * 60_000);
      const short = await candidate("候考丁", 0);
      const page = await sittingPageForCandidate(short, sitting.id, t0);
      expect(page.blockers.map((b) => b.code).sort()).toEqual(["hoursShort", "notOpenYet"]);
      expect(page.waitingRoom).toBeNull();
      expect(await arrivals(sitting.id)).toEqual([]);

      const far = await sittingOpening(t0, 3 * 3600_000);
      const ready = await candidate("候考戊");
      const farPage = await sittingPageForCandidate(ready, far.sitting.id, t0);
      expect(farPage.waitingRoom).toMatchObject({ countdown: { unit: "hours", hours: 3, minutes: 0 } });
      expect(farPage.waitingRoom!.refreshSeconds).toBeGreaterThan(60);
      expect(await arrivals(far.sitting.id)).toEqual([]);
    });

    it("a start before the opening answers with the waiting room and writes no attempt; after it, the attempt", async () => {
      const t0 = new Date();
      const { sitting } = await sittingOpening(t0, 45_000);
      const person = await candidate("候考己");
      const early = await startFromSittingPage(person, sitting.id, t0);
      expect(early).toMatchObject({
        kind: "blocked",
        blockers: [{ code: "notOpenYet" }],
        waitingRoom: { countdown: { unit: "seconds", seconds: 45 } },
      });
      if (early.kind !== "blocked") throw new Error("started early");
      expect(early.waitingRoom!.refreshSeconds).toBeGreaterThanOrEqual(46);
      expect(early.waitingRoom!.refreshSeconds).toBeLessThanOrEqual(48);
      const started = await startFromSittingPage(person, sitting.id, new Date(sitting.opensAt.getTime() + 2_000));
      expect(started).toMatchObject({ kind: "started", attemptId: expect.any(Number) });

      // another blocker too: the reasons, no waiting room
      const short = await candidate("候考庚", 0);
      const refused = await startFromSittingPage(short, sitting.id, t0);
      expect(refused).toMatchObject({ kind: "blocked", waitingRoom: null });
    });

    it("an arrival that cannot be written is logged and the page goes on", async () => {
      const t0 = new Date();
      const person = await candidate("候考辛");
      const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
      // no such sitting: the foreign key refuses the row
      expect(await recordArrival(999_999, person.userId, t0)).toBe(false);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(
        await db()
          .select()
          .from(examSittingArrivals)
          .where(and(eq(examSittingArrivals.sittingId, 999_999), eq(examSittingArrivals.userId, person.userId))),
      ).toEqual([]);
    });
  });
}
