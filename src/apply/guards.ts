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
  // Users are people whose passwords cannot be restored: prune.users alone never deletes one, so a
  // truncated file cannot empty a pool. One line a pool, with the count.
  if (!options.allowDestroy) {
    for (const [pool, count] of userDeletionsByPool(steps)) {
      refusals.push(`${pool}: deleting ${count} user${count === 1 ? "" : "s"} not in the file (prune.users: true) needs --allow-destroy as well; deleted users and their passwords cannot be restored`);
    }
  }
  for (const step of steps) {
    if (step.kind !== "userPool") {
      if (step.change.action === "replace" && !options.allowReplace) {
        refusals.push(`${step.change.address} must be replaced (${step.change.reason}); run apply with --allow-replace to do it`);
      }
      continue;
    }
    const { change } = step;
    if (change.action === "replace") {
      if (!options.allowReplace) {
        refusals.push(`${change.address} must be replaced (${change.reason}); run apply with --allow-replace to do it`);
      }
      if (step.liveUsers > 0 && !options.allowDestroy) {
        refusals.push(`${change.address}: replacing deletes pool ${step.live?.id} and its ${step.liveUsers} users; add --allow-destroy as well to accept that`);
      }
      if (step.live?.raw.DeletionProtection === "ACTIVE" && step.desired?.deletionProtection !== false) {
        refusals.push(
          `${change.address}: replacing deletes pool ${step.live.id}, which has deletion protection on; set deletionProtection: false in the file to allow it`,
        );
      }
    }
    if (change.action === "delete" && step.liveUsers > 0 && !options.allowDestroy) {
      refusals.push(`${change.address}: deleting pool ${step.live?.id} deletes its ${step.liveUsers} users; run with --allow-destroy`);
    }
  }
  return refusals;
}

/**
 * What plan says on stderr whatever the flags: how many users apply would delete, a pool at a
 * time, since nothing brings them back.
 */
export function userDeletionNotes(steps: readonly Step[]): string[] {
  return [...userDeletionsByPool(steps)].map(([pool, count]) => `${pool}: apply would delete ${count} user${count === 1 ? "" : "s"} not in the file (prune.users: true)`);
}

/** How many users each pool's steps delete, by pool address. */
function userDeletionsByPool(steps: readonly Step[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const step of steps) {
    if (step.kind === "user" && step.change.action === "delete") counts.set(step.poolAddress, (counts.get(step.poolAddress) ?? 0) + 1);
  }
  return counts;
}
