import pino from "pino";
import { describe, expect, it } from "vitest";
import { idNumberCheckCharacter } from "../accounts/id-number";
import { loggerOptions, maskIdNumbers, serializeError } from "./log.server";

const FIRST17 = "32010219750615003";
const ID_NUMBER = `${FIRST17}${idNumberCheckCharacter(FIRST17)}`;

/** A logger with the module's redaction and serializers, writing into a string. */
function capture() {
  let out = "";
  const logger = pino(loggerOptions("info", "test"), { write: (line: string) => (out += line) });
  return { logger, out: () => out };
}

describe("maskIdNumbers", () => {
  it("masks 18-character ID-number shapes (X too), not longer or shorter digit runs", () => {
    expect(maskIdNumbers(`/people/${ID_NUMBER}/x`)).toBe("/people/[id-number]/x");
    expect(maskIdNumbers(`${FIRST17}x and ${FIRST17}X`)).toBe("[id-number] and [id-number]");
    expect(maskIdNumbers("12345678901234567890")).toBe("12345678901234567890");
    expect(maskIdNumbers("attempt 12345")).toBe("attempt 12345");
  });
});

describe("serializeError", () => {
  it("keeps a failed drizzle query's SQL but not its parameters, nor PostgreSQL's detail", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_id_number_unique"'), {
      name: "PostgresError",
      code: "23505",
      constraint_name: "users_id_number_unique",
      table_name: "users",
      detail: `Key (id_number)=(${ID_NUMBER}) already exists.`,
    });
    const error = new Error(
      `Failed query: insert into "users" ("id_number", "password_hash") values ($1, $2)\nparams: ${ID_NUMBER},$argon2id$v=19$secret`,
      {
        cause,
      },
    );
    error.name = "DrizzleQueryError";
    const out = serializeError(error);
    const text = JSON.stringify(out);
    expect(text).not.toContain(FIRST17);
    expect(text).not.toContain("argon2id");
    expect(out).toMatchObject({
      type: "DrizzleQueryError",
      message: expect.stringContaining('insert into "users"'),
      cause: { type: "PostgresError", code: "23505", constraint: "users_id_number_unique", table: "users" },
    });
    expect(out.stack).toMatch(/^DrizzleQueryError: Failed query: .*\nparams: \[not logged\]\n {4}at /);
  });

  it("masks an ID number PostgreSQL quotes in its message", () => {
    const out = serializeError(new Error(`invalid input syntax for type integer: "${ID_NUMBER}"`));
    expect(JSON.stringify(out)).not.toContain(FIRST17);
    expect(out.message).toBe('invalid input syntax for type integer: "[id-number]"');
  });

  it("takes what is not an Error as text", () => {
    expect(serializeError(`thrown ${ID_NUMBER}`)).toEqual({ message: "thrown [id-number]" });
  });
});

describe("the logger's redaction", () => {
  it("blanks passwords, cookies, tokens, the Authorization header and ID numbers by field name, top level and one down", () => {
    const { logger, out } = capture();
    logger.info(
      {
        password: "hunter2-secret",
        form: { idNumber: ID_NUMBER, newPassword: "new-secret-pw", name: "张三" },
        headers: { cookie: "hf_session=tok3n-value", authorization: "Bearer t0ken-value", "set-cookie": "a=s3t-cookie" },
        token: "sess10n-token",
      },
      "something",
    );
    const line = out();
    for (const secret of ["hunter2-secret", FIRST17, "new-secret-pw", "tok3n-value", "t0ken-value", "s3t-cookie", "sess10n-token"])
      expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      password: "[redacted]",
      form: { idNumber: "[redacted]", name: "张三" },
      instance: "test",
      level: "info",
    });
  });

  it("serializes errors given as err", () => {
    const { logger, out } = capture();
    logger.error({ err: new Error(`bad ${ID_NUMBER}`) }, "failed");
    expect(out()).not.toContain(FIRST17);
    expect(JSON.parse(out()).err).toMatchObject({ type: "Error", message: "bad [id-number]" });
  });
});
