import type { IdentityPoolConfig } from "../schema/identity-pool.js";
import type { DesiredState } from "../schema/root.js";
import type { UserPoolConfig } from "../schema/user-pool.js";

/** A top-level resource of the file and the region it lives in. */
export interface Target<C> {
  config: C;
  region: string;
}

/**
 * Where everything the file declares lives, decided once per run. A user pool's region is its own
 * `region:`, else its pinned id's prefix, else the file's, else the default; an identity pool's is
 * its own, else the file's, else the default. The default is the file's region, else --region,
 * else the AWS SDK's chain (resolved at the edge, which reads the environment).
 */
export interface Targets {
  defaultRegion: string;
  /** The file's `region:`, else the default: where resources without a region of their own live (and IAM calls go). */
  fileRegion: string;
  userPools: Target<UserPoolConfig>[];
  identityPools: Target<IdentityPoolConfig>[];
  /** The regions whose user pools are read: the file's (or default) and each user pool's, sorted. */
  userPoolRegions: string[];
  /** The regions whose identity pools are read: the user pools' and each identity pool's, sorted. */
  identityPoolRegions: string[];
  /** The region of a user pool of the file, by name (the default for a name the file lacks). */
  regionOfUserPool(name: string): string;
}

const sortedUnique = (regions: Iterable<string>): string[] => [...new Set(regions)].sort();

export function resolveTargets(state: DesiredState, defaultRegion: string): Targets {
  const fileRegion = state.region ?? defaultRegion;
  const userPools = state.userPools.map((config) => ({
    config,
    region: config.region ?? (config.id ? config.id.split("_")[0] : undefined) ?? fileRegion,
  }));
  const identityPools = state.identityPools.map((config) => ({ config, region: config.region ?? fileRegion }));
  const userPoolRegions = sortedUnique([fileRegion, ...userPools.map((t) => t.region)]);
  const identityPoolRegions = sortedUnique([...userPoolRegions, ...identityPools.map((t) => t.region)]);
  const byName = new Map(userPools.map((t) => [t.config.name, t.region]));
  return {
    defaultRegion,
    fileRegion,
    userPools,
    identityPools,
    userPoolRegions,
    identityPoolRegions,
    regionOfUserPool: (name) => byName.get(name) ?? fileRegion,
  };
}
