import type { LiveIdentityPool, LiveRole } from "../core/identity-live-types.js";
import type { Change } from "../core/plan-types.js";
import type { IdentityPoolView, RolesSpec, RolesView } from "../kinds/identity-pool/model.js";
import type { RoleSpec } from "../kinds/iam-role/model.js";
import type { IdentityPoolConfig } from "../schema/identity-pool.js";

interface StepBase {
  change: Change;
  region: string;
  dependsOn: string[];
}

/**
 * Identity pool steps keep the file's entry: ids of user pools, clients and roles created in the
 * same apply are known only when the step runs, so the specs are computed again then.
 */
export interface IdentityPoolStep extends StepBase {
  kind: "identityPool";
  config?: IdentityPoolConfig;
  /** In the file's vocabulary (providers keyed `USERPOOL/CLIENT`), ignored paths set from live. */
  desired?: IdentityPoolView;
  live?: LiveIdentityPool;
  /** The live identity pool in the same vocabulary, named through the ids the plan knew. */
  liveView?: IdentityPoolView;
  /** The IAM role names to record on the pool (ROLES_TAG) when it is created or updated; absent: keep the live record. */
  roleRecord?: string[];
}

export interface RoleStep extends StepBase {
  kind: "iamRole";
  identityPoolAddress: string;
  which?: "authenticated" | "unauthenticated";
  config?: IdentityPoolConfig;
  desired?: RoleSpec;
  live?: LiveRole;
  liveSpec?: RoleSpec;
  /** The live role lacks the stack tag and --adopt was given. */
  adopt: boolean;
}

export interface RolesAttachmentStep extends StepBase {
  kind: "identityPoolRoles";
  identityPoolAddress: string;
  config?: IdentityPoolConfig;
  /** In the file's vocabulary: mappings keyed `USERPOOL/CLIENT`, rules naming `authenticated`... */
  desired?: RolesView;
  /** As AWS returns it (ids and ARNs). */
  live: RolesSpec;
  /** The live attachment in the file's vocabulary. */
  liveView?: RolesView;
}

export type IdentityStep = IdentityPoolStep | RoleStep | RolesAttachmentStep;
