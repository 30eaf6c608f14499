/**
 * Cognito's request-rate quotas (requests per second per account and region, from the quotas page
 * of the Cognito developer guide) and which category each operation counts against. The client-side
 * limiter keeps every category under its quota, so a large apply slows down instead of failing.
 *
 * Source: "Quotas in Amazon Cognito", section "Amazon Cognito user pools API operation categories
 * and request rate quotas", https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#category_operations
 *
 * Not modelled: UserFederation (25) counts only IdP responses to the user pool's federation
 * endpoints, which no API call here makes. The page also caps each single operation of the
 * UserPoolResource* and UserPoolClient* categories at 5 a second per user pool; that is a limit
 * per operation and pool, not a category of its own.
 */
export const DEFAULT_RATE_LIMITS = {
  UserCreation: 50,
  UserUpdate: 25,
  UserList: 30,
  UserRead: 120,
  UserResourceRead: 50,
  UserResourceUpdate: 25,
  UserAccountRecovery: 30,
  UserAuthentication: 120,
  UserToken: 120,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  UserPoolClientRead: 15,
  UserPoolClientUpdate: 15,
  ClientAuthentication: 150,
  LimitManagement: 1,
  IdentityPool: 25,
  IAM: 10,
} as const;

/**
 * The other services `outputs --to` writes to, paced like Cognito but not overridable with
 * --rate-limit (a run makes a handful of these calls, and their quotas are the account's, not the
 * pool's).
 *
 * Parameter Store: GetParameter, GetParameters and GetParametersByPath share a default throughput of
 * 40 a second (Systems Manager endpoints and quotas, "Parameter Store"). PutParameter's own quota is
 * not on that page; AWS Support puts it at 3 a second at the standard throughput (quoted in
 * github-aws-runners/terraform-aws-github-runner#2944), and its throttling is what a run of a dozen
 * parameters meets first. Tag reads and writes have no published quota: paced at 5 a second, and the
 * limiter slows down further when AWS throttles.
 *
 * Secrets Manager ("AWS Secrets Manager quotas"): DescribeSecret and GetSecretValue combined 10,000
 * a second; CreateSecret, PutSecretValue and the tag operations 50 a second each or combined.
 */
export const SERVICE_RATE_LIMITS = {
  ParameterStoreRead: 40,
  ParameterStoreWrite: 3,
  ParameterStoreTags: 5,
  SecretsManagerRead: 10_000,
  SecretsManagerWrite: 50,
} as const;

/** A category --rate-limit can override: Cognito's quotas, and the identity-pool and IAM buckets. */
export type RateLimitCategory = keyof typeof DEFAULT_RATE_LIMITS;
export type QuotaCategory = RateLimitCategory | keyof typeof SERVICE_RATE_LIMITS;
export type RateLimits = Record<RateLimitCategory, number>;
/** Every category's rate: the defaults, the other services' and the --rate-limit overrides. */
export type AllRateLimits = Record<QuotaCategory, number>;

/** The services the tool calls; each has its own categories. */
export type AwsService = "idp" | "identity" | "iam" | "ssm" | "secretsmanager";

/**
 * Every cognito-idp operation (the SDK's whole command list, not only the ones sent today), so that
 * a new resource kind needs no edit here. Grouped as on the quotas page; an operation the page does
 * not list says so and is paced like its closest documented sibling (the stricter one when two fit).
 */
const OPERATION_CATEGORIES: Record<string, QuotaCategory> = {
  // UserCreation
  SignUp: "UserCreation",
  ConfirmSignUp: "UserCreation",
  AdminCreateUser: "UserCreation",
  AdminConfirmSignUp: "UserCreation",

  // UserAuthentication. The page also counts (Admin)RespondToAuthChallenge against a separate
  // allowance of three times this quota, and against UserAccountRecovery when it answers
  // NEW_PASSWORD_REQUIRED; pacing them here is the cautious reading.
  InitiateAuth: "UserAuthentication",
  AdminInitiateAuth: "UserAuthentication",
  RespondToAuthChallenge: "UserAuthentication",
  AdminRespondToAuthChallenge: "UserAuthentication",
  GetTokensFromRefreshToken: "UserAuthentication",

  // UserAccountRecovery
  ChangePassword: "UserAccountRecovery",
  ConfirmForgotPassword: "UserAccountRecovery",
  ForgotPassword: "UserAccountRecovery",
  AdminResetUserPassword: "UserAccountRecovery",
  AdminSetUserPassword: "UserAccountRecovery",

  // UserRead
  AdminGetUser: "UserRead",
  AdminGetUserAuthFactors: "UserRead",
  GetUser: "UserRead",
  GetUserAuthFactors: "UserRead", // not on the quotas page; paced like AdminGetUserAuthFactors

  // UserUpdate (group membership too, although UserResourceUpdate's description mentions it)
  AdminAddUserToGroup: "UserUpdate",
  AdminRemoveUserFromGroup: "UserUpdate",
  AdminUpdateUserAttributes: "UserUpdate",
  AdminDeleteUserAttributes: "UserUpdate",
  AdminDeleteUser: "UserUpdate",
  AdminDisableUser: "UserUpdate",
  AdminEnableUser: "UserUpdate",
  AdminLinkProviderForUser: "UserUpdate",
  AdminDisableProviderForUser: "UserUpdate",
  AdminUserGlobalSignOut: "UserUpdate",
  GlobalSignOut: "UserUpdate",
  VerifyUserAttribute: "UserUpdate",
  UpdateUserAttributes: "UserUpdate",
  DeleteUserAttributes: "UserUpdate",
  DeleteUser: "UserUpdate",
  // Not on the quotas page; paced like AdminUserGlobalSignOut / GlobalSignOut (stricter than
  // RevokeToken's UserToken).
  AdminRevokeUserSession: "UserUpdate",
  RevokeUserSession: "UserUpdate",

  // UserToken
  RevokeToken: "UserToken",

  // UserList
  ListUsers: "UserList",
  ListUsersInGroup: "UserList",

  // UserResourceRead
  AdminListGroupsForUser: "UserResourceRead",
  AdminGetDevice: "UserResourceRead",
  AdminListDevices: "UserResourceRead",
  GetDevice: "UserResourceRead",
  ListDevices: "UserResourceRead",
  GetUserAttributeVerificationCode: "UserResourceRead",
  ResendConfirmationCode: "UserResourceRead",
  AdminListUserAuthEvents: "UserResourceRead",
  ListWebAuthnCredentials: "UserResourceRead", // not on the quotas page; paced like ListDevices
  AdminListUserSessions: "UserResourceRead", // not on the quotas page; paced like AdminListDevices
  ListUserSessions: "UserResourceRead", // not on the quotas page; paced like ListDevices

  // UserResourceUpdate
  AdminForgetDevice: "UserResourceUpdate",
  AdminUpdateDeviceStatus: "UserResourceUpdate",
  AdminUpdateAuthEventFeedback: "UserResourceUpdate",
  AdminSetUserMFAPreference: "UserResourceUpdate",
  AdminSetUserSettings: "UserResourceUpdate",
  AdminDeleteSoftwareToken: "UserResourceUpdate",
  ForgetDevice: "UserResourceUpdate",
  ConfirmDevice: "UserResourceUpdate",
  UpdateDeviceStatus: "UserResourceUpdate",
  UpdateAuthEventFeedback: "UserResourceUpdate",
  SetUserMFAPreference: "UserResourceUpdate",
  SetUserSettings: "UserResourceUpdate",
  AssociateSoftwareToken: "UserResourceUpdate",
  VerifySoftwareToken: "UserResourceUpdate",
  // Not on the quotas page; a user's passkeys, paced like Associate/VerifySoftwareToken.
  StartWebAuthnRegistration: "UserResourceUpdate",
  CompleteWebAuthnRegistration: "UserResourceUpdate",
  DeleteWebAuthnCredential: "UserResourceUpdate",

  // UserPoolRead
  DescribeUserPool: "UserPoolRead",
  ListUserPools: "UserPoolRead",

  // UserPoolUpdate
  CreateUserPool: "UserPoolUpdate",
  UpdateUserPool: "UserPoolUpdate",
  DeleteUserPool: "UserPoolUpdate",

  // UserPoolResourceRead
  GetUserPoolMfaConfig: "UserPoolResourceRead",
  ListGroups: "UserPoolResourceRead",
  GetGroup: "UserPoolResourceRead",
  ListResourceServers: "UserPoolResourceRead",
  DescribeResourceServer: "UserPoolResourceRead",
  ListIdentityProviders: "UserPoolResourceRead",
  DescribeIdentityProvider: "UserPoolResourceRead",
  GetIdentityProviderByIdentifier: "UserPoolResourceRead",
  GetSigningCertificate: "UserPoolResourceRead",
  DescribeUserPoolDomain: "UserPoolResourceRead",
  ListUserImportJobs: "UserPoolResourceRead",
  DescribeUserImportJob: "UserPoolResourceRead",
  GetCSVHeader: "UserPoolResourceRead",
  ListTagsForResource: "UserPoolResourceRead",
  DescribeRiskConfiguration: "UserPoolResourceRead",
  GetUICustomization: "UserPoolResourceRead",
  DescribeManagedLoginBranding: "UserPoolResourceRead",
  DescribeManagedLoginBrandingByClient: "UserPoolResourceRead",
  // Not on the quotas page; pool sub-resource reads, paced like DescribeRiskConfiguration and
  // DescribeManagedLoginBranding(ByClient).
  GetLogDeliveryConfiguration: "UserPoolResourceRead",
  GetUserPoolSessionConfiguration: "UserPoolResourceRead",
  ListTerms: "UserPoolResourceRead",
  DescribeTerms: "UserPoolResourceRead",
  DescribeTermsByClient: "UserPoolResourceRead",
  ListUserPoolReplicas: "UserPoolResourceRead",

  // UserPoolResourceUpdate (AddCustomAttributes and SetUserPoolMfaConfig too, per the page)
  AddCustomAttributes: "UserPoolResourceUpdate",
  SetUserPoolMfaConfig: "UserPoolResourceUpdate",
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
  CreateUserImportJob: "UserPoolResourceUpdate",
  StartUserImportJob: "UserPoolResourceUpdate",
  StopUserImportJob: "UserPoolResourceUpdate",
  TagResource: "UserPoolResourceUpdate",
  UntagResource: "UserPoolResourceUpdate",
  SetRiskConfiguration: "UserPoolResourceUpdate",
  SetUICustomization: "UserPoolResourceUpdate",
  CreateManagedLoginBranding: "UserPoolResourceUpdate",
  UpdateManagedLoginBranding: "UserPoolResourceUpdate",
  DeleteManagedLoginBranding: "UserPoolResourceUpdate",
  // Not on the quotas page; pool sub-resource writes, paced like SetRiskConfiguration and
  // Create/Update/DeleteManagedLoginBranding.
  SetLogDeliveryConfiguration: "UserPoolResourceUpdate",
  SetUserPoolSessionConfiguration: "UserPoolResourceUpdate",
  CreateTerms: "UserPoolResourceUpdate",
  UpdateTerms: "UserPoolResourceUpdate",
  DeleteTerms: "UserPoolResourceUpdate",
  CreateUserPoolReplica: "UserPoolResourceUpdate",
  UpdateUserPoolReplica: "UserPoolResourceUpdate",
  DeleteUserPoolReplica: "UserPoolResourceUpdate",

  // UserPoolClientRead
  ListUserPoolClients: "UserPoolClientRead",
  DescribeUserPoolClient: "UserPoolClientRead",
  // Not on the quotas page; an app client's own settings, paced like DescribeUserPoolClient.
  ListUserPoolClientSecrets: "UserPoolClientRead",
  GetUserPoolClientSessionConfiguration: "UserPoolClientRead",

  // UserPoolClientUpdate
  CreateUserPoolClient: "UserPoolClientUpdate",
  UpdateUserPoolClient: "UserPoolClientUpdate",
  DeleteUserPoolClient: "UserPoolClientUpdate",
  // Not on the quotas page; an app client's own settings, paced like UpdateUserPoolClient.
  AddUserPoolClientSecret: "UserPoolClientUpdate",
  DeleteUserPoolClientSecret: "UserPoolClientUpdate",
  SetUserPoolClientSessionConfiguration: "UserPoolClientUpdate",

  // ClientAuthentication (with client_credentials requests to the token endpoint)
  GetClientToken: "ClientAuthentication",

  // LimitManagement
  GetProvisionedLimit: "LimitManagement",
  UpdateProvisionedLimit: "LimitManagement",
};

/** Whether a cognito-idp operation has its quota category here (a test checks every one the code sends). */
export function hasCategory(operation: string): boolean {
  return Object.hasOwn(OPERATION_CATEGORIES, operation);
}

/**
 * The quota an operation counts against; identity-pool and IAM calls have coarse buckets. A
 * cognito-idp operation missing from the table (one newer than the SDK it was written against) is
 * paced like a user pool update, one of the strictest categories, rather than failing an apply
 * half-way; a unit test catches any the code sends.
 */
export function categoryOf(operation: string, service: AwsService): QuotaCategory {
  if (service === "iam") return "IAM";
  if (service === "identity") return "IdentityPool";
  if (service === "ssm") return parameterStoreCategory(operation);
  if (service === "secretsmanager") return operation === "DescribeSecret" || operation === "GetSecretValue" ? "SecretsManagerRead" : "SecretsManagerWrite";
  return OPERATION_CATEGORIES[operation] ?? "UserPoolUpdate";
}

/** Reads of values share the published throughput; every other write is paced like PutParameter's tight quota. */
function parameterStoreCategory(operation: string): QuotaCategory {
  if (operation === "GetParameter" || operation === "GetParameters" || operation === "GetParametersByPath") return "ParameterStoreRead";
  // DescribeParameters (the stack's parameters under the prefix, by tag) has no published quota either.
  if (operation === "ListTagsForResource" || operation === "AddTagsToResource" || operation === "DescribeParameters") return "ParameterStoreTags";
  return "ParameterStoreWrite";
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
  return { ...previous, [match[1] as RateLimitCategory]: Number(match[2]) };
}
