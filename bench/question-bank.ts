/**
 * `npm run bench:questions` — prints figures, asserts nothing.
 * 1. Generates a 10,000-question workbook, then validates and imports it into a fresh bank
 *    (streaming read, bulk insert): time and peak RSS of this process.
 * 2. Search latency on that 10,000-question bank: text search, filters, a page of results.
 * Against PostgreSQL when BENCH_DATABASE_URL or TEST_PG_ADMIN_URL is reachable (a throwaway
 * database is created and dropped), else an in-memory PGlite.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, setDatabase } from "../db/client.server";
import { counties, organizations, roleGrants, towns, users } from "../db/schema";
import { loadActor } from "../app/modules/auth/session.server";
import { writeQuestionWorkbook } from "../app/modules/question-bank/excel.server";
import { importQuestionFile } from "../app/modules/question-bank/import-file.server";
import type { QuestionDraft } from "../app/modules/question-bank/question";
import { AREAS } from "../app/modules/question-bank/question";
import { createBank, getBankQuestions } from "../app/modules/question-bank/questions.server";
import { completeCreditCode } from "../app/modules/org-tree/credit-code";
import { mb as megabytes } from "./support/stats";

const N = Number(process.env.BENCH_QUESTIONS ?? 10_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const mb = (bytes: number) => megabytes(bytes, 0);

function drafts(n: number): QuestionDraft[] {
  const types = ["single", "multiple", "truefalse", "fill", "short"] as const;
  return Array.from({ length: n }, (_, i) => {
    const common = {
      area: AREAS[i % 4],
      knowledgePoint: `知识点${i % 120}`,
      difficulty: ((i % 5) + 1) as 1,
      explanation: `第 ${i} 题的解析：依据党章和相关条例。`,
    };
    const stem = `第 ${i} 题：关于党支部工作的表述，下列说法正确的是（ ）。编号 ${i}`;
    switch (types[i % 5]) {
      case "single":
        return { ...common, type: "single", stem, options: ["选项甲", "选项乙", "选项丙", "选项丁"], answer: "B" };
      case "multiple":
        return { ...common, type: "multiple", stem, options: ["甲", "乙", "丙", "丁", "戊"], answer: "ACD" };
      case "truefalse":
        return { ...common, type: "truefalse", stem, answer: i % 2 === 0 };
      case "fill":
        return { ...common, type: "fill", stem: `${stem} 预备期为____。`, answer: [["一年", "1年"]] };
      default:
        return { ...common, type: "short", stem, answer: "参考答案要点。", markingPoints: ["要点一（2分）", "要点二（3分）"] };
    }
  });
}

async function openBenchDatabase() {
  try {
    const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
    await admin`select 1`;
    const name = `hf_bench_${randomBytes(3).toString("hex")}`;
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString() });
    return {
      database,
      label: "PostgreSQL",
      drop: async () => (await database.close(), await admin.unsafe(`drop database "${name}" with (force)`), await admin.end()),
    };
  } catch {
    const database = await openDatabase({ dataDir: "memory://" });
    return { database, label: "PGlite (in memory)", drop: () => database.close() };
  }
}

const { database, label, drop } = await openBenchDatabase();
setDatabase(database);
try {
  const db = database.db;
  const [county] = await db.insert(counties).values({ code: "379999", name: "基准县" }).returning();
  const [town] = await db.insert(towns).values({ countyId: county.id, name: "基准镇" }).returning();
  const [org] = await db
    .insert(organizations)
    .values({ townId: town.id, name: "基准公司", type: "enterprise", creditCode: completeCreditCode("91379999MA0000001") })
    .returning();
  const [user] = await db
    .insert(users)
    .values({
      name: "基准管理员",
      phone: "13999999999",
      idNumber: "11010519491231002X",
      passwordHash: "-",
      organizationId: org.id,
      partyStatus: "full",
      partyPost: "other",
    })
    .returning();
  await db.insert(roleGrants).values({ userId: user.id, role: "county_admin", countyId: county.id, scopeKey: `county:${county.id}` });
  const actor = (await loadActor(user.id))!;
  const bankId = await createBank(actor, { title: "基准题库", countyId: county.id }, { ip: "bench" });

  let t = performance.now();
  const workbook = new Uint8Array(await writeQuestionWorkbook(drafts(N)));
  const writeMs = performance.now() - t;
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  t = performance.now();
  const result = await importQuestionFile(
    actor,
    { bankId, format: "xlsx", bytes: workbook, goodRowsOnly: false, status: "active" },
    { ip: "bench" },
  );
  const importMs = performance.now() - t;
  if (!result.committed)
    throw new Error(
      `import refused: ${result.problems
        .slice(0, 3)
        .map((p) => p.code)
        .join(", ")}`,
    );

  const searches: [string, Parameters<typeof getBankQuestions>[2]][] = [
    ["first page, no filter", { q: "", page: 1 }],
    ["text search “编号 7”", { q: "编号 7", page: 1 }],
    ["type + area + difficulty", { q: "", type: "single", area: "practice", difficulty: 3, page: 1 }],
    ["knowledge point + status", { q: "", knowledgePoint: "知识点42", status: "active", page: 1 }],
    ["text search, page 20", { q: "党支部", page: 20 }],
  ];
  const lines: string[] = [];
  for (const [name, filter] of searches) {
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const s = performance.now();
      await getBankQuestions(actor, bankId, filter);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    lines.push(`  ${name.padEnd(28)} median ${times[10].toFixed(1)} ms, max ${times[20].toFixed(1)} ms`);
  }

  console.log(`Question bank benchmark on ${label}, ${N.toLocaleString()} questions`);
  console.log(`  workbook: ${(workbook.byteLength / 1024 / 1024).toFixed(1)} MB, generated in ${(writeMs / 1000).toFixed(1)} s`);
  console.log(`  import (stream-read, validate all rows, bulk insert): ${(importMs / 1000).toFixed(2)} s, ${result.imported} imported`);
  console.log(`  RSS before import ${mb(rssBefore)}, peak during import ${mb(peakRss)} (+${mb(peakRss - rssBefore)})`);
  console.log("Search latency on the imported bank (getBankQuestions: page of 30 + total + facets), 21 runs each:");
  console.log(lines.join("\n"));
} finally {
  clearInterval(sampler);
  await drop();
}
