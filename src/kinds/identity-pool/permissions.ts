import type { KindPermissions } from "../../core/child-kind.js";

/**
 * The cognito-identity operations of an identity pool (aws.ts). ListIdentityPools,
 * CreateIdentityPool and SetIdentityPoolRoles take no resource: iam-policy grants them on "*".
 * UpdateIdentityPool authorizes TagResource and UntagResource as well (it carries the tags).
 */
export const IDENTITY_POOL_PERMISSIONS: KindPermissions = {
  read: ["DescribeIdentityPool", "GetIdentityPoolRoles"],
  write: ["UpdateIdentityPool", "TagResource", "UntagResource", "DeleteIdentityPool"],
};

/** The IAM operations on an identity pool's roles (../iam-role/aws.ts). CreateRole authorizes TagRole too. */
export const ROLE_PERMISSIONS: KindPermissions = {
  read: ["GetRole", "ListRolePolicies", "GetRolePolicy", "ListAttachedRolePolicies"],
  write: ["CreateRole", "TagRole", "UntagRole", "UpdateRole", "UpdateAssumeRolePolicy", "PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy", "DeleteRole"],
};

/** What deleting an identity pool the file no longer names takes; its roles go with it (ROLE_DELETION). */
export const IDENTITY_POOL_DELETION = ["DeleteIdentityPool"] as const;

/** What deleting a role of the stack's takes: its inline policies and attachments first. */
export const ROLE_DELETION = ["DeleteRolePolicy", "DetachRolePolicy", "DeleteRole"] as const;
