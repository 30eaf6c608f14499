import type { ChildKindName } from "./child-kind.js";
import type { ChildStep, PoolStep } from "./steps.js";

const changes = (s: ChildStep) => s.change.action !== "no-op";
const creates = (s: ChildStep) => s.change.action === "create" || s.change.action === "update" || s.change.action === "replace";
const of = (steps: ChildStep[], kinds: ChildKindName[], which: (s: ChildStep) => boolean) =>
  steps.filter((s) => kinds.includes(s.kind) && which(s)).map((s) => s.change.address);

/**
 * The dependencies inside one pool, from what AWS refuses otherwise:
 * - everything waits for its pool;
 * - a client waits for the resource servers and identity providers it may name
 *   (ScopeDoesNotExistException, unknown provider);
 * - a resource server or identity provider is deleted only after the clients stopped naming it;
 * - a new domain waits for the old one's deletion (one domain of each type a pool);
 * - a user waits for the groups it may be added to.
 * Returns the steps with dependsOn filled in; independent steps keep none and run concurrently.
 */
export function orderChildren(pool: PoolStep, steps: ChildStep[]): ChildStep[] {
  const poolDependency = [pool.change.address];
  const providers = of(steps, ["resourceServer", "identityProvider"], creates);
  const clients = of(steps, ["client"], changes);
  const groupWrites = of(steps, ["group"], creates);
  const domainDeletes = steps.filter((s) => s.kind === "domain" && s.change.action === "delete").map((s) => s.change.address);
  return steps.map((step) => {
    const deps = [...poolDependency];
    const action = step.change.action;
    if (step.kind === "client" && action !== "delete") deps.push(...providers);
    if ((step.kind === "resourceServer" || step.kind === "identityProvider") && action === "delete") deps.push(...clients);
    if (step.kind === "domain" && action !== "delete") deps.push(...domainDeletes);
    if (step.kind === "user" && action !== "delete") deps.push(...groupWrites);
    return { ...step, dependsOn: deps };
  });
}
