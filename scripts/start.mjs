// `npm start`: install if needed, build if needed, then serve (migrating the database and, on the
// embedded database, loading the demo data). PORT, DATABASE_URL and the rest: see README.
import { spawn } from "node:child_process";
import { ensureBuild, ensureDependencies } from "./ensure.mjs";

ensureDependencies();
ensureBuild();
const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
