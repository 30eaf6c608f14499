import type { CognitoIdentityProvider, CreateIdentityPoolInput, IdentityPool, RoleMapping } from "@aws-sdk/client-cognito-identity";
import { CREATED_TAG, keptToolTags, STACK_TAG, withoutToolTags } from "../../schema/cognito-defaults.js";
import type { IdentityPoolConfig } from "../../schema/identity-pool.js";

/** Shown where an id only exists once apply has created the thing it names. */
export const KNOWN_AFTER_APPLY = "(known after apply)";

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
  roleArn(roleName: string): string | undefined;
}

export const providerName = (region: string, poolId: string) => `cognito-idp.${region}.amazonaws.com/${poolId}`;

const byProvider = (a: ProviderSpec, b: ProviderSpec) => `${a.providerName} ${a.clientId}`.localeCompare(`${b.providerName} ${b.clientId}`);

export function identityPoolSpecFromConfig(config: IdentityPoolConfig, resolve: Resolver): IdentityPoolSpec {
  return {
    name: config.name,
    allowUnauthenticated: config.allowUnauthenticated,
    classicFlow: config.classicFlow,
    providers: config.providers
      .map((p) => ({
        providerName: providerName(resolve.poolRegion(p.userPool), resolve.poolId(p.userPool) ?? KNOWN_AFTER_APPLY),
        clientId: resolve.clientId(p.userPool, p.client) ?? KNOWN_AFTER_APPLY,
        serverSideTokenCheck: p.serverSideTokenCheck,
      }))
      .sort(byProvider),
    tags: { ...config.tags },
  };
}

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

/** `createStamp`: the value of CREATED_TAG for this create (src/aws/create-stamp.ts). */
export function createIdentityPoolRequest(spec: IdentityPoolSpec, stack: string, createStamp: string): CreateIdentityPoolInput {
  return {
    IdentityPoolName: spec.name,
    AllowUnauthenticatedIdentities: spec.allowUnauthenticated,
    AllowClassicFlow: spec.classicFlow,
    CognitoIdentityProviders: providersForApi(spec),
    IdentityPoolTags: { ...spec.tags, [STACK_TAG]: stack, [CREATED_TAG]: createStamp },
  };
}

/** UpdateIdentityPool replaces the pool's configuration: start from live, overlay the file. */
export function updateIdentityPoolRequest(live: IdentityPool, spec: IdentityPoolSpec, stack: string): IdentityPool {
  return {
    ...live,
    IdentityPoolName: spec.name,
    AllowUnauthenticatedIdentities: spec.allowUnauthenticated,
    AllowClassicFlow: spec.classicFlow,
    CognitoIdentityProviders: providersForApi(spec),
    IdentityPoolTags: { ...keptToolTags(live.IdentityPoolTags), ...spec.tags, [STACK_TAG]: stack },
  };
}

/** The role attachment of an identity pool: which role each kind of identity gets, and mappings. */
export interface RolesSpec {
  roles: Record<string, string>;
  roleMappings?: Record<string, { type: string; ambiguousRoleResolution: string; rules?: { claim: string; matchType: string; value: string; roleArn: string }[] }>;
}

export function rolesSpecFromConfig(config: IdentityPoolConfig, resolve: Resolver): RolesSpec {
  const roles: Record<string, string> = {};
  for (const which of ["authenticated", "unauthenticated"] as const) {
    const role = config.roles?.[which];
    if (role) roles[which] = resolve.roleArn(role.name) ?? KNOWN_AFTER_APPLY;
  }
  const roleArnOf = (ref: string) => {
    const declared = ref === "authenticated" || ref === "unauthenticated" ? config.roles?.[ref] : undefined;
    return declared ? (resolve.roleArn(declared.name) ?? KNOWN_AFTER_APPLY) : ref;
  };
  if (config.roleMappings === undefined) return { roles };
  const roleMappings = Object.fromEntries(
    config.roleMappings.map((m) => {
      const key = `${providerName(resolve.poolRegion(m.provider.userPool), resolve.poolId(m.provider.userPool) ?? KNOWN_AFTER_APPLY)}:${resolve.clientId(m.provider.userPool, m.provider.client) ?? KNOWN_AFTER_APPLY}`;
      return [
        key,
        {
          type: m.type,
          ambiguousRoleResolution: m.ambiguousRoleResolution,
          ...(m.rules ? { rules: m.rules.map((r) => ({ claim: r.claim, matchType: r.matchType, value: r.value, roleArn: roleArnOf(r.role) })) } : {}),
        },
      ];
    }),
  );
  return { roles, roleMappings };
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
