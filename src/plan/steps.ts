import type { Change } from "../core/plan-types.js";
import type { LivePool } from "../core/live-types.js";
import type { PoolSpec } from "../kinds/user-pool/model.js";
import type { ChildKindName } from "./child-kind.js";
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

/** A change to something inside a pool (group, client, ...). */
export interface ChildStep extends StepBase {
  kind: ChildKindName;
  poolAddress: string;
  desired?: Record<string, unknown>;
  /** The live object as AWS described it. */
  live?: unknown;
}
