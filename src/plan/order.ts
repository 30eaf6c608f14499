import type { AnyChildKind } from "../core/child-kind.js";
import type { Step } from "./steps.js";

const changes = (s: Step) => s.change.action !== "no-op";
const writes = (s: Step) => s.change.action === "create" || s.change.action === "update" || s.change.action === "replace";
const deletes = (s: Step) => s.change.action === "delete";

/** The addresses of each kind's steps that pass `which`, gathered in one pass (a pool may hold 10,000 users). */
function addressesByKind(steps: readonly Step[], which: (s: Step) => boolean): (kinds: readonly string[]) => string[] {
  const byKind = new Map<string, string[]>();
  for (const step of steps) {
    if (!which(step)) continue;
    let list = byKind.get(step.kind);
    if (!list) byKind.set(step.kind, (list = []));
    list.push(step.change.address);
  }
  return (kinds) => kinds.flatMap((kind) => byKind.get(kind) ?? []);
}

/**
 * The dependencies inside one pool, from what each kind declares (and AWS refuses otherwise):
 * - everything waits for its pool;
 * - a write of a kind waits for the writes of the kinds it references (a client for the resource
 *   servers and identity providers it names; a user for the groups it is added to);
 * - a kind AWS will not delete while it is named (resource servers, identity providers) is
 *   deleted only after the kinds referencing it have changed (stopped naming it);
 * - a singleton's new one waits for the old one's deletion (one domain of each type a pool), as
 *   does a new child of a kind AWS allows only so many of at once (a client's two secrets).
 * Returns the steps with dependsOn filled in; independent steps keep none and run concurrently.
 */
export function orderChildren(pool: Step, steps: Step[], kinds: readonly AnyChildKind[]): Step[] {
  const byName = new Map(kinds.map((k) => [k.kind, k]));
  const referencedBy = (name: string) => kinds.filter((k) => k.references.includes(name)).map((k) => k.kind);
  const writesOf = addressesByKind(steps, writes);
  const changesOf = addressesByKind(steps, changes);
  const deletesOf = addressesByKind(steps, deletes);
  return steps.map((step) => {
    const kind = byName.get(step.kind);
    const deps = [pool.change.address];
    if (kind && !deletes(step)) deps.push(...writesOf(kind.references));
    // A singleton replaced by a new one (a renamed domain) is not waited for: its referrers' writes
    // wait for the new one, which waits for this deletion, and waiting here too would be a cycle.
    const replacedBySuccessor = kind?.singleton === true && writesOf([step.kind]).length > 0;
    if (kind?.deleteAfterReferrers && deletes(step) && !replacedBySuccessor) deps.push(...changesOf(referencedBy(step.kind)));
    if ((kind?.singleton || kind?.createAfterDeletes) && !deletes(step)) deps.push(...deletesOf([step.kind]));
    return { ...step, dependsOn: deps };
  });
}
