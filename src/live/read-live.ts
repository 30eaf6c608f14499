import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import type { AwsClients } from "../aws/clients.js";
import type { LiveIdentityPool, LiveRole } from "../core/identity-live-types.js";
import type { AnyChildKind } from "../core/child-kind.js";
import type { LivePool } from "../core/live-types.js";
import { allOrFirstFailure, Stopped, type Stopping } from "../core/settle.js";
import { readRole } from "../kinds/iam-role/aws.js";
import { roleNameOfArn } from "../kinds/iam-role/model.js";
import { readIdentityPoolRoles, readIdentityPools } from "../kinds/identity-pool/aws.js";
import { readMfa, readPools } from "../kinds/user-pool/aws.js";
import { recordedRoles } from "../schema/cognito-defaults.js";
import type { UserPoolConfig } from "../schema/user-pool.js";

/**
 * Reads live state as it is, deciding nothing: which pools are the stack's, which to adopt and
 * which to delete is the planner's business (src/plan/match-pools.ts). A run reads in two rounds:
 * the index of every pool of the regions the file touches (ownership needs their tags), then the
 * details of the pools the match picked.
 */

/** Every user pool of these regions, described. */
export async function readUserPoolIndex(aws: AwsClients, regions: readonly string[]): Promise<LivePool[]> {
  return (await Promise.all(regions.map((region) => readPools(aws.idp(region), region)))).flat();
}

/** Every identity pool of these regions, described. */
export async function readIdentityPoolIndex(aws: AwsClients, regions: readonly string[]): Promise<LiveIdentityPool[]> {
  return (await Promise.all(regions.map(async (region) => readIdentityPools(await aws.identity(region), region)))).flat();
}

/** A few pools at a time; inside each, its reads run at once (the limiter paces them). */
const POOL_DETAIL_CONCURRENCY = 4;

/**
 * The children of the given kinds, read into the pool, every kind's listing at once except where
 * one needs another's: a kind starts once the kinds it refers to or lives in are read (users join
 * the groups read, a client's branding needs the clients). A kind that lives in another reads only
 * the children of `owners(kind)` when that is given.
 */
export async function readPoolChildren(
  idp: CognitoIdentityProviderClient,
  pool: LivePool,
  kinds: readonly AnyChildKind[],
  owners?: (kind: AnyChildKind) => ReadonlySet<string> | undefined,
): Promise<void> {
  const reads = new Map<string, Promise<void>>();
  const read = (kind: AnyChildKind, stopping: Stopping): Promise<void> => {
    let reading = reads.get(kind.kind);
    if (!reading) {
      const before = kinds.filter((k) => k !== kind && kind.references.includes(k.kind));
      reading = Promise.all(before.map((k) => read(k, stopping))).then(async () => {
        // Another kind's read failed: the run stops, so this one is not started.
        if (stopping.stopped) throw new Stopped();
        pool.children[kind.kind] = await kind.use(async (typed) => (await typed.effects()).list(idp, pool, owners?.(kind)));
      });
      reads.set(kind.kind, reading);
    }
    return reading;
  };
  await allOrFirstFailure(kinds.map((kind) => (stopping: Stopping) => read(kind, stopping)));
}

/**
 * The MFA settings of each pool, and its children of the given kinds, read into the pool. A kind
 * that lives in another reads only the children of the owners `desired` manages it for.
 */
export async function readUserPoolDetails(aws: AwsClients, pools: readonly { pool: LivePool; kinds: readonly AnyChildKind[]; desired?: UserPoolConfig }[]): Promise<void> {
  const limit = pLimit(POOL_DETAIL_CONCURRENCY);
  await Promise.all(
    pools.map(({ pool, kinds, desired }) =>
      limit(async () => {
        const idp = aws.idp(pool.region);
        const owners = (kind: AnyChildKind) =>
          kind.use((typed) => (typed.owner && desired ? new Set((typed.owner.reads ?? typed.owner.manages)(desired)) : undefined));
        await Promise.all([readMfa(idp, pool), readPoolChildren(idp, pool, kinds, owners)]);
      }),
    ),
  );
}

/**
 * The role attachment of each identity pool, read into the pool, then the IAM roles involved: the
 * ones named in `roleNames` (the file's), in an attachment, or in a pool's record of the roles its
 * stack created (ROLES_TAG: roles an apply made but did not get to attach). Absent roles are left out,
 * and so are roles found only on a pool that the caller may not read (not the stack's, see readRole).
 */
export async function readIdentityPoolDetails(aws: AwsClients, pools: readonly LiveIdentityPool[], roleNames: Iterable<string>, iamRegion: string): Promise<Map<string, LiveRole>> {
  await Promise.all(pools.map(async (pool) => readIdentityPoolRoles(await aws.identity(pool.region), pool)));
  const declared = new Set(roleNames);
  const names = new Set(declared);
  for (const pool of pools) {
    for (const arn of Object.values(pool.roles?.Roles ?? {})) names.add(roleNameOfArn(arn));
    for (const name of recordedRoles(pool.raw.IdentityPoolTags)) names.add(name);
  }
  const roles = new Map<string, LiveRole>();
  if (names.size === 0) return roles;
  const iam = await aws.iam(iamRegion);
  // Read at once (the IAM limiter paces them), kept in name order.
  const sorted = [...names].sort();
  const read = await Promise.all(sorted.map((name) => readRole(iam, name, !declared.has(name))));
  sorted.forEach((name, i) => {
    const role = read[i];
    if (role) roles.set(name, role);
  });
  return roles;
}
