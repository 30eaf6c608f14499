import type { UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import type { Logger } from "pino";
import { loadConfig } from "../config/load.js";
import { PlanError, UserError } from "../core/errors.js";
import { listClients } from "../kinds/client/aws.js";
import { domainUrl } from "../kinds/domain/model.js";
import { readLive } from "../live/read-live.js";
import type { OutputsDocument, PoolOutputs } from "../render/outputs.js";
import { awsClientsFor, resolveRegion, type CommonOptions } from "./pipeline.js";

export interface OutputsOptions extends Pick<CommonOptions, "file" | "region" | "profile" | "endpointUrl"> {
  showSecrets: boolean;
}

/**
 * Reads the ids and URLs of what the file manages. Client secrets are fetched only when asked for;
 * otherwise they are never read into memory here.
 */
export async function collectOutputs(options: OutputsOptions, logger: Logger): Promise<OutputsDocument> {
  const config = await loadConfig(options.file);
  const aws = awsClientsFor(options, logger);
  try {
    const region = await resolveRegion(config, options, aws);
    const { match, identityMatch } = await readLive(aws, config.state, { stack: config.state.stack, adopt: false, defaultRegion: region });
    const problems = [...match.problems, ...identityMatch.problems];
    if (problems.length > 0) throw new PlanError(problems);
    const missing = [
      ...match.bindings.filter((b) => !b.live).map((b) => `userPool.${b.desired.name}`),
      ...identityMatch.bindings.filter((b) => !b.live).map((b) => `identityPool.${b.desired.name}`),
    ];
    if (missing.length > 0) throw new UserError(`not created yet: ${missing.join(", ")}; run apply first`);

    const userPools: Record<string, PoolOutputs> = {};
    for (const binding of match.bindings) {
      const pool = binding.live!;
      const issuerUrl = `https://cognito-idp.${pool.region}.amazonaws.com/${pool.id}`;
      const domain = pool.raw.CustomDomain ?? pool.raw.Domain;
      const base = domain ? domainUrl(domain, pool.region) : undefined;
      const live = options.showSecrets
        ? await listClients(aws.idp(pool.region), pool.id, { keepSecrets: true })
        : ((pool.children.client ?? []) as UserPoolClientType[]);
      const byName = new Map(live.map((c) => [c.ClientName ?? "", c]));
      const clients: PoolOutputs["clients"] = {};
      // In the file's order; a declared client not created yet is simply absent.
      for (const { name } of binding.desired.clients ?? []) {
        const client = byName.get(name);
        if (!client?.ClientId) continue;
        clients[name] = { clientId: client.ClientId, ...(options.showSecrets && client.ClientSecret ? { clientSecret: client.ClientSecret } : {}) };
      }
      userPools[binding.desired.name] = {
        region: pool.region,
        userPoolId: pool.id,
        userPoolArn: pool.raw.Arn ?? `arn:aws:cognito-idp:${pool.region}:unknown:userpool/${pool.id}`,
        issuerUrl,
        jwksUrl: `${issuerUrl}/.well-known/jwks.json`,
        ...(base ? { domainUrl: base, tokenEndpoint: `${base}/oauth2/token` } : {}),
        clients,
      };
    }
    const identityPools: OutputsDocument["identityPools"] = {};
    for (const binding of identityMatch.bindings) {
      const pool = binding.live!;
      const roles = pool.roles?.Roles ?? {};
      identityPools[binding.desired.name] = {
        region: pool.region,
        identityPoolId: pool.id,
        roles: { ...(roles.authenticated ? { authenticated: roles.authenticated } : {}), ...(roles.unauthenticated ? { unauthenticated: roles.unauthenticated } : {}) },
      };
    }
    return { stack: config.state.stack, userPools, identityPools };
  } finally {
    aws.destroy();
  }
}
