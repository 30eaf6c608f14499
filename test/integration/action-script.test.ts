// The GitHub Action's script (src/action/run.sh), run as action.yml's steps run it, in a simulated
// runner: GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP in a temporary
// folder, the inputs as the env: of the step sets them, the commands against the emulator. `run`
// uses this repository's own build (npm test builds first), as it uses the build `install` made in
// the action's checkout; a stand-in CLI shows the arguments it is given (several files, before the
// CLI itself takes repeated -f) and the apply report's edges; `install` itself is run on a copy of
// the repository, offline.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { cliEnv, uniqueSuffix } from "../helpers/cli.js";
import { npmEnv } from "../helpers/npm.js";
import { tempDir } from "../helpers/temp-files.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const SCRIPT = join(repoRoot, "src", "action", "run.sh");

interface Step {
  code: number;
  stdout: string;
  stderr: string;
  /** What the step wrote to GITHUB_OUTPUT, by name. */
  outputs: Record<string, string>;
  /** What the step added to GITHUB_STEP_SUMMARY. */
  summary: string;
}

interface StepOptions {
  cwd: string;
  inputs?: Record<string, string>;
  actionPath?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const runnerTemp = tempDir("cognito-reconcile-runner-");

/** One step: fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, as the runner gives each step. */
function step(subcommand: "install" | "run", options: StepOptions): Promise<Step> {
  const files = mkdtempSync(join(runnerTemp.path, "step-"));
  const output = join(files, "output");
  const summary = join(files, "summary");
  writeFileSync(output, "");
  writeFileSync(summary, "");
  const inputs = Object.fromEntries(Object.entries(options.inputs ?? {}).map(([name, value]) => [`INPUT_${name.toUpperCase().replaceAll("-", "_")}`, value]));
  const env = {
    ...(options.env ?? cliEnv()),
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION_PATH: options.actionPath ?? repoRoot,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: runnerTemp.path,
    ...inputs,
  };
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    execFile("bash", [SCRIPT, subcommand], { cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      if (error?.killed) {
        reject(new Error(`run.sh ${subcommand} did not finish within ${timeoutMs} ms\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
        return;
      }
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      const outputs = Object.fromEntries(
        readFileSync(output, "utf8")
          .split("\n")
          .filter((line) => line !== "")
          .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
      );
      resolve({ code, stdout, stderr, outputs, summary: readFileSync(summary, "utf8") });
    });
  });
}

/** The lines the CLI printed, between the script's ::stop-commands:: and the line that resumes them. */
function protectedPart(stdout: string): string {
  const start = /^::stop-commands::(cognito-reconcile-[0-9a-f]{32})$/m.exec(stdout);
  expect(start, stdout).not.toBeNull();
  const end = stdout.indexOf(`\n::${start![1]}::\n`);
  expect(end, "commands are resumed").toBeGreaterThan(start!.index);
  return stdout.slice(start!.index + start![0].length, end);
}

describe("the action's run step against the emulator", () => {
  const workspace = tempDir("cognito-reconcile-workspace-").path;
  const suffix = uniqueSuffix();
  const stack = `action-${suffix}`;
  const pool = `Action-${suffix}`;
  const file = join(workspace, "cognito.yaml");
  let args: string;

  /** The example under this test's stack and pool names; a group description that looks like a workflow command. */
  function writeFile(adminDescription: string): void {
    const example = readFileSync(join(repoRoot, "examples", "basic.yaml"), "utf8");
    writeFileSync(
      file,
      example
        .replace("stack: basic-dev", `stack: ${stack}`)
        .replace("name: Basic-UserPool", `name: ${pool}`)
        .replace("{ name: admin, description: Full access, precedence: 1 }", `{ name: admin, description: "${adminDescription}", precedence: 1 }`),
    );
  }

  const run = (inputs: Record<string, string>) => step("run", { cwd: workspace, inputs: { file: "cognito.yaml", args, ...inputs } });

  beforeAll(() => {
    args = `--endpoint-url ${inject("emulatorUrl")}`;
    writeFile("::error::a description");
  });

  it("plan with changes: the step succeeds, has-changes is true, and the Markdown is on the summary page once and in markdown-file", async () => {
    const plan = await run({ command: "plan" });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs["exit-code"]).toBe("2");
    expect(plan.outputs["has-changes"]).toBe("true");
    const markdownFile = plan.outputs["markdown-file"]!;
    expect(markdownFile.startsWith(runnerTemp.path)).toBe(true);
    const markdown = readFileSync(markdownFile, "utf8");
    expect(markdown).toMatch(new RegExp(`^### cognito-reconcile plan: stack \`${stack}\``));
    expect(markdown).toContain(`| \`+ create\` | \`userPool.${pool}\` | not found in AWS |`);
    expect(plan.summary).toBe(markdown);
    expect(plan.stdout).toContain(`cognito-reconcile plan -f cognito.yaml --format markdown --detailed-exitcode ${args}\n`);
    // The CLI's output, which carries the file's text, is printed where workflow commands are stopped.
    expect(protectedPart(plan.stdout)).toContain("::error::a description");
    expect(plan.stderr).toBe("");
  });

  it("plan with fail-on-changes: true fails the step with exit code 2", async () => {
    const plan = await run({ command: "plan", "fail-on-changes": "true" });
    expect(plan.code).toBe(2);
    expect(plan.outputs).toMatchObject({ "exit-code": "2", "has-changes": "true" });
    expect(plan.stdout).toMatch(/^::error title=cognito-reconcile plan::Applying cognito.yaml would change AWS Cognito/m);
  });

  it("apply: changes AWS, reports its output in a code block, has-changes true", async () => {
    const apply = await run({ command: "apply" });
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.outputs).toMatchObject({ "exit-code": "0", "has-changes": "true" });
    expect(apply.stdout).toContain(`cognito-reconcile apply -f cognito.yaml --auto-approve ${args}\n`);
    const report = readFileSync(apply.outputs["markdown-file"]!, "utf8");
    expect(report).toMatch(/^### cognito-reconcile apply\n\nApplied: live state now matches the file\.\n\n```text\n/);
    expect(report).toContain(`  + userPool.${pool}: created (`);
    expect(report).toMatch(/Apply complete: 6 operations; live state matches the file\.\n```\n$/);
    expect(apply.summary).toBe(report);
  });

  it("after apply: drift and plan are in sync (exit-code 0, has-changes false), apply has nothing to do", async () => {
    const drift = await run({ command: "drift" });
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(drift.outputs).toMatchObject({ "exit-code": "0", "has-changes": "false" });
    expect(drift.summary).toContain(`### cognito-reconcile drift: stack \`${stack}\``);
    expect(drift.summary).toContain("**In sync:**");

    const plan = await run({ command: "plan" });
    expect(plan.outputs).toMatchObject({ "exit-code": "0", "has-changes": "false" });

    const apply = await run({ command: "apply" });
    expect(apply.code).toBe(0);
    expect(apply.outputs).toMatchObject({ "exit-code": "0", "has-changes": "false" });
    expect(apply.summary).toMatch(/^### cognito-reconcile apply\n\nNothing to do: live state already matched the file\.\n/);
  });

  it("drift found fails the step by default (exit 2), and only warns with fail-on-drift: false", async () => {
    writeFile("Everything");
    const failing = await run({ command: "drift" });
    expect(failing.code).toBe(2);
    expect(failing.outputs).toMatchObject({ "exit-code": "2", "has-changes": "true" });
    expect(failing.summary).toContain(`userPool.${pool}/group.admin`);
    expect(failing.stdout).toMatch(/^::error title=Cognito drift::Live AWS Cognito differs from cognito.yaml; the report is on the run's summary page\./m);

    const reporting = await run({ command: "drift", "fail-on-drift": "false" });
    expect(reporting.code).toBe(0);
    expect(reporting.outputs).toMatchObject({ "exit-code": "2", "has-changes": "true" });
    expect(reporting.stdout).toMatch(/^::warning title=Cognito drift::/m);
  });

  it("a saved plan from plan (args --out) is applied with saved-plan; a stale one fails the step with exit code 3", async () => {
    const plan = await run({ command: "plan", args: `${args} --out plan.json` });
    expect(plan.outputs).toMatchObject({ "exit-code": "2", "has-changes": "true" });
    expect(existsSync(join(workspace, "plan.json"))).toBe(true);
    const apply = await step("run", { cwd: workspace, inputs: { command: "apply", "saved-plan": "plan.json", args } });
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.outputs).toMatchObject({ "exit-code": "0", "has-changes": "true" });
    expect(apply.stdout).toContain(`cognito-reconcile apply plan.json ${args}\n`);

    // Planned, then the file changes before the apply.
    writeFile("Changed again");
    await run({ command: "plan", args: `${args} --out stale.json` });
    writeFile("Changed after the plan");
    const stale = await step("run", { cwd: workspace, inputs: { command: "apply", "saved-plan": "stale.json", args } });
    expect(stale.code).toBe(3);
    expect(stale.outputs).toMatchObject({ "exit-code": "3", "has-changes": "" });
    expect(stale.stdout).toMatch(/^::error title=Stale saved plan::stale\.json is stale: .*nothing was applied\. Make a new plan and review it\.$/m);
    expect(stale.summary).toMatch(/^### cognito-reconcile apply\n\n\*\*The saved plan is stale\*\* \(exit code 3\)/);
    expect(stale.stderr).toMatch(/^error: the saved plan is stale: /);
  });

  it("a file that is not valid fails the step: exit-code 1, the reason one line on stderr, a failure on the summary page", async () => {
    writeFileSync(join(workspace, "broken.yaml"), "version: 1\nstack: [\n");
    const plan = await run({ command: "plan", file: "broken.yaml" });
    expect(plan.code).toBe(1);
    expect(plan.outputs).toMatchObject({ "exit-code": "1", "has-changes": "" });
    expect(plan.stderr.trim().split("\n")).toHaveLength(1);
    expect(plan.stderr).toMatch(/^broken\.yaml:2:8: /);
    expect(plan.summary).toMatch(/^### cognito-reconcile plan failed\n\nExit code 1: /);
    expect(readFileSync(plan.outputs["markdown-file"]!, "utf8")).toBe(plan.summary);
    expect(plan.stdout).toMatch(/^::error title=cognito-reconcile plan failed::exit code 1; the reason is on one line in the log above\.$/m);
  });

  it("inputs the action cannot use fail the step at once with one error line and exit-code 1", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ command: "destroy" }, /command must be plan, drift or apply, not "destroy"/],
      [{ command: "plan", file: "" }, /file is required/],
      [{ command: "plan", "saved-plan": "plan.json", file: "" }, /saved-plan is for command apply/],
      [{ command: "apply", "saved-plan": "plan.json" }, /give either file or saved-plan, not both/],
      [{ command: "plan", args: "--format json" }, /args: --format is set by the action/],
      [{ command: "drift", args: "-f other.yaml" }, /args: -f is the file input's to set/],
      [{ command: "drift", "fail-on-drift": "yes" }, /fail-on-drift must be true or false, not "yes"/],
    ];
    for (const [inputs, message] of cases) {
      const result = await run(inputs);
      expect(result.code, JSON.stringify(inputs)).toBe(1);
      expect(result.stdout.split("\n").filter((line) => line !== ""), JSON.stringify(inputs)).toEqual([expect.stringMatching(/^::error title=cognito-reconcile::/)]);
      expect(result.stdout).toMatch(message);
      expect(result.outputs).toEqual({ "exit-code": "1" });
    }
  });
});

describe("the action's run step with a stand-in CLI", () => {
  // In place of dist/cli/main.js: prints its arguments as JSON, or FAKE_OUTPUT's lines, and exits FAKE_EXIT.
  const fake = tempDir("cognito-reconcile-fake-action-").path;
  const workspace = tempDir("cognito-reconcile-workspace-").path;
  mkdirSync(join(fake, "dist", "cli"), { recursive: true });
  writeFileSync(
    join(fake, "dist", "cli", "main.js"),
    [
      'const fs = require("node:fs");',
      'if (process.env.FAKE_OUTPUT) process.stdout.write(fs.readFileSync(process.env.FAKE_OUTPUT));',
      "else process.stdout.write(JSON.stringify(process.argv.slice(2)) + \"\\n\");",
      'process.exitCode = Number(process.env.FAKE_EXIT ?? "0");',
    ].join("\n"),
  );
  writeFileSync(join(fake, "package.json"), '{ "type": "commonjs" }\n');

  const fakeStep = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    step("run", { cwd: workspace, actionPath: fake, inputs, env: cliEnv(env) });
  const argvOf = (result: Step) => JSON.parse(protectedPart(result.stdout).trim()) as string[];

  it("passes each file as its own -f, in order, whether spaces or new lines separate them, and args after the action's flags", async () => {
    const plan = await fakeStep({ command: "plan", file: "base.yaml overlay.yaml\n  prod.yaml\n", args: "--out plan.json\n--adopt" });
    expect(plan.code).toBe(0);
    expect(argvOf(plan)).toEqual(["plan", "-f", "base.yaml", "-f", "overlay.yaml", "-f", "prod.yaml", "--format", "markdown", "--detailed-exitcode", "--out", "plan.json", "--adopt"]);
    const drift = await fakeStep({ command: "drift", file: "a.yaml" });
    expect(argvOf(drift)).toEqual(["drift", "-f", "a.yaml", "--format", "markdown"]);
    const apply = await fakeStep({ command: "apply", file: "a.yaml b.yaml" });
    expect(argvOf(apply)).toEqual(["apply", "-f", "a.yaml", "-f", "b.yaml", "--auto-approve"]);
    const saved = await fakeStep({ command: "apply", "saved-plan": "plan.json", args: "--log-level info" });
    expect(argvOf(saved)).toEqual(["apply", "plan.json", "--log-level", "info"]);
    // A pattern is a name, not a glob.
    writeFileSync(join(workspace, "x.yaml"), "");
    expect(argvOf(await fakeStep({ command: "drift", file: "*.yaml" }))).toEqual(["drift", "-f", "*.yaml", "--format", "markdown"]);
  });

  it("an exit code the CLI does not document fails the step with that code", async () => {
    const result = await fakeStep({ command: "plan", file: "a.yaml" }, { FAKE_EXIT: "4" });
    expect(result.code).toBe(4);
    expect(result.outputs).toMatchObject({ "exit-code": "4", "has-changes": "" });
    expect(result.stdout).toMatch(/^::error title=cognito-reconcile plan failed::exit code 4; /m);
  });

  it("apply's report: a code fence longer than any run of backticks in the output, and a long output cut on a whole line", async () => {
    const short = join(workspace, "short.txt");
    writeFileSync(short, "Changes:\n  description = \"a ```` fence\"\n\nApplying:\n  done\n");
    const fenced = await fakeStep({ command: "apply", file: "a.yaml" }, { FAKE_OUTPUT: short });
    expect(fenced.outputs["has-changes"]).toBe("true");
    expect(fenced.summary).toBe(`### cognito-reconcile apply\n\nApplied: live state now matches the file.\n\n\`\`\`\`\`text\n${readFileSync(short, "utf8")}\`\`\`\`\`\n`);

    const long = join(workspace, "long.txt");
    const line = `${"x".repeat(99)}\n`;
    writeFileSync(long, `Applying:\n${line.repeat(1000)}`);
    const cut = await fakeStep({ command: "apply", file: "a.yaml" }, { FAKE_OUTPUT: long });
    const report = readFileSync(cut.outputs["markdown-file"]!, "utf8");
    const block = /```text\n([\s\S]*?)```\n/.exec(report)![1]!;
    expect(block.length).toBeLessThanOrEqual(60_000);
    expect(block.length).toBeGreaterThan(59_800);
    expect(block.split("\n").slice(1, -1).every((l) => l === "x".repeat(99))).toBe(true);
    expect(report).toMatch(/The output is cut here at 60000 bytes of 100010; all of it is in the step's log\.\n$/);
  });
});

describe("the action's install step", () => {
  const checkout = join(tempDir("cognito-reconcile-action-").path, "action");
  const workspace = tempDir("cognito-reconcile-workspace-").path;

  it("builds the CLI in the action's checkout (npm ci and the build, here offline from the npm cache), and skips a built one", async () => {
    // A checkout of the action: what install needs of the repository, without node_modules or dist.
    mkdirSync(checkout);
    for (const entry of ["package.json", "package-lock.json", "tsconfig.json", "src", "schemas"]) cpSync(join(repoRoot, entry), join(checkout, entry), { recursive: true });
    const env = npmEnv();

    const install = await step("install", { cwd: checkout, actionPath: checkout, env, timeoutMs: 540_000 });
    expect(install.code, install.stdout + install.stderr).toBe(0);
    expect(install.stdout).toContain(`::group::Install cognito-reconcile: npm ci and build in ${checkout}\n`);
    expect(existsSync(join(checkout, "dist", "cli", "main.js"))).toBe(true);

    const again = await step("install", { cwd: checkout, actionPath: checkout, env });
    expect(again).toMatchObject({ code: 0, stdout: `cognito-reconcile is already built in ${checkout}\n` });

    // The run step uses that build.
    const suffix = uniqueSuffix();
    const example = readFileSync(join(repoRoot, "examples", "basic.yaml"), "utf8");
    writeFileSync(join(workspace, "cognito.yaml"), example.replace("stack: basic-dev", `stack: install-${suffix}`).replace("name: Basic-UserPool", `name: Install-${suffix}`));
    const plan = await step("run", { cwd: workspace, actionPath: checkout, inputs: { command: "plan", file: "cognito.yaml", args: `--endpoint-url ${inject("emulatorUrl")}` } });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs).toMatchObject({ "exit-code": "2", "has-changes": "true" });
  }, 600_000);
});
