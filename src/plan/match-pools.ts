import type { LivePool } from "../core/live-types.js";
import type { UserPoolConfig } from "../schema/user-pool.js";

/** What matching needs of a live pool: user pools and identity pools both have it. */
export interface Ownable {
  id: string;
  name: string;
  region: string;
  stackTag: string | undefined;
}

export interface Binding<C, L> {
  desired: C;
  region: string;
  /** The live pool this entry manages; undefined when it is to be created. */
  live: L | undefined;
  /** The pool is untagged and `--adopt` was given: the plan adds the stack tag. */
  adopt: boolean;
}

export interface Match<C, L> {
  bindings: Binding<C, L>[];
  /** Pools tagged with this stack that no entry of the file names. */
  orphans: L[];
  problems: string[];
}

export type PoolBinding = Binding<UserPoolConfig, LivePool>;
export type PoolMatch = Match<UserPoolConfig, LivePool>;

export interface MatchOptions {
  stack: string;
  adopt: boolean;
  /** How messages name the kind matched. */
  kind: MatchedKind;
}

/** A top-level kind matched by ownership, as messages name it. */
export interface MatchedKind {
  /** As addresses write it: `userPool`. */
  kind: string;
  /** Short, in sentences: `pool`. */
  noun: string;
  /** In full, where both kinds could be meant: `user pool`. */
  fullNoun: string;
}

/**
 * Decides which live pool each entry of the file manages. A pool is ours when it carries our stack
 * tag; it is found by `id` when pinned, else by name. An untagged pool of the same name is never
 * taken silently: that needs `--adopt`. A pool of another stack is never taken.
 */
export function matchPools<C extends { name: string; id?: string | undefined }, L extends Ownable>(
  entries: readonly { config: C; region: string }[],
  pools: readonly L[],
  options: MatchOptions,
): Match<C, L> {
  const problems: string[] = [];
  const claimed = new Set<string>();
  const bindings: Binding<C, L>[] = entries.map(({ config, region }) => {
    const where = `${options.kind.kind}.${config.name}`;
    const { noun, fullNoun } = options.kind;
    const aNoun = `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
    const candidates = config.id !== undefined ? pools.filter((p) => p.id === config.id) : pools.filter((p) => p.region === region && p.name === config.name);
    if (config.id !== undefined && candidates.length === 0) {
      problems.push(`${where}: no ${fullNoun} with id ${config.id} in ${region}; fix the id or remove it to create a new pool`);
      return { desired: config, region, live: undefined, adopt: false };
    }
    const ours = candidates.filter((p) => p.stackTag === options.stack);
    const untagged = candidates.filter((p) => p.stackTag === undefined);
    const foreign = candidates.filter((p) => p.stackTag !== undefined && p.stackTag !== options.stack);
    if (ours.length > 1) {
      problems.push(`${where}: ${ours.length} ${fullNoun}s named "${config.name}" carry stack tag "${options.stack}" (${ours.map((p) => p.id).join(", ")}); delete the extra copy or pin one with id:`);
      return { desired: config, region, live: undefined, adopt: false };
    }
    const [own] = ours;
    if (own) {
      claimed.add(own.id);
      return { desired: config, region, live: own, adopt: false };
    }
    if (foreign.length > 0 && config.id !== undefined) {
      problems.push(`${where}: ${noun} ${config.id} belongs to stack "${foreign[0]!.stackTag}"; it is not this stack's to manage`);
      return { desired: config, region, live: undefined, adopt: false };
    }
    if (untagged.length > 0) {
      if (!options.adopt) {
        const ids = untagged.map((p) => p.id).join(", ");
        problems.push(`${where}: ${aNoun} named "${config.name}" already exists without the stack tag (${ids}); run with --adopt to manage it from this file, or rename the entry`);
        return { desired: config, region, live: undefined, adopt: false };
      }
      if (untagged.length > 1) {
        problems.push(`${where}: ${untagged.length} untagged ${noun}s are named "${config.name}" (${untagged.map((p) => p.id).join(", ")}); pin the one to adopt with id:`);
        return { desired: config, region, live: undefined, adopt: false };
      }
      claimed.add(untagged[0]!.id);
      return { desired: config, region, live: untagged[0], adopt: true };
    }
    if (foreign.length > 0) {
      problems.push(
        `${where}: ${aNoun} named "${config.name}" belongs to stack "${foreign[0]!.stackTag}"; two stacks cannot share ${aNoun} name in one region, rename this entry`,
      );
    }
    return { desired: config, region, live: undefined, adopt: false };
  });
  const orphans = pools.filter((p) => p.stackTag === options.stack && !claimed.has(p.id));
  return { bindings, orphans, problems };
}
