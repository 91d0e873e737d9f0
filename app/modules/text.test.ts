import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { archiveFilterSchema, correctionSchema } from "./archive/schemas";
import { rosterFilterSchema } from "./certificates/roster.server";
import { holdDecisionSchema } from "./certificates/schemas";
import { certificateSettingsSchema } from "./certificates/settings";
import type { z } from "zod";
import { changePasswordSchema, loginSchema, profileSchema, registerSchema } from "./accounts/schemas";
import { grantRoleSchema, peopleFilterSchema, revokeRoleSchema } from "./accounts/role-schemas";
import { extraTimeSchema, parseExamDefinition, parseExamSettings, parseSitting } from "./exams/admin-schemas";
import { gradeFormSchema } from "./exams/grading-form";
import { eventRequestSchema, parseSaveRequest, saveRequestSchema } from "./exams/save-input";
import { beatInputSchema } from "./hours/crediting";
import { hoursFilterSchema, offlineClassSchema } from "./hours/schemas";
import { applySchema, decisionSchema, reviewFilterSchema } from "./navigators/schemas";
import { countySchema, organizationSchema, townSchema } from "./org-tree/schemas";
import { bankSchema, bulkSchema, importOptionsSchema, questionFilterSchema, reviewSchema } from "./question-bank/schemas";
import { contentQuestionSchema, questionBankFileSchema, questionDraftSchema } from "./question-bank/types/registry";
import { supervisionRecordSchema } from "./supervision/rules";
import { isStorableDeep, isStorableText, isStorableTextPortable, text, UNSTORABLE_TEXT_KEY } from "./text";

/** The reference: walk the code units. */
function reference(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** Any UTF-16 string: lone surrogates, U+0000 and astral characters included. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\ud800", "\udfff", "a", "字", "😀", " "), maxLength: 12 }),
);

describe("storable text", () => {
  it("is text without U+0000 and lone surrogates (native and portable checks agree with a code-unit walk)", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(isStorableText(s)).toBe(reference(s));
        expect(isStorableTextPortable(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
    for (const bad of ["\u0000", "a\u0000b", "\ud800", "\udc00", "x\udc00\ud800", "😀\ud83d"]) expect(isStorableText(bad)).toBe(false);
    for (const good of ["", "党务", "😀", "a\ud83d\ude00b", "\uFFFD"]) expect(isStorableText(good)).toBe(true);
  });

  it("text() refuses it with the catalog key, before trimming or any other check", () => {
    expect(
      text()
        .trim()
        .min(2, "form.required")
        .safeParse(" 党\u0000 ")
        .error?.issues.map((i) => i.message),
    ).toEqual([UNSTORABLE_TEXT_KEY]);
    expect(text().trim().min(2, "form.required").safeParse(" 党务 ").data).toBe("党务");
  });
});

/** Every value in the output of a successful parse is storable; an unstorable input string never parses into a success that keeps it. */
function neverPassesUnstorable(
  parse: (input: Record<string, unknown>) => { success: boolean; data?: unknown },
  keys: readonly string[],
  base: Record<string, unknown> = {},
) {
  fc.assert(
    fc.property(
      fc.constantFrom(...keys),
      anyText,
      fc.dictionary(fc.constantFrom(...keys), anyText, { maxKeys: 3 }),
      (key, value, others) => {
        const input = { ...base, ...others, [key]: value };
        const result = parse(input);
        if (result.success) expect(isStorableDeep(result.data)).toBe(true);
        if (!isStorableText(value) && result.success) {
          // the field was dropped or replaced (an enum, a checkbox, an id), never kept
          expect(JSON.stringify(result.data)).not.toContain(JSON.stringify(value).slice(1, -1));
        }
      },
    ),
    { numRuns: 300 },
  );
}

const zodParse = (schema: z.ZodType) => (input: Record<string, unknown>) => schema.safeParse(input);

describe("every schema refuses text PostgreSQL cannot store (property: arbitrary UTF-16 in any field)", () => {
  const objectSchemas: [string, z.ZodType, readonly string[]][] = [
    [
      "registerSchema",
      registerSchema,
      ["name", "phone", "idNumber", "password", "passwordConfirm", "partyStatus", "partyPost", "organizationId", "creditCode"],
    ],
    ["loginSchema", loginSchema, ["identifier", "password"]],
    ["changePasswordSchema", changePasswordSchema, ["currentPassword", "newPassword", "newPasswordConfirm"]],
    ["profileSchema", profileSchema, ["partyStatus", "partyPost"]],
    ["grantRoleSchema", grantRoleSchema, ["role", "countyId", "townId"]],
    ["peopleFilterSchema", peopleFilterSchema, ["q", "page"]],
    ["revokeRoleSchema", revokeRoleSchema, ["grantId"]],
    ["extraTimeSchema", extraTimeSchema, ["attemptId", "minutes", "reason"]],
    ["gradeFormSchema", gradeFormSchema(100), ["mark", "comment", "reason", "expectedMarkId"]],
    ["eventRequestSchema", eventRequestSchema, ["attemptId", "kind"]],
    ["beatInputSchema", beatInputSchema, ["kind", "streamId"]],
    ["hoursFilterSchema", hoursFilterSchema(2026), ["year", "townId", "organizationId", "met", "page"]],
    ["offlineClassSchema", offlineClassSchema, ["title", "heldOn", "location", "creditHours", "organizer"]],
    ["applySchema", applySchema, ["statement"]],
    ["decisionSchema", decisionSchema, ["decision", "reason"]],
    ["reviewFilterSchema", reviewFilterSchema, ["status", "page"]],
    ["countySchema", countySchema, ["code", "name"]],
    ["townSchema", townSchema, ["name"]],
    ["organizationSchema", organizationSchema, ["name", "type", "creditCode", "townId"]],
    ["questionFilterSchema", questionFilterSchema, ["q", "type", "area", "knowledgePoint", "difficulty", "status", "authorId", "page"]],
    ["bankSchema", bankSchema, ["title", "countyId"]],
    ["bulkSchema", bulkSchema, ["bulkStatus", "bulkArea"]],
    ["reviewSchema", reviewSchema, ["decision", "comment"]],
    ["importOptionsSchema", importOptionsSchema, ["goodRowsOnly", "status"]],
    ["questionDraftSchema", questionDraftSchema, ["type", "stem", "knowledgePoint", "explanation", "answer"]],
    ["contentQuestionSchema", contentQuestionSchema, ["slug", "type", "stem", "answer"]],
    ["holdDecisionSchema", holdDecisionSchema, ["certificateId", "decision", "reason"]],
    ["rosterFilterSchema", rosterFilterSchema, ["level", "status", "townId", "q", "page"]],
    ["certificateSettingsSchema", certificateSettingsSchema, ["autoIssue", "minFullYearsHeld", "minAssessment"]],
    ["archiveFilterSchema", archiveFilterSchema, ["group", "before"]],
    ["correctionSchema", correctionSchema, ["eventId", "note"]],
    [
      "supervisionRecordSchema",
      supervisionRecordSchema("2026-12-06"),
      ["kind", "occurredOn", "partyMembers", "staff", "findings", "judgement", "followUp", "correctsId"],
    ],
  ];
  for (const [name, schema, keys] of objectSchemas) {
    it(name, () => neverPassesUnstorable(zodParse(schema), keys));
  }

  it("a NUL or lone surrogate in a free-text field is refused with form.text.unstorable (not dropped, not a 500)", () => {
    const cases: [z.ZodType, Record<string, unknown>, string][] = [
      [applySchema, { statement: "我申请\u0000" }, "statement"],
      [decisionSchema, { decision: "reject", reason: "不\ud800行" }, "reason"],
      [holdDecisionSchema, { certificateId: "3", decision: "revoke", reason: "作弊\u0000" }, "reason"],
      [
        supervisionRecordSchema("2026-12-06"),
        { kind: "site_visit", occurredOn: "2026-12-01", judgement: "good", findings: "正常", followUp: "跟进\u0000" },
        "followUp",
      ],
      [
        offlineClassSchema,
        { title: "培训\u0000", heldOn: "2026-01-02", location: "党群中心", creditHours: "2", organizer: "县委组织部" },
        "title",
      ],
      [townSchema, { name: "镇\udc00名" }, "name"],
      [reviewSchema, { decision: "return", comment: "\u0000" }, "comment"],
      [gradeFormSchema(100), { mark: "5", comment: "好\u0000" }, "comment"],
      [extraTimeSchema, { attemptId: "1", minutes: "5", reason: "断电\u0000" }, "reason"],
      [questionFilterSchema, { q: "党\u0000" }, "q"],
      [peopleFilterSchema, { q: "\ud800" }, "q"],
      [correctionSchema, { eventId: "3", note: "更正\u0000" }, "note"],
      [questionFilterSchema, { knowledgePoint: "\u0000" }, "knowledgePoint"],
    ];
    for (const [schema, input, field] of cases) {
      const result = schema.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      expect(result.error!.issues.find((i) => i.path[0] === field || i.path.length === 0)?.message).toBe(UNSTORABLE_TEXT_KEY);
    }
  });

  it("exam settings, definition and sittings (hand-checked forms)", () => {
    const keys = [
      "title",
      "instructions",
      "reviewPolicy",
      "kind",
      "level",
      "durationMinutes",
      "passMark",
      "attemptsAllowed",
      "location",
      "opensAt",
      "closesAt",
      "capacity",
    ];
    const asValues = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)]));
    neverPassesUnstorable((input) => {
      const r = parseExamSettings(asValues(input));
      return { success: r.ok, data: r.ok ? r.data : undefined };
    }, keys);
    neverPassesUnstorable((input) => {
      const r = parseExamDefinition(asValues(input), ["1"], [1]);
      return { success: r.ok, data: r.ok ? r.data : undefined };
    }, keys);
    const sitting = { title: "第一场", opensAt: "2026-05-01T09:00", closesAt: "2026-05-01T11:00", capacity: "30", location: "" };
    neverPassesUnstorable(
      (input) => {
        const r = parseSitting(asValues(input), []);
        return { success: r.ok, data: r.ok ? r.data : undefined };
      },
      ["title", "location"],
      sitting,
    );
    expect(parseSitting({ ...sitting, location: "礼堂\u0000" }, [])).toEqual({ ok: false, errors: { location: UNSTORABLE_TEXT_KEY } });
  });

  it("question bank files", () => {
    fc.assert(
      fc.property(anyText, anyText, (title, stem) => {
        const result = questionBankFileSchema.safeParse({
          bank: { slug: "bank", title },
          questions: [
            { slug: "q1", type: "truefalse", stem, area: "党的建设", knowledgePoint: "", difficulty: 1, explanation: "", answer: true },
          ],
        });
        if (!isStorableText(title) || !isStorableText(stem)) expect(result.success).toBe(false);
        if (result.success) expect(isStorableDeep(result.data)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("answer saves: the hand check and zod agree, and neither lets unstorable text through", () => {
    fc.assert(
      fc.property(anyText, fc.array(anyText, { maxLength: 3 }), (short, blanks) => {
        for (const answer of [
          { type: "short", text: short },
          { type: "fill", blanks },
        ]) {
          const body = { attemptId: 1, saves: [{ slotNo: 1, seq: 1, answer, flagged: false }] };
          const quick = parseSaveRequest(body);
          const zod = saveRequestSchema.safeParse(body);
          expect(quick !== null).toBe(zod.success);
          expect(quick !== null).toBe(isStorableDeep(answer));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
