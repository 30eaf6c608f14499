import { describe, expect, it } from "vitest";
import { unsetStandsForItself } from "../../src/config/interpolate.js";
import { parseConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/core/errors.js";

const parse = (text: string, env: Record<string, string> = {}) => parseConfig("f.yaml", Buffer.from(text), env);

function diagnosticsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parse(text, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    throw error;
  }
  throw new Error("expected the file to be rejected");
}

const HEAD = "version: 1\nstack: s\nregion: us-east-1\nuserPools:\n  - name: P\n";

describe("parseConfig", () => {
  it("fills Cognito's documented defaults inside a present section and leaves absent sections out", () => {
    const state = parse(`${HEAD}    passwordPolicy: { minimumLength: 10 }\n`);
    const pool = state.userPools[0]!;
    expect(pool.passwordPolicy).toEqual({
      minimumLength: 10,
      requireNumbers: true,
      requireSymbols: true,
      requireUppercase: true,
      requireLowercase: true,
      temporaryPasswordValidityDays: 7,
    });
    expect(pool.deletionProtection).toBe(true);
    expect(pool.mfa).toBeUndefined();
    expect(pool.groups).toBeUndefined();
    expect(pool.prune).toEqual({ users: false, groups: true, clients: true, terms: true, resourceServers: true, identityProviders: true });
  });

  it("points an unknown key at its line and column with a did-you-mean hint", () => {
    expect(diagnosticsOf(`${HEAD}    passwrodPolicy: {}\n`)).toEqual(['6:5 unknown key "passwrodPolicy" in userPools[0]; did you mean "passwordPolicy"?']);
  });

  it("reports a wrong type and an out-of-range number at the value", () => {
    expect(diagnosticsOf(`${HEAD}    passwordPolicy:\n      minimumLength: "eight"\n`)).toEqual([
      '7:22 userPools[0].passwordPolicy.minimumLength must be a number, not the string "eight"',
    ]);
    expect(diagnosticsOf(`${HEAD}    passwordPolicy:\n      minimumLength: 4\n`)).toEqual(["7:22 userPools[0].passwordPolicy.minimumLength must be at least 6"]);
  });

  it("suggests the closest enum value", () => {
    expect(diagnosticsOf(`${HEAD}    mfa: { mode: OPTINAL, totp: true }\n`)).toEqual([
      '6:18 userPools[0].mfa.mode must be one of "OFF", "OPTIONAL", "ON", not the string "OPTINAL"; did you mean "OPTIONAL"?',
    ]);
  });

  it("rejects duplicate keys, tabs and more than one document", () => {
    expect(diagnosticsOf("version: 1\nversion: 1\nstack: s\n")).toEqual(["2:1 duplicate key (a key may appear once in a mapping)"]);
    expect(diagnosticsOf("version: 1\nstack: s\nuserPools:\n\t- name: P\n")[0]).toMatch(/^4:1 /);
    expect(diagnosticsOf("version: 1\nstack: s\n---\nversion: 1\n")).toEqual(["3:1 the file holds more than one YAML document; put everything in one"]);
  });

  it("points an unclosed bracket at the bracket, not where the parser gave up", () => {
    const text = `${HEAD}    groups: [{ name: a, description: "don't [x" }\n    tags: { a: b }\n`;
    expect(diagnosticsOf(text)).toEqual(["6:13 YAML syntax error: this [ is never closed with ]"]);
  });

  it("reports duplicate names at the second entry", () => {
    expect(diagnosticsOf(`${HEAD}    groups:\n      - name: a\n      - name: a\n`)).toEqual(['8:9 duplicate group name "a" (first declared at entry 1)']);
    expect(diagnosticsOf(`${HEAD}  - name: P\n`)).toEqual(['6:5 duplicate user pool name "P" (first declared at entry 1)']);
  });

  it("interpolates ${env:NAME} and defaults, and leaves IAM policy variables alone", () => {
    const state = parse(`${HEAD}    tags: { team: "\${env:TEAM}", env: "\${env:ENV_NAME:-dev}", sub: "\${cognito-identity.amazonaws.com:sub}" }\n`, { TEAM: "identity" });
    expect(state.userPools[0]!.tags).toEqual({ team: "identity", env: "dev", sub: "${cognito-identity.amazonaws.com:sub}" });
  });

  it("keeps the tool's tag keys (cognito-reconcile:*) out of a file's tags", () => {
    expect(diagnosticsOf(`${HEAD}    tags: { "cognito-reconcile:created": x }\n`)).toEqual(["6:11 userPools[0].tags: tag keys may not start with aws: or cognito-reconcile: (the tool writes those)"]);
  });

  it("names an unset environment variable where it is used", () => {
    expect(diagnosticsOf(`${HEAD}    tags: { team: "\${env:TEAM}" }\n`)).toEqual([
      "6:20 environment variable TEAM is not set (referenced as ${env:TEAM}); set it or write ${env:TEAM:-default}",
    ]);
  });

  it("where no value is needed, lets an unset variable stand for its reference, still applying defaults", () => {
    const unset: string[] = [];
    const env = unsetStandsForItself({ TEAM: "identity" }, (name) => unset.push(name));
    const text = `${HEAD}    tags: { team: "\${env:TEAM}", env: "\${env:ENV_NAME:-dev}", owner: "\${env:OWNER}" }\n`;
    expect(parseConfig("f.yaml", Buffer.from(text), env).userPools[0]!.tags).toEqual({ team: "identity", env: "dev", owner: "${env:OWNER}" });
    expect(unset).toEqual(["OWNER"]);
  });

  it("stops alias bombs", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]"];
    const [message] = diagnosticsOf(`${bomb.join("\n")}\n`);
    expect(message).toMatch(/^2:\d+ too many YAML alias expansions/);
  });

  it("rejects an empty file, a scalar file and invalid UTF-8 with a position", () => {
    expect(diagnosticsOf("")).toEqual(["1:1 the file is empty; it needs at least version: 1 and stack: NAME"]);
    expect(diagnosticsOf("just text\n")).toEqual(["1:1 the file must be a mapping with version, stack and userPools at the top level"]);
    const bytes = Buffer.concat([Buffer.from("version: 1\nstack: caf"), Buffer.from([0xe9]), Buffer.from("\n")]);
    expect(() => parseConfig("f.yaml", bytes, {})).toThrow("f.yaml:2:11: the file is not valid UTF-8; save it as UTF-8");
  });

  it("accepts a BOM and CRLF line endings", () => {
    const state = parse("\uFEFFversion: 1\r\nstack: s\r\n");
    expect(state.stack).toBe("s");
  });

  it("checks cross-field rules: MFA needs a factor, keepOriginal needs autoVerify, ignoreChanges names a field", () => {
    expect(diagnosticsOf(`${HEAD}    mfa: { mode: ON }\n`)).toEqual(["6:10 userPools[0].mfa: mode OPTIONAL or ON needs totp, sms or email enabled"]);
    expect(diagnosticsOf(`${HEAD}    signUp: { keepOriginalAttributeUntilVerified: [email] }\n`)).toEqual([
      "6:51 userPools[0].signUp.keepOriginalAttributeUntilVerified may only name attributes listed in autoVerify",
    ]);
    expect(diagnosticsOf(`${HEAD}    ignoreChanges: [trigers.preSignUp]\n`)[0]).toMatch(/^6:21 "trigers.preSignUp" is not a userPool field; did you mean "triggers.preSignUp"\?/);
  });

  it("requires version and stack", () => {
    expect(diagnosticsOf("region: us-east-1\n")).toEqual(["1:1 version is required", "1:1 stack is required"]);
  });

  it("names a misspelt required key once: did you mean, without a second 'is required'", () => {
    expect(diagnosticsOf("version: 1\nstak: s\n")).toEqual(['2:1 unknown key "stak" in (top level); did you mean "stack"?']);
    expect(diagnosticsOf("version: 1\nstack: s\nuserPools:\n  - nam: P\n")).toEqual(['4:5 unknown key "nam" in userPools[0]; did you mean "name"?']);
  });
});
