import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { PlanError } from "../../src/core/errors.js";
import type { LiveIdentityPool, LiveIdentityState, LiveRole } from "../../src/core/identity-live-types.js";
import type { LivePool, LiveState } from "../../src/core/live-types.js";
import type { Plan } from "../../src/core/plan-types.js";
import { USER_POOL_MATCH } from "../../src/kinds/user-pool/plan.js";
import { IDENTITY_POOL_MATCH } from "../../src/kinds/identity-pool/plan.js";
import { buildPlan, type PlanInput } from "../../src/plan/build-plan.js";
import { resolveTargets } from "../../src/config/targets.js";
import { matchPools } from "../../src/plan/match-pools.js";
import { renderJson } from "../../src/render/json.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { renderText } from "../../src/render/text.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";
import { golden, updateCommand } from "../helpers/golden.js";

/**
 * Table-driven golden tests of the pure pipeline. Each directory under fixtures/plan is a case:
 * desired.yaml + live.json (+ options.json, + identity.json: identity pools and IAM roles as read,
 * shaped like LiveIdentityState) in, and the expected outputs:
 * - a case that plans holds all three renderings of the plan: plan.txt (text), plan.md (Markdown)
 *   and plan.json (JSON);
 * - a case the planner refuses (PlanError) holds error.txt only, the problems as the user sees
 *   them: there is no plan to render.
 * The cases in DRIFT_CASES also hold drift.md, the Markdown rendering in drift mode.
 *
 * The expected files are written only with UPDATE_GOLDEN=1 (a missing one fails with the command
 * that creates it); review the diff after writing them.
 */
const TEST_FILE = "test/unit/plan-golden.test.ts";
const root = join(import.meta.dirname, "fixtures", "plan");
const check = golden({ testFile: TEST_FILE });

const INPUTS = ["desired.yaml", "live.json"];
const OPTIONAL_INPUTS = ["options.json", "identity.json"];
const PLAN_OUTPUTS = ["plan.txt", "plan.md", "plan.json"];
const ERROR_OUTPUTS = ["error.txt"];
const DRIFT_CASES = new Set(["update-and-prune"]);

interface Options {
  adopt?: boolean;
  allowDestroy?: boolean;
  allowReplace?: boolean;
}

function livePools(file: string): LivePool[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as { pools: (Omit<LivePool, "stackTag" | "children"> & { children?: LivePool["children"] })[] };
  return data.pools.map((p) => ({ ...p, children: p.children ?? {}, stackTag: p.raw.UserPoolTags?.[STACK_TAG] }));
}

interface IdentityFile {
  identityPools: Omit<LiveIdentityPool, "stackTag">[];
  roles: Omit<LiveRole, "stackTag">[];
}

/** identity.json: the stack tag is read from the tags, as the live reader does. */
function liveIdentity(file: string): LiveIdentityState {
  const data = JSON.parse(readFileSync(file, "utf8")) as IdentityFile;
  return {
    identityPools: data.identityPools.map((p) => ({ ...p, stackTag: p.raw.IdentityPoolTags?.[STACK_TAG] })),
    roles: new Map(data.roles.map((r) => [r.name, { ...r, stackTag: r.raw.Tags?.find((t) => t.Key === STACK_TAG)?.Value }])),
  };
}

type Outcome = { plan: Plan } | { error: string };

function runCase(dir: string): Outcome {
  const state = parseConfig("desired.yaml", readFileSync(join(dir, "desired.yaml")), {});
  const options: Options = existsSync(join(dir, "options.json")) ? (JSON.parse(readFileSync(join(dir, "options.json"), "utf8")) as Options) : {};
  const pools = livePools(join(dir, "live.json"));
  const live: LiveState = { regions: ["us-east-1"], pools };
  const targets = resolveTargets(state, "us-east-1");
  const match = matchPools(targets.userPools, pools, { stack: state.stack, adopt: options.adopt ?? false, kind: USER_POOL_MATCH });
  const identityFile = join(dir, "identity.json");
  const input: PlanInput = { live, match };
  if (existsSync(identityFile) || state.identityPools.length > 0) {
    const identityLive = existsSync(identityFile) ? liveIdentity(identityFile) : { identityPools: [], roles: new Map<string, LiveRole>() };
    const identityMatch = matchPools(targets.identityPools, identityLive.identityPools, { stack: state.stack, adopt: options.adopt ?? false, kind: IDENTITY_POOL_MATCH });
    input.identity = identityLive;
    input.identityMatch = identityMatch;
  }
  try {
    const planOptions = { allowDestroy: options.allowDestroy ?? false, allowReplace: options.allowReplace ?? false, adopt: options.adopt ?? false, defaultRegion: targets.defaultRegion };
    return { plan: buildPlan(state, input, planOptions).plan };
  } catch (error) {
    if (error instanceof PlanError) return { error: `PlanError:\n${error.problems.join("\n")}\n` };
    throw error;
  }
}

const cases = readdirSync(root).sort();

describe("plan golden files", () => {
  // A floor on the number of cases: a whole case directory deleted by mistake fails too.
  it("has cases", () => expect(cases.length).toBeGreaterThanOrEqual(20));

  for (const name of cases) {
    const dir = join(root, name);
    // The pipeline is pure and fast: run it while collecting, so the outcome decides the files compared.
    let outcome: Outcome;
    try {
      outcome = runCase(dir);
    } catch (error) {
      it(name, () => {
        throw error;
      });
      continue;
    }
    describe(name, () => {
      if ("error" in outcome) {
        it("error.txt", () => check(join(dir, "error.txt"), outcome.error));
        return;
      }
      const plan = outcome.plan;
      it("plan.txt (text)", () => check(join(dir, "plan.txt"), renderText(plan, { color: false, mode: "plan" })));
      it("plan.md (Markdown)", () => check(join(dir, "plan.md"), renderMarkdown(plan, { mode: "plan" })));
      it("plan.json (JSON)", () => check(join(dir, "plan.json"), renderJson(plan, "plan")));
      if (DRIFT_CASES.has(name)) it("drift.md (Markdown, drift mode)", () => check(join(dir, "drift.md"), renderMarkdown(plan, { mode: "drift" })));
    });
  }
});

/**
 * The files each case must hold, checked from the directory listing itself, so that a deleted
 * expected file fails even if a comparison above were skipped or bypassed. Runs after the cases so
 * that an UPDATE_GOLDEN=1 run sees the files it just wrote.
 */
describe("plan fixture directories", () => {
  it("every case holds its inputs and the full set of expected outputs, and nothing else", () => {
    const problems: string[] = [];
    for (const name of cases) {
      const files = new Set(readdirSync(join(root, name)));
      const outputs = files.has("error.txt") ? ERROR_OUTPUTS : [...PLAN_OUTPUTS, ...(DRIFT_CASES.has(name) ? ["drift.md"] : [])];
      const expected = [...INPUTS, ...outputs];
      const missing = expected.filter((f) => !files.has(f));
      const extra = [...files].filter((f) => !expected.includes(f) && !OPTIONAL_INPUTS.includes(f));
      const anyOutput = [...ERROR_OUTPUTS, ...PLAN_OUTPUTS].some((f) => files.has(f));
      if (!anyOutput) problems.push(`${name}: holds no expected output (error.txt for a refused case; ${PLAN_OUTPUTS.join(", ")} otherwise); create it with: ${updateCommand(TEST_FILE)}`);
      else if (missing.length > 0) problems.push(`${name}: missing ${missing.join(", ")} (create the outputs with: ${updateCommand(TEST_FILE)})`);
      if (extra.length > 0) problems.push(`${name}: unexpected ${extra.join(", ")} (a refused case holds error.txt only; a planning case holds ${PLAN_OUTPUTS.join(", ")})`);
    }
    expect(problems).toEqual([]);
  });
});
