import type { UnmanagedResource } from "../core/plan-types.js";
import type { Step } from "../core/step.js";
import { createFields, diffFields } from "../diff/field-diff.js";
import { withIgnoredFromLive } from "../diff/ignore.js";
import { childAddress, poolAddress } from "../core/addresses.js";
import { childOperation, type ChildKind } from "../core/child-kind.js";
import type { PoolBinding } from "./match-pools.js";

/** Plans every child kind of one pool: create, update, replace, prune or list as unmanaged. */
export function planChildren<Spec extends object, Live>(
  binding: PoolBinding,
  poolStep: Step,
  kind: ChildKind<Spec, Live>,
  problems: string[],
  allowDestroy: boolean,
): { steps: Step[]; unmanaged: UnmanagedResource[] } {
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
  const where = { region: binding.region, poolAddress: pool };
  const base = { kind: kind.kind, region: binding.region, poolAddress: pool, dependsOn: [], sensitive: kind.sensitive, ...(kind.irreversibleDelete ? { irreversibleDelete: kind.irreversibleDelete } : {}) };
  // What a step keeps of its live child; the live spec is the one the diff started from.
  const known = (live: Live, liveSpec: Spec = kind.liveSpec(live)) => {
    const id = kind.idOf?.(live);
    return { live, liveSpec, ...(id !== undefined ? { liveId: id } : {}) };
  };
  const matched = new Set<Live>();
  const steps: Step[] = declared.map(({ name, key = name, formerKeys = [], nameField = "name", spec, ignore = [] }) => {
    const address = childAddress(poolName, kind.kind, name);
    // A renamed child is found by a former name only while its new name is not live yet.
    const former = liveByName.has(key) ? undefined : formerKeys.find((k) => liveByName.has(k));
    const live = liveByName.get(former ?? key);
    if (live === undefined) {
      const reason = freshPool ? `pool is being ${poolStep.change.action === "create" ? "created" : "replaced"}` : "not found in the pool";
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
      steps.push({ ...base, ...known(stray), operation: childOperation(kind, where, "delete", undefined, stray, []), change: { address, kind: kind.kind, action: "delete", reason: `not in the file (${prune.setting})`, fields: [], parent: pool } });
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
