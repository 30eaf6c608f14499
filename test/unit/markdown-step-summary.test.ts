import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendStepSummary } from "../../src/cli/step-summary.js";
import { summarise, type Change } from "../../src/core/plan-types.js";
import { renderMarkdown } from "../../src/render/markdown.js";

/** Reports appended to GITHUB_STEP_SUMMARY each render on their own, through a CommonMark renderer. */
describe("GITHUB_STEP_SUMMARY blocks", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "step-summary-md-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const change: Change = {
    address: "userPool.P",
    kind: "userPool",
    action: "update",
    reason: "pool us-east-1_A",
    fields: [{ path: "passwordPolicy.minimumLength", before: 8, after: 12, sensitive: false, forcesReplacement: false }],
  };
  const plan = { formatVersion: 1 as const, stack: "app", changes: [change], unmanaged: [], summary: summarise([change]) };

  it("a report that ends with </details> does not swallow the next heading", async () => {
    const file = join(dir, "summary.md");
    const first = renderMarkdown(plan, { mode: "plan" });
    expect(first.trimEnd().endsWith("</details>")).toBe(true);
    await appendStepSummary(first, { GITHUB_STEP_SUMMARY: file }, () => undefined);
    await appendStepSummary(renderMarkdown(plan, { mode: "drift" }), { GITHUB_STEP_SUMMARY: file }, () => undefined);
    const html = new MarkdownIt({ html: true }).render(readFileSync(file, "utf8"));
    expect(html).toContain("<h3>cognito-reconcile plan: stack <code>app</code></h3>");
    expect(html).toContain("<h3>cognito-reconcile drift: stack <code>app</code></h3>");
    expect(html.match(/<table>/g)).toHaveLength(2);
  });

  it("a file an earlier step left without a final newline still gets a blank line", async () => {
    const file = join(dir, "summary.md");
    await appendStepSummary("<details><summary>x</summary>\n\ny\n\n</details>", { GITHUB_STEP_SUMMARY: file }, () => undefined);
    await appendStepSummary("### next\n", { GITHUB_STEP_SUMMARY: file }, () => undefined);
    expect(readFileSync(file, "utf8")).toBe("<details><summary>x</summary>\n\ny\n\n</details>\n\n### next\n");
    expect(new MarkdownIt({ html: true }).render(readFileSync(file, "utf8"))).toContain("<h3>next</h3>");
  });
});
