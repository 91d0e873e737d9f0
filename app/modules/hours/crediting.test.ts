import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  beatInputSchema,
  completionThreshold,
  decideBeat,
  lessonPercent,
  type BeatDecision,
  type BeatInput,
  type CreditPolicy,
  type LessonFacts,
  type ProgressState,
  type StreamState,
} from "./crediting";

const t0 = new Date("2026-11-23T08:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const TAB_A = "tabA_0123456789";
const TAB_B = "tabB_abcdefghij";

const textLesson: LessonFacts = { id: 11, nominalSeconds: 1800, video: false };
const videoLesson: LessonFacts = { id: 12, nominalSeconds: 600, video: true };
const fresh: ProgressState = { creditedSeconds: 0, furthestPosition: 0, completed: false };

function beat(over: Partial<BeatInput> = {}): BeatInput {
  return { kind: "beat", streamId: TAB_A, lessonId: textLesson.id, visible: true, idleSeconds: 3, ...over };
}

function stream(lastBeatSeconds: number, over: Partial<StreamState> = {}): StreamState {
  return { streamId: TAB_A, lessonId: textLesson.id, lastBeatAt: at(lastBeatSeconds), ...over };
}

function decide(args: {
  now: Date;
  stream: StreamState | null;
  beat: BeatInput;
  lesson?: LessonFacts;
  progress?: ProgressState;
  policy?: CreditPolicy;
}): BeatDecision {
  return decideBeat({
    policy: args.policy ?? DEFAULT_POLICY,
    now: args.now,
    stream: args.stream,
    lesson: args.lesson ?? textLesson,
    progress: args.progress ?? fresh,
    beat: args.beat,
  });
}

describe("DEFAULT_POLICY", () => {
  it("beats every 30 s, credits at most 40 s each, idle after 5 min, complete at 90 %", () => {
    expect(DEFAULT_POLICY).toEqual({
      heartbeatSeconds: 30,
      maxCreditPerBeatSeconds: 40,
      idleLimitSeconds: 300,
      completionRatio: 0.9,
      seekToleranceSeconds: 5,
    });
  });
});

describe("rule 1: start", () => {
  it("opens a stream and credits nothing", () => {
    const d = decide({ now: at(0), stream: null, beat: beat({ kind: "start" }) });
    expect(d).toEqual({
      outcome: "started",
      creditSeconds: 0,
      stream: { streamId: TAB_A, lessonId: textLesson.id, lastBeatAt: at(0) },
      progress: fresh,
      completedNow: false,
      years: [],
    });
  });

  it("takes the stream over from another tab or lesson, keeping progress as it was", () => {
    const progress = { creditedSeconds: 500, furthestPosition: 0, completed: false };
    const d = decide({
      now: at(100),
      stream: stream(90, { streamId: TAB_B, lessonId: 99 }),
      beat: beat({ kind: "start" }),
      progress,
    });
    expect(d.outcome).toBe("started");
    expect(d.creditSeconds).toBe(0);
    expect(d.stream).toEqual({ streamId: TAB_A, lessonId: textLesson.id, lastBeatAt: at(100) });
    expect(d.progress).toEqual(progress);
  });

  it("a start of the same stream (page visible again) restarts the clock: hidden time is lost", () => {
    const restarted = decide({ now: at(600), stream: stream(0), beat: beat({ kind: "start" }) });
    expect(restarted.creditSeconds).toBe(0);
    expect(restarted.stream?.lastBeatAt).toEqual(at(600));
    const next = decide({ now: at(630), stream: restarted.stream, beat: beat() });
    expect(next).toMatchObject({ outcome: "credited", creditSeconds: 30 });
  });
});

describe("rule 2: the one active stream", () => {
  it("a beat from a superseded stream credits nothing and leaves the stream alone", () => {
    const active = stream(0, { streamId: TAB_B });
    const d = decide({ now: at(30), stream: active, beat: beat({ streamId: TAB_A }) });
    expect(d.outcome).toBe("otherStream");
    expect(d.creditSeconds).toBe(0);
    expect(d.stream).toBe(active);
    expect(d.years).toEqual([]);
  });

  it("a beat without any active stream is otherStream (the page must start)", () => {
    const d = decide({ now: at(30), stream: null, beat: beat() });
    expect(d).toMatchObject({ outcome: "otherStream", creditSeconds: 0, stream: null });
  });

  it("a beat for another lesson than the stream's is wrongLesson", () => {
    const active = stream(0, { lessonId: 99 });
    const d = decide({ now: at(30), stream: active, beat: beat() });
    expect(d.outcome).toBe("wrongLesson");
    expect(d.creditSeconds).toBe(0);
    expect(d.stream).toBe(active);
  });

  it("refuses lesson facts that do not match the beat (a caller bug)", () => {
    expect(() => decide({ now: at(30), stream: stream(0), beat: beat({ lessonId: 5 }) })).toThrow(/lesson/);
  });

  it("two tabs alternating starts and beats over 10 minutes never credit more than the real time", () => {
    let active: StreamState | null = null;
    let progress: ProgressState = fresh;
    let total = 0;
    const lesson: LessonFacts = { id: textLesson.id, nominalSeconds: 7200, video: false };
    const apply = (second: number, input: BeatInput) => {
      const d = decideBeat({ policy: DEFAULT_POLICY, now: at(second), stream: active, lesson, progress, beat: input });
      active = d.stream;
      progress = d.progress;
      total += d.creditSeconds;
      return d;
    };
    const outcomes: string[] = [];
    // each tab beats every 30 s, offset by 15 s; every 2 minutes the "other" tab is focused and sends a start
    apply(0, beat({ kind: "start", streamId: TAB_A }));
    apply(1, beat({ kind: "start", streamId: TAB_B }));
    for (let s = 2; s <= 600; s++) {
      if (s % 120 === 0) outcomes.push(apply(s, beat({ kind: "start", streamId: (s / 120) % 2 ? TAB_A : TAB_B })).outcome);
      if (s % 30 === 0) outcomes.push(apply(s, beat({ streamId: TAB_A })).outcome);
      if (s % 30 === 15) outcomes.push(apply(s, beat({ streamId: TAB_B })).outcome);
    }
    expect(total).toBeLessThanOrEqual(600);
    expect(progress.creditedSeconds).toBe(total);
    expect(outcomes).toContain("otherStream");
    expect(outcomes).toContain("credited");
    // the stale tab never credited: a beat is credited only from the tab that started last
    expect(total).toBeGreaterThan(0);
  });

  it("random interleavings of two tabs never credit more than the wall-clock time", () => {
    let seed = 20261123;
    const random = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 4_294_967_296;
    };
    const lesson: LessonFacts = { id: textLesson.id, nominalSeconds: 7200, video: false };
    const tooMuch: string[] = [];
    for (let run = 0; run < 200; run++) {
      let active: StreamState | null = null;
      let progress: ProgressState = fresh;
      let total = 0;
      let ms = 0;
      while (ms < 600_000) {
        const streamId = random() < 0.5 ? TAB_A : TAB_B;
        const kind = random() < 0.2 ? "start" : "beat";
        const d = decideBeat({
          policy: DEFAULT_POLICY,
          now: new Date(t0.getTime() + ms),
          stream: active,
          lesson,
          progress,
          beat: beat({ kind, streamId }),
        });
        active = d.stream;
        progress = d.progress;
        total += d.creditSeconds;
        ms += Math.floor(random() * 45_000); // 0–45 s between requests, sometimes at the same instant
      }
      if (total > 600) tooMuch.push(`run ${run}: ${total}`);
    }
    expect(tooMuch).toEqual([]);
  });

  it("two devices beating in lockstep (same seconds) credit one stream only", () => {
    let active: StreamState | null = null;
    let total = 0;
    let progress: ProgressState = fresh;
    const lesson: LessonFacts = { id: textLesson.id, nominalSeconds: 7200, video: false };
    for (let s = 0; s <= 600; s += 10) {
      for (const streamId of [TAB_A, TAB_B]) {
        // each device re-sends a start every minute to grab the stream, and beats in between
        const kind = s % 60 === 0 ? "start" : "beat";
        const d = decideBeat({ policy: DEFAULT_POLICY, now: at(s), stream: active, lesson, progress, beat: beat({ kind, streamId }) });
        active = d.stream;
        progress = d.progress;
        total += d.creditSeconds;
      }
    }
    expect(total).toBeLessThanOrEqual(600);
  });
});

describe("rule 3: elapsed time measured by the server", () => {
  it("a replayed beat (same now) credits nothing and keeps the stream", () => {
    const first = decide({ now: at(30), stream: stream(0), beat: beat() });
    expect(first).toMatchObject({ outcome: "credited", creditSeconds: 30 });
    const replay = decide({ now: at(30), stream: first.stream, beat: beat(), progress: first.progress });
    expect(replay.outcome).toBe("replay");
    expect(replay.creditSeconds).toBe(0);
    expect(replay.stream).toBe(first.stream);
    expect(replay.progress).toBe(first.progress);
  });

  it("less than a whole second, or a clock running backwards, is a replay", () => {
    expect(decide({ now: new Date(at(0).getTime() + 999), stream: stream(0), beat: beat() }).outcome).toBe("replay");
    expect(decide({ now: at(-5), stream: stream(0), beat: beat() }).outcome).toBe("replay");
  });

  it("elapsed is floored to whole seconds", () => {
    const d = decide({ now: new Date(at(30).getTime() + 900), stream: stream(0), beat: beat() });
    expect(d.creditSeconds).toBe(30);
    expect(d.stream?.lastBeatAt).toEqual(new Date(at(30).getTime() + 900));
  });

  it("a forged beat after a long gap is capped at 40 s", () => {
    const d = decide({ now: at(3 * 3600), stream: stream(0), beat: beat() });
    expect(d.outcome).toBe("credited");
    expect(d.creditSeconds).toBe(40);
    expect(d.progress.creditedSeconds).toBe(40);
  });

  it("whatever the page claims, only the server's clock counts", () => {
    // beats every 30 s for 10 minutes credit exactly 600 s
    let active: StreamState | null = stream(0);
    let progress: ProgressState = fresh;
    for (let s = 30; s <= 600; s += 30) {
      const d = decide({ now: at(s), stream: active, beat: beat(), progress });
      active = d.stream;
      progress = d.progress;
    }
    expect(progress.creditedSeconds).toBe(600);
  });
});

describe("rules 4–5: hidden, idle, attention", () => {
  it("hidden credits nothing and moves the stream on", () => {
    const d = decide({ now: at(30), stream: stream(0), beat: beat({ visible: false }) });
    expect(d.outcome).toBe("hidden");
    expect(d.creditSeconds).toBe(0);
    expect(d.stream?.lastBeatAt).toEqual(at(30));
    expect(d.progress).toEqual(fresh);
  });

  it("idle just below and at the limit is credited, just above is not", () => {
    expect(decide({ now: at(30), stream: stream(0), beat: beat({ idleSeconds: 299 }) })).toMatchObject({
      outcome: "credited",
      creditSeconds: 30,
    });
    expect(decide({ now: at(30), stream: stream(0), beat: beat({ idleSeconds: 300 }) })).toMatchObject({
      outcome: "credited",
      creditSeconds: 30,
    });
    const idle = decide({ now: at(30), stream: stream(0), beat: beat({ idleSeconds: 301 }) });
    expect(idle).toMatchObject({ outcome: "idle", creditSeconds: 0 });
    expect(idle.stream?.lastBeatAt).toEqual(at(30));
    expect(decide({ now: at(30), stream: stream(0), beat: beat({ idleSeconds: 300.5 }) }).outcome).toBe("idle");
  });

  it("time spent hidden or idle is never credited by a later beat", () => {
    const hidden = decide({ now: at(300), stream: stream(0), beat: beat({ visible: false }) });
    const back = decide({ now: at(330), stream: hidden.stream, beat: beat() });
    expect(back).toMatchObject({ outcome: "credited", creditSeconds: 30 });
    const idle = decide({ now: at(600), stream: back.stream, beat: beat({ idleSeconds: 400 }) });
    const active = decide({ now: at(610), stream: idle.stream, beat: beat({ idleSeconds: 0 }) });
    expect(active.creditSeconds).toBe(10);
  });

  it("an overdue attention check pauses crediting", () => {
    const d = decide({ now: at(30), stream: stream(0), beat: beat({ attentionOverdue: true }) });
    expect(d).toMatchObject({ outcome: "attentionOverdue", creditSeconds: 0 });
    expect(d.stream?.lastBeatAt).toEqual(at(30));
    expect(decide({ now: at(30), stream: stream(0), beat: beat({ attentionOverdue: false }) }).outcome).toBe("credited");
  });

  it("checks in order: hidden before idle before attention", () => {
    expect(
      decide({ now: at(30), stream: stream(0), beat: beat({ visible: false, idleSeconds: 999, attentionOverdue: true }) }).outcome,
    ).toBe("hidden");
    expect(decide({ now: at(30), stream: stream(0), beat: beat({ idleSeconds: 999, attentionOverdue: true }) }).outcome).toBe("idle");
  });
});

describe("rule 6: video lessons", () => {
  const vStream = (last: number) => stream(last, { lessonId: videoLesson.id });
  const vBeat = (video?: BeatInput["video"]) => beat({ lessonId: videoLesson.id, video });
  const watched: ProgressState = { creditedSeconds: 100, furthestPosition: 100, completed: false };

  it("normal forward play is credited and advances the furthest point", () => {
    const d = decide({
      now: at(30),
      stream: vStream(0),
      lesson: videoLesson,
      progress: watched,
      beat: vBeat({ playing: true, position: 130, rate: 1 }),
    });
    expect(d).toMatchObject({ outcome: "credited", creditSeconds: 30 });
    expect(d.progress).toEqual({ creditedSeconds: 130, furthestPosition: 130, completed: false });
    expect(d.resumeAt).toBeUndefined();
  });

  it("tolerates a position a few seconds ahead (buffering, beat jitter)", () => {
    const d = decide({
      now: at(30),
      stream: vStream(0),
      lesson: videoLesson,
      progress: watched,
      beat: vBeat({ playing: true, position: 135, rate: 1 }),
    });
    expect(d.outcome).toBe("credited");
    expect(d.progress.furthestPosition).toBe(135);
  });

  it("seeking ahead of the furthest point is refused, with the position to go back to", () => {
    const d = decide({
      now: at(30),
      stream: vStream(0),
      lesson: videoLesson,
      progress: watched,
      beat: vBeat({ playing: true, position: 135.5, rate: 1 }),
    });
    expect(d.outcome).toBe("seekRefused");
    expect(d.creditSeconds).toBe(0);
    expect(d.resumeAt).toBe(100);
    expect(d.progress).toEqual(watched); // furthest NOT advanced
    expect(d.stream?.lastBeatAt).toEqual(at(30));
    const far = decide({
      now: at(30),
      stream: vStream(0),
      lesson: videoLesson,
      progress: watched,
      beat: vBeat({ playing: true, position: 580, rate: 1 }),
    });
    expect(far).toMatchObject({ outcome: "seekRefused", resumeAt: 100 });
  });

  it("rewatching an earlier part is credited and keeps the furthest point", () => {
    const d = decide({
      now: at(30),
      stream: vStream(0),
      lesson: videoLesson,
      progress: watched,
      beat: vBeat({ playing: true, position: 40, rate: 1 }),
    });
    expect(d).toMatchObject({ outcome: "credited", creditSeconds: 30 });
    expect(d.progress.furthestPosition).toBe(100);
  });

  it("a paused or missing player credits nothing", () => {
    expect(
      decide({
        now: at(30),
        stream: vStream(0),
        lesson: videoLesson,
        progress: watched,
        beat: vBeat({ playing: false, position: 100, rate: 1 }),
      }),
    ).toMatchObject({
      outcome: "notPlaying",
      creditSeconds: 0,
    });
    expect(decide({ now: at(30), stream: vStream(0), lesson: videoLesson, progress: watched, beat: vBeat(undefined) }).outcome).toBe(
      "notPlaying",
    );
  });

  it("2× speed (and slow motion) is refused; a rate of 0.995 is tolerated", () => {
    const fast = decide({
      now: at(30),
      stream: vStream(0),
      lesson: videoLesson,
      progress: watched,
      beat: vBeat({ playing: true, position: 160, rate: 2 }),
    });
    expect(fast).toMatchObject({ outcome: "rateRefused", creditSeconds: 0 });
    expect(fast.progress.furthestPosition).toBe(100);
    expect(
      decide({
        now: at(30),
        stream: vStream(0),
        lesson: videoLesson,
        progress: watched,
        beat: vBeat({ playing: true, position: 115, rate: 0.5 }),
      }).outcome,
    ).toBe("rateRefused");
    expect(
      decide({
        now: at(30),
        stream: vStream(0),
        lesson: videoLesson,
        progress: watched,
        beat: vBeat({ playing: true, position: 130, rate: 0.995 }),
      }).outcome,
    ).toBe("credited");
    expect(
      decide({
        now: at(30),
        stream: vStream(0),
        lesson: videoLesson,
        progress: watched,
        beat: vBeat({ playing: true, position: 130, rate: 1.01 }),
      }).outcome,
    ).toBe("rateRefused");
  });

  it("a text lesson ignores video facts", () => {
    const d = decide({ now: at(30), stream: stream(0), beat: beat({ video: { playing: false, position: 9999, rate: 2 } }) });
    expect(d).toMatchObject({ outcome: "credited", creditSeconds: 30 });
    expect(d.progress.furthestPosition).toBe(0);
  });

  it("the furthest point still advances when the lesson is already full", () => {
    const full: ProgressState = { creditedSeconds: 600, furthestPosition: 570, completed: true };
    const d = decide({
      now: at(30),
      stream: vStream(0),
      lesson: videoLesson,
      progress: full,
      beat: vBeat({ playing: true, position: 598, rate: 1 }),
    });
    expect(d).toMatchObject({ outcome: "lessonFull", creditSeconds: 0 });
    expect(d.progress.furthestPosition).toBe(598);
  });
});

describe("rule 7: the lesson credits at most its nominal duration", () => {
  it("credits exactly up to the cap, then lessonFull", () => {
    const near: ProgressState = { creditedSeconds: 1780, furthestPosition: 0, completed: true };
    const reach = decide({ now: at(30), stream: stream(0), progress: near, beat: beat() });
    expect(reach).toMatchObject({ outcome: "credited", creditSeconds: 20 });
    expect(reach.progress.creditedSeconds).toBe(1800);
    expect(reach.years).toEqual([{ year: 2026, seconds: 20 }]);

    const exact: ProgressState = { creditedSeconds: 1770, furthestPosition: 0, completed: true };
    expect(decide({ now: at(30), stream: stream(0), progress: exact, beat: beat() })).toMatchObject({
      outcome: "credited",
      creditSeconds: 30,
    });

    const full = decide({ now: at(60), stream: reach.stream, progress: reach.progress, beat: beat() });
    expect(full).toMatchObject({ outcome: "lessonFull", creditSeconds: 0, years: [] });
    expect(full.progress.creditedSeconds).toBe(1800);
    expect(full.stream?.lastBeatAt).toEqual(at(60));
  });

  it("progress beyond the nominal duration (a shortened lesson) is lessonFull, never negative", () => {
    const over: ProgressState = { creditedSeconds: 2000, furthestPosition: 0, completed: true };
    const d = decide({ now: at(30), stream: stream(0), progress: over, beat: beat() });
    expect(d).toMatchObject({ outcome: "lessonFull", creditSeconds: 0 });
    expect(d.progress.creditedSeconds).toBe(2000);
  });

  it("credit per beat follows the policy's cap", () => {
    const policy = { ...DEFAULT_POLICY, maxCreditPerBeatSeconds: 70 };
    expect(decide({ now: at(60), stream: stream(0), beat: beat(), policy }).creditSeconds).toBe(60);
    expect(decide({ now: at(600), stream: stream(0), beat: beat(), policy }).creditSeconds).toBe(70);
  });
});

describe("rule 8: completion", () => {
  it("the threshold is ceil(90 % of the nominal duration), without floating-point noise", () => {
    expect(completionThreshold(1800, DEFAULT_POLICY)).toBe(1620);
    expect(completionThreshold(100, DEFAULT_POLICY)).toBe(90); // 0.9 × 100 = 90.00000000000001
    expect(completionThreshold(2700, DEFAULT_POLICY)).toBe(2430);
    expect(completionThreshold(1001, DEFAULT_POLICY)).toBe(901); // 900.9 → 901
    expect(completionThreshold(0, DEFAULT_POLICY)).toBe(0);
  });

  it("crosses exactly at 90 %, once, and stays completed", () => {
    const before: ProgressState = { creditedSeconds: 1590, furthestPosition: 0, completed: false };
    const justShort = decide({ now: at(29), stream: stream(0), progress: before, beat: beat() });
    expect(justShort.progress).toMatchObject({ creditedSeconds: 1619, completed: false });
    expect(justShort.completedNow).toBe(false);

    const crossing = decide({ now: at(30), stream: stream(0), progress: before, beat: beat() });
    expect(crossing.progress).toMatchObject({ creditedSeconds: 1620, completed: true });
    expect(crossing.completedNow).toBe(true);

    const after = decide({ now: at(60), stream: crossing.stream, progress: crossing.progress, beat: beat() });
    expect(after.progress.completed).toBe(true);
    expect(after.completedNow).toBe(false);

    const hidden = decide({ now: at(90), stream: after.stream, progress: after.progress, beat: beat({ visible: false }) });
    expect(hidden.progress.completed).toBe(true);
    expect(hidden.completedNow).toBe(false);
  });

  it("a lesson full but not yet marked complete completes on the next beat", () => {
    const stuck: ProgressState = { creditedSeconds: 1800, furthestPosition: 0, completed: false };
    const d = decide({ now: at(30), stream: stream(0), progress: stuck, beat: beat() });
    expect(d).toMatchObject({ outcome: "lessonFull", creditSeconds: 0, completedNow: true });
    expect(d.progress.completed).toBe(true);
  });

  it("lessonPercent is a floored integer 0–100", () => {
    expect(lessonPercent(fresh, 1800)).toBe(0);
    expect(lessonPercent({ creditedSeconds: 1619, furthestPosition: 0, completed: false }, 1800)).toBe(89);
    expect(lessonPercent({ creditedSeconds: 1620, furthestPosition: 0, completed: true }, 1800)).toBe(90);
    expect(lessonPercent({ creditedSeconds: 1799, furthestPosition: 0, completed: true }, 1800)).toBe(99);
    expect(lessonPercent({ creditedSeconds: 1800, furthestPosition: 0, completed: true }, 1800)).toBe(100);
    expect(lessonPercent({ creditedSeconds: 2000, furthestPosition: 0, completed: true }, 1800)).toBe(100);
    expect(lessonPercent({ creditedSeconds: 29, furthestPosition: 0, completed: false }, 100)).toBe(29); // 0.29 × 100 noise
  });
});

describe("training years", () => {
  it("a beat spanning Shanghai new year splits its credit into two years", () => {
    const last = new Date("2026-12-31T15:59:45Z");
    const now = new Date("2026-12-31T16:00:15Z");
    const d = decide({ now, stream: { streamId: TAB_A, lessonId: textLesson.id, lastBeatAt: last }, beat: beat() });
    expect(d.creditSeconds).toBe(30);
    expect(d.years).toEqual([
      { year: 2026, seconds: 15 },
      { year: 2027, seconds: 15 },
    ]);
  });

  it("a capped credit is placed at the end of the gap", () => {
    const last = new Date("2026-12-31T15:50:00Z");
    const now = new Date("2026-12-31T16:00:10Z");
    const d = decide({ now, stream: { streamId: TAB_A, lessonId: textLesson.id, lastBeatAt: last }, beat: beat() });
    expect(d.creditSeconds).toBe(40);
    expect(d.years).toEqual([
      { year: 2026, seconds: 30 },
      { year: 2027, seconds: 10 },
    ]);
  });
});

describe("beatInputSchema", () => {
  const body = { kind: "beat", streamId: "s_1a2B-3c4D", lessonId: 12, visible: true, idleSeconds: 12.5 };

  it("accepts the page's body, with or without video facts", () => {
    expect(beatInputSchema.parse(body)).toEqual(body);
    const withVideo = { ...body, video: { playing: true, position: 301.25, rate: 1 } };
    expect(beatInputSchema.parse(withVideo)).toEqual(withVideo);
    const parsed: BeatInput = beatInputSchema.parse({ ...body, kind: "start" });
    expect(parsed.kind).toBe("start");
  });

  it("never takes attentionOverdue from the client", () => {
    const parsed = beatInputSchema.parse({ ...body, attentionOverdue: false });
    expect("attentionOverdue" in parsed).toBe(false);
  });

  it("refuses malformed bodies", () => {
    const bad: unknown[] = [
      { ...body, kind: "finish" },
      { ...body, streamId: "short" },
      { ...body, streamId: "x".repeat(65) },
      { ...body, streamId: "has space 123" },
      { ...body, streamId: "中文的流标识符号码" },
      { ...body, lessonId: 1.5 },
      { ...body, lessonId: 0 },
      { ...body, lessonId: "12" },
      { ...body, visible: "yes" },
      { ...body, idleSeconds: -1 },
      { ...body, idleSeconds: 86_401 },
      { ...body, idleSeconds: Number.POSITIVE_INFINITY },
      { ...body, video: { playing: true, position: -1, rate: 1 } },
      { ...body, video: { playing: true, position: 86_401, rate: 1 } },
      { ...body, video: { playing: true, position: 10, rate: 17 } },
      { ...body, video: { playing: true, position: 10 } },
      { kind: "beat" },
      null,
    ];
    for (const input of bad) expect(beatInputSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
    expect(beatInputSchema.safeParse({ ...body, streamId: "a".repeat(8) }).success).toBe(true);
    expect(beatInputSchema.safeParse({ ...body, streamId: "a".repeat(64) }).success).toBe(true);
  });
});
