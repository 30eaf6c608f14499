import { PlanError } from "../core/errors.js";
import { summarise, type Plan, type UnmanagedResource } from "../core/plan-types.js";
import type { Step } from "../core/step.js";
import { TOP_KINDS } from "../kinds/registry.js";
import type { DesiredState } from "../schema/root.js";
import type { PlanInput, PlanOptions } from "./top-kind.js";

export type { PlanInput, PlanOptions } from "./top-kind.js";

export interface BuiltPlan {
  plan: Plan;
  steps: Step[];
}

/**
 * The pure heart of the tool: desired state + live state -> the changes that make live equal to the
 * file. One pass over the top-level kinds, in registry order (a kind may name what earlier ones
 * plan). Throws PlanError when the file cannot be reconciled as asked (the problems list says why).
 */
export function buildPlan(state: DesiredState, input: PlanInput, options: PlanOptions): BuiltPlan {
  const problems: string[] = [];
  const steps: Step[] = [];
  const unmanaged: UnmanagedResource[] = [];
  const warnings: string[] = [];
  let declared = 0;
  let owned = 0;
  for (const kind of TOP_KINDS) {
    const planned = kind.plan({ state, input, options, earlier: steps });
    problems.push(...planned.problems);
    steps.push(...planned.steps);
    unmanaged.push(...planned.unmanaged);
    warnings.push(...(planned.warnings ?? []));
    declared += planned.declared;
    owned += planned.orphans;
  }
  if (declared === 0 && owned > 0 && !options.allowDestroy) {
    // An empty file is far more often a wrong path or a failed template than a wish to delete
    // everything; say so instead of planning as if the stack were meant to be empty.
    problems.push(
      `${state.stack}: the file declares no pools, but the stack owns ${owned} live pool${owned === 1 ? "" : "s"}; an empty file is refused unless you mean it: run with --allow-destroy to plan their deletion`,
    );
  }
  if (problems.length > 0) throw new PlanError(problems);
  const changes = steps.map((s) => s.change);
  const plan: Plan = { formatVersion: 1, stack: state.stack, changes, unmanaged, summary: summarise(changes), ...(warnings.length > 0 ? { warnings } : {}) };
  return { plan, steps };
}
