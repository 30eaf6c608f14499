// Every file in test/fixtures/invalid holds one mistake. The built CLI must reject each one, for
// validate and for plan, with exactly the one-line message in the file's .expected twin (where
// {file} stands for the path given with -f), exit code 1, nothing on stdout, no stack trace, and
// without a single AWS call. The emulator is this file's own, so other files cannot add calls.
// The files in test/fixtures/invalid/overlays are each merged over overlays/base/base.yaml
// (-f base -f overlay); {base} in their .expected stands for the base's path.
// Two more files are made at run time instead of committed: one larger than the 5 MB limit, and the
// image of 110-branding-asset-too-large, one byte over AWS's 1,000,000 for a branding asset.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";

const REPO_ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const CLI = path.join(REPO_ROOT, "dist", "cli", "main.js");
const FIXTURE_DIR = "test/fixtures/invalid";
const OVERLAY_DIR = `${FIXTURE_DIR}/overlays`;
const OVERLAY_BASE = `${OVERLAY_DIR}/base/base.yaml`;
const MIN_FIXTURES = 65;
const MIN_OVERLAY_FIXTURES = 8;
/** CLI processes running at once. */
const PROCESSES = 4;
const CLI_TIMEOUT_MS = 30_000;
/** Every CLI run happens in beforeAll; on a loaded 2-core machine that can take minutes. */
const RUN_ALL_TIMEOUT_MS = 600_000;
/** `${env:NAME}` without a default: the fixtures that hold one expect NAME to be unset. */
const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

interface Fixture {
  name: string;
  /** Relative to the repository root (the CLI's working directory), or absolute for a generated file. */
  file: string;
  /** The files before it, merged under it (an overlay's base). */
  base?: string;
  /** The expected stderr, with {file} standing for `file` and {base} for `base`. */
  expected: string;
}

function loadFixtures(dir: string, base?: string): Fixture[] {
  return readdirSync(path.join(REPO_ROOT, dir))
    .filter((entry) => entry.endsWith(".yaml"))
    .sort()
    .map((entry) => {
      const file = `${dir}/${entry}`;
      const expectedFile = path.join(REPO_ROOT, dir, entry.replace(/\.yaml$/, ".expected"));
      const expected = existsSync(expectedFile) ? readFileSync(expectedFile, "utf8") : "";
      const name = entry.replace(/\.yaml$/, "");
      return base ? { name: `overlays/${name}`, file, base, expected } : { name, file, expected };
    });
}

/** `-f` for each file of a fixture, its base first. */
const fileArgs = (fixture: Fixture) => [...(fixture.base ? ["-f", fixture.base] : []), "-f", fixture.file];

/** Names the fixtures reference as `${env:NAME}`; they are removed from the child's environment. */
function referencedVariables(fixtures: readonly Fixture[]): string[] {
  const names = new Set<string>();
  for (const fixture of fixtures) {
    // latin1 reads every byte, so a fixture that is not valid UTF-8 is scanned too.
    const text = readFileSync(path.join(REPO_ROOT, fixture.file), "latin1");
    for (const match of text.matchAll(ENV_REFERENCE)) names.add(match[1]!);
  }
  return [...names].sort();
}

const committed = loadFixtures(FIXTURE_DIR);
const overlays = loadFixtures(OVERLAY_DIR, OVERLAY_BASE);
const unsetVariables = referencedVariables([...committed, ...overlays]);

/** 20 MB of comments after a valid start: refused for its size alone, before it is read. */
const LARGE_FILE_BYTES = 20 * 1024 * 1024;
let largeDir: string | undefined;
/** Its file is made in beforeAll, in a temporary directory removed afterwards. */
const large: Fixture = {
  name: "generated-larger-than-5-mb",
  file: "",
  expected: "error: {file}: the file is 20.0 MB; a desired-state file may be at most 5 MB\n",
};

function writeLargeFile(): void {
  largeDir = mkdtempSync(path.join(tmpdir(), "cognito-reconcile-invalid-"));
  large.file = path.join(largeDir, "larger-than-5-mb.yaml");
  const head = "# A valid start, then comments until the file is 20 MB.\nversion: 1\nstack: invalid-large\nregion: us-east-1\nuserPools: []\n";
  const line = `# ${"x".repeat(77)}\n`;
  const body = line.repeat(Math.ceil((LARGE_FILE_BYTES - head.length) / line.length));
  writeFileSync(large.file, (head + body).slice(0, LARGE_FILE_BYTES));
}

/** Made next to the committed fixture that names it (and ignored by git there), removed afterwards. */
const OVERSIZE_ASSET = path.join(REPO_ROOT, FIXTURE_DIR, "assets", "oversize.png");

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.AWS_PROFILE;
  delete env.AWS_REGION;
  for (const name of unsetVariables) delete env[name];
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

const fixtures = [...committed, ...overlays, large];
const COMMANDS = ["validate", "plan"] as const;
type Command = (typeof COMMANDS)[number];

describe("invalid desired-state files", () => {
  let emulator: Emulator;
  /** fixture name -> command -> its run, or why it could not run. */
  const runs = new Map<string, Record<Command, CliRun | Error>>();

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${path.relative(REPO_ROOT, CLI)} is missing: run npm run build first`);
    writeLargeFile();
    writeFileSync(OVERSIZE_ASSET, Buffer.alloc(1_000_001));
    emulator = await startEmulator();
    await emulator.resetCalls();
    // All runs happen here, a few processes at a time, so no test times out waiting its turn.
    const limit = pLimit(PROCESSES);
    const settle = (args: readonly string[]) => limit(() => runCli(args).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
    await Promise.all(
      fixtures.map(async (fixture) => {
        const [validate, plan] = await Promise.all([
          settle(["validate", ...fileArgs(fixture)]),
          settle(["plan", ...fileArgs(fixture), "--endpoint-url", emulator.url]),
        ]);
        runs.set(fixture.name, { validate, plan });
      }),
    );
  }, RUN_ALL_TIMEOUT_MS);

  afterAll(async () => {
    await emulator?.stop();
    if (largeDir) rmSync(largeDir, { recursive: true, force: true });
    rmSync(OVERSIZE_ASSET, { force: true });
  });

  it(`the corpus has at least ${MIN_FIXTURES} files, each with a one-line .expected message`, () => {
    expect(committed.length).toBeGreaterThanOrEqual(MIN_FIXTURES);
    for (const fixture of committed) {
      expect(fixture.expected, `${fixture.name}.expected`).toMatch(/^\{file\}:\d+:\d+: [^\n]+\n$/);
    }
  });

  it(`the overlay corpus has at least ${MIN_OVERLAY_FIXTURES} files, each with a one-line message at the overlay or its base, and the base alone is valid`, async () => {
    expect(overlays.length).toBeGreaterThanOrEqual(MIN_OVERLAY_FIXTURES);
    for (const fixture of overlays) expect(fixture.expected, `${fixture.name}.expected`).toMatch(/^\{(file|base)\}:\d+:\d+: [^\n]+\n$/);
    const base = await runCli(["validate", "-f", OVERLAY_BASE]);
    expect(base.stderr).toBe("");
    expect(base.code).toBe(0);
  });

  it("the generated file is larger than the 5 MB limit", () => {
    expect(readFileSync(large.file).length).toBe(LARGE_FILE_BYTES);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name} is rejected with its one-line message`, () => {
      const expected = fixture.expected.replaceAll("{file}", fixture.file).replaceAll("{base}", fixture.base ?? "");
      const results = runs.get(fixture.name);
      expect(results, "CLI runs").toBeDefined();
      for (const command of COMMANDS) {
        const run = results![command];
        if (run instanceof Error) throw run;
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
