import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyCertificatesPdf, ownCertificatePdf } from "~/modules/certificates/download.server";
import { UnprintableCertificateError, unprintableCharacters } from "~/modules/certificates/pdf.server";
import { verifyLookup } from "~/modules/certificates/verify-page.server";
import { resetVerifyLimiter } from "~/modules/certificates/verify.server";
import { mod11_2 } from "~/modules/certificates/number";
import { loader as verifyFormLoader } from "~/routes/verify._index";
import { actorOf, createCounty, createOrganization, createTown, createUser } from "../factories";
import { addStatusEvent, recordCertificate } from "../factories/certificates";
import { createTestDatabase, DRIVERS } from "../support/database";

const ORIGIN = "https://hongfan.example.cn";
const meta = { ip: "127.0.0.1" };

function pdfText(pdf: Buffer, dir: string): string {
  const file = join(dir, `t-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8");
}

/** Renders each page with pdftoppm and decodes the QR code of each (jsqr). */
function qrTexts(pdf: Buffer, dir: string): string[] {
  const file = join(dir, "qr.pdf");
  writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-png", "-r", "150", file, join(dir, "page")]);
  return readdirSync(dir)
    .filter((f) => f.startsWith("page") && f.endsWith(".png"))
    .sort()
    .map((f) => {
      const png = PNG.sync.read(readFileSync(join(dir, f)));
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? "";
    });
}

/** The same number with one digit changed (the check character then no longer matches). */
function mistype(number: string): string {
  const i = number.indexOf("-2") + 1; // the year's first digit
  return number.slice(0, i) + (number[i] === "2" ? "3" : "2") + number.slice(i + 1);
}

for (const { driver, available } of DRIVERS) {
  describe.skipIf(!available)(`certificate PDF and public verification on ${driver}`, () => {
    let drop: () => Promise<void>;
    let dir: string;
    const ctx = {} as {
      holder: Awaited<ReturnType<typeof actorOf>>;
      other: Awaited<ReturnType<typeof actorOf>>;
      jiaxiangAdmin: Awaited<ReturnType<typeof actorOf>>;
      qufuAdmin: Awaited<ReturnType<typeof actorOf>>;
      junior: { id: number; number: string };
      intermediate: { id: number; number: string };
      revoked: { id: number; number: string };
      odd: { id: number; number: string };
    };

    beforeAll(async () => {
      ({ drop } = await createTestDatabase(driver));
      dir = mkdtempSync(join(tmpdir(), "hf-cert-"));
      const jiaxiang = await createCounty({ code: "370829", name: "嘉祥县" });
      const qufu = await createCounty({ code: "370881", name: "曲阜市" });
      const org = await createOrganization((await createTown(jiaxiang.id)).id, { name: "嘉祥县鲁锦纺织有限公司" });
      const qufuOrg = await createOrganization((await createTown(qufu.id)).id);
      const holder = await createUser({ organizationId: org.id, name: "张明远" });
      const other = await createUser({ organizationId: org.id, name: "欧阳修远" });
      const odd = await createUser({ organizationId: org.id, name: "王𠀾" });
      ctx.holder = await actorOf(holder.id);
      ctx.other = await actorOf(other.id);
      ctx.jiaxiangAdmin = await actorOf(
        (await createUser({ organizationId: org.id, roles: [{ role: "county_admin", countyId: jiaxiang.id }] })).id,
      );
      ctx.qufuAdmin = await actorOf(
        (await createUser({ organizationId: qufuOrg.id, roles: [{ role: "county_admin", countyId: qufu.id }] })).id,
      );
      const place = { countyId: jiaxiang.id, countyCode: "370829", organizationName: org.name };
      ctx.junior = await recordCertificate({ ...place, userId: holder.id, holderName: "张明远", level: "junior" });
      await addStatusEvent(ctx.junior.id, "superseded", { at: new Date("2026-09-01T02:00:00Z"), data: { byLevel: "intermediate" } });
      ctx.intermediate = await recordCertificate({
        ...place,
        userId: holder.id,
        holderName: "张明远",
        level: "intermediate",
        supersedesId: ctx.junior.id,
        issuedAt: new Date("2026-09-01T02:00:00Z"),
      });
      ctx.revoked = await recordCertificate({ ...place, userId: other.id, holderName: "欧阳修远" });
      await addStatusEvent(ctx.revoked.id, "on_hold", { reason: "复核后成绩不合格" });
      await addStatusEvent(ctx.revoked.id, "revoked", { reason: "内部说明：复核成绩 52 分", at: new Date("2026-10-08T03:00:00Z") });
      ctx.odd = await recordCertificate({ ...place, userId: odd.id, holderName: "王𠀾" });
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await drop();
    });

    it("the holder's PDF has the name, number and level as text, and its QR code decodes to the verification URL", async () => {
      const { number, pdf } = await ownCertificatePdf(ctx.holder, ctx.intermediate.id, ORIGIN);
      expect(number).toBe(ctx.intermediate.number);
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      const text = pdfText(pdf, dir);
      for (const expected of [
        "红帆领航员证书",
        "张明远",
        ctx.intermediate.number,
        "中级红帆领航员",
        "嘉祥县鲁锦纺织有限公司",
        "中共嘉祥县委组织部",
        "2026年9月1日",
      ])
        expect(text).toContain(expected);
      expect(qrTexts(pdf, mkdtempSync(join(dir, "q")))).toEqual([`${ORIGIN}/verify/${ctx.intermediate.number}`]);
      expect(pdf.length).toBeLessThan(200_000); // subset fonts, not the 10 MB files
    });

    it("someone else's certificate is not found for a holder, whatever id is typed", async () => {
      await expect(ownCertificatePdf(ctx.other, ctx.intermediate.id, ORIGIN)).rejects.toMatchObject({ code: "notFound" });
    });

    it("a superseded certificate still prints, marked as no longer standing", async () => {
      const text = pdfText((await ownCertificatePdf(ctx.holder, ctx.junior.id, ORIGIN)).pdf, dir);
      expect(text).toContain("初级红帆领航员");
      expect(text).toContain("本证书已升级为更高级别证书");
    });

    it("a name with a character outside the font is refused with a Chinese message, not printed with a hole", async () => {
      const error = await countyCertificatesPdf(ctx.jiaxiangAdmin, { ids: [ctx.odd.id] }, ORIGIN, meta).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnprintableCertificateError);
      expect((error as Error).message).toContain("𠀾");
      expect((error as Error).message).toContain("无法生成 PDF");
      // the check the issuance preview flags with (admin.certificates._index.tsx)
      expect(unprintableCharacters({ holderName: "王𠀾", organizationName: "嘉祥县鲁锦纺织有限公司", countyName: "嘉祥县" })).toEqual([
        "𠀾",
      ]);
      expect(
        unprintableCharacters({ holderName: "阿依古丽·买买提", organizationName: "嘉祥县石雕文化促进会", countyName: "嘉祥县" }),
      ).toEqual([]);
    });

    it("the county admin downloads a selection as one multi-page PDF; another county's admin cannot", async () => {
      const { count, pdf } = await countyCertificatesPdf(
        ctx.jiaxiangAdmin,
        { ids: [ctx.junior.id, ctx.intermediate.id, ctx.revoked.id] },
        ORIGIN,
        meta,
      );
      expect(count).toBe(3);
      const text = pdfText(pdf, dir);
      expect(text.split("\f").filter((p) => p.trim()).length).toBe(3);
      for (const c of [ctx.junior, ctx.intermediate, ctx.revoked]) expect(text).toContain(c.number);
      await expect(countyCertificatesPdf(ctx.qufuAdmin, { ids: [ctx.intermediate.id] }, ORIGIN, meta)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(countyCertificatesPdf(ctx.qufuAdmin, { allValid: true }, ORIGIN, meta)).rejects.toMatchObject({ code: "notFound" });
    });

    it("/verify/<number>: a valid certificate, masked name, cacheable for a minute", async () => {
      resetVerifyLimiter(1000);
      const { body, status, headers } = await verifyLookup(ctx.intermediate.number, "10.0.0.1");
      expect(status).toBe(200);
      expect(headers["Cache-Control"]).toBe("public, max-age=60");
      expect(body).toEqual({
        kind: "found",
        certificate: {
          number: ctx.intermediate.number,
          level: "intermediate",
          countyName: "嘉祥县",
          issuedAt: "2026-09-01T02:00:00.000Z",
          maskedName: "张*远",
          status: { kind: "valid" },
        },
      });
      // typed in lower case with spaces: the same certificate
      const typed = await verifyLookup(ctx.intermediate.number.toLowerCase().replace(/-/g, " "), "10.0.0.1");
      expect(typed.body.kind).toBe("found");
    });

    it("/verify/<number>: superseded says to which level and when; revoked says when and one public word, never the admin's reason", async () => {
      resetVerifyLimiter(1000);
      const junior = await verifyLookup(ctx.junior.number, "10.0.0.1");
      expect(junior.body).toMatchObject({
        kind: "found",
        certificate: { level: "junior", status: { kind: "superseded", toLevel: "intermediate", at: "2026-09-01T02:00:00.000Z" } },
      });
      const revoked = await verifyLookup(ctx.revoked.number, "10.0.0.1");
      expect(revoked.body).toMatchObject({
        kind: "found",
        certificate: { maskedName: "欧阳*远", status: { kind: "revoked", reason: "regrade", at: "2026-10-08T03:00:00.000Z" } },
      });
      expect(JSON.stringify(revoked.body)).not.toMatch(/内部说明|52 分|修/);
    });

    it("/verify: a mistyped number is caught by its check character, an unknown one is not found, nonsense is not a number", async () => {
      resetVerifyLimiter(1000);
      expect(await verifyLookup(mistype(ctx.intermediate.number), "10.0.0.1")).toMatchObject({ status: 400, body: { kind: "check" } });
      const payload = "370829" + "2026" + "3" + "0999";
      expect(await verifyLookup(`HF370829-2026-3-0999-${mod11_2(payload)}`, "10.0.0.1")).toMatchObject({
        status: 404,
        body: { kind: "notFound" },
      });
      expect(await verifyLookup("张明远", "10.0.0.1")).toMatchObject({ status: 400, body: { kind: "format" } });
      // the form sends a found number on to /verify/<number>
      const thrown = await verifyFormLoader({
        request: new Request(`http://localhost/verify?number=${encodeURIComponent(ctx.intermediate.number.toLowerCase())}`),
        params: {},
        context: { clientIp: "10.0.0.9" },
      } as never).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).headers.get("Location")).toBe(`/verify/${ctx.intermediate.number}`);
    });

    it("/verify is rate-limited per address: 429 with a Chinese message and Retry-After; another address is not affected", async () => {
      resetVerifyLimiter(3);
      for (let i = 0; i < 3; i++) expect((await verifyLookup(ctx.intermediate.number, "10.0.0.2")).status).toBe(200);
      const refused = await verifyLookup(ctx.intermediate.number, "10.0.0.2");
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ kind: "rateLimited", message: "查询过于频繁，请一分钟后再试。" });
      expect(Number(refused.headers["Retry-After"])).toBeGreaterThan(0);
      expect((await verifyLookup(ctx.intermediate.number, "10.0.0.3")).status).toBe(200);
      resetVerifyLimiter();
    });
  });
}

describe("the Remix /verify/<number> page for a signed-in visitor", () => {
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ drop } = await createTestDatabase("pglite"));
  });
  afterAll(() => drop());

  it("is private, no-store (it carries the visitor's navigation), public for everyone else", async () => {
    const { loader } = await import("~/routes/verify.$number");
    const { sessionCookieFor } = await import("../factories");
    const county = await createCounty({ code: "370829", name: "嘉祥县" });
    const org = await createOrganization((await createTown(county.id)).id);
    const user = await createUser({ organizationId: org.id, name: "张明远" });
    const cert = await recordCertificate({
      userId: user.id,
      countyId: county.id,
      countyCode: "370829",
      holderName: "张明远",
      organizationName: org.name,
    });
    resetVerifyLimiter(1000);
    const call = async (cookie: string | null) => {
      const request = new Request(`http://localhost/verify/${cert.number}`, { headers: cookie ? { Cookie: cookie } : {} });
      const result = (await loader({
        request,
        params: { number: cert.number },
        context: { clientIp: "10.1.1.1" },
      } as never)) as unknown as { init?: { headers?: Record<string, string> } };
      return result.init?.headers?.["Cache-Control"];
    };
    expect(await call(null)).toBe("public, max-age=60");
    expect(await call(await sessionCookieFor(user.id))).toBe("private, no-store");
    resetVerifyLimiter();
  });
});
