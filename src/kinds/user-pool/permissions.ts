import type { KindPermissions } from "../../core/child-kind.js";

/**
 * The cognito-idp operations of the user pool itself (aws.ts), besides its children's: read, the
 * pool and its MFA settings (ListUserPools and CreateUserPool take no resource; iam-policy grants
 * them on "*"); written, the pool (tags go with CreateUserPool and UpdateUserPool, which authorize
 * TagResource and UntagResource too), its MFA settings, new custom attributes, and on deletion its
 * domain first.
 */
export const USER_POOL_PERMISSIONS: KindPermissions = {
  read: ["DescribeUserPool", "GetUserPoolMfaConfig"],
  write: ["UpdateUserPool", "TagResource", "UntagResource", "SetUserPoolMfaConfig", "AddCustomAttributes", "DeleteUserPoolDomain", "DeleteUserPool"],
};

/** What deleting a pool the file no longer names takes (its domain goes first); any pool of the stack's may be one. */
export const USER_POOL_DELETION = ["DeleteUserPoolDomain", "DeleteUserPool"] as const;
