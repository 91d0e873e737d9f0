import { describe, expect, it } from "vitest";
import { TINY } from "../../../tests/factories/files";
import {
  ATTACHMENT_LIMITS,
  archiveTypeOf,
  categoryOf,
  checkAttachments,
  contentDisposition,
  inForce,
  shanghaiDate,
  summarise,
  supervisionRecordSchema,
  type RecordFact,
} from "./rules";

const TODAY = "2026-12-06";
const visit = {
  kind: "site_visit",
  occurredOn: "2026-11-20",
  partyMembers: "3",
  staff: "12",
  findings: "党建工作开展正常",
  judgement: "good",
  followUp: "",
};

describe("the record form", () => {
  const schema = supervisionRecordSchema(TODAY);
  it("accepts a visit with a judgement and a warning with its grounds", () => {
    expect(schema.parse(visit)).toMatchObject({ kind: "site_visit", partyMembers: 3, staff: 12, judgement: "good", correctsId: null });
    expect(
      schema.parse({ kind: "admonition", occurredOn: TODAY, findings: "未按时组织三会一课", judgement: "", partyMembers: "", staff: "" }),
    ).toMatchObject({ judgement: null, partyMembers: 0, staff: 0 });
    expect(schema.parse({ ...visit, correctsId: "7" }).correctsId).toBe(7);
  });

  const errorOf = (input: Record<string, unknown>) => {
    const r = schema.safeParse(input);
    expect(r.success).toBe(false);
    return Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
  };

  it("refuses an unknown kind or judgement, a future or impossible date, negative or silly counts", () => {
    expect(errorOf({ ...visit, kind: "party" }).kind).toBe("supervision.form.kindInvalid");
    expect(errorOf({ ...visit, judgement: "excellent" }).judgement).toBe("supervision.form.judgementInvalid");
    expect(errorOf({ ...visit, occurredOn: "2026-12-07" }).occurredOn).toBe("supervision.form.dateFuture");
    expect(errorOf({ ...visit, occurredOn: "2026-02-30" }).occurredOn).toBe("form.date.invalid");
    expect(errorOf({ ...visit, occurredOn: "1999-12-31" }).occurredOn).toBe("supervision.form.dateTooEarly");
    expect(errorOf({ ...visit, partyMembers: "-1" }).partyMembers).toBe("supervision.form.countNegative");
    expect(errorOf({ ...visit, staff: "2.5" }).staff).toBe("supervision.form.countInvalid");
    expect(errorOf({ ...visit, staff: "100001" }).staff).toBe("supervision.form.countInvalid");
  });

  it("a visit needs a judgement; a warning or praise has none and states its grounds", () => {
    expect(errorOf({ ...visit, judgement: "" }).judgement).toBe("supervision.form.judgementRequired");
    expect(errorOf({ ...visit, kind: "commendation" }).judgement).toBe("supervision.form.judgementOnlyVisits");
    expect(errorOf({ ...visit, kind: "criticism", judgement: "", findings: "  " }).findings).toBe("supervision.form.reasonRequired");
  });

  it("refuses unstorable text", () => {
    expect(errorOf({ ...visit, findings: "正常\u0000" }).findings).toBe("form.text.unstorable");
  });
});

describe("kinds", () => {
  it("fall into visits, warnings and praise, each with its archive event", () => {
    expect(categoryOf("symposium")).toBe("visit");
    expect(categoryOf("criticism")).toBe("warning");
    expect(categoryOf("commendation")).toBe("praise");
    expect(archiveTypeOf("employer_views")).toBe("supervisionRecorded");
    expect(archiveTypeOf("admonition")).toBe("warningRecorded");
    expect(archiveTypeOf("commendation")).toBe("praiseRecorded");
  });
});

describe("attachments", () => {
  it("images and PDF pass by content, whatever their names", () => {
    const r = checkAttachments([
      { name: "现场.jpg", bytes: TINY.jpeg },
      { name: "scan", bytes: TINY.pdf },
      { name: "photo.txt", bytes: TINY.png },
      { name: "", bytes: new Uint8Array() }, // an empty file input: left out
    ]);
    expect(r.ok && r.files.map((f) => f.mediaType)).toEqual(["image/jpeg", "application/pdf", "image/png"]);
  });

  it("a .jpg that is really HTML, an empty file, a file over the size and too many files are all refused", () => {
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const big = new Uint8Array(ATTACHMENT_LIMITS.maxBytes + 1);
    big.set(TINY.jpeg);
    const r = checkAttachments([
      { name: "签到表.jpg", bytes: html },
      { name: "a.png", bytes: new Uint8Array() },
      { name: "big.jpg", bytes: big },
    ]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      { code: "notAllowedType", name: "签到表.jpg" },
      { code: "empty", name: "a.png" },
      { code: "tooLarge", name: "big.jpg", maxMb: 10 },
    ]);
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.jpg`, bytes: TINY.jpeg }));
    const many = checkAttachments(six);
    expect(!many.ok && many.problems).toEqual([{ code: "tooMany", max: 5 }]);
  });

  it("names are kept without paths, control characters or lone surrogates (as checkAttachments stores them)", () => {
    const names = (raw: string[]) => {
      const checked = checkAttachments(raw.map((name) => ({ name, bytes: TINY.jpeg })));
      return checked.ok ? checked.files.map((f) => f.name) : checked.problems;
    };
    expect(names(["C:\\fakepath\\现场照片.jpg", '../../a\u0000b"<>.pdf', "\ud800"])).toEqual(["现场照片.jpg", "ab.pdf", "附件"]);
    expect(names(["x".repeat(500)])[0]).toHaveLength(120);
  });

  it("are served with a safe disposition: images inline, PDF as a download, the name encoded", () => {
    expect(contentDisposition("image/png", "现场.jpg", "png")).toBe(
      `inline; filename="attachment.png"; filename*=UTF-8''${encodeURIComponent("现场.png")}`,
    );
    expect(contentDisposition("application/pdf", "签到表", "pdf")).toMatch(/^attachment; /);
  });
});

describe("the year's summary", () => {
  const r = (
    id: number,
    userId: number,
    kind: RecordFact["kind"],
    occurredOn: string,
    judgement: RecordFact["judgement"] = null,
    correctsId: number | null = null,
  ): RecordFact => ({ id, userId, kind, occurredOn, judgement, correctsId });
  const records = [
    r(1, 10, "site_visit", "2025-06-01", "average"),
    r(2, 10, "symposium", "2026-03-01", "good"),
    r(3, 10, "employer_views", "2026-09-01", "poor"),
    r(4, 10, "employer_views", "2026-09-01", "fairly_good", 3), // corrects 3
    r(5, 10, "admonition", "2026-05-01"),
    r(6, 10, "commendation", "2026-10-01"),
    r(7, 11, "site_visit", "2025-12-31", "good"),
  ];

  it("counts this year's visits per person, with judgements, warnings and praise; corrections replace what they correct", () => {
    const [a, b, c] = summarise(records, [10, 11, 12], 2026);
    expect(a).toMatchObject({ userId: 10, year: 2026, visits: 2, lastVisitOn: "2026-09-01" });
    expect(a.judgements.map((j) => j.judgement)).toEqual(["good", "fairly_good"]);
    expect(a.warnings).toEqual([{ occurredOn: "2026-05-01", kind: "admonition", recordId: 5 }]);
    expect(a.praise).toEqual([{ occurredOn: "2026-10-01", recordId: 6 }]);
    expect(b).toMatchObject({ userId: 11, visits: 0, lastVisitOn: "2025-12-31", judgements: [] });
    expect(c).toMatchObject({ userId: 12, visits: 0, lastVisitOn: null });
  });

  it("a past year sees its own visits and no later ones", () => {
    const [a] = summarise(records, [10], 2025);
    expect(a).toMatchObject({ visits: 1, lastVisitOn: "2025-06-01" });
  });

  it("inForce drops every corrected record", () => {
    expect(inForce(records).map((x) => x.id)).toEqual([1, 2, 4, 5, 6, 7]);
  });

  it("today is the Shanghai date", () => {
    expect(shanghaiDate(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
  });
});
