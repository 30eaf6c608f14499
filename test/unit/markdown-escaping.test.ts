import { describe, expect, it } from "vitest";
import { summarise, type Change, type Plan, type UnmanagedResource } from "../../src/core/plan-types.js";
import { renderMarkdown } from "../../src/render/markdown.js";

/**
 * The Markdown rendering's escaping, on hand-made plans. The golden files of the Markdown
 * rendering (plan.md of every plan fixture, drift.md) are compared in plan-golden.test.ts, with
 * the text and JSON renderings of the same cases.
 */
function planWith(changes: Change[], unmanaged: UnmanagedResource[] = [], stack = "app-dev"): Plan {
  return { formatVersion: 1, stack, changes, unmanaged, summary: summarise(changes) };
}

/** The cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
}

function rowOf(markdown: string, address: string): string {
  const row = markdown.split("\n").find((line) => line.startsWith("| ") && line.includes(address));
  expect(row).toBeDefined();
  return row!;
}

describe("markdown escaping", () => {
  it("keeps a reason with pipes, backticks and a newline in its table cell", () => {
    const markdown = renderMarkdown(
      planWith([{ address: "userPool.P/group.a", kind: "group", action: "delete", reason: "not in the file | prune `groups`\nsecond line", fields: [] }]),
      { mode: "plan" },
    );
    const row = rowOf(markdown, "group.a");
    expect(cells(row)).toEqual(["`- destroy`", "`userPool.P/group.a`", "not in the file \\| prune \\`groups\\` second line"]);
    expect(markdown).not.toContain("\nsecond line");
  });

  it("escapes pipes and backticks in addresses inside code spans", () => {
    const markdown = renderMarkdown(planWith([{ address: "userPool.P/group.a|`b`", kind: "group", action: "create", reason: "new", fields: [] }]), {
      mode: "plan",
    });
    const row = rowOf(markdown, "group.a");
    expect(cells(row)).toEqual(["`+ create`", "`` userPool.P/group.a\\|`b` ``", "new"]);
  });

  it("shows an address with a backslash before a pipe as escaped text (a code span cannot hold it)", () => {
    const markdown = renderMarkdown(planWith([{ address: "userPool.P/group.a\\|b", kind: "group", action: "create", reason: "new", fields: [] }]), { mode: "plan" });
    expect(cells(rowOf(markdown, "group.a"))).toEqual(["`+ create`", "userPool.P/group.a\\\\\\|b", "new"]);
  });

  it("chooses a longer fence when a value holds a backtick fence", () => {
    const value = "```\n</details>\n# heading";
    const markdown = renderMarkdown(
      planWith([
        {
          address: "userPool.P/group.a",
          kind: "group",
          action: "update",
          reason: "differs",
          fields: [{ path: "description", before: "plain", after: value, sensitive: false, forcesReplacement: false }],
        },
      ]),
      { mode: "plan" },
    );
    const lines = markdown.split("\n");
    const open = lines.indexOf("````diff");
    expect(open).toBeGreaterThan(0);
    const close = lines.indexOf("````", open + 1);
    expect(lines.slice(open + 1, close)).toEqual(['- description: "plain"', `+ description: ${JSON.stringify(value)}`]);
    // Nothing between the fences could close the block.
    for (const line of lines.slice(open + 1, close)) expect(line.trimStart().startsWith("````")).toBe(false);
  });

  it("shows masked values and marks replacement-forcing fields", () => {
    const markdown = renderMarkdown(
      planWith([
        {
          address: "userPool.P/identityProvider.Google",
          kind: "identityProvider",
          action: "replace",
          reason: "type changes",
          fields: [
            { path: "clientSecret", before: "(sensitive)", after: "(sensitive)", sensitive: true, forcesReplacement: false },
            { path: "type", before: "Google", after: undefined, sensitive: false, forcesReplacement: true },
          ],
        },
      ]),
      { mode: "plan" },
    );
    expect(markdown).toContain("- clientSecret: (sensitive)\n+ clientSecret: (sensitive)\n");
    expect(markdown).toContain('- type: "Google"\n+ type: (none)  # forces replacement\n');
  });

  it("escapes HTML in the details summary and names odd stacks in a code span", () => {
    const markdown = renderMarkdown(
      planWith(
        [
          {
            address: "userPool.<P>&co",
            kind: "userPool",
            action: "update",
            reason: "pool x",
            fields: [{ path: "tags.a", before: 1, after: 2, sensitive: false, forcesReplacement: false }],
          },
        ],
        [],
        "odd`stack",
      ),
      { mode: "drift" },
    );
    expect(markdown.split("\n")[0]).toBe("### cognito-reconcile drift: stack ``odd`stack``");
    expect(markdown).toContain("<details><summary>userPool.&#60;P&#62;&#38;co</summary>\n\n```diff\n- tags.a: 1\n+ tags.a: 2\n```\n\n</details>\n");
  });

  it("lists unmanaged resources with escaped reasons", () => {
    const markdown = renderMarkdown(planWith([], [{ address: "userPool.P/group.x", kind: "group", reason: "kept *because* prune is false" }]), { mode: "plan" });
    expect(markdown).toContain("#### Not managed by the file (left alone)\n\n- `userPool.P/group.x`: kept \\*because\\* prune is false\n");
    expect(markdown).not.toContain("| Action |");
  });
});
