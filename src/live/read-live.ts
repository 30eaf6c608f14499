import pLimit from "p-limit";
import type { AwsClients } from "../aws/clients.js";
import type { LiveState } from "../core/live-types.js";
import { effectsOf } from "../kinds/effects.js";
import { CHILD_KINDS } from "../kinds/registry.js";
import { readMfa, readPools } from "../kinds/user-pool/aws.js";
import { matchPools, type Match, type PoolMatch } from "../plan/match-pools.js";
import type { LiveIdentityPool, LiveIdentityState, LiveRole } from "../core/identity-live-types.js";
import { readRole } from "../kinds/iam-role/aws.js";
import { roleNameOfArn } from "../kinds/iam-role/model.js";
import { readIdentityPoolRoles, readIdentityPools } from "../kinds/identity-pool/aws.js";
import type { IdentityPoolConfig } from "../schema/identity-pool.js";
import { poolEntries } from "../plan/build-plan.js";
import type { DesiredState } from "../schema/root.js";
import { recordedRoles } from "../schema/cognito-defaults.js";

export interface ReadOptions {
  stack: string;
  adopt: boolean;
  defaultRegion: string;
  /** Also look for identity pools the stack owns but the file no longer names (to delete them). */
  findOrphans?: boolean;
}

/**
 * Reads what the plan needs, and nothing more: every pool of the regions the file touches (to see
 * ownership tags), then the details and children of the pools the file manages.
 */
export interface LiveRead {
  live: LiveState;
  match: PoolMatch;
  identity: LiveIdentityState;
  identityMatch: Match<IdentityPoolConfig, LiveIdentityPool>;
}

export async function readLive(aws: AwsClients, state: DesiredState, options: ReadOptions): Promise<LiveRead> {
  const entries = poolEntries(state, options.defaultRegion);
  const regions = [...new Set([state.region ?? options.defaultRegion, ...entries.map((e) => e.region)])].sort();
  const perRegion = await Promise.all(regions.map((region) => readPools(aws.idp(region), region)));
  const pools = perRegion.flat();
  const match = matchPools(entries, pools, { stack: options.stack, adopt: options.adopt });

  const limit = pLimit(4);
  await Promise.all(
    match.bindings.map((binding) =>
      limit(async () => {
        const pool = binding.live;
        if (!pool) return;
        const idp = aws.idp(pool.region);
        await readMfa(idp, pool);
        for (const kind of CHILD_KINDS) {
          if (kind.declared(binding.desired) !== undefined) pool.children[kind.kind] = await effectsOf(kind.kind).list(idp, pool);
        }
      }),
    ),
  );
  const { identity, identityMatch } = await readIdentity(aws, state, regions, options);
  return { live: { regions, pools }, match, identity, identityMatch };
}

/**
 * Identity pools of the regions the file touches (ownership needs their tags), then for the ones
 * the file manages or may delete, their role attachment and the IAM roles involved.
 */
async function readIdentity(aws: AwsClients, state: DesiredState, poolRegions: string[], options: ReadOptions) {
  const entries = state.identityPools.map((config) => ({ config, region: config.region ?? state.region ?? options.defaultRegion }));
  // A file without identity pools reads none (no cognito-identity access needed), unless they may
  // be deleted: then the stack's identity pools must be found to be deleted.
  if (entries.length === 0 && !options.findOrphans) {
    return { identity: { identityPools: [], roles: new Map<string, LiveRole>() }, identityMatch: { bindings: [], orphans: [], problems: [] } };
  }
  const regions = [...new Set([...poolRegions, ...entries.map((e) => e.region)])].sort();
  const perRegion = await Promise.all(regions.map(async (region) => readIdentityPools(await aws.identity(region), region)));
  const identityPools = perRegion.flat();
  const identityMatch = matchPools(entries, identityPools, { stack: options.stack, adopt: options.adopt, kind: "identityPool" });
  const relevant = [...identityMatch.bindings.map((b) => b.live), ...identityMatch.orphans].filter((p): p is LiveIdentityPool => p !== undefined);
  for (const pool of relevant) await readIdentityPoolRoles(await aws.identity(pool.region), pool);

  const roleNames = new Set<string>();
  for (const entry of entries) for (const role of Object.values(entry.config.roles ?? {})) if (role) roleNames.add(role.name);
  for (const pool of relevant) {
    for (const arn of Object.values(pool.roles?.Roles ?? {})) roleNames.add(roleNameOfArn(arn));
    // Roles an apply created but did not get to attach are known from the pool's record of them.
    for (const name of recordedRoles(pool.raw.IdentityPoolTags)) roleNames.add(name);
  }
  const roles = new Map<string, LiveRole>();
  if (roleNames.size > 0) {
    const iam = await aws.iam(state.region ?? options.defaultRegion);
    for (const name of [...roleNames].sort()) {
      const role = await readRole(iam, name);
      if (role) roles.set(name, role);
    }
  }
  return { identity: { identityPools, roles }, identityMatch };
}
