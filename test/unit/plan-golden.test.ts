import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { PlanError } from "../../src/core/errors.js";
import type { LivePool, LiveState } from "../../src/core/live-types.js";
import { buildPlan, poolEntries } from "../../src/plan/build-plan.js";
import { matchPools } from "../../src/plan/match-pools.js";
import { renderJson } from "../../src/render/json.js";
import { renderText } from "../../src/render/text.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";

/**
 * Table-driven golden tests of the pure pipeline: desired.yaml + live.json (+ options.json) ->
 * plan.txt (or error.txt). Run with UPDATE_GOLDEN=1 to rewrite the expected files after a
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

function runCase(dir: string): { text: string; json?: string } {
  const state = parseConfig("desired.yaml", readFileSync(join(dir, "desired.yaml")), {});
  const options: Options = existsSync(join(dir, "options.json")) ? (JSON.parse(readFileSync(join(dir, "options.json"), "utf8")) as Options) : {};
  const pools = livePools(join(dir, "live.json"));
  const live: LiveState = { regions: ["us-east-1"], pools };
  const match = matchPools(poolEntries(state, "us-east-1"), pools, { stack: state.stack, adopt: options.adopt ?? false });
  try {
    const { plan } = buildPlan(state, live, match, { allowDestroy: options.allowDestroy ?? false, allowReplace: options.allowReplace ?? false });
    return { text: renderText(plan, { color: false, mode: "plan" }), json: renderJson(plan, "plan") };
  } catch (error) {
    if (error instanceof PlanError) return { text: `PlanError:\n${error.problems.join("\n")}\n` };
    throw error;
  }
}

function golden(file: string, actual: string) {
  if (update || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("plan golden files", () => {
  const cases = readdirSync(root).sort();
  it("has cases", () => expect(cases.length).toBeGreaterThan(10));
  for (const name of cases) {
    it(name, () => {
      const dir = join(root, name);
      const result = runCase(dir);
      golden(join(dir, "plan.txt"), result.text);
      if (result.json !== undefined && existsSync(join(dir, "plan.json"))) golden(join(dir, "plan.json"), result.json);
    });
  }
});
