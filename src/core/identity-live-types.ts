import type { IdentityPool, RoleMapping } from "@aws-sdk/client-cognito-identity";
import type { Role } from "@aws-sdk/client-iam";

/** An identity pool as read from AWS. */
export interface LiveIdentityPool {
  id: string;
  name: string;
  region: string;
  raw: IdentityPool;
  stackTag: string | undefined;
  /** GetIdentityPoolRoles, read only for identity pools the file manages or may delete. */
  roles?: { Roles?: Record<string, string>; RoleMappings?: Record<string, RoleMapping> };
}

/** An IAM role with its policies, as read from AWS (documents already decoded). */
export interface LiveRole {
  name: string;
  arn: string;
  raw: Role;
  stackTag: string | undefined;
  trustPolicy: Record<string, unknown>;
  inlinePolicies: Record<string, Record<string, unknown>>;
  managedPolicyArns: string[];
}

export interface LiveIdentityState {
  identityPools: LiveIdentityPool[];
  /** Roles by name; only the names the file declares or live attachments point at are read. */
  roles: Map<string, LiveRole>;
}
