import type { IdLookup } from "../core/step.js";
import type { Step } from "../plan/steps.js";

/**
 * Ids by address, known up front for resources that stay and filled in as apply creates the rest,
 * so a step can name what an earlier step made (a client id in an identity pool, a pool id in a
 * trust policy).
 */
export class Ids implements IdLookup {
  private readonly ids = new Map<string, string>();

  static fromSteps(steps: readonly Step[]): Ids {
    const ids = new Ids();
    for (const step of steps) {
      if (step.change.action === "replace" || step.change.action === "create") continue;
      if (step.liveId !== undefined) ids.set(step.change.address, step.liveId);
    }
    return ids;
  }

  set(address: string, id: string): void {
    this.ids.set(address, id);
  }

  get(address: string): string | undefined {
    return this.ids.get(address);
  }

  need(address: string): string {
    const id = this.ids.get(address);
    if (id === undefined) throw new Error(`${address} has no id yet; it should have been created earlier in this apply`);
    return id;
  }
}
