// action.yml and the GitHub workflows of examples/ci/ against GitHub's schemas for actions and
// workflows (action-validator), and the workflows' use of the action at this release.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const repoRoot = join(import.meta.dirname, "..", "..");
const VALIDATOR = join(repoRoot, "node_modules", ".bin", "action-validator");
const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const workflows = readdirSync(join(repoRoot, "examples", "ci"))
  .filter((name) => name.endsWith(".yml"))
  .map((name) => join("examples", "ci", name));

function validate(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(VALIDATOR, [file], { cwd: repoRoot }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr });
    });
  });
}

interface Workflow {
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
}

describe("the action and the example workflows", () => {
  it("has the three GitHub workflows", () => {
    expect(workflows.map((path) => path.split("/").pop()).sort()).toEqual(["github-apply-on-merge.yml", "github-nightly-drift.yml", "github-plan-on-pull-request.yml"]);
  });

  it.each(["action.yml", ...workflows])("%s passes action-validator", async (file) => {
    const { code, output } = await validate(file);
    expect(code, output).toBe(0);
  });

  it("action-validator does fail a broken action (so the checks above can fail)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cognito-reconcile-action-"));
    try {
      // A composite step without a shell.
      writeFileSync(join(dir, "action.yml"), "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo\n");
      expect((await validate(join(dir, "action.yml"))).code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(workflows)("%s runs cognito-reconcile through the action at this release", (file) => {
    const workflow = parse(readFileSync(join(repoRoot, file), "utf8")) as Workflow;
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.map((s) => s.uses ?? "")).filter((u) => u.startsWith("cognito-reconcile/"));
    expect(uses.length).toBeGreaterThan(0);
    expect(new Set(uses)).toEqual(new Set([`cognito-reconcile/cognito-reconcile@v${version}`]));
    // No step installs or runs the CLI by itself any more.
    expect(readFileSync(join(repoRoot, file), "utf8")).not.toMatch(/npx|npm (i|install)\b/);
  });
});
