import type { UnmanagedResource } from "../core/plan-types.js";
import type { Step } from "../core/step.js";
import { createFields, diffFields } from "../diff/field-diff.js";
import { withIgnoredFromLive } from "../diff/ignore.js";
import { childAddress, poolAddress } from "../core/addresses.js";
import { childOperation, type ChildKind } from "../core/child-kind.js";
import type { PoolBinding } from "./match-pools.js";

/** How a fresh parent (a pool or an owner being created or replaced) is said in a create's reason. */
const freshReason = (what: string, action: string) => `${what} is being ${action === "create" ? "created" : "replaced"}`;
const isFresh = (step: Step | undefined) => step?.change.action === "create" || step?.change.action === "replace";

/**
 * Plans every child kind of one pool: create, update, replace, prune or list as unmanaged.
 * `earlier` holds the steps already planned for the pool's other kinds: an owned kind finds its
 * owners' there.
 */
export function planChildren<Spec extends object, Live>(
  binding: PoolBinding,
  poolStep: Step,
  kind: ChildKind<Spec, Live>,
  problems: string[],
  allowDestroy: boolean,
  earlier: readonly Step[] = [],
): { steps: Step[]; unmanaged: UnmanagedResource[]; warnings: string[] } {
  const warnings = (kind.warnings?.(binding.desired, binding.live) ?? []).map((w) => `${poolAddress(binding.desired.name)}: ${w}`);
  const declared = kind.declared(binding.desired, binding.live);
  if (declared === undefined) return { steps: [], unmanaged: [], warnings };
  const poolName = binding.desired.name;
  const pool = poolAddress(poolName);
  const freshPool = isFresh(poolStep);
  const owner = kind.owner;
  const ownerAddress = (name: string) => (owner ? childAddress(poolName, owner.kind, name) : undefined);
  const ownerStep = (name: string) => earlier.find((s) => s.change.address === ownerAddress(name));
  // An owned kind manages the children of owners whose entry has its section and that stay: the
  // children of a new or replaced owner are new with it, and a deleted owner's go with it.
  const managedOwners = new Set(owner?.manages(binding.desired) ?? []);
  const ownerStays = (name: string) => managedOwners.has(name) && ownerStep(name) !== undefined && !isFresh(ownerStep(name)) && ownerStep(name)?.change.action !== "delete";
  const liveChildren = freshPool
    ? []
    : (binding.live?.children[kind.kind] ?? [])
        .filter(kind.isLive)
        .filter((c) => !kind.isForeign?.(c))
        .filter((c) => owner === undefined || ownerStays(owner.of(c)));
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
  const whereOf = (ownerName: string | undefined) => {
    const address = ownerName !== undefined ? ownerAddress(ownerName) : undefined;
    return { region: binding.region, poolAddress: pool, ...(address !== undefined ? { ownerAddress: address } : {}) };
  };
  const base = { kind: kind.kind, region: binding.region, poolAddress: pool, dependsOn: [], sensitive: kind.sensitive, ...(kind.irreversibleDelete ? { irreversibleDelete: kind.irreversibleDelete } : {}) };
  // What a step keeps of its live child; the live spec is the one the diff started from.
  const known = (live: Live, liveSpec: Spec = kind.liveSpec(live)) => {
    const id = kind.idOf?.(live);
    return { live, liveSpec, ...(id !== undefined ? { liveId: id } : {}) };
  };
  const matched = new Set<Live>();
  const planned = declared.filter((child) => !(child.followsLiveOwner && child.owner !== undefined && !ownerStays(child.owner)));
  const steps: Step[] = planned.map(({ name, key = name, formerKeys = [], nameField = "name", owner: ownerName, createReason, spec, ignore = [] }) => {
    const address = childAddress(poolName, kind.kind, name);
    const where = whereOf(ownerName);
    // A renamed child is found by a former name only while its new name is not live yet.
    const former = liveByName.has(key) ? undefined : formerKeys.find((k) => liveByName.has(k));
    const live = liveByName.get(former ?? key);
    if (live === undefined) {
      const freshOwner = ownerName !== undefined ? ownerStep(ownerName) : undefined;
      const reason = freshPool
        ? freshReason("pool", poolStep.change.action)
        : freshOwner && isFresh(freshOwner)
          ? freshReason(`${owner?.kind} ${ownerName}`, freshOwner.change.action)
          : (createReason ?? "not found in the pool");
      const conflict = binding.live && !freshPool ? kind.createConflict?.(spec, liveChildren, binding.live) : undefined;
      if (conflict) problems.push(`${address}: cannot create: ${conflict}`);
      const fields = createFields(spec, { sensitive: kind.sensitive });
      return { ...base, desired: spec, operation: childOperation(kind, where, "create", spec, undefined, fields), change: { address, kind: kind.kind, action: "create", reason, fields, parent: pool } };
    }
    matched.add(live);
    const fullLiveSpec = kind.liveSpec(live);
    const liveSpec = kind.project ? kind.project(fullLiveSpec, spec) : fullLiveSpec;
    const effective = withIgnoredFromLive(spec, liveSpec, ignore);
    const fields = diffFields(effective, liveSpec, { replaceOn: kind.replaceOn, sensitive: kind.sensitive, ignore });
    for (const field of fields) if (kind.replaceWhen?.(field, effective)) field.forcesReplacement = true;
    if (former !== undefined) fields.unshift({ path: nameField, before: kind.liveName(live), after: name, sensitive: false, forcesReplacement: false });
    const forcing = fields.filter((f) => f.forcesReplacement);
    const action = forcing.length > 0 ? "replace" : fields.length > 0 ? "update" : "no-op";
    const forced = `${forcing.map((f) => f.path).join(", ")} cannot change in place`;
    const reason =
      action === "replace" ? (kind.replaceConsequence ? `${forced}: ${kind.replaceConsequence}` : forced) : former !== undefined ? `renamed from ${kind.liveName(live)}` : action === "update" ? "differs" : "in sync";
    return { ...base, desired: effective, ...known(live, fullLiveSpec), operation: childOperation(kind, where, action, effective, live, fields), change: { address, kind: kind.kind, action, reason, fields, parent: pool } };
  });
  const unmanaged: UnmanagedResource[] = [];
  const prune = kind.prune(binding.desired);
  const strays = liveChildren.filter((c) => !matched.has(c));
  for (const stray of strays) {
    const address = childAddress(poolName, kind.kind, kind.liveName(stray));
    if (prune.allowed) {
      const where = whereOf(owner?.of(stray));
      const reason = prune.reason ?? `not in the file (${prune.setting})`;
      steps.push({ ...base, ...known(stray), operation: childOperation(kind, where, "delete", undefined, stray, []), change: { address, kind: kind.kind, action: "delete", reason, fields: [], parent: pool } });
    } else {
      // Every one is kept in the plan data (JSON lists them all); text and Markdown fold long runs.
      unmanaged.push({ address, kind: kind.kind, reason: `not in the file; kept because ${prune.setting} is false` });
    }
  }
  // An empty list deleting everything is refused; a singleton's (domain: null) means exactly that,
  // and so does an owned kind's: only owners whose entry has the section are managed, so nothing
  // declared means each of them says none (`branding: null`), never a list that lost its items.
  if (prune.allowed && declared.length === 0 && strays.length > 0 && !allowDestroy && !kind.singleton && !kind.owner) {
    problems.push(
      `${pool}: the file's ${kind.kind} list is empty, which would delete all ${strays.length} live ${kind.kind}s; run with --allow-destroy if that is meant, or set ${prune.setting}: false`,
    );
  }
  return { steps, unmanaged, warnings };
}
