import type { AwsClients } from "../aws/clients.js";
import { createGroup, deleteGroup, updateGroup } from "../kinds/group/aws.js";
import { createPool, deletePool, disableDeletionProtection, updatePool } from "../kinds/user-pool/aws.js";
import type { GroupStep, PoolStep, Step } from "../plan/steps.js";

/** Pool ids by address: known up front for live pools, filled in as pools are created. */
export type PoolIds = Map<string, string>;

/** Carries out one step; returns a short detail for the report (e.g. the new pool id). */
export async function runStep(aws: AwsClients, step: Step, poolIds: PoolIds, stack: string): Promise<string> {
  return step.kind === "userPool" ? runPoolStep(aws, step, poolIds, stack) : runGroupStep(aws, step, poolIds);
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

async function runGroupStep(aws: AwsClients, step: GroupStep, poolIds: PoolIds): Promise<string> {
  const idp = aws.idp(step.region);
  const poolId = poolIds.get(step.poolAddress);
  if (!poolId) throw new Error(`no pool id known for ${step.poolAddress}`);
  const { change, desired, live } = step;
  switch (change.action) {
    case "create":
      await createGroup(idp, poolId, desired!);
      return "";
    case "update":
      await updateGroup(idp, poolId, desired!, live!);
      return "";
    case "delete":
      await deleteGroup(idp, poolId, live!.GroupName ?? "");
      return "";
    case "replace":
    case "no-op":
      return "";
  }
}
