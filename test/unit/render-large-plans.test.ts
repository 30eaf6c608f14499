import type { UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { summarise, type Change, type Plan } from "../../src/core/plan-types.js";
import type { LivePool } from "../../src/core/live-types.js";
import { liveUserOf, type LiveUser } from "../../src/kinds/user/model.js";
import { namingFromLive } from "../../src/kinds/user/naming.js";
import { USER_POOL_MATCH } from "../../src/kinds/user-pool/plan.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { resolveTargets } from "../../src/config/targets.js";
import { matchPools } from "../../src/plan/match-pools.js";
import { renderJson } from "../../src/render/json.js";
import { MARKDOWN_MAX_LENGTH, renderMarkdown } from "../../src/render/markdown.js";
import { renderText } from "../../src/render/text.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";

/**
 * Plans a reviewer can read at any size: identical changes grouped, long lists folded, Markdown cut
 * between whole blocks so that what GitHub shows is still balanced HTML.
 */

const POOL = "userPool.P";
const name = (i: number) => `user-${String(i).padStart(4, "0")}@example.com`;

function planOf(changes: Change[], unmanaged: Plan["unmanaged"] = []): Plan {
  return { formatVersion: 1, stack: "app-prod", changes, unmanaged, summary: summarise(changes) };
}

/** `count` users whose custom:tenant changes; the same value for all unless `distinct`. */
function tenantChange(count: number, distinct = false): Plan {
  const pool: Change = { address: POOL, kind: "userPool", action: "no-op", reason: "in sync", fields: [] };
  const users = Array.from({ length: count }, (_, i): Change => ({
    address: `${POOL}/user.${name(i)}`,
    kind: "user",
    action: "update",
    reason: "differs",
    parent: POOL,
    fields: [{ path: "attributes.custom:tenant", before: "a", after: distinct ? `tenant-${i}` : "b", sensitive: false, forcesReplacement: false }],
  }));
  return planOf([pool, ...users]);
}

const md = new MarkdownIt({ html: true });

/** The rendered HTML's <details> tags, in order: every open one must be closed, none nested wrongly. */
function detailsBalance(html: string): { balanced: boolean; opened: number } {
  let depth = 0;
  let opened = 0;
  for (const tag of html.matchAll(/<(\/?)details\b/g)) {
    if (tag[1] === "/") depth -= 1;
    else {
      depth += 1;
      opened += 1;
    }
    if (depth < 0) return { balanced: false, opened };
  }
  return { balanced: depth === 0, opened };
}

describe("300 users with one identical change", () => {
  const plan = tenantChange(300);

  it("text shows the change once, with 20 names and a count, in under 60 lines", () => {
    const text = renderText(plan, { color: false, mode: "plan" });
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBeLessThan(60);
    expect(text).toContain('  ~ 300 users  (update: differs)\n      attributes.custom:tenant: "a" -> "b"\n');
    expect(text).toContain(`      ${POOL}/user.${name(19)}\n      ... and 280 more\n`);
    expect(text).not.toContain(name(20));
    expect(text).toContain("Plan: 0 to create, 300 to update, 0 to replace, 0 to delete.");
  });

  it("Markdown is one table row and one folded diff, far under the limit, with the table intact", () => {
    const markdown = renderMarkdown(plan, { mode: "plan" });
    expect(markdown.length).toBeLessThan(MARKDOWN_MAX_LENGTH);
    expect(markdown).toContain("| Action | Resource | Reason |\n| --- | --- | --- |\n| `~ update` | 300 users in `userPool.P` | differs |\n");
    expect(markdown).not.toContain("Cut to fit");
    const html = md.render(markdown);
    expect(detailsBalance(html)).toEqual({ balanced: true, opened: 1 });
    expect(html).toContain("<table>");
    expect(html).toContain("and 280 more");
  });

  it("JSON keeps every change, ungrouped", () => {
    const document = JSON.parse(renderJson(plan, "plan")) as { changes: { address: string; fields: unknown[] }[] };
    expect(document.changes.filter((c) => c.address.includes("/user.")).length).toBe(300);
    expect(document.changes[300]!.fields).toEqual([{ path: "attributes.custom:tenant", before: "a", after: "b", sensitive: false, forcesReplacement: false }]);
  });

  it("two identical changes are not a group", () => {
    const text = renderText(tenantChange(2), { color: false, mode: "plan" });
    expect(text).toContain(`  ~ ${POOL}/user.${name(0)}  (update: differs)`);
    expect(text).not.toContain("2 users");
  });
});

describe("3,000 users, each with its own change", () => {
  const plan = tenantChange(3000, true);
  const markdown = renderMarkdown(plan, { mode: "plan" });
  const html = md.render(markdown);

  it("is cut under the limit, between whole blocks", () => {
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    // Fences come in pairs: the cut never falls in a code block.
    expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it("renders through markdown-it with every <details> closed and the notice outside them", () => {
    const balance = detailsBalance(html);
    expect(balance.balanced).toBe(true);
    expect(balance.opened).toBeGreaterThan(10);
    const notice = html.lastIndexOf("Cut to fit 65536 characters");
    expect(notice).toBeGreaterThan(html.lastIndexOf("</details>"));
    expect(html.slice(notice)).toContain("saved plan");
    // The notice is a quote at the top level, not text inside an HTML block.
    expect(html).toMatch(/<blockquote>\s*<p><strong>Cut to fit 65536 characters:<\/strong> the details of \d+ more changes left out here\./);
  });

  it("keeps the verdict and the table first, with a row counting the changes it does not list", () => {
    expect(markdown.startsWith("### cognito-reconcile plan: stack `app-prod`\n\n**Plan:** 0 to create, 3000 to update, 0 to replace, 0 to delete.\n\n| Action |")).toBe(true);
    expect(markdown).toContain("| | and 2900 more changes | not listed in this table |");
    expect(html.match(/<tr>/g)?.length).toBe(102);
  });

  it("honours a smaller --max-length", () => {
    const small = renderMarkdown(plan, { mode: "drift", maxLength: 5000 });
    expect(small.length).toBeLessThanOrEqual(5000);
    expect(detailsBalance(md.render(small)).balanced).toBe(true);
    expect(small).toContain("drift --format json");
  });
});

describe("unmanaged resources", () => {
  const POOL_ID = "us-east-1_Users1";
  function liveUser(username: string, raw: UserPoolType): LiveUser {
    const user = { Username: username, Attributes: [{ Name: "email", Value: username }], Enabled: true, UserStatus: "CONFIRMED" as const };
    const naming = namingFromLive(raw);
    return liveUserOf(user, [], naming);
  }
  const raw: UserPoolType = { Id: POOL_ID, Name: "P", UserPoolTags: { [STACK_TAG]: "s" }, DeletionProtection: "INACTIVE" };
  const pool: LivePool = {
    id: POOL_ID,
    name: "P",
    region: "us-east-1",
    raw,
    stackTag: "s",
    children: { user: Array.from({ length: 500 }, (_, i) => liveUser(`live-${String(i).padStart(3, "0")}`, raw)) },
  };
  const state = parseConfig("f.yaml", Buffer.from("version: 1\nstack: s\nregion: us-east-1\nuserPools:\n  - name: P\n    users: []\n"), {});
  const match = matchPools(resolveTargets(state, "us-east-1").userPools, [pool], { stack: "s", adopt: false, kind: USER_POOL_MATCH });
  const { plan } = buildPlan(state, { live: { regions: ["us-east-1"], pools: [pool] }, match }, { allowDestroy: false, allowReplace: false, defaultRegion: "us-east-1" });

  it("the plan keeps every one, and JSON lists them all", () => {
    expect(plan.unmanaged).toHaveLength(500);
    expect(plan.unmanaged.every((u) => !u.address.endsWith(".*"))).toBe(true);
    expect((JSON.parse(renderJson(plan, "plan")) as { unmanaged: unknown[] }).unmanaged).toHaveLength(500);
  });

  it("text and Markdown list 20 and count the rest", () => {
    const text = renderText(plan, { color: false, mode: "plan" });
    expect(text.split("\n").filter((l) => l.startsWith("  ? ")).length).toBe(21);
    expect(text).toContain("  ? userPool.P/user.*  (and 480 more users not in the file; kept because prune.users is false)");
    const markdown = renderMarkdown(plan, { mode: "plan" });
    expect(markdown).toContain("- `userPool.P/user.*`: and 480 more users not in the file; kept because prune.users is false");
  });
});
