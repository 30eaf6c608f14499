import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import type { LivePool, LiveState } from "../../src/core/live-types.js";
import { summarise, type Change, type Plan, type UnmanagedResource } from "../../src/core/plan-types.js";
import { buildPlan, poolEntries } from "../../src/plan/build-plan.js";
import { matchPools } from "../../src/plan/match-pools.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";

/**
 * Golden files of the Markdown rendering, built from the plan fixtures (desired.yaml + live.json
 * -> plan.md, and drift.md for one case). Run with UPDATE_GOLDEN=1 to rewrite them after a
 * deliberate change, then review the diff.
 */
const root = join(import.meta.dirname, "fixtures", "plan");
const update = process.env.UPDATE_GOLDEN === "1";

interface Options {
  adopt?: boolean;
  allowDestroy?: boolean;
  allowReplace?: boolean;
}

function livePools(file: string): LivePool[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as { pools: (Omit<LivePool, "stackTag" | "children"> & { children?: LivePool["children"] })[] };
  return data.pools.map((p) => ({ ...p, children: p.children ?? {}, stackTag: p.raw.UserPoolTags?.[STACK_TAG] }));
}

function planOf(dir: string): Plan {
  const state = parseConfig("desired.yaml", readFileSync(join(dir, "desired.yaml")), {});
  const options: Options = existsSync(join(dir, "options.json")) ? (JSON.parse(readFileSync(join(dir, "options.json"), "utf8")) as Options) : {};
  const pools = livePools(join(dir, "live.json"));
  const live: LiveState = { regions: ["us-east-1"], pools };
  const match = matchPools(poolEntries(state, "us-east-1"), pools, { stack: state.stack, adopt: options.adopt ?? false });
  return buildPlan(state, live, match, { allowDestroy: options.allowDestroy ?? false, allowReplace: options.allowReplace ?? false }).plan;
}

function golden(file: string, actual: string) {
  if (update || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("markdown golden files", () => {
  for (const name of ["update-and-prune", "replace-sign-in", "prune-off-lists-unmanaged", "in-sync", "create-from-empty"]) {
    it(name, () => {
      const dir = join(root, name);
      golden(join(dir, "plan.md"), renderMarkdown(planOf(dir), { mode: "plan" }));
    });
  }

  it("update-and-prune as drift", () => {
    const dir = join(root, "update-and-prune");
    golden(join(dir, "drift.md"), renderMarkdown(planOf(dir), { mode: "drift" }));
  });
});

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
