import pLimit from "p-limit";
import type { AwsClients } from "../aws/clients.js";
import type { LiveState } from "../core/live-types.js";
import { effectsOf } from "../kinds/effects.js";
import { CHILD_KINDS } from "../kinds/registry.js";
import { readMfa, readPools } from "../kinds/user-pool/aws.js";
import { matchPools, type PoolMatch } from "../plan/match-pools.js";
import { poolEntries } from "../plan/build-plan.js";
import type { DesiredState } from "../schema/root.js";

export interface ReadOptions {
  stack: string;
  adopt: boolean;
  defaultRegion: string;
}

/**
 * Reads what the plan needs, and nothing more: every pool of the regions the file touches (to see
 * ownership tags), then the details and children of the pools the file manages.
 */
export async function readLive(aws: AwsClients, state: DesiredState, options: ReadOptions): Promise<{ live: LiveState; match: PoolMatch }> {
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
  return { live: { regions, pools }, match };
}
