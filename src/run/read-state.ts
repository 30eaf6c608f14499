import type { AwsClients } from "../aws/clients.js";
import type { Targets } from "../config/targets.js";
import type { LiveIdentityPool, LiveIdentityState } from "../core/identity-live-types.js";
import { PlanError, UserError } from "../core/errors.js";
import type { LivePool, LiveState } from "../core/live-types.js";
import { declaredRoleNames } from "../kinds/identity-pool/model.js";
import { CHILD_KINDS } from "../kinds/registry.js";
import { IDENTITY_POOL_MATCH } from "../kinds/identity-pool/plan.js";
import { USER_POOL_MATCH } from "../kinds/user-pool/plan.js";
import { readIdentityPoolDetails, readIdentityPoolIndex, readUserPoolDetails, readUserPoolIndex } from "../live/read-live.js";
import { matchPools, type Match, type PoolMatch } from "../plan/match-pools.js";
import type { IdentityPoolConfig } from "../schema/identity-pool.js";
import type { UserPoolConfig } from "../schema/user-pool.js";

export interface ReadOptions {
  stack: string;
  adopt: boolean;
  /** Also look for identity pools the stack owns but the file no longer names (to delete them). */
  findOrphans?: boolean;
}

/** What a run knows of AWS: the live state, and which live pool each entry of the file is. */
export interface ReadState {
  live: LiveState;
  match: PoolMatch;
  identity: LiveIdentityState;
  identityMatch: Match<IdentityPoolConfig, LiveIdentityPool>;
}

/**
 * The read every command that needs live state shares (plan, drift, apply, outputs): the pools of
 * the file's regions, matched to the file's entries by ownership, then the details of the matched
 * ones (and of the stack's pools gone from the file). Reads only what the plan needs.
 */
export async function readState(aws: AwsClients, targets: Targets, options: ReadOptions): Promise<ReadState> {
  // User pools and identity pools are read at once: neither needs the other.
  const [{ pools, match }, { identity, identityMatch }] = await Promise.all([readUserPools(aws, targets, options), readIdentity(aws, targets, options)]);
  return { live: { regions: targets.userPoolRegions, pools }, match, identity, identityMatch };
}

async function readUserPools(aws: AwsClients, targets: Targets, options: ReadOptions): Promise<{ pools: LivePool[]; match: PoolMatch }> {
  const pools = await readUserPoolIndex(aws, targets.userPoolRegions);
  const match = matchPools(targets.userPools, pools, { stack: options.stack, adopt: options.adopt, kind: USER_POOL_MATCH });
  await readUserPoolDetails(
    aws,
    match.bindings.flatMap((binding) =>
      binding.live ? [{ pool: binding.live, desired: binding.desired, kinds: CHILD_KINDS.filter((kind) => kind.use((typed) => typed.declared(binding.desired) !== undefined)) }] : [],
    ),
  );
  return { pools, match };
}

async function readIdentity(aws: AwsClients, targets: Targets, options: ReadOptions): Promise<Pick<ReadState, "identity" | "identityMatch">> {
  // A file without identity pools reads none (no cognito-identity access needed), unless they may
  // be deleted: then the stack's identity pools must be found to be deleted.
  if (targets.identityPools.length === 0 && !options.findOrphans) {
    return { identity: { identityPools: [], roles: new Map() }, identityMatch: { bindings: [], orphans: [], problems: [] } };
  }
  const identityPools = await readIdentityPoolIndex(aws, targets.identityPoolRegions);
  const identityMatch = matchPools(targets.identityPools, identityPools, { stack: options.stack, adopt: options.adopt, kind: IDENTITY_POOL_MATCH });
  const relevant = [...identityMatch.bindings.map((b) => b.live), ...identityMatch.orphans].filter((p): p is LiveIdentityPool => p !== undefined);
  // IAM is global; its calls go to the file's region.
  const roles = await readIdentityPoolDetails(aws, relevant, declaredRoleNames(targets.identityPools.map((t) => t.config)), targets.fileRegion);
  return { identity: { identityPools, roles }, identityMatch };
}

/** The live pools of the file's entries that a command about existing resources needs. */
export interface CreatedPools {
  userPools: Map<UserPoolConfig, LivePool>;
  identityPools: Map<IdentityPoolConfig, LiveIdentityPool>;
}

/**
 * Finds the live pools of some of the file's entries as plan finds them (by ownership), reading
 * only their regions' pool lists: for commands about what exists (outputs, verify). A problem plan
 * would report is an error; so is an entry not created yet, with what to do.
 */
export async function readCreated(aws: AwsClients, targets: Targets, stack: string, wanted: { userPools: readonly UserPoolConfig[]; identityPools: readonly IdentityPoolConfig[] }): Promise<CreatedPools> {
  const userPoolTargets = targets.userPools.filter((t) => wanted.userPools.includes(t.config));
  const identityPoolTargets = targets.identityPools.filter((t) => wanted.identityPools.includes(t.config));
  const regionsOf = (list: readonly { region: string }[]) => [...new Set(list.map((t) => t.region))].sort();
  const [pools, identityPools] = await Promise.all([
    userPoolTargets.length > 0 ? readUserPoolIndex(aws, regionsOf(userPoolTargets)) : [],
    identityPoolTargets.length > 0 ? readIdentityPoolIndex(aws, regionsOf(identityPoolTargets)) : [],
  ]);
  const match = matchPools(userPoolTargets, pools, { stack, adopt: false, kind: USER_POOL_MATCH });
  const identityMatch = matchPools(identityPoolTargets, identityPools, { stack, adopt: false, kind: IDENTITY_POOL_MATCH });
  const problems = [...match.problems, ...identityMatch.problems];
  if (problems.length > 0) throw new PlanError(problems);
  const missing = [
    ...match.bindings.filter((b) => !b.live).map((b) => `userPool.${b.desired.name}`),
    ...identityMatch.bindings.filter((b) => !b.live).map((b) => `identityPool.${b.desired.name}`),
  ];
  if (missing.length > 0) throw new UserError(`not created yet: ${missing.join(", ")}; run apply first`);
  return {
    userPools: new Map(match.bindings.map((b) => [b.desired, b.live!])),
    identityPools: new Map(identityMatch.bindings.map((b) => [b.desired, b.live!])),
  };
}
