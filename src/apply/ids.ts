import type { Resolver } from "../kinds/identity-pool/model.js";
import { childAddress, poolAddress } from "../plan/addresses.js";
import type { Step } from "../plan/steps.js";

/**
 * Ids by address, known up front for resources that stay and filled in as apply creates the rest,
 * so a step can name what an earlier step made (a client id in an identity pool, a pool id in a
 * trust policy). Roles are also kept as `iamRole.NAME`, since the file names them that way.
 */
export class Ids {
  private readonly ids = new Map<string, string>();

  static fromSteps(steps: readonly Step[]): Ids {
    const ids = new Ids();
    for (const step of steps) {
      if (step.change.action === "replace" || step.change.action === "create") continue;
      if (step.kind === "userPool" && step.live) ids.set(step.change.address, step.live.id);
      if ("liveId" in step && step.liveId !== undefined) ids.set(step.change.address, step.liveId);
      if (step.kind === "identityPool" && step.live) ids.set(step.change.address, step.live.id);
      if (step.kind === "iamRole" && step.live) ids.setRole(step.change.address, step.live.name, step.live.arn);
    }
    return ids;
  }

  set(address: string, id: string): void {
    this.ids.set(address, id);
  }

  setRole(address: string, name: string, arn: string): void {
    this.ids.set(address, arn);
    this.ids.set(`iamRole.${name}`, arn);
  }

  get(address: string): string | undefined {
    return this.ids.get(address);
  }

  /** Resolves the file's names at apply time; anything still unknown is a bug in ordering. */
  resolver(regionOf: (poolName: string) => string): Resolver {
    const need = (address: string) => {
      const id = this.ids.get(address);
      if (id === undefined) throw new Error(`${address} has no id yet; it should have been created earlier in this apply`);
      return id;
    };
    return {
      poolId: (pool) => need(poolAddress(pool)),
      poolRegion: regionOf,
      clientId: (pool, client) => need(childAddress(pool, "client", client)),
      roleArn: (name) => need(`iamRole.${name}`),
    };
  }
}
