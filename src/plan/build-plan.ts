import { PlanError } from "../core/errors.js";
import type { LiveState } from "../core/live-types.js";
import { summarise, type Change, type FieldChange, type Plan, type UnmanagedResource } from "../core/plan-types.js";
import { createFields, diffFields } from "../diff/field-diff.js";
import { withIgnoredFromLive } from "../diff/ignore.js";
import { CHILD_KINDS } from "../kinds/registry.js";
import { POOL_REPLACE_ON, poolSpecFromConfig, poolSpecFromLive, type PoolSpec } from "../kinds/user-pool/model.js";
import { STACK_TAG } from "../schema/cognito-defaults.js";
import type { DesiredState } from "../schema/root.js";
import { resolveTargets } from "../config/targets.js";
import { childAddress, poolAddress } from "./addresses.js";
import { childOperation, type ChildKind } from "../core/child-kind.js";
import { orderChildren } from "./order.js";
import type { Match, PoolBinding, PoolMatch } from "./match-pools.js";
import type { LiveIdentityPool, LiveIdentityState } from "../core/identity-live-types.js";
import type { IdentityPoolConfig } from "../schema/identity-pool.js";
import { planIdentityPools } from "./identity-plan.js";
import type { ChildStep, PoolStep, Step } from "./steps.js";

export interface PlanOptions {
  allowDestroy: boolean;
  allowReplace: boolean;
  adopt?: boolean;
  /** The region pools live in when neither the pool nor the file names one. */
  defaultRegion: string;
}

export interface IdentityInput {
  match: Match<IdentityPoolConfig, LiveIdentityPool>;
  live: LiveIdentityState;
}

export interface BuiltPlan {
  plan: Plan;
  steps: Step[];
}

/**
 * The pure heart of the tool: desired state + live state -> the changes that make live equal to the
 * file. Throws PlanError when the file cannot be reconciled as asked (the problems list says why).
 */
export function buildPlan(state: DesiredState, live: LiveState, match: PoolMatch, options: PlanOptions, identity?: IdentityInput): BuiltPlan {
  const problems = [...match.problems];
  const steps: Step[] = [];
  const unmanaged: UnmanagedResource[] = [];

  for (const binding of match.bindings) {
    const poolStep = planPool(binding, state.stack, options, problems);
    steps.push(poolStep);
    const children = CHILD_KINDS.map((kind) => kind.use((typed) => planChildren(binding, poolStep, typed, problems, options.allowDestroy)));
    steps.push(...orderChildren(poolStep, children.flatMap((c) => c.steps), CHILD_KINDS));
    unmanaged.push(...children.flatMap((c) => c.unmanaged));
  }

  const declaresNothing = state.userPools.length === 0 && state.identityPools.length === 0;
  const owned = match.orphans.length + (identity?.match.orphans.length ?? 0);
  if (declaresNothing && owned > 0 && !options.allowDestroy) {
    // An empty file is far more often a wrong path or a failed template than a wish to delete
    // everything; say so instead of planning as if the stack were meant to be empty.
    problems.push(
      `${state.stack}: the file declares no pools, but the stack owns ${owned} live pool${owned === 1 ? "" : "s"}; an empty file is refused unless you mean it: run with --allow-destroy to plan their deletion`,
    );
  }
  for (const orphan of match.orphans) {
    const address = poolAddress(orphan.name);
    if (!options.allowDestroy) {
      unmanaged.push({ address, kind: "userPool", reason: `carries stack tag "${state.stack}" but is not in the file; run with --allow-destroy to delete it` });
      continue;
    }
    if (orphan.raw.DeletionProtection === "ACTIVE") {
      problems.push(`${address}: cannot delete ${orphan.id}: deletion protection is on; put the pool back in the file with deletionProtection: false, apply, then remove it`);
      continue;
    }
    steps.push({
      kind: "userPool",
      region: orphan.region,
      dependsOn: [],
      live: orphan,
      liveUsers: orphan.raw.EstimatedNumberOfUsers ?? 0,
      change: { address, kind: "userPool", action: "delete", reason: `not in the file (pool ${orphan.id}, with its groups and users)`, fields: [] },
    });
  }

  if (identity) {
    // Ownership first, as for user pools: which identity pool is which, then what changes.
    problems.push(...identity.match.problems);
    const targets = resolveTargets(state, options.defaultRegion);
    const planned = planIdentityPools(
      {
        stack: state.stack,
        match: identity.match,
        live: identity.live,
        userPoolSteps: steps,
        regionOf: targets.regionOfUserPool,
        allowDestroy: options.allowDestroy,
        adopt: options.adopt ?? false,
      },
      problems,
    );
    steps.push(...planned.steps);
    unmanaged.push(...planned.unmanaged);
  }

  if (problems.length > 0) throw new PlanError(problems);
  const changes = steps.map((s) => s.change);
  return { plan: { formatVersion: 1, stack: state.stack, changes, unmanaged, summary: summarise(changes) }, steps };
}

const CUSTOM_ATTRIBUTE = /^attributes\.custom\.([^.]+)(\.|$)/;

/** A custom attribute that is new is added in place; any other change to one cannot be made. */
function isCustomAttributeAddition(field: FieldChange): boolean {
  return CUSTOM_ATTRIBUTE.test(field.path) && field.before === undefined && !field.path.slice("attributes.custom.".length).includes(".");
}

function planPool(binding: PoolBinding, stack: string, options: PlanOptions, problems: string[]): PoolStep {
  const address = poolAddress(binding.desired.name);
  const desired = poolSpecFromConfig(binding.desired);
  const { live } = binding;
  const base = { kind: "userPool" as const, region: binding.region, dependsOn: [] };
  if (!live) {
    const fields = createFields(desired as unknown as Record<string, unknown>);
    return { ...base, desired, liveUsers: 0, change: { address, kind: "userPool", action: "create", reason: "not found in AWS", fields } };
  }
  const liveSpec = poolSpecFromLive(live.raw, live.mfa);
  const effective = withIgnoredFromLive(desired, liveSpec, binding.desired.ignoreChanges);
  const fields = diffFields(effective as unknown as Record<string, unknown>, liveSpec as unknown as Record<string, unknown>, {
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
  const change: Change = { address, kind: "userPool", action: "no-op", reason: "in sync", fields: [] };
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
  return { ...base, desired: toApply, live, liveUsers, change };
}

function withUnmanagedFromLive(desired: PoolSpec, live: PoolSpec): PoolSpec {
  const carried = Object.fromEntries(Object.entries(live).filter(([key]) => (desired as unknown as Record<string, unknown>)[key] === undefined));
  return { ...carried, ...desired } as PoolSpec;
}

/** Plans every child kind of one pool: create, update, replace, prune or list as unmanaged. */
function planChildren<Spec extends object, Live>(
  binding: PoolBinding,
  poolStep: PoolStep,
  kind: ChildKind<Spec, Live>,
  problems: string[],
  allowDestroy: boolean,
): { steps: ChildStep[]; unmanaged: UnmanagedResource[] } {
  const declared = kind.declared(binding.desired, binding.live);
  if (declared === undefined) return { steps: [], unmanaged: [] };
  const poolName = binding.desired.name;
  const pool = poolAddress(poolName);
  const freshPool = poolStep.change.action === "create" || poolStep.change.action === "replace";
  const liveChildren = freshPool ? [] : (binding.live?.children[kind.kind] ?? []).filter(kind.isLive).filter((c) => !kind.isForeign?.(c));
  problems.push(...(kind.liveProblems?.(binding.desired, freshPool ? undefined : binding.live) ?? []).map((p) => `${pool}: ${p}`));
  const liveByName = new Map<string, Live>();
  for (const child of liveChildren) {
    for (const name of kind.liveNames?.(child) ?? [kind.liveName(child)]) {
      if (liveByName.has(name) && liveByName.get(name) !== child) {
        problems.push(`${childAddress(poolName, kind.kind, name)}: more than one live ${kind.kind} of pool ${binding.live?.id} is named "${name}", so the file cannot tell them apart; delete or rename the extra one in AWS`);
      }
      liveByName.set(name, child);
    }
  }
  const base = { kind: kind.kind, region: binding.region, poolAddress: pool, dependsOn: [], sensitive: kind.sensitive, ...(kind.irreversibleDelete ? { irreversibleDelete: kind.irreversibleDelete } : {}) };
  // What a step keeps of its live child; the live spec is the one the diff started from.
  const known = (live: Live, liveSpec: Spec = kind.liveSpec(live)) => {
    const id = kind.idOf?.(live);
    return { live, liveSpec, ...(id !== undefined ? { liveId: id } : {}) };
  };
  const matched = new Set<Live>();
  const steps: ChildStep[] = declared.map(({ name, key = name, formerKeys = [], nameField = "name", spec, ignore = [] }) => {
    const address = childAddress(poolName, kind.kind, name);
    // A renamed child is found by a former name only while its new name is not live yet.
    const former = liveByName.has(key) ? undefined : formerKeys.find((k) => liveByName.has(k));
    const live = liveByName.get(former ?? key);
    if (live === undefined) {
      const reason = freshPool ? `pool is being ${poolStep.change.action === "create" ? "created" : "replaced"}` : "not found in the pool";
      const conflict = binding.live && !freshPool ? kind.createConflict?.(spec, liveChildren, binding.live) : undefined;
      if (conflict) problems.push(`${address}: cannot create: ${conflict}`);
      const fields = createFields(spec, { sensitive: kind.sensitive });
      return { ...base, desired: spec, operation: childOperation(kind, "create", spec, undefined, fields), change: { address, kind: kind.kind, action: "create", reason, fields, parent: pool } };
    }
    matched.add(live);
    const fullLiveSpec = kind.liveSpec(live);
    const liveSpec = kind.project ? kind.project(fullLiveSpec, spec) : fullLiveSpec;
    const effective = withIgnoredFromLive(spec, liveSpec, ignore);
    const fields = diffFields(effective, liveSpec, { replaceOn: kind.replaceOn, sensitive: kind.sensitive, ignore });
    if (former !== undefined) fields.unshift({ path: nameField, before: kind.liveName(live), after: name, sensitive: false, forcesReplacement: false });
    const forcing = fields.filter((f) => f.forcesReplacement);
    const action = forcing.length > 0 ? "replace" : fields.length > 0 ? "update" : "no-op";
    const forced = `${forcing.map((f) => f.path).join(", ")} cannot change in place`;
    const reason =
      action === "replace" ? (kind.replaceConsequence ? `${forced}: ${kind.replaceConsequence}` : forced) : former !== undefined ? `renamed from ${kind.liveName(live)}` : action === "update" ? "differs" : "in sync";
    return { ...base, desired: effective, ...known(live, fullLiveSpec), operation: childOperation(kind, action, effective, live, fields), change: { address, kind: kind.kind, action, reason, fields, parent: pool } };
  });
  const unmanaged: UnmanagedResource[] = [];
  const prune = kind.prune(binding.desired);
  const strays = liveChildren.filter((c) => !matched.has(c));
  for (const stray of strays) {
    const address = childAddress(poolName, kind.kind, kind.liveName(stray));
    if (prune.allowed) {
      steps.push({ ...base, ...known(stray), operation: childOperation(kind, "delete", undefined, stray, []), change: { address, kind: kind.kind, action: "delete", reason: `not in the file (${prune.setting})`, fields: [], parent: pool } });
    } else {
      // Every one is kept in the plan data (JSON lists them all); text and Markdown fold long runs.
      unmanaged.push({ address, kind: kind.kind, reason: `not in the file; kept because ${prune.setting} is false` });
    }
  }
  // An empty list deleting everything is refused; a singleton's (domain: null) means exactly that.
  if (prune.allowed && declared.length === 0 && strays.length > 0 && !allowDestroy && !kind.singleton) {
    problems.push(
      `${pool}: the file's ${kind.kind} list is empty, which would delete all ${strays.length} live ${kind.kind}s; run with --allow-destroy if that is meant, or set ${prune.setting}: false`,
    );
  }
  return { steps, unmanaged };
}
