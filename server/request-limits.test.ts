import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../app/modules/imports/limits";
import { BODY_LIMITS, bodyLimit, cacheControlFor, NO_STORE, pathClass } from "./request-limits";

describe("pathClass", () => {
  it("knows the file-import routes, also as single-fetch data requests", () => {
    expect(pathClass("/question-banks/12/import")).toBe("question-import");
    expect(pathClass("/question-banks/12/import.data")).toBe("question-import");
    expect(pathClass("/admin/offline-classes/3")).toBe("attendance-upload");
    expect(pathClass("/admin/offline-classes/3.data")).toBe("attendance-upload");
    expect(pathClass("/admin/offline-classes/3/")).toBe("attendance-upload");
    expect(pathClass("/question-banks/12")).toBe("other");
    expect(pathClass("/question-banks/12/import/x")).toBe("other");
    expect(pathClass("/admin/offline-classes")).toBe("other");
    expect(pathClass("/admin/supervision/14")).toBe("supervision-upload");
    expect(pathClass("/admin/supervision/14.data")).toBe("supervision-upload");
    expect(pathClass("/admin/supervision")).toBe("other");
    expect(pathClass("/admin/supervision/14/x")).toBe("other");
    expect(pathClass("/login")).toBe("other");
  });
});

describe("bodyLimit of a supervision record (5 attachments of 10 MB, decision 020)", () => {
  it("is the attachments' cap plus the slack, signed in only", () => {
    expect(bodyLimit("/admin/supervision/14", true)).toBe(5 * 10 * 1024 * 1024 + BODY_LIMITS.uploadSlack);
    expect(bodyLimit("/admin/supervision/14.data", true)).toBe(5 * 10 * 1024 * 1024 + BODY_LIMITS.uploadSlack);
    expect(bodyLimit("/admin/supervision/14", false)).toBe(BODY_LIMITS.anonymous);
  });
});

describe("bodyLimit", () => {
  it("gives anonymous requests the small cap, wherever they go", () => {
    for (const path of ["/login", "/register", "/login.data", "/question-banks/1/import", "/admin/offline-classes/1", "/api/exam/save"]) {
      expect(bodyLimit(path, false), path).toBe(BODY_LIMITS.anonymous);
    }
  });
  it("gives signed-in requests the larger cap, and the file imports their files' caps", () => {
    expect(bodyLimit("/exams/attempts/7", true)).toBe(BODY_LIMITS.signedIn);
    expect(bodyLimit("/api/exam/save", true)).toBeGreaterThanOrEqual(512 * 1024);
    expect(bodyLimit("/question-banks/1/import", true)).toBe(IMPORT_LIMITS.questionFileBytes + BODY_LIMITS.uploadSlack);
    expect(bodyLimit("/admin/offline-classes/1.data", true)).toBe(IMPORT_LIMITS.attendanceFileBytes + BODY_LIMITS.uploadSlack);
  });
  it("keeps anonymous below signed-in below the uploads", () => {
    expect(BODY_LIMITS.anonymous).toBeLessThan(BODY_LIMITS.signedIn);
    expect(BODY_LIMITS.signedIn).toBeLessThan(bodyLimit("/admin/offline-classes/1", true));
  });
});

describe("cacheControlFor", () => {
  it("makes every signed-in answer private, no-store", () => {
    expect(cacheControlFor("/", true, undefined)).toBe(NO_STORE);
    expect(cacheControlFor("/exams.data", true, undefined)).toBe(NO_STORE);
    expect(cacheControlFor("/api/exam/save", true, "no-store")).toBe(NO_STORE);
    expect(cacheControlFor("/hours", true, "public, max-age=3600")).toBe(NO_STORE);
    expect(cacheControlFor("/favicon.ico", true, "public, max-age=3600")).toBe(NO_STORE);
  });
  it("leaves hashed assets, lesson videos and content-addressed public answers alone", () => {
    expect(cacheControlFor("/assets/root-abc123.js", true, "public, max-age=31536000, immutable")).toBe(
      "public, max-age=31536000, immutable",
    );
    expect(cacheControlFor("/assets/root-abc123.js", false, "public, max-age=31536000, immutable")).toBe(
      "public, max-age=31536000, immutable",
    );
    expect(cacheControlFor("/media/videos/l1.mp4", true, "public, max-age=86400")).toBe("public, max-age=86400");
    expect(cacheControlFor("/i18n/zh-CN.abc.json", true, "public, max-age=31536000, immutable")).toBe(
      "public, max-age=31536000, immutable",
    );
  });
  it("defaults anonymous answers to private, no-store unless the route or file set its own", () => {
    expect(cacheControlFor("/login", false, undefined)).toBe(NO_STORE);
    expect(cacheControlFor("/healthz", false, undefined)).toBe(NO_STORE);
    expect(cacheControlFor("/favicon.ico", false, "public, max-age=3600")).toBe("public, max-age=3600");
    expect(cacheControlFor("/i18n/zh-CN.json", false, "no-cache")).toBe("no-cache");
  });
});

describe("the JSON endpoints' limits (decision 027: one place, enforced by the guard)", () => {
  it("are each endpoint's own, never above the anonymous or signed-in cap", () => {
    expect(bodyLimit("/api/study/beat", true)).toBe(4 * 1024);
    expect(bodyLimit("/api/study/attention", true)).toBe(1024);
    expect(bodyLimit("/api/exam/save", true)).toBe(512 * 1024);
    expect(bodyLimit("/api/exam/event", true)).toBe(1024);
    expect(bodyLimit("/api/exam/save", false)).toBe(BODY_LIMITS.anonymous);
    expect(bodyLimit("/api/study/beat", false)).toBe(4 * 1024);
    expect(pathClass("/api/exam/save")).toBe("json-endpoint");
    expect(pathClass("/api/exam/saves")).toBe("other");
  });
});
