// `npm run credential:verify -- <credential.json> [--did did.json --status revocation.json --status suspension.json] [--origin https://…]`
//
// Checks an Open Badges 3.0 credential of this app offline (decision 018): no network, the JSON-LD
// contexts are bundled, the document loader serves only them, the issuer's DID document and the
// status lists, and refuses everything else.
//  - With --did (and --status …): entirely from files, saved beforehand from /.well-known/did.json and
//    /credentials/status/<county>/<revocation|suspension> (no database needed).
//  - Without: from the app's database (DATABASE_URL, else the embedded one in DATA_DIR — stop the app
//    first, an embedded database has one owner), with the KEK the app uses (HF_ISSUER_KEK or
//    DATA_DIR/issuer-kek: the status lists are signed as the app serves them); the issuer is the
//    did:web of --origin, PUBLIC_ORIGIN, or the credential's own issuer.
// Exit code: 0 有效, 1 revoked or suspended, 2 tampered / status unverifiable / not ours / unreadable / usage.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, setDatabase } from "../db/client.server";
import { config } from "../app/modules/config.server";
import { checkCredentialText, issuerOf, parseCredentialText, type TextCheck } from "../app/modules/credentials/check-text";
import { fileDocumentLoader, originOfDidWeb } from "../app/modules/credentials/file-loader";
import { issuerDid } from "../app/modules/credentials/ob3";

const SAYS: Record<TextCheck["kind"], string> = {
  valid: "有效：签名完好，证书未被撤销或暂停。",
  revoked: "已撤销：签名完好，但证书已被撤销（含已升级、已降级）。",
  suspended: "已暂停：签名完好，但证书暂停使用，待县委组织部复核。",
  tampered: "已被篡改：签名不符，文件在签发后被改动过，或不是本签发者的密钥签名。",
  statusUnverifiable: "无法确认状态：签名完好，但状态列表的签名无效或无法读取（可能被伪造）。",
  notOurs: "不是本平台签发的证书：签发者不同。",
  unreadable: "无法读取：这不是可识别的电子证书文件（JSON，不超过 16 KB，带签名）。",
};
const STATUS_WORDS: Record<string, string> = {
  valid: "有效",
  on_hold: "暂停",
  superseded: "已升级",
  downgraded: "已降级",
  revoked: "已撤销",
};
const EXIT: Record<TextCheck["kind"], number> = {
  valid: 0,
  revoked: 1,
  suspended: 1,
  tampered: 2,
  statusUnverifiable: 2,
  notOurs: 2,
  unreadable: 2,
};

function usage(message: string): never {
  console.error(
    `${message}\n用法 usage: npm run credential:verify -- <credential.json> [--did did.json --status list.json …] [--origin https://host]`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let didFile: string | undefined;
let origin: string | undefined;
const statusFiles: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--did") didFile = args[++i];
  else if (a === "--status") statusFiles.push(args[++i] ?? usage("--status needs a file"));
  else if (a === "--origin") origin = args[++i];
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else if (!file) file = a;
  else usage("one credential file at a time");
}
if (!file) usage("no credential file given");
const readJson = (path: string): Record<string, unknown> => {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    return usage(`cannot read ${path}: ${(error as Error).message}`);
  }
};
const text = readFileSync(file, "utf8");

let outcome: TextCheck;
let detail = "";
if (didFile) {
  const didDocument = readJson(didFile);
  outcome = await checkCredentialText(text, String(didDocument.id ?? ""), fileDocumentLoader(didDocument, statusFiles.map(readJson)));
  detail = `（离线，来自文件：${didFile}${statusFiles.length ? `，${statusFiles.join("，")}` : ""}）`;
} else {
  const env = config();
  const parsed = parseCredentialText(text);
  const base = origin ?? env.PUBLIC_ORIGIN ?? (parsed ? originOfDidWeb(issuerOf(parsed)) : null) ?? "http://localhost:3000";
  const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: join(env.DATA_DIR, "pglite") });
  setDatabase(database);
  try {
    const { verifyCredentialText } = await import("../app/modules/credentials/credentials.server");
    const full = await verifyCredentialText(text, base);
    if (full.kind === "valid" || full.kind === "revoked" || full.kind === "suspended") {
      outcome = { kind: full.kind, credentialId: "" };
      const c = full.certificate;
      if (c) detail = `证书编号 ${c.number}，持证人 ${c.maskedName}，${c.countyName}，当前状态：${STATUS_WORDS[c.status.kind]}`;
    } else outcome = full as Exclude<TextCheck, { credentialId: string }>;
    detail = `${detail}${detail ? "。" : ""}（签发者 ${issuerDid(base)}，读自数据库）`;
  } finally {
    await database.close();
  }
}
console.log(SAYS[outcome.kind]);
if (outcome.kind === "notOurs") console.log(`签发者：${outcome.issuer || "（无）"}`);
if (detail) console.log(detail);
process.exit(EXIT[outcome.kind]);
