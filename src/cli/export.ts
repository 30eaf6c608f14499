import type { Logger } from "pino";
import { UserError } from "../core/errors.js";
import type { ChildKind } from "../core/child-kind.js";
import type { LivePool } from "../core/live-types.js";
import { clientKind } from "../kinds/client/kind.js";
import { domainKind } from "../kinds/domain/kind.js";
import { groupKind } from "../kinds/group/kind.js";
import { identityProviderKind } from "../kinds/identity-provider/kind.js";
import { resourceServerKind } from "../kinds/resource-server/kind.js";
import { listUsers } from "../kinds/user/aws.js";
import { describePool, readMfa } from "../kinds/user-pool/aws.js";
import { exportPoolYaml } from "../render/export.js";
import { awsClientsFor } from "../run/plan-run.js";

export interface ExportOptions {
  poolId: string;
  withUsers: boolean;
  region?: string;
  stack?: string;
  profile?: string;
  endpointUrl?: string;
}

/**
 * Reads one pool and everything in it, and writes it as a desired-state file. What the file cannot
 * hold is told to `warn`, one line each, so nothing is dropped without a word.
 */
export async function exportPool(options: ExportOptions, logger: Logger, warn: (line: string) => void = (line) => void process.stderr.write(line)): Promise<string> {
  const aws = awsClientsFor(options, logger);
  try {
    // A pool id starts with its region (us-east-1_AbC123).
    const region = options.region ?? options.poolId.split("_")[0] ?? (await aws.defaultRegion());
    if (!region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UserError(`cannot tell the region of pool ${options.poolId}; pass --region`);
    const idp = aws.idp(region);
    const pool = await describePool(idp, region, options.poolId);
    if (!pool) throw new UserError(`no user pool ${options.poolId} in ${region}; check the id and --region`);
    await readMfa(idp, pool);
    const children = async <Spec extends object, Live>(kind: ChildKind<Spec, Live>, of: LivePool): Promise<Live[]> => (await kind.effects()).list(idp, of);
    const groups = await children(groupKind, pool);
    pool.children.group = groups;
    const stack = options.stack ?? pool.stackTag;
    if (!stack) throw new UserError(`pool ${options.poolId} has no cognito-reconcile:stack tag; name the stack the file should use with --stack`);
    const exported = exportPoolYaml({
      pool,
      stack,
      groups,
      clients: await children(clientKind, pool),
      resourceServers: await children(resourceServerKind, pool),
      identityProviders: await children(identityProviderKind, pool),
      domains: await children(domainKind, pool),
      ...(options.withUsers ? { users: await listUsers(idp, pool) } : {}),
    });
    for (const line of exported.leftOut) warn(`export: left out ${line}\n`);
    return exported.yaml;
  } finally {
    aws.destroy();
  }
}
