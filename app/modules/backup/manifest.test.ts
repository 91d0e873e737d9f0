import { describe, expect, it } from "vitest";
import {
  buildManifest,
  compareStates,
  defaultBackupPath,
  formatManifest,
  libpqConnection,
  manifestPathOf,
  parseManifest,
  serverMajor,
  toolMajor,
  toolProblem,
  type DatabaseState,
} from "./manifest";

const state = (): DatabaseState => ({
  tables: { "public.users": 3, "public.archive_events": 7, "drizzle.__drizzle_migrations": 31 },
  sequences: { "public.users_id_seq": 3, "public.unused_seq": null },
  archiveHeads: [
    [1, 4, "aa".repeat(32)],
    [2, 3, "bb".repeat(32)],
  ],
  migrations: { count: 31, last: "abc" },
});

describe("backup file names", () => {
  it("puts a sortable UTC time stamp and the kind's extension under backups/", () => {
    const now = new Date("2026-12-07T03:15:09.123Z");
    expect(defaultBackupPath("postgres", now)).toBe("backups/hongfan-postgres-20261207T031509Z.pgdump");
    expect(defaultBackupPath("pglite", now, "/srv/b")).toBe("/srv/b/hongfan-pglite-20261207T031509Z.pglite.tar.gz");
    expect(manifestPathOf("backups/x.pgdump")).toBe("backups/x.pgdump.manifest.json");
  });
});

describe("compareStates", () => {
  it("finds nothing when the restored database is the backed-up one", () => {
    expect(compareStates(state(), state())).toEqual([]);
  });

  it("reports a table with other rows, a table missing on either side, and names both counts", () => {
    const restored = state();
    restored.tables["public.users"] = 2;
    delete restored.tables["public.archive_events"];
    restored.tables["public.extra"] = 0;
    expect(compareStates(state(), restored)).toEqual([
      { what: "table", name: "public.archive_events", expected: "7", actual: "(missing)" },
      { what: "table", name: "public.extra", expected: "(missing)", actual: "0" },
      { what: "table", name: "public.users", expected: "3", actual: "2" },
    ]);
  });

  it("accepts a sequence ahead of the manifest (pg_dump reads sequences outside the snapshot) but not one behind", () => {
    const ahead = state();
    ahead.sequences["public.users_id_seq"] = 9;
    ahead.sequences["public.unused_seq"] = 1;
    expect(compareStates(state(), ahead)).toEqual([]);
    const behind = state();
    behind.sequences["public.users_id_seq"] = 2;
    expect(compareStates(state(), behind)).toEqual([{ what: "sequence", name: "public.users_id_seq", expected: "3", actual: "2" }]);
    const reset = state();
    reset.sequences["public.users_id_seq"] = null;
    expect(compareStates(state(), reset)).toEqual([
      { what: "sequence", name: "public.users_id_seq", expected: "3", actual: "(never used)" },
    ]);
    const gone = state();
    delete gone.sequences["public.unused_seq"];
    expect(compareStates(state(), gone)).toHaveLength(1);
  });

  it("reports every person whose chain head differs or is missing, and a different migration journal", () => {
    const restored = state();
    restored.archiveHeads = [
      [1, 3, "aa".repeat(32)],
      [3, 1, "cc".repeat(32)],
    ];
    restored.migrations = { count: 30, last: "abb" };
    expect(compareStates(state(), restored)).toEqual([
      { what: "archive head", name: "person 1", expected: `seq 4 ${"aa".repeat(32)}`, actual: `seq 3 ${"aa".repeat(32)}` },
      { what: "archive head", name: "person 2", expected: `seq 3 ${"bb".repeat(32)}`, actual: "(missing)" },
      { what: "archive head", name: "person 3", expected: "(missing)", actual: `seq 1 ${"cc".repeat(32)}` },
      { what: "migrations", name: "drizzle.__drizzle_migrations", expected: "31 (abc)", actual: "30 (abb)" },
    ]);
  });
});

describe("parseManifest", () => {
  const manifest = buildManifest({
    kind: "postgres",
    createdAt: "2026-12-07T03:15:09.123Z",
    file: "x.pgdump",
    bytes: 10,
    sha256: "00".repeat(32),
    made: { server: "PostgreSQL 15.20", tool: "pg_dump (PostgreSQL) 15.20" },
    state: state(),
  });

  it("reads back what buildManifest and formatManifest wrote, one archive head to a line", () => {
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
    const text = formatManifest(manifest);
    expect(parseManifest(text)).toEqual(manifest);
    expect(text).toContain(`\n  [1,4,"${"aa".repeat(32)}"],\n  [2,3,"${"bb".repeat(32)}"]\n ]`);
    const none = { ...manifest, state: { ...manifest.state, archiveHeads: [] } };
    expect(parseManifest(formatManifest(none))).toEqual(none);
  });

  it("refuses text that is not a manifest of this format, or lacks what a restore needs", () => {
    expect(() => parseManifest("{not json")).toThrow(/不是有效的 JSON/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, format: "other/1" }))).toThrow(/format/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, sha256: undefined }))).toThrow(/required fields/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, state: { ...manifest.state, archiveHeads: null } }))).toThrow(/incomplete/);
  });
});

describe("PostgreSQL client tools", () => {
  it("reads major versions of the tools and the server", () => {
    expect(toolMajor("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)")).toBe(15);
    expect(toolMajor("pg_restore (PostgreSQL) 17.2")).toBe(17);
    expect(toolMajor("something else")).toBeNull();
    expect(serverMajor(150020)).toBe(15);
    expect(serverMajor(170004)).toBe(17);
  });

  it("says in Chinese and English what to install when a tool is missing or older than needed", () => {
    const missing = toolProblem("pg_dump", null, 16)!;
    expect(missing).toMatch(/未找到 pg_dump/);
    expect(missing).toMatch(/pg_dump not found/);
    expect(missing).toMatch(/apt-get install postgresql-client-16/);
    expect(missing).toMatch(/PG_BINDIR/);
    expect(toolProblem("pg_dump", "pg_dump (PostgreSQL) 15.20", 16)).toMatch(/低于.*\n?.*older than the 16/s);
    expect(toolProblem("pg_dump", "pg_dump (PostgreSQL) 15.20", 15)).toBeNull();
    expect(toolProblem("pg_restore", "pg_restore (PostgreSQL) 17.2", 15)).toBeNull();
  });

  it("keeps the password off the command line and turns postgres.js's ssl= into libpq's sslmode=", () => {
    const c = libpqConnection("postgres://app:p%40ss%3Aw@db.example:5433/hongfan?ssl=true");
    expect(c.env).toEqual({ PGPASSWORD: "p@ss:w" });
    expect(c.dbname).toBe("postgres://app@db.example:5433/hongfan?sslmode=require");
    expect(c.dbname).not.toContain("ss:w");
    expect(libpqConnection("postgres://postgres@127.0.0.1:5432/x")).toEqual({ dbname: "postgres://postgres@127.0.0.1:5432/x", env: {} });
    expect(libpqConnection("postgresql://u:pw@h/x?sslmode=verify-full&ssl=require").dbname).toBe("postgresql://u@h/x?sslmode=verify-full");
  });
});
