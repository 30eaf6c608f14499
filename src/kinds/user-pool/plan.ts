import type { AnyChildKind } from "../../core/child-kind.js";
import type { LivePool } from "../../core/live-types.js";
import type { Action, Change, FieldChange, UnmanagedResource } from "../../core/plan-types.js";
import type { Step, StepGuard, StepOperation } from "../../core/step.js";
import { createFields, diffFields } from "../../diff/field-diff.js";
import { withIgnoredFromLive } from "../../diff/ignore.js";
import { poolAddress } from "../../core/addresses.js";
import type { MatchedKind, PoolBinding } from "../../plan/match-pools.js";
import { orderChildren } from "../../plan/order.js";
import { planChildren } from "../../plan/plan-children.js";
import type { PlanOptions, TopKind, TopPlanContext, TopPlan } from "../../plan/top-kind.js";
import { STACK_TAG } from "../../schema/cognito-defaults.js";
import { isBelow, planNeeds, unmetNeeds, type FeaturePlanName } from "./feature-plan.js";
import { POOL_REPLACE_ON, poolSpecFromConfig, poolSpecFromLive, type PoolSpec } from "./model.js";

const USER_POOL = "userPool";

export const USER_POOL_MATCH: MatchedKind = { kind: USER_POOL, noun: "pool", fullNoun: "user pool" };

/**
 * User pools with everything inside them: each pool, then its children through the child kinds'
 * descriptors, ordered by what they reference; then the stack's pools gone from the file.
 */
function planUserPools({ state, input, options }: TopPlanContext, childKinds: readonly AnyChildKind[]): TopPlan {
  const { match } = input;
  const problems = [...match.problems];
  const steps: Step[] = [];
  const unmanaged: UnmanagedResource[] = [];
  const warnings: string[] = [];
  for (const binding of match.bindings) {
    const poolStep = planPool(binding, state.stack, options, problems);
    steps.push(poolStep);
    // In registry order, each kind seeing the steps of the kinds before it (an owned kind, its owners').
    const children: ReturnType<typeof planChildren>[] = [];
    for (const kind of childKinds) {
      const earlier = children.flatMap((c) => c.steps);
      children.push(kind.use((typed) => planChildren(binding, poolStep, typed, problems, options.allowDestroy, earlier)));
    }
    steps.push(...orderChildren(poolStep, children.flatMap((c) => c.steps), childKinds));
    unmanaged.push(...children.flatMap((c) => c.unmanaged));
    warnings.push(...children.flatMap((c) => c.warnings));
  }
  for (const orphan of match.orphans) {
    const address = poolAddress(orphan.name);
    if (!options.allowDestroy) {
      unmanaged.push({ address, kind: USER_POOL, reason: `carries stack tag "${state.stack}" but is not in the file; run with --allow-destroy to delete it` });
      continue;
    }
    if (orphan.raw.DeletionProtection === "ACTIVE") {
      problems.push(`${address}: cannot delete ${orphan.id}: deletion protection is on; put the pool back in the file with deletionProtection: false, apply, then remove it`);
      continue;
    }
    const change: Change = { address, kind: USER_POOL, action: "delete", reason: `not in the file (pool ${orphan.id}, with its groups and users)`, fields: [] };
    steps.push({
      kind: USER_POOL,
      region: orphan.region,
      dependsOn: [],
      live: orphan,
      liveSpec: poolSpecFromLive(orphan.raw, orphan.mfa),
      liveId: orphan.id,
      ...arnOf(orphan),
      guards: poolGuards(change, orphan, undefined),
      operation: poolOperation(orphan.region, "delete", undefined, orphan, []),
      change,
    });
  }
  return { steps, unmanaged, problems, warnings, declared: state.userPools.length, orphans: match.orphans.length };
}

/** The user pool kind, with the kinds that live in its pools. */
export function userPoolKind(childKinds: readonly AnyChildKind[]): TopKind {
  return { kind: USER_POOL, matched: USER_POOL_MATCH, plan: (context) => planUserPools(context, childKinds) };
}

const arnOf = (live: LivePool) => (live.raw.Arn !== undefined ? { liveArn: live.raw.Arn } : {});

/** What apply refuses about a pool change: users lost, deletion protection in the way. */
function poolGuards(change: Change, live: LivePool, desired: PoolSpec | undefined): StepGuard[] {
  const users = live.raw.EstimatedNumberOfUsers ?? 0;
  const guards: StepGuard[] = [];
  if (change.action === "replace") {
    if (users > 0) guards.push({ allowedBy: "allowDestroy", message: `replacing deletes pool ${live.id} and its ${users} users; add --allow-destroy as well to accept that` });
    if (live.raw.DeletionProtection === "ACTIVE" && desired?.deletionProtection !== false) {
      guards.push({ message: `replacing deletes pool ${live.id}, which has deletion protection on; set deletionProtection: false in the file to allow it` });
    }
  }
  if (change.action === "delete" && users > 0) guards.push({ allowedBy: "allowDestroy", message: `deleting pool ${live.id} deletes its ${users} users; run with --allow-destroy` });
  return guards;
}

/** Carries out a pool change; a new pool's id is returned for the steps inside it. */
function poolOperation(region: string, action: Action, desired: PoolSpec | undefined, live: LivePool | undefined, fields: FieldChange[]): StepOperation {
  return async ({ aws, stack }) => {
    const { createPool, deletePool, disableDeletionProtection, updatePool } = await import("./aws.js");
    const idp = aws.idp(region);
    const spec = (): PoolSpec => {
      if (desired === undefined) throw new Error(`user pool: nothing to ${action} from`);
      return desired;
    };
    const existing = (): LivePool => {
      if (live === undefined) throw new Error("user pool: no live pool to change");
      return live;
    };
    switch (action) {
      case "create": {
        const id = await createPool(idp, spec(), stack);
        return { detail: id, id };
      }
      case "update":
        return { detail: (await updatePool(idp, existing(), spec(), fields, stack)).join(", ") };
      case "replace": {
        const old = existing();
        if (old.raw.DeletionProtection === "ACTIVE") await disableDeletionProtection(idp, old, stack);
        await deletePool(idp, old.raw);
        const id = await createPool(idp, spec(), stack);
        return { detail: `${old.id} -> ${id}`, id };
      }
      case "delete":
        await deletePool(idp, existing().raw);
        return { detail: existing().id };
      case "no-op":
        return { detail: "" };
    }
  };
}

const CUSTOM_ATTRIBUTE = /^attributes\.custom\.([^.]+)(\.|$)/;

/** A custom attribute that is new is added in place; any other change to one cannot be made. */
function isCustomAttributeAddition(field: FieldChange): boolean {
  return CUSTOM_ATTRIBUTE.test(field.path) && field.before === undefined && !field.path.slice("attributes.custom.".length).includes(".");
}

function planPool(binding: PoolBinding, stack: string, options: PlanOptions, problems: string[]): Step {
  const address = poolAddress(binding.desired.name);
  const desired = poolSpecFromConfig(binding.desired);
  const { live } = binding;
  const base = { kind: USER_POOL, region: binding.region, dependsOn: [] };
  if (!live) {
    const fields = createFields(desired);
    return { ...base, desired, operation: poolOperation(binding.region, "create", desired, undefined, fields), change: { address, kind: USER_POOL, action: "create", reason: "not found in AWS", fields } };
  }
  const liveSpec = poolSpecFromLive(live.raw, live.mfa);
  problems.push(...featurePlanProblems(address, desired, liveSpec));
  const effective = withIgnoredFromLive(desired, liveSpec, binding.desired.ignoreChanges);
  const fields = diffFields(effective, liveSpec, {
    ignore: binding.desired.ignoreChanges,
    replaceOn: POOL_REPLACE_ON,
  });
  const immutableCustom = fields.filter((f) => CUSTOM_ATTRIBUTE.test(f.path) && !isCustomAttributeAddition(f));
  if (options.allowReplace) {
    for (const field of immutableCustom) field.forcesReplacement = true;
  } else {
    // One line per attribute, whatever number of its properties changed.
    const byName = new Map<string, FieldChange[]>();
    for (const field of immutableCustom) {
      const name = CUSTOM_ATTRIBUTE.exec(field.path)?.[1] ?? "";
      byName.set(name, [...(byName.get(name) ?? []), field]);
    }
    for (const [name, changed] of byName) {
      const removed = changed.every((f) => f.after === undefined) && changed.some((f) => f.path === `attributes.custom.${name}`);
      // A type change explains the rest (its constraints change with it); otherwise what the file wrote.
      const type = changed.filter((f) => f.path.endsWith(".type"));
      const written = type.length > 0 ? type : changed.filter((f) => f.after !== undefined);
      const what = removed
        ? "removed"
        : `changed (${(written.length > 0 ? written : changed).map((f) => `${f.path.slice(`attributes.custom.${name}.`.length)}: ${JSON.stringify(f.before ?? null)} -> ${JSON.stringify(f.after ?? null)}`).join(", ")})`;
      problems.push(
        `${address}: custom attribute "${name}" cannot be ${what}: Cognito allows only adding custom attributes. Restore its definition, or run with --allow-replace to rebuild the pool (its users are deleted)`,
      );
    }
  }
  if (binding.adopt) {
    fields.push({ path: `tags.${STACK_TAG}`, before: undefined, after: stack, sensitive: false, forcesReplacement: false });
  }
  const liveUsers = live.raw.EstimatedNumberOfUsers ?? 0;
  const forcing = fields.filter((f) => f.forcesReplacement);
  const change: Change = { address, kind: USER_POOL, action: "no-op", reason: "in sync", fields: [] };
  if (forcing.length > 0) {
    change.action = "replace";
    change.reason = `${forcing.map((f) => f.path).join(", ")} cannot change on an existing pool (pool ${live.id}${liveUsers > 0 ? `, ${liveUsers} users lost` : ""})`;
    // A pinned entry would otherwise point at the deleted pool from then on.
    if (binding.desired.id !== undefined) change.reason += `; the new pool gets a new id: after apply, replace id: ${live.id} in the file with the id apply prints`;
    change.fields = fields;
  } else if (fields.length > 0) {
    change.action = "update";
    change.reason = binding.adopt ? `adopting pool ${live.id} into stack "${stack}"` : `pool ${live.id}`;
    change.fields = fields;
  }
  // A section the file leaves out is not managed, so the new pool of a replacement keeps the live
  // pool's (its sign-in settings, triggers, MFA...) instead of falling back to Cognito's defaults.
  const toApply = change.action === "replace" ? withUnmanagedFromLive(effective, liveSpec) : effective;
  return {
    ...base,
    desired: toApply,
    live,
    liveSpec,
    liveId: live.id,
    ...arnOf(live),
    guards: poolGuards(change, live, toApply),
    operation: poolOperation(binding.region, change.action, toApply, live, change.fields),
    change,
  };
}

/**
 * A downgrade of the pool's plan (the file's featurePlan below the live one) must still allow what
 * the pool keeps using: the live settings the file leaves out (the file's own are checked offline
 * by validate). Refused here, before any call, rather than by AWS half-way through. Settings above
 * a plan the file does not change are left to AWS: pools that used threat protection before
 * feature plans existed keep it on lower plans.
 */
function featurePlanProblems(address: string, desired: PoolSpec, live: PoolSpec): string[] {
  const plan = desired.featurePlan;
  if (plan === undefined || live.featurePlan === undefined || !isBelow(plan, live.featurePlan as FeaturePlanName)) return [];
  const declared = new Set(Object.keys(desired));
  const kept = planNeeds(live, true).filter((need) => !declared.has(need.path.split(".")[0]!));
  return unmetNeeds(plan, kept).map(
    (need) => `${address}: featurePlan ${live.featurePlan} -> ${plan} does not allow ${need.setting}, which the pool has live and the file leaves out (it needs ${need.plan}); turn it off in the file first, or keep featurePlan ${need.plan}`,
  );
}

function withUnmanagedFromLive(desired: PoolSpec, live: PoolSpec): PoolSpec {
  const declared = new Set(Object.entries(desired).flatMap(([key, value]) => (value === undefined ? [] : [key])));
  const carried = Object.fromEntries(Object.entries(live).filter(([key]) => !declared.has(key)));
  return { ...carried, ...desired };
}

