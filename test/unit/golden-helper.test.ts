import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golden, updateCommand } from "../helpers/golden.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * The golden-file helper on a real directory: a golden test can fail only if a missing or edited
 * expected file makes the helper fail, and only UPDATE_GOLDEN=1 may write one.
 */
const dir = tempDir("golden-helper-");
const testFile = "test/unit/plan-golden.test.ts";
const command = "UPDATE_GOLDEN=1 npx vitest run test/unit/plan-golden.test.ts";
const OUTPUT = 'Changes for stack "s":\n\n  + userPool.P  (create: not found in AWS)\n';

describe("golden files", () => {
  it("names the command that rewrites a test file's golden files", () => {
    expect(updateCommand(testFile)).toBe(command);
  });

  it("fails on a missing file with the command that creates it, and does not create it", () => {
    const file = join(dir.path, "missing.txt");
    const check = golden({ testFile, update: false });
    expect(() => check(file, OUTPUT)).toThrow(command);
    expect(() => check(file, OUTPUT)).toThrow(/missing\.txt is missing/);
    expect(existsSync(file)).toBe(false);
  });

  it("fails when one byte of the file differs, naming the command to accept the change, and leaves the file alone", () => {
    const file = dir.write("one-byte.txt", OUTPUT.replace("+ userPool", "~ userPool"));
    const check = golden({ testFile, update: false });
    expect(() => check(file, OUTPUT)).toThrow(command);
    expect(readFileSync(file, "utf8")).toBe(OUTPUT.replace("+ userPool", "~ userPool"));
  });

  it("fails on a trailing newline more or less", () => {
    const check = golden({ testFile, update: false });
    expect(() => check(dir.write("extra-newline.txt", `${OUTPUT}\n`), OUTPUT)).toThrow(command);
    expect(() => check(dir.write("no-newline.txt", OUTPUT.trimEnd()), OUTPUT)).toThrow(command);
  });

  it("passes when the file holds exactly the output", () => {
    const file = dir.write("same.txt", OUTPUT);
    expect(() => golden({ testFile, update: false })(file, OUTPUT)).not.toThrow();
  });

  it("writes a missing file and rewrites a different one in update mode", () => {
    const check = golden({ testFile, update: true });
    const created = join(dir.path, "created.txt");
    check(created, OUTPUT);
    expect(readFileSync(created, "utf8")).toBe(OUTPUT);
    const changed = dir.write("changed.txt", "old\n");
    check(changed, OUTPUT);
    expect(readFileSync(changed, "utf8")).toBe(OUTPUT);
    // What update mode wrote is what a later comparison accepts.
    expect(() => golden({ testFile, update: false })(changed, OUTPUT)).not.toThrow();
  });

  it("takes update mode from UPDATE_GOLDEN=1 only", () => {
    const saved = process.env.UPDATE_GOLDEN;
    try {
      for (const value of [undefined, "", "0", "true"]) {
        if (value === undefined) delete process.env.UPDATE_GOLDEN;
        else process.env.UPDATE_GOLDEN = value;
        const file = join(dir.path, `env-${value ?? "unset"}.txt`);
        expect(() => golden({ testFile })(file, OUTPUT)).toThrow(command);
        expect(existsSync(file)).toBe(false);
      }
      process.env.UPDATE_GOLDEN = "1";
      const file = join(dir.path, "env-1.txt");
      golden({ testFile })(file, OUTPUT);
      expect(readFileSync(file, "utf8")).toBe(OUTPUT);
    } finally {
      if (saved === undefined) delete process.env.UPDATE_GOLDEN;
      else process.env.UPDATE_GOLDEN = saved;
    }
  });

  it("reads the file again at each check", () => {
    const file = dir.write("later.txt", OUTPUT);
    const check = golden({ testFile, update: false });
    check(file, OUTPUT);
    writeFileSync(file, OUTPUT.replace("s", "t"));
    expect(() => check(file, OUTPUT)).toThrow(command);
  });
});
