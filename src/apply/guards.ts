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
