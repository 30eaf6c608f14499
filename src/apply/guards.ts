import type { IrreversibleDelete } from "../core/child-kind.js";
import type { Step } from "../plan/steps.js";

export interface GuardOptions {
  allowReplace: boolean;
  allowDestroy: boolean;
}

/**
 * What apply must refuse before touching anything. Plan shows the same list as warnings, so a
 * reviewer sees them on the pull request.
 */
export function applyRefusals(steps: readonly Step[], options: GuardOptions): string[] {
  const refusals: string[] = [];
  // Deletions that cannot be undone (users) need --allow-destroy besides their prune setting, so a
  // truncated file cannot empty a pool. One line a pool and kind, with the count.
  if (!options.allowDestroy) {
    for (const { pool, what, count } of irreversibleDeletions(steps)) {
      refusals.push(`${pool}: deleting ${count} ${count === 1 ? what.singular : what.plural} not in the file (${what.setting}: true) needs --allow-destroy as well; ${what.consequence}`);
    }
  }
  for (const step of steps) {
    const { change } = step;
    if (change.action === "replace" && !options.allowReplace) {
      refusals.push(`${change.address} must be replaced (${change.reason}); run apply with --allow-replace to do it`);
    }
    // What the kind itself refuses (a pool replaced with its users, or with deletion protection on).
    for (const guard of step.guards ?? []) {
      if (guard.allowedBy === undefined || !options[guard.allowedBy]) refusals.push(`${change.address}: ${guard.message}`);
    }
  }
  return refusals;
}

/**
 * What plan says on stderr whatever the flags: how many users (or anything else whose deletion
 * cannot be undone) apply would delete, a pool at a time, since nothing brings them back.
 */
export function userDeletionNotes(steps: readonly Step[]): string[] {
  return irreversibleDeletions(steps).map(({ pool, what, count }) => `${pool}: apply would delete ${count} ${count === 1 ? what.singular : what.plural} not in the file (${what.setting}: true)`);
}

/** Deletions that cannot be undone, counted by pool and kind, in the order the steps first show them. */
function irreversibleDeletions(steps: readonly Step[]): { pool: string; what: IrreversibleDelete; count: number }[] {
  const counts = new Map<string, { pool: string; what: IrreversibleDelete; count: number }>();
  for (const step of steps) {
    if (step.irreversibleDelete === undefined || step.change.action !== "delete") continue;
    const pool = step.poolAddress ?? step.change.address;
    const key = `${pool} ${step.kind}`;
    const entry = counts.get(key) ?? { pool, what: step.irreversibleDelete, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
