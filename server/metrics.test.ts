import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createGroupCommit } from "../app/modules/group-commit";
import { bearerMatches, createMetricsEndpoint, metrics, observeExamSweep } from "./metrics";
import { createRouteLabels } from "./route-label";

/** One series' value in the registry's text (0 when absent). */
async function value(series: string): Promise<number> {
  const text = await metrics().registry.metrics();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe("bearerMatches", () => {
  it("takes exactly the token, as a Bearer credential", () => {
    const token = "t".repeat(40);
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(1)}`, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches("Bearer ", token)).toBe(false);
  });
});

describe("the /metrics endpoint on the app's port", () => {
  it("does not exist without a token (the app answers it as any unknown page)", () => {
    const endpoint = createMetricsEndpoint(undefined);
    const req = { url: "/metrics", method: "GET", headers: {} } as IncomingMessage;
    expect(endpoint(req, {} as ServerResponse)).toBe(false);
  });
  it("takes only /metrics when a token is set", () => {
    const endpoint = createMetricsEndpoint("x".repeat(40));
    expect(endpoint({ url: "/metricsx", method: "GET", headers: {} } as IncomingMessage, {} as ServerResponse)).toBe(false);
    expect(endpoint({ url: "/", method: "GET", headers: {} } as IncomingMessage, {} as ServerResponse)).toBe(false);
  });
});

describe("the metrics", () => {
  it("count a group-commit writer's batches and their jobs under its name", async () => {
    const series = 'hf_group_commit_batch_jobs_sum{writer="metrics_test"}';
    const flushes = 'hf_group_commit_flush_seconds_count{writer="metrics_test",outcome="ok"}';
    metrics();
    const before = [await value(series), await value(flushes)];
    const writer = createGroupCommit<number, number>({
      name: "metrics_test",
      rule: { maxJobs: 100 },
      maxInFlight: 1,
      run: async (jobs) => jobs.map((j) => j * 2),
    });
    await Promise.all([1, 2, 3, 4, 5].map((j) => writer.submit(j)));
    expect(await value(series)).toBe(before[0] + 5);
    expect(await value(flushes)).toBe(before[1] + writer.stats.batches);
  });

  it("count failed runner calls apart", async () => {
    const failed = 'hf_group_commit_flush_seconds_count{writer="metrics_test_failing",outcome="error"}';
    metrics();
    const before = await value(failed);
    const writer = createGroupCommit<number, number>({
      name: "metrics_test_failing",
      rule: { maxJobs: 100 },
      maxInFlight: 1,
      run: async () => {
        throw new Error("no");
      },
      onError: (error) => ({ reject: error }),
    });
    await expect(writer.submit(1)).rejects.toThrow("no");
    expect(await value(failed)).toBe(before + 1);
  });

  it("count the sweeper's runs and the attempts it finalised", async () => {
    const runs = ['hf_exam_sweeps_total{outcome="ok"}', 'hf_exam_sweeps_total{outcome="error"}', "hf_exam_sweep_finalised_total"];
    const before = await Promise.all(runs.map(value));
    expect(await observeExamSweep(Promise.resolve(3))).toBe(3);
    await expect(observeExamSweep(Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await Promise.all(runs.map(value))).toEqual([before[0] + 1, before[1] + 1, before[2] + 3]);
  });

  it("count requests by route, method and status class, other methods as one", async () => {
    const series = 'hf_http_request_duration_seconds_count{route="/api/exam/save",method="POST",status="2xx"}';
    const other = 'hf_http_request_duration_seconds_count{route="/api/exam/save",method="other",status="4xx"}';
    const before = [await value(series), await value(other)];
    metrics().request("/api/exam/save", "POST", 200, 0.003);
    metrics().request("/api/exam/save", "POST", 204, 0.004);
    metrics().request("/api/exam/save", "PROPFIND", 405, 0.001);
    expect([await value(series), await value(other)]).toEqual([before[0] + 2, before[1] + 1]);
  });
});

describe("route labels", () => {
  const build = {
    routes: {
      root: { id: "root", path: "" },
      "routes/_index": { id: "routes/_index", parentId: "root", index: true },
      "routes/exams.attempts.$attemptId": { id: "routes/exams.attempts.$attemptId", parentId: "root", path: "exams/attempts/:attemptId" },
      "routes/$": { id: "routes/$", parentId: "root", path: "*" },
    },
  } as unknown as ServerBuild;
  const label = createRouteLabels(build, new Set(["/favicon.svg"]));

  it("are Remix route ids for pages and their single-fetch data, never the path's ids", () => {
    expect(label("/exams/attempts/123")).toBe("routes/exams.attempts.$attemptId");
    expect(label("/exams/attempts/456.data")).toBe("routes/exams.attempts.$attemptId");
    expect(label("/")).toBe("routes/_index");
    expect(label("/_root.data")).toBe("routes/_index");
    expect(label("/wp-admin/setup.php")).toBe("routes/$");
  });
  it("are fixed for the server's own endpoints and files", () => {
    expect(label("/api/exam/save")).toBe("/api/exam/save");
    expect(label("/api/study/beat")).toBe("/api/study/beat");
    expect(label("/assets/entry.client-abc.js")).toBe("/assets/*");
    expect(label("/media/assets/42/poster")).toBe("/media/assets/:assetId");
    expect(label("/api/study/attention/9.svg")).toBe("/api/study/attention/:checkId.svg");
    expect(label("/favicon.svg")).toBe("static");
    expect(label("/healthz")).toBe("/healthz");
  });
  it("are `remix` for every page without a build (the dev server)", () => {
    expect(createRouteLabels(null)("/exams/attempts/1")).toBe("remix");
  });
});
