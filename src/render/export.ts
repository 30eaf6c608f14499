import type { DomainDescriptionType, GroupType, IdentityProviderType, ResourceServerType, UserPoolClientType, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import { Document } from "yaml";
import type { LivePool } from "../core/live-types.js";
import { clientSpecFromLive } from "../kinds/client/model.js";
import { domainSpecFromLive } from "../kinds/domain/model.js";
import { groupSpecFromLive } from "../kinds/group/model.js";
import { identityProviderSpecFromLive } from "../kinds/identity-provider/model.js";
import { resourceServerSpecFromLive } from "../kinds/resource-server/model.js";
import { attributeMap, type LiveUser } from "../kinds/user/model.js";
import { poolSpecFromLive } from "../kinds/user-pool/model.js";
import { TRIGGER_NAMES } from "../schema/user-pool.js";
import { envName } from "./outputs.js";

export interface ExportInput {
  pool: LivePool;
  stack: string;
  groups: GroupType[];
  clients: UserPoolClientType[];
  resourceServers: ResourceServerType[];
  identityProviders: IdentityProviderType[];
  domains: DomainDescriptionType[];
  users?: LiveUser[];
}

/** The environment variable an exported identity provider's secret is read from. */
export const idpSecretVariable = (name: string) => `IDP_${envName(name)}_CLIENT_SECRET`;

/** What export could not write, one line each: where it was and why. */
type LeftOut = string[];

/** Developer-only attributes live under the `dev:` prefix; only the app's backend may touch them. */
const isDeveloperOnly = (name: string | undefined) => (name ?? "").startsWith("dev:");

const UNMANAGED_KEPT = "the file has no field for it; apply keeps it as it is";

/** Client settings the file does not model, each with a test for Cognito's default (not worth a line). */
const UNMANAGED_CLIENT_FIELDS: Record<string, (value: unknown) => boolean> = {
  AnalyticsConfiguration: () => false,
  EnablePropagateAdditionalUserContextData: (value) => value === false,
  RefreshTokenRotation: (value) => (value as { Feature?: string }).Feature !== "ENABLED",
};

function clientConfig(client: UserPoolClientType, leftOut: LeftOut) {
  const spec = clientSpecFromLive(client);
  const { oauth, readAttributes, writeAttributes, ...rest } = spec;
  const name = spec.name;
  for (const [key, isDefault] of Object.entries(UNMANAGED_CLIENT_FIELDS)) {
    const value = (client as Record<string, unknown>)[key];
    if (value !== undefined && !isDefault(value)) leftOut.push(`client ${name} ${key}: ${UNMANAGED_KEPT}`);
  }
  const oauthOn = oauth.flows.length > 0;
  if (!oauthOn && (client.AllowedOAuthFlows?.length || client.AllowedOAuthScopes?.length)) {
    leftOut.push(`client ${name} oauth.flows and oauth.scopes: OAuth is off for this client, so Cognito does not use them; an update sends none`);
  }
  // OAuth off with URLs kept (a common console state) is written as such, so plan leaves the URLs.
  const { flows: _flows, scopes: _scopes, ...urls } = oauth;
  const keptUrls = urls.callbackUrls.length > 0 || urls.logoutUrls.length > 0 || urls.defaultRedirectUri !== undefined;
  return {
    ...rest,
    ...(oauthOn ? { oauth } : keptUrls ? { oauth: { enabled: false, ...urls } } : {}),
    ...(readAttributes && readAttributes.length > 0 ? { readAttributes } : {}),
    ...(writeAttributes && writeAttributes.length > 0 ? { writeAttributes } : {}),
  };
}

/** Pool settings a file writes, whole or in part (the rest is identity, or read-only). */
const POOL_KEYS_WRITTEN = new Set([
  "Id", "Name", "Arn", "Status", "CreationDate", "LastModifiedDate", "EstimatedNumberOfUsers", "SmsConfigurationFailure", "EmailConfigurationFailure",
  "Domain", "CustomDomain", "DeletionProtection", "UsernameAttributes", "AliasAttributes", "UsernameConfiguration", "AutoVerifiedAttributes",
  "UserAttributeUpdateSettings", "VerificationMessageTemplate", "SmsVerificationMessage", "EmailVerificationMessage", "EmailVerificationSubject",
  "AdminCreateUserConfig", "MfaConfiguration", "AccountRecoverySetting", "EmailConfiguration", "SmsConfiguration", "UserPoolTags",
  "SchemaAttributes", "Policies", "LambdaConfig",
]);

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && Object.keys(value).length === 0);

function poolLeftOut(pool: UserPoolType, leftOut: LeftOut): void {
  for (const attribute of pool.SchemaAttributes ?? []) {
    if (isDeveloperOnly(attribute.Name) || attribute.DeveloperOnlyAttribute) {
      leftOut.push(`attributes.custom ${attribute.Name}: developer-only attributes cannot be declared; the pool keeps it`);
    }
  }
  for (const [key, value] of Object.entries(pool)) {
    // AWS describes most pools with threat protection off; that is its default, not a setting.
    const addOnsOff = key === "UserPoolAddOns" && JSON.stringify(value) === JSON.stringify({ AdvancedSecurityMode: "OFF" });
    if (!POOL_KEYS_WRITTEN.has(key) && !isEmpty(value) && !addOnsOff) leftOut.push(`userPool ${key}: ${UNMANAGED_KEPT}`);
  }
  for (const [key, value] of Object.entries(pool.Policies ?? {})) {
    if (key !== "PasswordPolicy" && !isEmpty(value)) leftOut.push(`userPool Policies.${key}: ${UNMANAGED_KEPT}`);
  }
  const triggerKeys = new Set<string>(TRIGGER_NAMES.map((t) => t.charAt(0).toUpperCase() + t.slice(1)));
  for (const [key, value] of Object.entries(pool.LambdaConfig ?? {})) {
    if (!triggerKeys.has(key) && !isEmpty(value)) leftOut.push(`triggers LambdaConfig.${key}: ${UNMANAGED_KEPT}`);
  }
}

function userConfig(user: LiveUser, usernameAttributes: readonly string[], devAttributes: Map<string, number>) {
  const attributes = attributeMap(user.user.Attributes);
  const { sub: _sub, ...rest } = attributes;
  // In an email- or phone-sign-in pool the file names users by that attribute, not by their sub.
  const username = usernameAttributes.map((a) => attributes[a]).find((v) => v) ?? user.user.Username ?? "";
  const declarable = Object.fromEntries(
    Object.entries(rest).filter(([name]) => {
      if (!isDeveloperOnly(name)) return true;
      devAttributes.set(name, (devAttributes.get(name) ?? 0) + 1);
      return false;
    }),
  );
  return { username, attributes: declarable, groups: [...user.groups].sort(), enabled: user.user.Enabled ?? true };
}

export interface ExportResult {
  /** The desired-state file. */
  yaml: string;
  /** What the file could not hold, one line each ("WHERE: why"). */
  leftOut: string[];
}

/**
 * A desired-state file for an existing pool, such that `plan` with it shows no changes. Pure: the
 * live objects come in, YAML text goes out. Secrets are written as ${env:...} references. What the
 * file cannot hold comes back in `leftOut`, for the caller to tell the user.
 */
export function exportPoolYaml(input: ExportInput): ExportResult {
  const leftOut: LeftOut = [];
  poolLeftOut(input.pool.raw, leftOut);
  const devAttributes = new Map<string, number>();
  const spec = poolSpecFromLive(input.pool.raw, input.pool.mfa);
  const { attributes, sms, name: _name, ...sections } = spec;
  const domain = input.domains[0] ? domainSpecFromLive(input.domains[0]) : undefined;
  const pool = {
    name: input.pool.name,
    id: input.pool.id,
    ...sections,
    ...(sms ? { sms } : {}),
    attributes: {
      required: attributes?.required ?? [],
      custom: Object.entries(attributes?.custom ?? {}).map(([name, definition]) => ({ name, ...definition })),
    },
    // A file holds one domain a pool; with two live (prefix and custom), `domain` is left out, so
    // neither is managed (a declared one would have the other deleted).
    ...(input.domains.length > 1 ? {} : { domain: domain ? (domain.certificateArn ? { custom: domain.domain, certificateArn: domain.certificateArn } : { prefix: domain.domain }) : null }),
    resourceServers: input.resourceServers.map((r) => {
      const rs = resourceServerSpecFromLive(r);
      return { identifier: rs.identifier, name: rs.name, scopes: Object.entries(rs.scopes).map(([name, description]) => ({ name, description })) };
    }),
    identityProviders: input.identityProviders.map((p) => {
      const idp = identityProviderSpecFromLive(p);
      const { clientSecret, ...rest } = idp;
      return { ...rest, ...(clientSecret !== undefined ? { clientSecret: `\${env:${idpSecretVariable(idp.name)}}` } : {}) };
    }),
    clients: input.clients.map((c) => clientConfig(c, leftOut)),
    groups: input.groups.map(groupSpecFromLive),
    ...(input.users ? { users: input.users.map((u) => userConfig(u, input.pool.raw.UsernameAttributes ?? [], devAttributes)) } : {}),
    prune: { users: false },
  };
  const document = new Document({ version: 1, stack: input.stack, region: input.pool.region, userPools: [pool] });
  document.commentBefore = [
    ` Exported by cognito-reconcile from user pool ${input.pool.id} (${input.pool.region}).`,
    " Identity provider secrets are read from the environment variables named below.",
    input.pool.stackTag === undefined ? " The pool has no stack tag yet: run plan/apply with --adopt once to take it over." : "",
  ]
    .filter((line) => line !== "")
    .join("\n");
  if (input.domains.length > 1) {
    leftOut.push(`domain ${input.domains.map((d) => d.Domain).join(" and ")}: a file declares one domain per pool, so domain is left out and apply leaves both as they are`);
  }
  for (const [name, users] of devAttributes) {
    leftOut.push(`users attributes ${name} (${users} user${users === 1 ? "" : "s"}): developer-only attributes cannot be declared; the users keep their values`);
  }
  return { yaml: document.toString({ lineWidth: 0 }), leftOut };
}
