// A file with thousands of users is read without working out where each value sits; positions are
// worked out only for a diagnostic, which must then name the same line and column as ever.
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig, parseConfig } from "../../src/config/load.js";
import * as sourceMap from "../../src/config/source-map.js";
import { ConfigError } from "../../src/core/errors.js";
import { tempDir } from "../helpers/temp-files.js";

// The one way the loader gets positions; counted here.
vi.mock("../../src/config/source-map.js", async (importOriginal) => {
  const original = await importOriginal<typeof sourceMap>();
  return { ...original, parseWithPositions: vi.fn(original.parseWithPositions) };
});
const positionsBuilt = vi.mocked(sourceMap.parseWithPositions);

afterEach(() => positionsBuilt.mockClear());

const USERS = 10_000;
/** For the cases the yaml library reads (more than once when a diagnostic is made): fewer users. */
const SOME = 2_000;
/** Lines before the first user. */
const HEAD = [
  "version: 1",
  "stack: big",
  "region: us-east-1",
  "userPools:",
  "  - name: Big",
  "    deletionProtection: false",
  "    signIn: { usernameAttributes: [email], caseSensitive: false }",
  "    groups:",
  ...Array.from({ length: 10 }, (_, g) => `      - { name: g${g} }`),
  "    users:",
];

const userLine = (i: number) => `      - { username: "user${i}@example.com", attributes: { email: "user${i}@example.com", name: "User ${i}" }, groups: [g${i % 10}], invitation: suppress }`;

/** The file, with user `at`'s line replaced by `line` when given. */
function bigFile(change?: { at: number; line: string }, count = USERS): string {
  const users = Array.from({ length: count }, (_, i) => (change && i === change.at ? change.line : userLine(i)));
  return `${[...HEAD, ...users].join("\n")}\n`;
}

const lineOfUser = (i: number) => HEAD.length + i + 1;

function diagnosticsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig("big.yaml", Buffer.from(text), env);
  } catch (error) {
    if (error instanceof ConfigError) return error.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    throw error;
  }
  throw new Error("expected the file to be rejected");
}

/** Reading 10,000 users with the yaml library takes seconds, more on a loaded machine. */
describe("a file with thousands of users", { timeout: 60_000 }, () => {
  it("loads without positions being worked out", () => {
    const state = parseConfig("big.yaml", Buffer.from(bigFile()), {});
    expect(state.userPools[0]!.users).toHaveLength(USERS);
    expect(state.userPools[0]!.users![USERS - 1]!.username).toBe(`user${USERS - 1}@example.com`);
    expect(positionsBuilt).not.toHaveBeenCalled();
  });

  it("loads without positions when it needs the yaml library (an anchor) or names variables", () => {
    const anchored = bigFile(undefined, SOME).replace("    deletionProtection: false", "    deletionProtection: &off false");
    expect(parseConfig("big.yaml", Buffer.from(anchored), {}).userPools[0]!.deletionProtection).toBe(false);
    const named = bigFile({ at: 17, line: userLine(17).replace('name: "User 17"', 'name: "${env:WHO}"') }, SOME);
    expect(parseConfig("big.yaml", Buffer.from(named), { WHO: "Ada" }).userPools[0]!.users![17]!.attributes).toEqual({ email: "user17@example.com", name: "Ada" });
    expect(positionsBuilt).not.toHaveBeenCalled();
  });

  it("names the line and column of a value the schema refuses", () => {
    const at = 7_345;
    const line = userLine(at).replace("invitation: suppress", "invitation: supress");
    const column = line.indexOf("supress") + 1;
    expect(diagnosticsOf(bigFile({ at, line }))).toEqual([
      `${lineOfUser(at)}:${column} userPools[0].users[${at}].invitation must be one of "suppress", "email", "sms", not the string "supress"; did you mean "suppress"?`,
    ]);
    expect(positionsBuilt).toHaveBeenCalledTimes(1);
  });

  it("names the line and column of an unknown key, a syntax error and an unset variable", () => {
    const typo = userLine(1_901).replace("groups:", "gropus:");
    expect(diagnosticsOf(bigFile({ at: 1_901, line: typo }, SOME))).toEqual([
      `${lineOfUser(1_901)}:${typo.indexOf("gropus") + 1} unknown key "gropus" in userPools[0].users[1901]; did you mean "groups"?`,
    ]);
    const unclosed = userLine(1_200).replace("suppress }", "suppress");
    expect(diagnosticsOf(bigFile({ at: 1_200, line: unclosed }, SOME))).toEqual([`${lineOfUser(1_200)}:9 YAML syntax error: this { is never closed with }`]);
    const unset = userLine(123).replace('name: "User 123"', 'name: "${env:NOT_SET_HERE}"');
    expect(diagnosticsOf(bigFile({ at: 123, line: unset }, SOME))).toEqual([
      `${lineOfUser(123)}:${unset.indexOf("${env:") + 1} environment variable NOT_SET_HERE is not set (referenced as \${env:NOT_SET_HERE}); set it or write \${env:NOT_SET_HERE:-default}`,
    ]);
  });

  it("works positions out once, and only then, for a file it names that is missing", async () => {
    const dir = tempDir("cognito-reconcile-config-large-");
    const text = bigFile(undefined, SOME).replace("    users:", "    clients:\n      - name: web\n        uiCustomization:\n          css: assets/none.css\n    users:");
    const file = dir.write("big.yaml", text);
    const error = await loadConfig(file, { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      `${HEAD.length + 3}:16 no such file assets/none.css (the hosted UI style sheet, relative to the YAML file's folder)`,
    ]);
    expect(positionsBuilt).toHaveBeenCalledTimes(1);
  });
});
