// Every file in test/fixtures/invalid holds one mistake. The built CLI must reject each one, for
// validate and for plan, with exactly the one-line message in the file's .expected twin (where
// {file} stands for the path given with -f), exit code 1, nothing on stdout, no stack trace, and
// without a single AWS call. The emulator is this file's own, so other files cannot add calls.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";

const REPO_ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const CLI = path.join(REPO_ROOT, "dist", "cli", "main.js");
const FIXTURE_DIR = "test/fixtures/invalid";
/** Referenced by 17-unset-env-var.yaml; removed from the child's environment so it is surely unset. */
const UNSET_VARIABLE = "COGNITO_RECONCILE_FIXTURE_UNSET_VAR";
/** CLI processes running at once. */
const PROCESSES = 4;
const CLI_TIMEOUT_MS = 30_000;

interface Fixture {
  name: string;
  /** Relative to the repository root, which is the CLI's working directory. */
  file: string;
  expected: string;
}

function loadFixtures(): Fixture[] {
  return readdirSync(path.join(REPO_ROOT, FIXTURE_DIR))
    .filter((entry) => entry.endsWith(".yaml"))
    .sort()
    .map((entry) => {
      const file = `${FIXTURE_DIR}/${entry}`;
      const expectedFile = path.join(REPO_ROOT, FIXTURE_DIR, entry.replace(/\.yaml$/, ".expected"));
      const expected = existsSync(expectedFile) ? readFileSync(expectedFile, "utf8") : "";
      return { name: entry.replace(/\.yaml$/, ""), file, expected };
    });
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.AWS_PROFILE;
  delete env.AWS_REGION;
  delete env[UNSET_VARIABLE];
  return { ...env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_EC2_METADATA_DISABLED: "true" };
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: REPO_ROOT, env: childEnv(), encoding: "utf8", timeout: CLI_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ code: 0, stdout, stderr });
        } else if (typeof error.code === "number") {
          resolve({ code: error.code, stdout, stderr });
        } else {
          const how = error.signal ? `was killed by ${error.signal}${error.killed ? ` after ${CLI_TIMEOUT_MS / 1000} s` : ""}` : `failed: ${error.message}`;
          reject(new Error(`cognito-reconcile ${args.join(" ")} ${how}\nstderr: ${stderr}`));
        }
      },
    );
  });
}

const fixtures = loadFixtures();
const limit = pLimit(PROCESSES);

describe("invalid desired-state files", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${path.relative(REPO_ROOT, CLI)} is missing: run npm run build first`);
    emulator = await startEmulator();
    await emulator.resetCalls();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it("the corpus has at least 20 files, each with a one-line .expected message", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    for (const fixture of fixtures) {
      expect(fixture.expected, `${fixture.name}.expected`).toMatch(/^\{file\}:\d+:\d+: [^\n]+\n$/);
    }
  });

  for (const fixture of fixtures) {
    it.concurrent(`${fixture.name} is rejected with its one-line message`, async ({ expect }) => {
      const expected = fixture.expected.replaceAll("{file}", fixture.file);
      const [validate, plan] = await Promise.all([
        limit(() => runCli(["validate", "-f", fixture.file])),
        limit(() => runCli(["plan", "-f", fixture.file, "--endpoint-url", emulator.url])),
      ]);
      for (const [command, run] of [
        ["validate", validate],
        ["plan", plan],
      ] as const) {
        expect(run.stderr, `${command} stderr`).not.toMatch(/^ {4}at /m);
        expect(run.stderr, `${command} stderr`).toBe(expected);
        expect(run.stdout, `${command} stdout`).toBe("");
        expect(run.code, `${command} exit code`).toBe(1);
      }
    });
  }

  it("makes no AWS call for any of them", async () => {
    expect(await emulator.calls()).toEqual({});
  });
});
