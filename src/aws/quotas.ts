/**
 * Cognito's request-rate quotas (requests per second per account and region, from the quotas page
 * of the Cognito developer guide) and which category each operation counts against. The client-side
 * limiter keeps every category under its quota, so a large apply slows down instead of failing.
 */
export const DEFAULT_RATE_LIMITS = {
  UserCreation: 50,
  UserUpdate: 25,
  UserList: 30,
  UserRead: 120,
  UserResourceRead: 50,
  UserAccountRecovery: 30,
  UserAuthentication: 120,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  UserPoolClientRead: 15,
  UserPoolClientUpdate: 15,
  IdentityPool: 25,
  IAM: 10,
} as const;

export type QuotaCategory = keyof typeof DEFAULT_RATE_LIMITS;
export type RateLimits = Record<QuotaCategory, number>;

const OPERATION_CATEGORIES: Record<string, QuotaCategory> = {
  AdminCreateUser: "UserCreation",
  AdminUpdateUserAttributes: "UserUpdate",
  AdminDeleteUserAttributes: "UserUpdate",
  AdminAddUserToGroup: "UserUpdate",
  AdminRemoveUserFromGroup: "UserUpdate",
  AdminEnableUser: "UserUpdate",
  AdminDisableUser: "UserUpdate",
  AdminDeleteUser: "UserUpdate",
  AdminSetUserPassword: "UserAccountRecovery",
  InitiateAuth: "UserAuthentication",
  ListUsers: "UserList",
  ListUsersInGroup: "UserList",
  AdminGetUser: "UserRead",
  AdminListGroupsForUser: "UserResourceRead",
  DescribeUserPool: "UserPoolRead",
  ListUserPools: "UserPoolRead",
  CreateUserPool: "UserPoolUpdate",
  UpdateUserPool: "UserPoolUpdate",
  DeleteUserPool: "UserPoolUpdate",
  AddCustomAttributes: "UserPoolUpdate",
  SetUserPoolMfaConfig: "UserPoolUpdate",
  GetUserPoolMfaConfig: "UserPoolResourceRead",
  ListGroups: "UserPoolResourceRead",
  GetGroup: "UserPoolResourceRead",
  ListResourceServers: "UserPoolResourceRead",
  DescribeResourceServer: "UserPoolResourceRead",
  ListIdentityProviders: "UserPoolResourceRead",
  DescribeIdentityProvider: "UserPoolResourceRead",
  DescribeUserPoolDomain: "UserPoolResourceRead",
  CreateGroup: "UserPoolResourceUpdate",
  UpdateGroup: "UserPoolResourceUpdate",
  DeleteGroup: "UserPoolResourceUpdate",
  CreateResourceServer: "UserPoolResourceUpdate",
  UpdateResourceServer: "UserPoolResourceUpdate",
  DeleteResourceServer: "UserPoolResourceUpdate",
  CreateIdentityProvider: "UserPoolResourceUpdate",
  UpdateIdentityProvider: "UserPoolResourceUpdate",
  DeleteIdentityProvider: "UserPoolResourceUpdate",
  CreateUserPoolDomain: "UserPoolResourceUpdate",
  UpdateUserPoolDomain: "UserPoolResourceUpdate",
  DeleteUserPoolDomain: "UserPoolResourceUpdate",
  ListUserPoolClients: "UserPoolClientRead",
  DescribeUserPoolClient: "UserPoolClientRead",
  CreateUserPoolClient: "UserPoolClientUpdate",
  UpdateUserPoolClient: "UserPoolClientUpdate",
  DeleteUserPoolClient: "UserPoolClientUpdate",
};

/** Whether a cognito-idp operation has its quota category here (a test checks every one the code sends). */
export function hasCategory(operation: string): boolean {
  return Object.hasOwn(OPERATION_CATEGORIES, operation);
}

/**
 * The quota an operation counts against; identity-pool and IAM calls have coarse buckets. A
 * cognito-idp operation missing from the table is a bug that a unit test catches; at run time it is
 * paced with the strictest category rather than failing an apply half-way.
 */
export function categoryOf(operation: string, service: "idp" | "identity" | "iam"): QuotaCategory {
  if (service === "iam") return "IAM";
  if (service === "identity") return "IdentityPool";
  return OPERATION_CATEGORIES[operation] ?? "UserPoolUpdate";
}

/**
 * Parses `--rate-limit UserCreation=20` overrides (repeatable). Throws a message naming the
 * categories when the name or number is wrong.
 */
export function parseRateLimit(text: string, previous: Partial<RateLimits> = {}): Partial<RateLimits> {
  const match = /^([A-Za-z]+)=(\d+(?:\.\d+)?)$/.exec(text.trim());
  const categories = Object.keys(DEFAULT_RATE_LIMITS);
  if (!match || !categories.includes(match[1]!) || Number(match[2]) <= 0) {
    throw new Error(`expected CATEGORY=REQUESTS_PER_SECOND with CATEGORY one of ${categories.join(", ")}`);
  }
  return { ...previous, [match[1] as QuotaCategory]: Number(match[2]) };
}
