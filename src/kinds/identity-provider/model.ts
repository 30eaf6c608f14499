import type { CreateIdentityProviderRequest, IdentityProviderType, UpdateIdentityProviderRequest } from "@aws-sdk/client-cognito-identity-provider";
import { secretDetailKey, type IdentityProviderConfig } from "../../schema/identity-provider.js";

/**
 * An identity provider as the diff sees it. The secret sits apart from `details` so it can be
 * masked; only `details` keys the file names are compared, because Cognito adds its own
 * (endpoints found by OIDC discovery, attributes_url, ...).
 */
export interface IdentityProviderSpec {
  name: string;
  type: string;
  details: Record<string, string>;
  clientSecret?: string;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
}

export function identityProviderSpecFromConfig(config: IdentityProviderConfig): IdentityProviderSpec {
  return {
    name: config.name,
    type: config.type,
    details: { ...config.details },
    ...(config.clientSecret !== undefined ? { clientSecret: config.clientSecret } : {}),
    attributeMapping: { ...config.attributeMapping },
    idpIdentifiers: [...config.idpIdentifiers].sort(),
  };
}

export function identityProviderSpecFromLive(live: IdentityProviderType): IdentityProviderSpec {
  const type = live.ProviderType ?? "";
  const secretKey = secretDetailKey(type);
  const { [secretKey ?? ""]: secret, ...details } = live.ProviderDetails ?? {};
  return {
    name: live.ProviderName ?? "",
    type,
    details,
    ...(secret !== undefined ? { clientSecret: secret } : {}),
    attributeMapping: { ...live.AttributeMapping },
    idpIdentifiers: [...(live.IdpIdentifiers ?? [])].sort(),
  };
}

/**
 * Keeps of the live spec what the file manages: the details keys it names, the secret only when it
 * declares one, and Cognito's own `username` mapping (social providers get it automatically) only
 * when the file maps username itself.
 */
export function projectIdentityProvider(live: IdentityProviderSpec, desired: IdentityProviderSpec): IdentityProviderSpec {
  const details = Object.fromEntries(Object.entries(live.details).filter(([key]) => key in desired.details));
  const { username, ...mapping } = live.attributeMapping;
  const attributeMapping = "username" in desired.attributeMapping && username !== undefined ? { ...mapping, username } : mapping;
  const { clientSecret, ...rest } = live;
  return { ...rest, details, attributeMapping, ...(desired.clientSecret !== undefined && clientSecret !== undefined ? { clientSecret } : {}) };
}

function providerDetails(spec: IdentityProviderSpec, base: Record<string, string>): Record<string, string> {
  const key = secretDetailKey(spec.type);
  return { ...base, ...spec.details, ...(key && spec.clientSecret !== undefined ? { [key]: spec.clientSecret } : {}) };
}

export function createIdentityProviderRequest(poolId: string, spec: IdentityProviderSpec): CreateIdentityProviderRequest {
  return {
    UserPoolId: poolId,
    ProviderName: spec.name,
    ProviderType: spec.type as CreateIdentityProviderRequest["ProviderType"],
    ProviderDetails: providerDetails(spec, {}),
    AttributeMapping: spec.attributeMapping,
    ...(spec.idpIdentifiers.length > 0 ? { IdpIdentifiers: spec.idpIdentifiers } : {}),
  };
}

/** Starts from the live details (keys Cognito filled in stay as they are) and overlays the file's. */
export function updateIdentityProviderRequest(poolId: string, spec: IdentityProviderSpec, live: IdentityProviderType): UpdateIdentityProviderRequest {
  const liveMapping = live.AttributeMapping ?? {};
  return {
    UserPoolId: poolId,
    ProviderName: spec.name,
    ProviderDetails: providerDetails(spec, live.ProviderDetails ?? {}),
    AttributeMapping: { ...(liveMapping.username !== undefined ? { username: liveMapping.username } : {}), ...spec.attributeMapping },
    IdpIdentifiers: spec.idpIdentifiers,
  };
}
