import type { Change } from "../core/plan-types.js";
import type { LivePool } from "../core/live-types.js";
import type { PoolSpec } from "../kinds/user-pool/model.js";
import type { ChildKindName, ChildOperation, IrreversibleDelete } from "../core/child-kind.js";
import type { IdentityStep } from "./identity-steps.js";

/**
 * What the executor needs to carry out one change: the change itself plus the desired spec and the
 * live resource it was computed from. Steps stay in memory; the plan document holds only changes.
 */
export type Step = PoolStep | ChildStep | IdentityStep;

interface StepBase {
  change: Change;
  region: string;
  /** Addresses of steps that must finish first. */
  dependsOn: string[];
}

export interface PoolStep extends StepBase {
  kind: "userPool";
  /** Desired spec with ignoreChanges paths already set to their live values. */
  desired?: PoolSpec;
  live?: LivePool;
  /** Estimated number of users in the live pool; a replace or delete loses them. */
  liveUsers: number;
}

/**
 * A change to something inside a pool (group, client, ...), of any kind: the kind's own types
 * stay inside `operation`, made by the planner while it still knew them.
 */
export interface ChildStep extends StepBase {
  kind: ChildKindName;
  poolAddress: string;
  /** The desired spec, ignored paths set to their live values: what the operation writes. */
  desired?: object;
  /** The live object as AWS described it. */
  live?: unknown;
  /** The live object in the file's vocabulary: what a saved plan's fingerprint covers. */
  liveSpec?: object;
  /** Fields of the spec that are secrets (left out of fingerprints). */
  sensitive: readonly string[];
  /** Set when deleting one cannot be undone: apply wants --allow-destroy for the deletion. */
  irreversibleDelete?: IrreversibleDelete;
  /** The id other resources name the live object by (a client's id), when the kind has one. */
  liveId?: string;
  /** Carries the change out; the executor supplies the client and the pool's id. */
  operation: ChildOperation;
}
