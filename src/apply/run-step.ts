import type { AwsClients } from "../aws/clients.js";
import { effectsOf } from "../kinds/effects.js";
import { createPool, deletePool, disableDeletionProtection, updatePool } from "../kinds/user-pool/aws.js";
import type { ChildStep, PoolStep, Step } from "../plan/steps.js";

/** Pool ids by address: known up front for live pools, filled in as pools are created. */
export type PoolIds = Map<string, string>;

/** Carries out one step; returns a short detail for the report (e.g. the new pool id). */
export async function runStep(aws: AwsClients, step: Step, poolIds: PoolIds, stack: string): Promise<string> {
  return step.kind === "userPool" ? runPoolStep(aws, step, poolIds, stack) : runChildStep(aws, step, poolIds);
}

async function runPoolStep(aws: AwsClients, step: PoolStep, poolIds: PoolIds, stack: string): Promise<string> {
  const idp = aws.idp(step.region);
  const { change, desired, live } = step;
  switch (change.action) {
    case "create": {
      const id = await createPool(idp, desired!, stack);
      poolIds.set(change.address, id);
      return id;
    }
    case "update":
      return (await updatePool(idp, live!, desired!, change.fields, stack)).join(", ");
    case "replace": {
      if (live!.raw.DeletionProtection === "ACTIVE") await disableDeletionProtection(idp, live!, stack);
      await deletePool(idp, live!.raw);
      const id = await createPool(idp, desired!, stack);
      poolIds.set(change.address, id);
      return `${live!.id} -> ${id}`;
    }
    case "delete":
      await deletePool(idp, live!.raw);
      return live!.id;
    case "no-op":
      return "";
  }
}

async function runChildStep(aws: AwsClients, step: ChildStep, poolIds: PoolIds): Promise<string> {
  const idp = aws.idp(step.region);
  const poolId = poolIds.get(step.poolAddress);
  if (!poolId) throw new Error(`no pool id known for ${step.poolAddress}`);
  const effects = effectsOf(step.kind);
  const { change, desired, live } = step;
  switch (change.action) {
    case "create":
      return effects.create(idp, poolId, desired!);
    case "update":
      return effects.update(idp, poolId, desired!, live, change.fields);
    case "replace":
      await effects.delete(idp, poolId, live);
      return effects.create(idp, poolId, desired!);
    case "delete":
      await effects.delete(idp, poolId, live);
      return "";
    case "no-op":
      return "";
  }
}
