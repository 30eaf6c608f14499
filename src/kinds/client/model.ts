import type { CreateUserPoolClientRequest, RiskConfigurationType, UpdateUserPoolClientRequest, UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import type { ClientConfig } from "../../schema/client.js";
import { durationSeconds, formatDuration, inLargestUnit } from "../../schema/duration.js";
import { isAtOrBelow } from "../../core/paths.js";
import { riskSpecFromConfig, riskSpecFromLive, type RiskSpec } from "../risk-configuration/model.js";

/**
 * A client as the tool reads it: DescribeUserPoolClient's answer and, in a pool where threat
 * protection can be configured, the client's own risk configuration (DescribeRiskConfiguration with
 * its ClientId), absent when it has none of its own.
 */
export type LiveClient = UserPoolClientType & { RiskConfiguration?: RiskConfigurationType };

/**
 * An app client as the diff sees it. Durations are in their one canonical form (`1h`, never
 * `60m`), set-like lists are sorted, and OAuth left out of the file reads as "no flows".
 */
export interface ClientSpec {
  name: string;
  generateSecret: boolean;
  authFlows: string[];
  oauth: { flows: string[]; scopes: string[]; callbackUrls: string[]; logoutUrls: string[]; defaultRedirectUri?: string };
  identityProviders: string[];
  tokenValidity: { accessToken: string; idToken: string; refreshToken: string };
  readAttributes?: string[];
  writeAttributes?: string[];
  preventUserExistenceErrors: boolean;
  enableTokenRevocation: boolean;
  authSessionValidity: string;
  refreshTokenRotation?: { enabled: boolean; retryGracePeriod: string };
  /** The client's own risk configuration; nothing set = none of its own (the pool's applies). */
  riskConfiguration?: RiskSpec;
}

/** Whether a field of a client's plan is one of its risk configuration (SetRiskConfiguration's, not UpdateUserPoolClient's). */
export const isRiskConfigurationField = (path: string) => isAtOrBelow(path, "riskConfiguration");

/** Stands in for a live client's secret, which is never kept in memory longer than the read. */
export const SECRET_PRESENT = "(present)";

const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort();
const canonical = (text: string) => formatDuration(durationSeconds(text) ?? 0);

export function clientSpecFromConfig(config: ClientConfig): ClientSpec {
  const oauth = config.oauth;
  return {
    name: config.name,
    generateSecret: config.generateSecret,
    authFlows: sorted(config.authFlows),
    oauth: {
      flows: sorted(oauth?.flows),
      scopes: sorted(oauth?.scopes),
      callbackUrls: sorted(oauth?.callbackUrls),
      logoutUrls: sorted(oauth?.logoutUrls),
      ...(oauth?.defaultRedirectUri !== undefined ? { defaultRedirectUri: oauth.defaultRedirectUri } : {}),
    },
    identityProviders: sorted(config.identityProviders),
    tokenValidity: {
      accessToken: canonical(config.tokenValidity.accessToken),
      idToken: canonical(config.tokenValidity.idToken),
      refreshToken: canonical(config.tokenValidity.refreshToken),
    },
    ...(config.readAttributes !== undefined ? { readAttributes: sorted(config.readAttributes) } : {}),
    ...(config.writeAttributes !== undefined ? { writeAttributes: sorted(config.writeAttributes) } : {}),
    preventUserExistenceErrors: config.preventUserExistenceErrors,
    enableTokenRevocation: config.enableTokenRevocation,
    authSessionValidity: canonical(config.authSessionValidity),
    ...(config.refreshTokenRotation !== undefined
      ? { refreshTokenRotation: { enabled: config.refreshTokenRotation.enabled, retryGracePeriod: canonical(config.refreshTokenRotation.retryGracePeriod) } }
      : {}),
    ...(config.riskConfiguration !== undefined ? { riskConfiguration: riskSpecFromConfig(config.riskConfiguration) } : {}),
  };
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** AWS's validity number in its unit; when AWS leaves the unit out it means hours (access, ID) or days (refresh). */
function liveDuration(value: number | undefined, unit: string | undefined, defaultUnit: string, defaultSeconds: number): string {
  if (value === undefined) return formatDuration(defaultSeconds);
  return formatDuration(value * (UNIT_SECONDS[unit ?? defaultUnit] ?? 1));
}

export function clientSpecFromLive(live: LiveClient): ClientSpec {
  const units = live.TokenValidityUnits ?? {};
  const oauthOn = live.AllowedOAuthFlowsUserPoolClient !== false;
  return {
    name: live.ClientName ?? "",
    generateSecret: live.ClientSecret !== undefined,
    authFlows: sorted(live.ExplicitAuthFlows),
    oauth: {
      flows: oauthOn ? sorted(live.AllowedOAuthFlows) : [],
      scopes: oauthOn ? sorted(live.AllowedOAuthScopes) : [],
      callbackUrls: sorted(live.CallbackURLs),
      logoutUrls: sorted(live.LogoutURLs),
      ...(live.DefaultRedirectURI ? { defaultRedirectUri: live.DefaultRedirectURI } : {}),
    },
    identityProviders: sorted(live.SupportedIdentityProviders),
    tokenValidity: {
      accessToken: liveDuration(live.AccessTokenValidity, units.AccessToken, "hours", 3600),
      idToken: liveDuration(live.IdTokenValidity, units.IdToken, "hours", 3600),
      refreshToken: liveDuration(live.RefreshTokenValidity, units.RefreshToken, "days", 30 * 86_400),
    },
    readAttributes: sorted(live.ReadAttributes),
    writeAttributes: sorted(live.WriteAttributes),
    preventUserExistenceErrors: live.PreventUserExistenceErrors === "ENABLED",
    enableTokenRevocation: live.EnableTokenRevocation ?? true,
    authSessionValidity: formatDuration((live.AuthSessionValidity ?? 3) * 60),
    refreshTokenRotation: {
      enabled: live.RefreshTokenRotation?.Feature === "ENABLED",
      retryGracePeriod: formatDuration(live.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0),
    },
    riskConfiguration: riskSpecFromLive(live.RiskConfiguration),
  };
}

/** Read and write attributes, refresh token rotation and the risk configuration are compared only when the file has them. */
export function projectClient(live: ClientSpec, desired: ClientSpec): ClientSpec {
  const { readAttributes, writeAttributes, refreshTokenRotation, riskConfiguration, ...rest } = live;
  return {
    ...rest,
    ...(desired.readAttributes !== undefined ? { readAttributes } : {}),
    ...(desired.writeAttributes !== undefined ? { writeAttributes } : {}),
    ...(desired.refreshTokenRotation !== undefined ? { refreshTokenRotation } : {}),
    ...(desired.riskConfiguration !== undefined ? { riskConfiguration } : {}),
  };
}

/** The managed fields in API form. Empty lists are left out: omitted means "none" to Cognito. */
function managedFields(spec: ClientSpec) {
  const access = inLargestUnit(durationSeconds(spec.tokenValidity.accessToken) ?? 3600);
  const id = inLargestUnit(durationSeconds(spec.tokenValidity.idToken) ?? 3600);
  const refresh = inLargestUnit(durationSeconds(spec.tokenValidity.refreshToken) ?? 30 * 86_400);
  const oauthOn = spec.oauth.flows.length > 0;
  const nonEmpty = <T>(key: string, list: T[]) => (list.length > 0 ? { [key]: list } : {});
  return {
    ClientName: spec.name,
    ...nonEmpty("ExplicitAuthFlows", spec.authFlows),
    ...nonEmpty("SupportedIdentityProviders", spec.identityProviders),
    AllowedOAuthFlowsUserPoolClient: oauthOn,
    ...nonEmpty("AllowedOAuthFlows", spec.oauth.flows),
    ...nonEmpty("AllowedOAuthScopes", spec.oauth.scopes),
    ...nonEmpty("CallbackURLs", spec.oauth.callbackUrls),
    ...nonEmpty("LogoutURLs", spec.oauth.logoutUrls),
    ...(spec.oauth.defaultRedirectUri !== undefined ? { DefaultRedirectURI: spec.oauth.defaultRedirectUri } : {}),
    AccessTokenValidity: access.amount,
    IdTokenValidity: id.amount,
    RefreshTokenValidity: refresh.amount,
    TokenValidityUnits: { AccessToken: access.unit, IdToken: id.unit, RefreshToken: refresh.unit },
    ...(spec.readAttributes !== undefined ? { ReadAttributes: spec.readAttributes } : {}),
    ...(spec.writeAttributes !== undefined ? { WriteAttributes: spec.writeAttributes } : {}),
    PreventUserExistenceErrors: spec.preventUserExistenceErrors ? ("ENABLED" as const) : ("LEGACY" as const),
    EnableTokenRevocation: spec.enableTokenRevocation,
    AuthSessionValidity: (durationSeconds(spec.authSessionValidity) ?? 180) / 60,
    ...(spec.refreshTokenRotation !== undefined
      ? {
          RefreshTokenRotation: {
            Feature: spec.refreshTokenRotation.enabled ? ("ENABLED" as const) : ("DISABLED" as const),
            RetryGracePeriodSeconds: durationSeconds(spec.refreshTokenRotation.retryGracePeriod) ?? 0,
          },
        }
      : {}),
  } as Partial<UpdateUserPoolClientRequest>;
}

export function createClientRequest(poolId: string, spec: ClientSpec): CreateUserPoolClientRequest {
  return { UserPoolId: poolId, GenerateSecret: spec.generateSecret, ...managedFields(spec) } as CreateUserPoolClientRequest;
}

/**
 * Describe-only fields of a client: never sent back (the secret above all). The risk configuration
 * the tool reads with the client is SetRiskConfiguration's, not UpdateUserPoolClient's.
 */
const NOT_UPDATABLE = new Set(["ClientSecret", "ClientSecretExpiresAt", "CreationDate", "LastModifiedDate", "UserPoolId", "ClientId", "ClientType", "RiskConfiguration"]);

/**
 * UpdateUserPoolClient resets every field it is not sent, so the request starts from the live
 * client (settings the file does not model, such as analytics, included), minus the fields the
 * file manages, which come from the file. A managed list that is now empty is left out, which is
 * how Cognito is told "none".
 */
export function updateClientRequest(poolId: string, clientId: string, spec: ClientSpec, live: LiveClient): UpdateUserPoolClientRequest {
  const managedKeys = new Set([
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    ...(spec.readAttributes !== undefined ? ["ReadAttributes"] : []),
    ...(spec.writeAttributes !== undefined ? ["WriteAttributes"] : []),
    ...(spec.refreshTokenRotation !== undefined ? ["RefreshTokenRotation"] : []),
  ]);
  const carried = Object.fromEntries(Object.entries(live).filter(([key, value]) => !NOT_UPDATABLE.has(key) && !managedKeys.has(key) && value !== undefined));
  return { ...carried, ...managedFields(spec), UserPoolId: poolId, ClientId: clientId } as UpdateUserPoolClientRequest;
}
