import type { Logger } from "pino";
import type { AwsClients } from "../aws/clients.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { listClientIds, listClients } from "../kinds/client/aws.js";
import { domainUrl } from "../kinds/domain/model.js";
import { resolveTargets } from "../config/targets.js";
import { readIdentityPoolRoles } from "../kinds/identity-pool/aws.js";
import { readCreated } from "../run/read-state.js";
import type { OutputsDocument, PoolOutputs } from "../render/outputs.js";
import { awsClientsFor, resolveRegion, type CommonOptions } from "../run/plan-run.js";

export interface OutputsOptions extends Pick<CommonOptions, "files" | "region" | "profile" | "endpointUrl"> {
  showSecrets: boolean;
}

export interface ReadOutputs {
  document: OutputsDocument;
  /** The region of the run: the file's, else --region, else the SDK chain's. */
  region: string;
  /** Clients that have a secret which was left out (no --show-secrets): how many, never which value. */
  secretsLeftOut: number;
}

/**
 * Reads the ids and URLs of what the file manages. Client secrets are fetched only when asked for;
 * otherwise they are never read into memory here.
 */
export async function collectOutputs(options: OutputsOptions, logger: Logger): Promise<OutputsDocument> {
  const config = await loadConfig(options.files);
  const aws = awsClientsFor(options, logger);
  try {
    return (await readOutputs(config, options, aws)).document;
  } finally {
    aws.destroy();
  }
}

/** collectOutputs with the file loaded and the clients made by the caller, which writes with them next. */
export async function readOutputs(config: LoadedConfig, options: OutputsOptions, aws: AwsClients): Promise<ReadOutputs> {
  const region = await resolveRegion(config, options, aws);
  const { state } = config;
  const created = await readCreated(aws, resolveTargets(state, region), state.stack, { userPools: state.userPools, identityPools: state.identityPools });

  let secretsLeftOut = 0;
  const userPools: Record<string, PoolOutputs> = {};
  for (const [desired, pool] of created.userPools) {
    const issuerUrl = `https://cognito-idp.${pool.region}.amazonaws.com/${pool.id}`;
    const domain = pool.raw.CustomDomain ?? pool.raw.Domain;
    const base = domain ? domainUrl(domain, pool.region) : undefined;
    const clients: PoolOutputs["clients"] = {};
    if (options.showSecrets) {
      const byName = new Map((await listClients(aws.idp(pool.region), pool.id, { keepSecrets: true })).map((c) => [c.ClientName ?? "", c]));
      // In the file's order; a declared client not created yet is simply absent.
      for (const { name } of desired.clients ?? []) {
        const client = byName.get(name);
        if (client?.ClientId) clients[name] = { clientId: client.ClientId, ...(client.ClientSecret ? { clientSecret: client.ClientSecret } : {}) };
      }
    } else {
      // Ids only, without describing a client (and so without permission to read its secret): which
      // clients have a secret left out is what the file says.
      const byName = new Map((await listClientIds(aws.idp(pool.region), pool.id)).map((c) => [c.name, c.clientId]));
      for (const { name, generateSecret } of desired.clients ?? []) {
        const clientId = byName.get(name);
        if (clientId === undefined) continue;
        if (generateSecret) secretsLeftOut += 1;
        clients[name] = { clientId };
      }
    }
    userPools[desired.name] = {
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
  for (const [desired, pool] of created.identityPools) {
    await readIdentityPoolRoles(await aws.identity(pool.region), pool);
    const roles = pool.roles?.Roles ?? {};
    identityPools[desired.name] = {
      region: pool.region,
      identityPoolId: pool.id,
      roles: { ...(roles.authenticated ? { authenticated: roles.authenticated } : {}), ...(roles.unauthenticated ? { unauthenticated: roles.unauthenticated } : {}) },
    };
  }
  return { document: { stack: config.state.stack, userPools, identityPools }, region, secretsLeftOut };
}
