import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendStepSummary } from "../../src/cli/step-summary.js";

describe("GITHUB_STEP_SUMMARY", () => {
  let dir: string;
  let warnings: string[];
  const warn = (text: string) => warnings.push(text);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "step-summary-"));
    warnings = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("appends the markdown to the named file, keeping what earlier steps wrote", async () => {
    const file = join(dir, "summary.md");
    writeFileSync(file, "# Earlier step\n");
    await appendStepSummary("### plan one\n", { GITHUB_STEP_SUMMARY: file }, warn);
    await appendStepSummary("### plan two\n", { GITHUB_STEP_SUMMARY: file }, warn);
    expect(readFileSync(file, "utf8")).toBe("# Earlier step\n\n### plan one\n\n### plan two\n");
    expect(warnings).toEqual([]);
  });

  it("creates the file when it does not exist yet", async () => {
    const file = join(dir, "new.md");
    await appendStepSummary("### plan\n", { GITHUB_STEP_SUMMARY: file }, warn);
    expect(readFileSync(file, "utf8")).toBe("### plan\n");
  });

  it("does nothing when the variable is unset or empty", async () => {
    await appendStepSummary("### plan\n", {}, warn);
    await appendStepSummary("### plan\n", { GITHUB_STEP_SUMMARY: "" }, warn);
    expect(warnings).toEqual([]);
  });

  it("warns instead of failing when the file cannot be written", async () => {
    const file = join(dir, "missing-dir", "summary.md");
    await expect(appendStepSummary("### plan\n", { GITHUB_STEP_SUMMARY: file }, warn)).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: could not append to GITHUB_STEP_SUMMARY \(.*missing-dir.*\): .*ENOENT.*\n$/);
  });
});
