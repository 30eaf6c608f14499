import type { CognitoIdentityProvider, CreateIdentityPoolInput, IdentityPool, RoleMapping } from "@aws-sdk/client-cognito-identity";
import { KNOWN_AFTER_APPLY } from "../../core/plan-types.js";
import { isRecord } from "../../core/paths.js";
import { withIgnoredPaths } from "../../diff/ignore.js";
import { CREATED_TAG, keptToolTags, ROLES_TAG, rolesTagValue, STACK_TAG, withoutToolTags } from "../../schema/cognito-defaults.js";
import type { IdentityPoolConfig } from "../../schema/identity-pool.js";

// Stands where an id only exists once apply has created the thing it names; plans mark such fields unknown.
export { KNOWN_AFTER_APPLY } from "../../core/plan-types.js";

export interface ProviderSpec {
  providerName: string;
  clientId: string;
  serverSideTokenCheck: boolean;
}

export interface IdentityPoolSpec {
  name: string;
  allowUnauthenticated: boolean;
  classicFlow: boolean;
  providers: ProviderSpec[];
  tags: Record<string, string>;
}

/** How references to user pools and clients of the file turn into AWS names and ids. */
export interface Resolver {
  poolId(poolName: string): string | undefined;
  poolRegion(poolName: string): string;
  clientId(poolName: string, clientName: string): string | undefined;
  roleArn?(roleName: string): string | undefined;
}

/** What turning `USERPOOL/CLIENT` keys back into providers needs of an identity pool's entry. */
export type ProviderSource = Pick<IdentityPoolConfig, "name" | "providers" | "roleMappings">;

export const providerName = (region: string, poolId: string) => `cognito-idp.${region}.amazonaws.com/${poolId}`;

const byProvider = (a: ProviderSpec, b: ProviderSpec) => `${a.providerName} ${a.clientId}`.localeCompare(`${b.providerName} ${b.clientId}`);

export function identityPoolSpecFromLive(live: IdentityPool): IdentityPoolSpec {
  const tags = withoutToolTags(live.IdentityPoolTags);
  return {
    name: live.IdentityPoolName ?? "",
    allowUnauthenticated: live.AllowUnauthenticatedIdentities ?? false,
    // AWS's default when the field is absent: the classic flow is off.
    classicFlow: live.AllowClassicFlow ?? false,
    providers: (live.CognitoIdentityProviders ?? [])
      .map((p) => ({ providerName: p.ProviderName ?? "", clientId: p.ClientId ?? "", serverSideTokenCheck: p.ServerSideTokenCheck ?? false }))
      .sort(byProvider),
    tags,
  };
}

function providersForApi(spec: IdentityPoolSpec): CognitoIdentityProvider[] {
  return spec.providers.map((p) => ({ ProviderName: p.providerName, ClientId: p.clientId, ServerSideTokenCheck: p.serverSideTokenCheck }));
}

/** The ROLES_TAG entry recording these role names; none for no names. */
function rolesTag(roleRecord: readonly string[]): Record<string, string> {
  const value = rolesTagValue(roleRecord);
  return value ? { [ROLES_TAG]: value } : {};
}

/**
 * `createStamp`: the value of CREATED_TAG for this create (src/aws/create-stamp.ts). `roleRecord`:
 * the IAM roles this stack is about to create for the pool (ROLES_TAG).
 */
export function createIdentityPoolRequest(spec: IdentityPoolSpec, stack: string, createStamp: string, roleRecord: readonly string[] = []): CreateIdentityPoolInput {
  return {
    IdentityPoolName: spec.name,
    AllowUnauthenticatedIdentities: spec.allowUnauthenticated,
    AllowClassicFlow: spec.classicFlow,
    CognitoIdentityProviders: providersForApi(spec),
    IdentityPoolTags: { ...spec.tags, [STACK_TAG]: stack, [CREATED_TAG]: createStamp, ...rolesTag(roleRecord) },
  };
}

/**
 * UpdateIdentityPool replaces the pool's configuration: start from live, overlay the file. The
 * tool's tags are kept as they are, except the role record when the plan gives a new one.
 */
export function updateIdentityPoolRequest(live: IdentityPool, spec: IdentityPoolSpec, stack: string, roleRecord?: readonly string[]): IdentityPool {
  const { [ROLES_TAG]: _recorded, ...toolTags } = keptToolTags(live.IdentityPoolTags);
  const record = roleRecord === undefined ? keptToolTags(live.IdentityPoolTags) : { ...toolTags, ...rolesTag(roleRecord) };
  return {
    ...live,
    IdentityPoolName: spec.name,
    AllowUnauthenticatedIdentities: spec.allowUnauthenticated,
    AllowClassicFlow: spec.classicFlow,
    CognitoIdentityProviders: providersForApi(spec),
    IdentityPoolTags: { ...record, ...spec.tags, [STACK_TAG]: stack },
  };
}

/** The role attachment of an identity pool: which role each kind of identity gets, and mappings. */
export interface RolesSpec {
  roles: Record<string, string>;
  roleMappings?: Record<string, { type: string; ambiguousRoleResolution: string; rules?: { claim: string; matchType: string; value: string; roleArn: string }[] }>;
}

export function rolesSpecFromLive(live: { Roles?: Record<string, string>; RoleMappings?: Record<string, RoleMapping> } | undefined): RolesSpec {
  return {
    roles: { ...live?.Roles },
    roleMappings: Object.fromEntries(
      Object.entries(live?.RoleMappings ?? {}).map(([key, m]) => [
        key,
        {
          type: m.Type ?? "",
          ambiguousRoleResolution: m.AmbiguousRoleResolution ?? "AuthenticatedRole",
          ...(m.RulesConfiguration ? { rules: (m.RulesConfiguration.Rules ?? []).map((r) => ({ claim: r.Claim ?? "", matchType: r.MatchType ?? "", value: r.Value ?? "", roleArn: r.RoleARN ?? "" })) } : {}),
        },
      ]),
    ),
  };
}

export function setRolesRequest(identityPoolId: string, spec: RolesSpec, live: RolesSpec): { IdentityPoolId: string; Roles: Record<string, string>; RoleMappings: Record<string, RoleMapping> } {
  const mappings = spec.roleMappings ?? live.roleMappings ?? {};
  return {
    IdentityPoolId: identityPoolId,
    Roles: spec.roles,
    RoleMappings: Object.fromEntries(
      Object.entries(mappings).map(([key, m]) => [
        key,
        {
          Type: m.type as "Token",
          AmbiguousRoleResolution: m.ambiguousRoleResolution as "AuthenticatedRole",
          ...(m.rules ? { RulesConfiguration: { Rules: m.rules.map((r) => ({ Claim: r.claim, MatchType: r.matchType as "Equals", Value: r.value, RoleARN: r.roleArn })) } } : {}),
        },
      ]),
    ),
  };
}

/* ---- The file's vocabulary: what plans show and ignoreChanges names ---- */

/**
 * A provider (a user pool client) as the file names it: `USERPOOL/CLIENT`. Resource names hold no
 * `/` (letters, digits, spaces and + = , . @ - _), so the key is unambiguous; a name with dots makes
 * the key span dotted path segments, which field paths allow (see src/schema/field-paths.ts).
 */
export const providerKey = (userPool: string, client: string) => `${userPool}/${client}`;

export interface IdentityPoolView {
  name: string;
  allowUnauthenticated: boolean;
  classicFlow: boolean;
  providers: Record<string, { serverSideTokenCheck: boolean }>;
  tags: Record<string, string>;
}

export interface RuleView {
  claim: string;
  matchType: string;
  value: string;
  /** `authenticated`, `unauthenticated` (this identity pool's roles) or an IAM role ARN, as in the file. */
  role: string;
}

export interface RoleMappingView {
  type: string;
  ambiguousRoleResolution: string;
  rules?: RuleView[];
}

/** The role attachment in the file's vocabulary: `roles` are ARNs, mappings keyed `USERPOOL/CLIENT`. */
export interface RolesView {
  roles: Record<string, string>;
  roleMappings?: Record<string, RoleMappingView>;
}

const COGNITO_PROVIDER = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+)$/;
const RAW_KEY = /^([a-z0-9-]+_[A-Za-z0-9]+)\/([\w-]+)$/;

/**
 * Turns live provider names and client ids into the file's `USERPOOL/CLIENT` keys, through the ids
 * known for the file's pools and clients. A provider no declared pair matches keeps a readable raw
 * key, `POOLID/CLIENTID` (the pool id carries its region, so the key turns back into the provider).
 */
export class ProviderNaming {
  private readonly names = new Map<string, string>();

  constructor(pairs: readonly { userPool: string; client: string }[], resolve: Pick<Resolver, "poolId" | "poolRegion" | "clientId">) {
    for (const { userPool, client } of pairs) {
      const poolId = resolve.poolId(userPool);
      const clientId = resolve.clientId(userPool, client);
      if (poolId === undefined || clientId === undefined) continue;
      this.names.set(`${providerName(resolve.poolRegion(userPool), poolId)}:${clientId}`, providerKey(userPool, client));
    }
  }

  keyOf(provider: string, clientId: string): string {
    const named = this.names.get(`${provider}:${clientId}`);
    if (named !== undefined) return named;
    const cognito = COGNITO_PROVIDER.exec(provider);
    return cognito ? `${cognito[2]}/${clientId}` : `${provider}:${clientId}`;
  }

  /** A role mapping's key (`PROVIDER:CLIENTID` for a user pool, or another provider's name). */
  keyOfMapping(key: string): string {
    const at = key.lastIndexOf(":");
    return at > 0 && COGNITO_PROVIDER.test(key.slice(0, at)) ? this.keyOf(key.slice(0, at), key.slice(at + 1)) : key;
  }
}

/** Every user pool client the file pairs with an identity pool, in providers or role mappings. */
export function declaredPairs(configs: readonly ProviderSource[]): { userPool: string; client: string }[] {
  return configs.flatMap((c) => [...c.providers, ...(c.roleMappings ?? []).map((m) => m.provider)]).map((p) => ({ userPool: p.userPool, client: p.client }));
}

/** The IAM role names these identity pools of the file declare. */
export function declaredRoleNames(configs: readonly IdentityPoolConfig[]): string[] {
  return configs.flatMap((c) => Object.values(c.roles ?? {}).flatMap((role) => (role ? [role.name] : [])));
}

/** A `USERPOOL/CLIENT` key back to AWS's provider name and client id: declared names through the resolver. */
function providerOfKey(key: string, config: ProviderSource, resolve: Resolver): { providerName: string; clientId: string } | undefined {
  const declared = declaredPairs([config]).find((p) => providerKey(p.userPool, p.client) === key);
  if (declared) {
    return {
      providerName: providerName(resolve.poolRegion(declared.userPool), resolve.poolId(declared.userPool) ?? KNOWN_AFTER_APPLY),
      clientId: resolve.clientId(declared.userPool, declared.client) ?? KNOWN_AFTER_APPLY,
    };
  }
  const raw = RAW_KEY.exec(key);
  if (raw) return { providerName: providerName(raw[1]!.split("_")[0]!, raw[1]!), clientId: raw[2]! };
  return undefined;
}

export function identityPoolViewFromConfig(config: IdentityPoolConfig): IdentityPoolView {
  return {
    name: config.name,
    allowUnauthenticated: config.allowUnauthenticated,
    classicFlow: config.classicFlow,
    providers: Object.fromEntries(config.providers.map((p) => [providerKey(p.userPool, p.client), { serverSideTokenCheck: p.serverSideTokenCheck }])),
    tags: { ...config.tags },
  };
}

export function identityPoolViewFromLive(live: IdentityPool, naming: ProviderNaming): IdentityPoolView {
  const spec = identityPoolSpecFromLive(live);
  return {
    name: spec.name,
    allowUnauthenticated: spec.allowUnauthenticated,
    classicFlow: spec.classicFlow,
    providers: Object.fromEntries(spec.providers.map((p) => [naming.keyOf(p.providerName, p.clientId), { serverSideTokenCheck: p.serverSideTokenCheck }])),
    tags: spec.tags,
  };
}

/** The view with AWS's names and ids, for the requests. */
export function identityPoolSpecFromView(view: IdentityPoolView, config: ProviderSource, resolve: Resolver): IdentityPoolSpec {
  return {
    name: view.name,
    allowUnauthenticated: view.allowUnauthenticated,
    classicFlow: view.classicFlow,
    providers: Object.entries(view.providers)
      .map(([key, p]) => {
        const provider = providerOfKey(key, config, resolve);
        if (!provider) throw new Error(`identity pool ${config.name}: provider ${key} names no user pool client`);
        return { ...provider, serverSideTokenCheck: p.serverSideTokenCheck };
      })
      .sort(byProvider),
    tags: { ...view.tags },
  };
}

/** ARNs that `authenticated` and `unauthenticated` stand for in live rules. */
export type RoleRefs = Partial<Record<"authenticated" | "unauthenticated", readonly (string | undefined)[]>>;

export function rolesViewFromConfig(config: IdentityPoolConfig, roleArn: (which: "authenticated" | "unauthenticated") => string | undefined): RolesView {
  const roles: Record<string, string> = {};
  for (const which of ["authenticated", "unauthenticated"] as const) {
    if (config.roles?.[which]) roles[which] = roleArn(which) ?? KNOWN_AFTER_APPLY;
  }
  // An ARN the file writes for one of this pool's own roles is that role, as a live rule reads.
  const roleRef = (ref: string) => (["authenticated", "unauthenticated"] as const).find((which) => config.roles?.[which] && ref === roleArn(which)) ?? ref;
  if (config.roleMappings === undefined) return { roles };
  const roleMappings = Object.fromEntries(
    config.roleMappings.map((m) => [
      providerKey(m.provider.userPool, m.provider.client),
      {
        type: m.type,
        ambiguousRoleResolution: m.ambiguousRoleResolution,
        ...(m.rules ? { rules: m.rules.map((r) => ({ claim: r.claim, matchType: r.matchType, value: r.value, role: roleRef(r.role) })) } : {}),
      },
    ]),
  );
  return { roles, roleMappings };
}

export function rolesViewFromLive(live: RolesSpec, naming: ProviderNaming, refs: RoleRefs): RolesView {
  const roleRef = (arn: string) => (["authenticated", "unauthenticated"] as const).find((which) => refs[which]?.includes(arn)) ?? arn;
  return {
    roles: { ...live.roles },
    roleMappings: Object.fromEntries(
      Object.entries(live.roleMappings ?? {}).map(([key, m]) => [
        naming.keyOfMapping(key),
        {
          type: m.type,
          ambiguousRoleResolution: m.ambiguousRoleResolution,
          ...(m.rules ? { rules: m.rules.map((r) => ({ claim: r.claim, matchType: r.matchType, value: r.value, role: roleRef(r.roleArn) })) } : {}),
        },
      ]),
    ),
  };
}

/**
 * The view with AWS's keys and ARNs, for SetIdentityPoolRoles. `authenticated`/`unauthenticated`
 * in a rule is the role the view attaches (else the live one); a mapping key the file does not
 * declare (kept from live by ignoreChanges) turns back into its provider.
 */
export function rolesSpecFromView(view: RolesView, config: ProviderSource, resolve: Resolver, live: RolesSpec): RolesSpec {
  const roleArnOf = (ref: string) => (ref === "authenticated" || ref === "unauthenticated" ? (view.roles[ref] ?? live.roles[ref] ?? ref) : ref);
  if (view.roleMappings === undefined) return { roles: { ...view.roles } };
  const liveKeys = new Map(Object.keys(live.roleMappings ?? {}).map((key) => [key, key]));
  const roleMappings = Object.fromEntries(
    Object.entries(view.roleMappings).map(([key, m]) => {
      const provider = providerOfKey(key, config, resolve);
      const apiKey = provider ? `${provider.providerName}:${provider.clientId}` : liveKeys.get(key);
      if (apiKey === undefined) throw new Error(`identity pool ${config.name}: role mapping ${key} names no provider`);
      return [apiKey, { type: m.type, ambiguousRoleResolution: m.ambiguousRoleResolution, ...(m.rules ? { rules: m.rules.map((r) => ({ claim: r.claim, matchType: r.matchType, value: r.value, roleArn: roleArnOf(r.role) })) } : {}) }];
    }),
  );
  return { roles: { ...view.roles }, roleMappings };
}

/**
 * withIgnoredFromLive for views whose keys may hold dots (`My.Pool/Web`): each path is split
 * against the keys the two sides really have, longest key first.
 */
export function withIgnoredKeyed<T extends object>(desired: T, live: object, ignore: readonly string[]): T {
  return withIgnoredPaths(desired, live, ignore, splitKeyed);
}

function splitKeyed(path: string, ...sides: unknown[]): string[] {
  const segments: string[] = [];
  let rest = path;
  let levels = sides;
  while (rest.length > 0) {
    const keys = levels.flatMap((level) => (isRecord(level) ? Object.keys(level) : [])).sort((a, b) => b.length - a.length);
    const key = keys.find((k) => rest === k || rest.startsWith(`${k}.`)) ?? rest.split(".")[0]!;
    segments.push(key);
    rest = rest.slice(key.length + 1);
    levels = levels.map((level) => (isRecord(level) ? level[key] : undefined));
  }
  return segments;
}
