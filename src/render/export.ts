import type { DomainDescriptionType, GroupType, IdentityProviderType, ResourceServerType, UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import { Document } from "yaml";
import type { LivePool } from "../core/live-types.js";
import { clientSpecFromLive } from "../kinds/client/model.js";
import { domainSpecFromLive } from "../kinds/domain/model.js";
import { groupSpecFromLive } from "../kinds/group/model.js";
import { identityProviderSpecFromLive } from "../kinds/identity-provider/model.js";
import { resourceServerSpecFromLive } from "../kinds/resource-server/model.js";
import { attributeMap, type LiveUser } from "../kinds/user/model.js";
import { poolSpecFromLive } from "../kinds/user-pool/model.js";
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

function clientConfig(client: UserPoolClientType) {
  const spec = clientSpecFromLive(client);
  const { oauth, readAttributes, writeAttributes, ...rest } = spec;
  return {
    ...rest,
    ...(oauth.flows.length > 0 ? { oauth } : {}),
    ...(readAttributes && readAttributes.length > 0 ? { readAttributes } : {}),
    ...(writeAttributes && writeAttributes.length > 0 ? { writeAttributes } : {}),
  };
}

function userConfig(user: LiveUser, usernameAttributes: readonly string[]) {
  const attributes = attributeMap(user.user.Attributes);
  const { sub: _sub, ...rest } = attributes;
  // In an email- or phone-sign-in pool the file names users by that attribute, not by their sub.
  const username = usernameAttributes.map((a) => attributes[a]).find((v) => v) ?? user.user.Username ?? "";
  return { username, attributes: rest, groups: [...user.groups].sort(), enabled: user.user.Enabled ?? true };
}

/**
 * A desired-state file for an existing pool, such that `plan` with it shows no changes. Pure: the
 * live objects come in, YAML text goes out. Secrets are written as ${env:...} references.
 */
export function exportPoolYaml(input: ExportInput): string {
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
    domain: domain ? (domain.certificateArn ? { custom: domain.domain, certificateArn: domain.certificateArn } : { prefix: domain.domain }) : null,
    resourceServers: input.resourceServers.map((r) => {
      const rs = resourceServerSpecFromLive(r);
      return { identifier: rs.identifier, name: rs.name, scopes: Object.entries(rs.scopes).map(([name, description]) => ({ name, description })) };
    }),
    identityProviders: input.identityProviders.map((p) => {
      const idp = identityProviderSpecFromLive(p);
      const { clientSecret, ...rest } = idp;
      return { ...rest, ...(clientSecret !== undefined ? { clientSecret: `\${env:${idpSecretVariable(idp.name)}}` } : {}) };
    }),
    clients: input.clients.map(clientConfig),
    groups: input.groups.map(groupSpecFromLive),
    ...(input.users ? { users: input.users.map((u) => userConfig(u, input.pool.raw.UsernameAttributes ?? [])) } : {}),
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
  return document.toString({ lineWidth: 0 });
}
