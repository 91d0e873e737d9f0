import { describe, expect, it } from "vitest";
import type { Actor } from "../auth/access";
import { sniffMediaContainer } from "../storage/sniff";
import { canReadAsset } from "./access";
import { decideProbe, type ProbeResult } from "./probe";
import { planRange } from "./range";

const actor = (userId: number, grants: Actor["grants"] = []) => ({ userId, grants });
const admin = (userId: number, countyId: number) => actor(userId, [{ role: "county_admin", countyId, townId: null }]);
const lecturer = (userId: number, countyId: number) => actor(userId, [{ role: "lecturer", countyId, townId: null }]);

describe("canReadAsset", () => {
  const asset = (state: "uploaded" | "attached" | "published") => ({ uploadedBy: 1, countyId: 10, state });
  it("lets the uploader and the county's reviewers read it before publication, nobody else", () => {
    for (const state of ["uploaded", "attached"] as const) {
      expect(canReadAsset(lecturer(1, 10), asset(state))).toBe(true);
      expect(canReadAsset(admin(2, 10), asset(state))).toBe(true);
      expect(canReadAsset(admin(3, 11), asset(state))).toBe(false);
      expect(canReadAsset(lecturer(4, 10), asset(state))).toBe(false);
      expect(canReadAsset(actor(5), asset(state))).toBe(false);
    }
  });
  it("published: every signed-in person; anonymous never", () => {
    expect(canReadAsset(actor(5), asset("published"))).toBe(true);
    expect(canReadAsset(admin(3, 11), asset("published"))).toBe(true);
    expect(canReadAsset(null, asset("published"))).toBe(false);
    expect(canReadAsset(null, asset("uploaded"))).toBe(false);
  });
});

describe("planRange", () => {
  const etag = '"abc"';
  it("answers 200, 206 and 416 as send does", () => {
    expect(planRange(1000, undefined, undefined, etag)).toEqual({ status: 200 });
    expect(planRange(1000, "bytes=0-99", undefined, etag)).toEqual({ status: 206, start: 0, end: 99 });
    expect(planRange(1000, "bytes=900-", undefined, etag)).toEqual({ status: 206, start: 900, end: 999 });
    expect(planRange(1000, "bytes=-100", undefined, etag)).toEqual({ status: 206, start: 900, end: 999 });
    expect(planRange(1000, "bytes=500-5000", undefined, etag)).toEqual({ status: 206, start: 500, end: 999 });
    expect(planRange(1000, "bytes=1000-", undefined, etag)).toEqual({ status: 416 });
    expect(planRange(1000, "items=0-1", undefined, etag)).toEqual({ status: 416 });
    expect(planRange(1000, "nonsense", undefined, etag)).toEqual({ status: 200 });
    expect(planRange(1000, "bytes=0-1,500-501", undefined, etag)).toEqual({ status: 200 });
    expect(planRange(0, "bytes=0-1", undefined, etag)).toEqual({ status: 416 });
  });
  it("If-Range with another ETag means the whole file", () => {
    expect(planRange(1000, "bytes=0-99", '"old"', etag)).toEqual({ status: 200 });
    expect(planRange(1000, "bytes=0-99", etag, etag)).toEqual({ status: 206, start: 0, end: 99 });
  });
});

const mp4 = (
  video: Partial<ProbeResult["streams"] extends (infer S)[] | undefined ? S : never> | null,
  audio: string | null = "aac",
  duration = "30.0",
): ProbeResult => ({
  format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration },
  streams: [
    ...(video ? [{ codec_type: "video", codec_name: "h264", pix_fmt: "yuv420p", width: 1280, height: 720, ...video }] : []),
    ...(audio ? [{ codec_type: "audio", codec_name: audio }] : []),
  ],
});

describe("decideProbe", () => {
  it("accepts H.264 + AAC in MP4 up to 1080p (portrait too), remuxed", () => {
    expect(decideProbe("video", "video/mp4", mp4({}))).toEqual({
      ok: true,
      kind: "video",
      mime: "video/mp4",
      durationMs: 30000,
      width: 1280,
      height: 720,
      remux: true,
    });
    expect(decideProbe("video", "video/mp4", mp4({ width: 1080, height: 1920 }))).toMatchObject({ ok: true });
    expect(decideProbe("video", "video/mp4", mp4({}, null))).toMatchObject({ ok: true });
  });
  it("refuses HEVC, 10-bit, 4K, other audio, WebM, over-long, empty and unreadable files", () => {
    expect(decideProbe("video", "video/mp4", mp4({ codec_name: "hevc" }))).toEqual({ ok: false, refusal: "media.refused.codec" });
    expect(decideProbe("video", "video/mp4", mp4({ pix_fmt: "yuv420p10le" }))).toEqual({ ok: false, refusal: "media.refused.codec" });
    expect(decideProbe("video", "video/mp4", mp4({ width: 3840, height: 2160 }))).toEqual({
      ok: false,
      refusal: "media.refused.dimensions",
    });
    expect(decideProbe("video", "video/mp4", mp4({}, "mp3"))).toEqual({ ok: false, refusal: "media.refused.codec" });
    expect(
      decideProbe("video", "video/webm", {
        format: { format_name: "matroska,webm", duration: "3" },
        streams: [{ codec_type: "video", codec_name: "vp9" }],
      }),
    ).toEqual({ ok: false, refusal: "media.refused.codec" });
    expect(decideProbe("video", "video/mp4", mp4({}, "aac", String(3 * 3600)))).toEqual({ ok: false, refusal: "media.refused.tooLong" });
    expect(decideProbe("video", "video/mp4", mp4({}, "aac", "0"))).toEqual({ ok: false, refusal: "media.refused.unreadable" });
    expect(decideProbe("video", "video/mp4", null)).toEqual({ ok: false, refusal: "media.refused.unreadable" });
    expect(decideProbe("video", null, mp4({}))).toEqual({ ok: false, refusal: "media.refused.type" });
    expect(decideProbe("video", "video/mp4", mp4(null))).toEqual({ ok: false, refusal: "media.refused.kind" });
    expect(decideProbe("video", "image/png", mp4({}))).toEqual({ ok: false, refusal: "media.refused.kind" });
  });
  it("audio: MP3 and AAC in MP4; a video is not audio", () => {
    expect(
      decideProbe("audio", "audio/mpeg", {
        format: { format_name: "mp3", duration: "20" },
        streams: [{ codec_type: "audio", codec_name: "mp3" }],
      }),
    ).toMatchObject({ ok: true, mime: "audio/mpeg", remux: false });
    expect(decideProbe("audio", "video/mp4", mp4(null))).toMatchObject({ ok: true, mime: "audio/mp4", remux: true });
    expect(decideProbe("audio", "video/mp4", mp4({}))).toEqual({ ok: false, refusal: "media.refused.kind" });
  });
  it("images by their sniffed type and a matching decoder", () => {
    const png = { format: { format_name: "png_pipe" }, streams: [{ codec_type: "video", codec_name: "png", width: 800, height: 600 }] };
    expect(decideProbe("image", "image/png", png)).toEqual({
      ok: true,
      kind: "image",
      mime: "image/png",
      durationMs: null,
      width: 800,
      height: 600,
      remux: false,
    });
    expect(decideProbe("image", "image/jpeg", png)).toEqual({ ok: false, refusal: "media.refused.unreadable" });
    expect(decideProbe("image", "video/mp4", mp4({}))).toEqual({ ok: false, refusal: "media.refused.kind" });
  });
});

describe("sniffMediaContainer", () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
  it("knows MP4, WebM, MP3 and the three images; refuses executables, HTML, scripts, archives", () => {
    expect(sniffMediaContainer(bytes([0, 0, 0, 0x20], "ftypisom", [0, 0, 2, 0]))).toBe("video/mp4");
    expect(sniffMediaContainer(bytes([0x1a, 0x45, 0xdf, 0xa3], [0, 0, 0, 0, 0, 0, 0, 0]))).toBe("video/webm");
    expect(sniffMediaContainer(bytes("ID3", [3, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe("audio/mpeg");
    expect(sniffMediaContainer(bytes([0xff, 0xfb, 0x90, 0x64], [0, 0, 0, 0, 0, 0, 0, 0]))).toBe("audio/mpeg");
    for (const bad of [
      bytes("MZ", [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0]),
      bytes([0x7f], "ELF", [2, 1, 1, 0, 0, 0, 0, 0]),
      bytes("<!DOCTYPE html><html>"),
      bytes("#!/bin/sh\nrm -rf /"),
      bytes("PK", [3, 4], "0000000000"),
      bytes("%PDF-1.4 ... %%EOF"),
    ]) {
      expect(sniffMediaContainer(bad)).toBeNull();
    }
  });
});
