// Resources the tool must never touch: a user pool, an identity pool and IAM roles of another stack,
// and untagged look-alikes. They exist for the whole test run, and a snapshot of everything readable
// about them taken at the start must equal one taken at the end.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  ListTagsForResourceCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, CreateIdentityPoolCommand, DescribeIdentityPoolCommand, GetIdentityPoolRolesCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const REGION = "us-east-1";
// Written out rather than imported from src: the tag is part of the documented contract, so a change
// to it in src must show up here as a failure, not follow along silently.
const STACK_TAG = "cognito-reconcile:stack";
export const OTHER_STACK = "someone-elses-stack";

/** Another stack's set-up: a file of any other stack that names these must be refused. */
export const FOREIGN = {
  userPool: "Storefront-UserPool",
  domain: "storefront-someone-elses",
  webClient: "Storefront-Web",
  backendClient: "Storefront-Backend",
  identityPool: "StorefrontIdentityPool",
  authRole: "Storefront-AuthRole",
  guestRole: "Storefront-GuestRole",
  policy: "Storefront-ReadCatalog",
} as const;

/** Made by hand, without the stack tag: a file naming them is refused unless it says --adopt. */
export const UNTAGGED = {
  userPool: "Legacy-UserPool",
  identityPool: "LegacyIdentityPool",
  role: "Legacy-AuthRole",
} as const;

/**
 * Names a file may declare: nothing of that exact name exists, only untagged near misses (another
 * case, a trailing space, a longer or a shorter name), which must never be taken for them.
 */
export const NEAR_MISS_TARGETS = {
  userPool: "Lookalike-UserPool",
  identityPool: "LookalikeIdentityPool",
  role: "Lookalike-AuthRole",
} as const;
const NEAR_MISSES = {
  // The emulator takes about half a second to create a user pool, so fewer of those.
  userPools: ["lookalike-userpool", "Lookalike-UserPool ", "Lookalike-UserPool-old"],
  identityPools: ["lookalikeidentitypool", "LookalikeIdentityPool ", "LookalikeIdentityPool_old", "LookalikeIdentityPoo"],
  // IAM role names are unique regardless of case in AWS, so no case variant here.
  roles: ["Lookalike-AuthRole-old", "Lookalike-AuthRol"],
};

export interface ForeignResource {
  name: string;
  id: string;
  /** The stack tag it carries; absent for the untagged ones. */
  stack?: string;
}

/** What was created; the snapshot reads exactly these. */
export interface ForeignResources {
  userPools: ForeignResource[];
  identityPools: ForeignResource[];
  /** id is the role's ARN. */
  roles: ForeignResource[];
  /** id is the policy's ARN. */
  policies: ForeignResource[];
}

/** Canonical JSON values: keys sorted, dates as ISO strings, no SDK metadata. */
export type Snapshot = Record<string, unknown>;

interface Clients {
  idp: CognitoIdentityProviderClient;
  identity: CognitoIdentityClient;
  iam: IAMClient;
}

function clients(endpoint: string): Clients {
  const config = { region: REGION, endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  return { idp: new CognitoIdentityProviderClient(config), identity: new CognitoIdentityClient(config), iam: new IAMClient(config) };
}

export function find(list: readonly ForeignResource[], name: string): ForeignResource {
  const found = list.find((r) => r.name === name);
  if (!found) throw new Error(`no foreign resource named ${JSON.stringify(name)}`);
  return found;
}

const providerName = (poolId: string) => `cognito-idp.${REGION}.amazonaws.com/${poolId}`;

function trustPolicy(identityPoolId: string, amr: "authenticated" | "unauthenticated"): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr } },
      },
    ],
  });
}

const policyDocument = (action: string, resource: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: resource }] });
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export async function createForeignResources(endpoint: string): Promise<ForeignResources> {
  const aws = clients(endpoint);
  const made: ForeignResources = { userPools: [], identityPools: [], roles: [], policies: [] };
  try {
    await createOtherStack(aws, made);
    await createUntagged(aws, made);
    await createNearMisses(aws, made);
  } finally {
    for (const client of Object.values(aws)) client.destroy();
  }
  return made;
}

async function createOtherStack({ idp, identity, iam }: Clients, made: ForeignResources): Promise<void> {
  const tags = { [STACK_TAG]: OTHER_STACK, team: "storefront" };
  // Deletion protection off: a wrongful delete must really happen and be seen, not be blocked by it.
  const pool = await idp.send(
    new CreateUserPoolCommand({
      PoolName: FOREIGN.userPool,
      DeletionProtection: "INACTIVE",
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireNumbers: true, RequireSymbols: false, RequireUppercase: true, RequireLowercase: true, TemporaryPasswordValidityDays: 3 } },
      Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MinLength: "1", MaxLength: "32" } }],
      UserPoolTags: tags,
    }),
  );
  const poolId = pool.UserPool!.Id!;
  made.userPools.push({ name: FOREIGN.userPool, id: poolId, stack: OTHER_STACK });
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: FOREIGN.domain }));
  await idp.send(
    new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "https://api.storefront.example", Name: "Storefront API", Scopes: [{ ScopeName: "read", ScopeDescription: "Read the catalog" }] }),
  );
  await idp.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: { client_id: "storefront.apps.googleusercontent.com", client_secret: "storefront-google-secret", authorize_scopes: "openid email" },
      AttributeMapping: { email: "email" },
    }),
  );
  const web = await idp.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: FOREIGN.webClient, ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], SupportedIdentityProviders: ["COGNITO", "Google"] }),
  );
  const webClientId = web.UserPoolClient!.ClientId!;
  await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: FOREIGN.backendClient,
      GenerateSecret: true,
      ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      AllowedOAuthFlows: ["client_credentials"],
      AllowedOAuthScopes: ["https://api.storefront.example/read"],
      AllowedOAuthFlowsUserPoolClient: true,
    }),
  );
  await idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admin", Description: "Runs the shop", Precedence: 1 }));
  await idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "customers", Description: "Buys things", Precedence: 10 }));
  const users: [string, string[], boolean][] = [
    ["alice@example.com", ["admin", "customers"], true],
    ["bob@example.com", ["customers"], false],
  ];
  for (const [email, groups, enabled] of users) {
    const attributes = [
      { Name: "email", Value: email },
      { Name: "email_verified", Value: "true" },
      { Name: "custom:tenant", Value: "north" },
    ];
    const user = await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, UserAttributes: attributes, MessageAction: "SUPPRESS", TemporaryPassword: "Temp-Passw0rd" }));
    const username = user.User!.Username!;
    for (const group of groups) await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: group }));
    if (!enabled) await idp.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
  }

  const identityPool = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: FOREIGN.identityPool,
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [{ ProviderName: providerName(poolId), ClientId: webClientId, ServerSideTokenCheck: false }],
      IdentityPoolTags: tags,
    }),
  );
  const identityPoolId = identityPool.IdentityPoolId!;
  made.identityPools.push({ name: FOREIGN.identityPool, id: identityPoolId, stack: OTHER_STACK });

  const policy = await iam.send(
    new CreatePolicyCommand({ PolicyName: FOREIGN.policy, PolicyDocument: policyDocument("s3:GetObject", "arn:aws:s3:::storefront-catalog/*"), Tags: tagList(tags) }),
  );
  const policyArn = policy.Policy!.Arn!;
  made.policies.push({ name: FOREIGN.policy, id: policyArn, stack: OTHER_STACK });
  const authRole = await iam.send(
    new CreateRoleCommand({
      RoleName: FOREIGN.authRole,
      AssumeRolePolicyDocument: trustPolicy(identityPoolId, "authenticated"),
      Description: "Signed-in shoppers",
      MaxSessionDuration: 7200,
      Tags: tagList(tags),
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: FOREIGN.authRole, PolicyName: "orders", PolicyDocument: policyDocument("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/orders") }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: FOREIGN.authRole, PolicyArn: policyArn }));
  const guestRole = await iam.send(new CreateRoleCommand({ RoleName: FOREIGN.guestRole, AssumeRolePolicyDocument: trustPolicy(identityPoolId, "unauthenticated"), Tags: tagList(tags) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: FOREIGN.guestRole, PolicyName: "browse", PolicyDocument: policyDocument("s3:GetObject", "arn:aws:s3:::storefront-catalog/public/*") }));
  const authArn = authRole.Role!.Arn!;
  const guestArn = guestRole.Role!.Arn!;
  made.roles.push({ name: FOREIGN.authRole, id: authArn, stack: OTHER_STACK }, { name: FOREIGN.guestRole, id: guestArn, stack: OTHER_STACK });
  await identity.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: identityPoolId,
      Roles: { authenticated: authArn, unauthenticated: guestArn },
      RoleMappings: { [`${providerName(poolId)}:${webClientId}`]: { Type: "Token", AmbiguousRoleResolution: "AuthenticatedRole" } },
    }),
  );
}

async function createUntagged({ idp, identity, iam }: Clients, made: ForeignResources): Promise<void> {
  // Tagged, but not with the stack tag: other tags must not be mistaken for ownership.
  const tags = { owner: "console" };
  const pool = await idp.send(new CreateUserPoolCommand({ PoolName: UNTAGGED.userPool, DeletionProtection: "INACTIVE", UserPoolTags: tags }));
  const poolId = pool.UserPool!.Id!;
  made.userPools.push({ name: UNTAGGED.userPool, id: poolId });
  await idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "staff", Precedence: 5 }));
  await idp.send(
    new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", UserAttributes: [{ Name: "email", Value: "carol@example.com" }], MessageAction: "SUPPRESS", TemporaryPassword: "Temp-Passw0rd" }),
  );
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "carol", GroupName: "staff" }));
  const client = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "Legacy-Web", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));

  const identityPool = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: UNTAGGED.identityPool,
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: providerName(poolId), ClientId: client.UserPoolClient!.ClientId!, ServerSideTokenCheck: true }],
      IdentityPoolTags: tags,
    }),
  );
  const identityPoolId = identityPool.IdentityPoolId!;
  made.identityPools.push({ name: UNTAGGED.identityPool, id: identityPoolId });
  const role = await iam.send(new CreateRoleCommand({ RoleName: UNTAGGED.role, AssumeRolePolicyDocument: trustPolicy(identityPoolId, "authenticated"), Tags: tagList(tags) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: UNTAGGED.role, PolicyName: "reports", PolicyDocument: policyDocument("s3:GetObject", "arn:aws:s3:::legacy-reports/*") }));
  made.roles.push({ name: UNTAGGED.role, id: role.Role!.Arn! });
  await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles: { authenticated: role.Role!.Arn! } }));
}

async function createNearMisses({ idp, identity, iam }: Clients, made: ForeignResources): Promise<void> {
  for (const name of NEAR_MISSES.userPools) {
    const pool = await idp.send(new CreateUserPoolCommand({ PoolName: name, DeletionProtection: "INACTIVE" }));
    made.userPools.push({ name, id: pool.UserPool!.Id! });
  }
  for (const name of NEAR_MISSES.identityPools) {
    const pool = await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: name, AllowUnauthenticatedIdentities: false }));
    made.identityPools.push({ name, id: pool.IdentityPoolId! });
  }
  for (const name of NEAR_MISSES.roles) {
    const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy("us-east-1:00000000-0000-0000-0000-000000000000", "authenticated") }));
    made.roles.push({ name, id: role.Role!.Arn! });
  }
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => key !== "$metadata" && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, v]) => [key, canonical(v)]));
  }
  return value;
}

/** A resource that cannot be read (deleted, say) is recorded as such, so the comparison shows it. */
async function readOrError(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch (error) {
    const e = error as Error;
    return { error: `${e.name}: ${e.message}` };
  }
}

async function pages<T>(fetch: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return all;
}

async function userPoolSnapshot(idp: CognitoIdentityProviderClient, id: string): Promise<unknown> {
  const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }));
  const pool = described.UserPool!;
  const mfa = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }));
  const tags = await idp.send(new ListTagsForResourceCommand({ ResourceArn: pool.Arn! }));
  const domain = pool.Domain ? await idp.send(new DescribeUserPoolDomainCommand({ Domain: pool.Domain })) : undefined;
  const groups = await pages((t) => idp.send(new ListGroupsCommand({ UserPoolId: id, Limit: 60, NextToken: t })).then((p) => ({ items: p.Groups, next: p.NextToken })));
  const resourceServers = await pages((t) =>
    idp.send(new ListResourceServersCommand({ UserPoolId: id, MaxResults: 50, NextToken: t })).then((p) => ({ items: p.ResourceServers, next: p.NextToken })),
  );
  const providers = await pages((t) => idp.send(new ListIdentityProvidersCommand({ UserPoolId: id, MaxResults: 60, NextToken: t })).then((p) => ({ items: p.Providers, next: p.NextToken })));
  const identityProviders: Record<string, unknown> = {};
  for (const p of providers) {
    identityProviders[p.ProviderName!] = (await idp.send(new DescribeIdentityProviderCommand({ UserPoolId: id, ProviderName: p.ProviderName! }))).IdentityProvider;
  }
  const clientList = await pages((t) => idp.send(new ListUserPoolClientsCommand({ UserPoolId: id, MaxResults: 60, NextToken: t })).then((p) => ({ items: p.UserPoolClients, next: p.NextToken })));
  const clients: Record<string, unknown> = {};
  for (const c of clientList) {
    // Keyed by id too: a client deleted and made again under its name is a change.
    clients[`${c.ClientName} ${c.ClientId}`] = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: c.ClientId! }))).UserPoolClient;
  }
  const userList = await pages((t) => idp.send(new ListUsersCommand({ UserPoolId: id, Limit: 60, PaginationToken: t })).then((p) => ({ items: p.Users, next: p.PaginationToken })));
  const users: Record<string, unknown> = {};
  for (const u of userList) {
    const { $metadata: _m, ...got } = await idp.send(new AdminGetUserCommand({ UserPoolId: id, Username: u.Username! }));
    const memberOf = await pages((t) =>
      idp.send(new AdminListGroupsForUserCommand({ UserPoolId: id, Username: u.Username!, Limit: 60, NextToken: t })).then((p) => ({ items: p.Groups, next: p.NextToken })),
    );
    const byName = (a: { Name?: string }, b: { Name?: string }) => (a.Name ?? "").localeCompare(b.Name ?? "");
    const email = u.Attributes?.find((a) => a.Name === "email")?.Value;
    users[email ? `${u.Username} ${email}` : u.Username!] = {
      listed: { ...u, Attributes: [...(u.Attributes ?? [])].sort(byName) },
      got: { ...got, UserAttributes: [...(got.UserAttributes ?? [])].sort(byName) },
      groups: memberOf.map((g) => g.GroupName).sort(),
    };
  }
  // moto makes up a new AWSAccountId for the domain on every read.
  const { AWSAccountId: _random, ...domainDescription } = domain?.DomainDescription ?? {};
  return {
    pool,
    mfa,
    tags: tags.Tags,
    domain: domain ? domainDescription : null,
    groups: Object.fromEntries(groups.map((g) => [g.GroupName, g])),
    resourceServers: Object.fromEntries(resourceServers.map((r) => [r.Identifier, r])),
    identityProviders,
    clients,
    users,
  };
}

async function identityPoolSnapshot(identity: CognitoIdentityClient, id: string): Promise<unknown> {
  const pool = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
  const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
  return { pool, roles };
}

async function roleSnapshot(iam: IAMClient, name: string): Promise<unknown> {
  const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!;
  const tags = await pages((t) => iam.send(new ListRoleTagsCommand({ RoleName: name, Marker: t })).then((p) => ({ items: p.Tags, next: p.IsTruncated ? p.Marker : undefined })));
  const inlineNames = await pages((t) => iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker: t })).then((p) => ({ items: p.PolicyNames, next: p.IsTruncated ? p.Marker : undefined })));
  const inline: Record<string, unknown> = {};
  for (const policyName of inlineNames) {
    inline[policyName] = parsedPolicy((await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }))).PolicyDocument);
  }
  const attached = await pages((t) =>
    iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker: t })).then((p) => ({ items: p.AttachedPolicies, next: p.IsTruncated ? p.Marker : undefined })),
  );
  return {
    role: { ...role, AssumeRolePolicyDocument: parsedPolicy(role.AssumeRolePolicyDocument) },
    tags,
    inline,
    attached: attached.map((a) => a.PolicyArn).sort(),
  };
}

async function policySnapshot(iam: IAMClient, arn: string): Promise<unknown> {
  const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
  const versions = await pages((t) => iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: t })).then((p) => ({ items: p.Versions, next: p.IsTruncated ? p.Marker : undefined })));
  const documents: Record<string, unknown> = {};
  for (const v of versions) {
    documents[v.VersionId!] = parsedPolicy((await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId! }))).PolicyVersion?.Document);
  }
  return { policy, versions, documents };
}

/** A policy document as data, so a difference is shown at the statement that changed. */
function parsedPolicy(encoded: string | undefined): unknown {
  const text = decodeURIComponent(encoded ?? "");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const label = (kind: string, r: ForeignResource) => `${kind} ${JSON.stringify(r.name)} ${r.id}`;

export async function snapshotForeignResources(endpoint: string, resources: ForeignResources): Promise<Snapshot> {
  const { idp, identity, iam } = clients(endpoint);
  const snapshot: Snapshot = {};
  for (const r of resources.userPools) snapshot[label("userPool", r)] = await readOrError(() => userPoolSnapshot(idp, r.id));
  for (const r of resources.identityPools) snapshot[label("identityPool", r)] = await readOrError(() => identityPoolSnapshot(identity, r.id));
  for (const r of resources.roles) snapshot[label("role", r)] = await readOrError(() => roleSnapshot(iam, r.name));
  for (const r of resources.policies) snapshot[label("policy", r)] = await readOrError(() => policySnapshot(iam, r.id));
  for (const client of [idp, identity, iam]) client.destroy();
  return canonical(snapshot) as Snapshot;
}

const MAX_SHOWN = 300;
function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const unreadable = (v: unknown): v is { error: string } => isObject(v) && Object.keys(v).length === 1 && typeof v.error === "string";
const state = (v: unknown) => (v === undefined ? "(absent)" : unreadable(v) ? `unreadable (${v.error})` : "present");

/** Each place where two snapshots differ, as "path: before -> after"; empty when they are equal. */
export function differences(before: unknown, after: unknown, path = ""): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  // A resource gone is one line, not one per field it had.
  if (unreadable(before) || unreadable(after)) return [`${path}: ${state(before)} -> ${state(after)}`];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => differences(before[key], after[key], path ? `${path} > ${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => differences(item, after[i], `${path}[${i}]`));
  }
  return [`${path}: ${show(before)} -> ${show(after)}`];
}

/** The differences between a snapshot taken now and an earlier one. */
export async function changedSince(endpoint: string, resources: ForeignResources, before: Snapshot): Promise<string[]> {
  return differences(before, await snapshotForeignResources(endpoint, resources));
}
