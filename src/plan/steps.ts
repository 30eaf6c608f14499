import type { GroupType } from "@aws-sdk/client-cognito-identity-provider";
import type { Change } from "../core/plan-types.js";
import type { LivePool } from "../core/live-types.js";
import type { GroupSpec } from "../kinds/group/model.js";
import type { PoolSpec } from "../kinds/user-pool/model.js";

/**
 * What the executor needs to carry out one change: the change itself plus the desired spec and the
 * live resource it was computed from. Steps stay in memory; the plan document holds only changes.
 */
export type Step = PoolStep | GroupStep;

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

export interface GroupStep extends StepBase {
  kind: "group";
  poolAddress: string;
  desired?: GroupSpec;
  live?: GroupType;
}
