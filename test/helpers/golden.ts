import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { expect } from "vitest";

export interface GoldenOptions {
  /** The test file that owns the golden files, relative to the repository root; named in the command to (re)write them. */
  testFile: string;
  /** Write the expected files instead of comparing; defaults to UPDATE_GOLDEN=1 in the environment. */
  update?: boolean;
}

/** Compares an output with its expected file; see golden(). */
export type GoldenCheck = (file: string, actual: string) => void;

/** The command that (re)writes the golden files of a test file. */
export function updateCommand(testFile: string): string {
  return `UPDATE_GOLDEN=1 npx vitest run ${testFile}`;
}

/**
 * Golden-file comparison for one test file. An expected file is written only in update mode
 * (UPDATE_GOLDEN=1): a missing one fails with the command that creates it, and any difference
 * fails with the diff and the command to accept it. After an update, review the diff in git: the
 * files are the reviewed truth.
 */
export function golden(options: GoldenOptions): GoldenCheck {
  const update = options.update ?? process.env.UPDATE_GOLDEN === "1";
  const command = updateCommand(options.testFile);
  return (file, actual) => {
    const shown = relative(process.cwd(), file);
    if (update) {
      if (!existsSync(file) || readFileSync(file, "utf8") !== actual) writeFileSync(file, actual);
      return;
    }
    if (!existsSync(file)) {
      throw new Error(`golden file ${shown} is missing; create it with: ${command} (then review it, and commit it)`);
    }
    expect(actual, `${shown} differs from the output; if the change is meant, run: ${command} (then review the diff)`).toBe(readFileSync(file, "utf8"));
  };
}
