import type { LiveIdentityPool, LiveRole } from "../core/identity-live-types.js";
import type { Change } from "../core/plan-types.js";
import type { IdentityPoolSpec, RolesSpec } from "../kinds/identity-pool/model.js";
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
  desired?: IdentityPoolSpec;
  live?: LiveIdentityPool;
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
  desired?: RolesSpec;
  live: RolesSpec;
}

export type IdentityStep = IdentityPoolStep | RoleStep | RolesAttachmentStep;
