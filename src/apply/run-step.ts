import type { AwsClients } from "../aws/clients.js";
import { createRole, deleteRole, updateRole } from "../kinds/iam-role/aws.js";
import { roleSpecFromConfig } from "../kinds/iam-role/model.js";
import {
  createIdentityPool,
  deleteIdentityPool,
  setIdentityPoolRoles,
  updateIdentityPool,
} from "../kinds/identity-pool/aws.js";
import { withIgnoredFromLive } from "../diff/ignore.js";
import { identityPoolSpecFromView, identityPoolViewFromConfig, rolesSpecFromView, rolesViewFromConfig, withIgnoredKeyed } from "../kinds/identity-pool/model.js";
import { createPool, deletePool, disableDeletionProtection, updatePool } from "../kinds/user-pool/aws.js";
import type { IdentityPoolStep, RolesAttachmentStep, RoleStep } from "../plan/identity-steps.js";
import type { ChildStep, PoolStep, Step } from "../plan/steps.js";
import type { Ids } from "./ids.js";

export interface RunContext {
  aws: AwsClients;
  ids: Ids;
  stack: string;
  /** The region each user pool of the file lives in (identity pool providers name it). */
  regionOf: (poolName: string) => string;
}

/** Carries out one step; returns a short detail for the report (e.g. the new pool id). */
export async function runStep(ctx: RunContext, step: Step): Promise<string> {
  switch (step.kind) {
    case "userPool":
      return runPoolStep(ctx, step);
    case "identityPool":
      return runIdentityPoolStep(ctx, step);
    case "iamRole":
      return runRoleStep(ctx, step);
    case "identityPoolRoles":
      return runAttachmentStep(ctx, step);
    default:
      return runChildStep(ctx, step);
  }
}

async function runPoolStep({ aws, ids, stack }: RunContext, step: PoolStep): Promise<string> {
  const idp = aws.idp(step.region);
  const { change, desired, live } = step;
  switch (change.action) {
    case "create": {
      const id = await createPool(idp, desired!, stack);
      ids.set(change.address, id);
      return id;
    }
    case "update":
      return (await updatePool(idp, live!, desired!, change.fields, stack)).join(", ");
    case "replace": {
      if (live!.raw.DeletionProtection === "ACTIVE") await disableDeletionProtection(idp, live!, stack);
      await deletePool(idp, live!.raw);
      const id = await createPool(idp, desired!, stack);
      ids.set(change.address, id);
      return `${live!.id} -> ${id}`;
    }
    case "delete":
      await deletePool(idp, live!.raw);
      return live!.id;
    case "no-op":
      return "";
  }
}

async function runChildStep({ aws, ids }: RunContext, step: ChildStep): Promise<string> {
  const idp = aws.idp(step.region);
  const poolId = ids.get(step.poolAddress);
  if (!poolId) throw new Error(`no pool id known for ${step.poolAddress}`);
  const result = await step.operation(idp, poolId);
  // A new child others name by id (a client): later steps of this apply need it.
  if (result.id !== undefined) ids.set(step.change.address, result.id);
  return result.detail;
}

async function runIdentityPoolStep({ aws, ids, stack, regionOf }: RunContext, step: IdentityPoolStep): Promise<string> {
  const client = await aws.identity(step.region);
  const { change, live } = step;
  // Providers may name user pools and clients created moments ago: resolve them now. Ignored
  // paths take their live values in the file's vocabulary first, then everything turns into ids.
  const config = step.config;
  const declared = config ? identityPoolViewFromConfig(config) : undefined;
  const view = declared && step.liveView && config ? withIgnoredKeyed(declared, step.liveView, config.ignoreChanges) : declared;
  const desired = view && config ? identityPoolSpecFromView(view, config, ids.resolver(regionOf)) : undefined;
  switch (change.action) {
    case "create":
    case "replace": {
      if (live) await deleteIdentityPool(client, live.id);
      const id = await createIdentityPool(client, desired!, stack, step.region, step.roleRecord);
      ids.set(change.address, id);
      return id;
    }
    case "update":
      await updateIdentityPool(client, live!, desired!, stack, step.roleRecord);
      return live!.id;
    case "delete":
      await deleteIdentityPool(client, live!.id);
      return live!.id;
    case "no-op":
      return "";
  }
}

async function runRoleStep({ aws, ids, stack }: RunContext, step: RoleStep): Promise<string> {
  const iam = await aws.iam(step.region);
  const { change, live } = step;
  const poolId = ids.get(step.identityPoolAddress);
  // The trust policy names the identity pool's id, known only once that pool exists.
  const roleConfig = step.config && step.which ? step.config.roles![step.which]! : undefined;
  const declared = roleConfig && step.which && poolId ? roleSpecFromConfig(roleConfig, poolId, step.which) : undefined;
  const desired = declared && step.liveSpec && roleConfig ? withIgnoredFromLive(declared, step.liveSpec, roleConfig.ignoreChanges) : declared;
  switch (change.action) {
    case "create":
    case "replace": {
      if (live) await deleteRole(iam, live);
      const arn = await createRole(iam, desired!, stack);
      ids.setRole(change.address, desired!.name, arn);
      return arn;
    }
    case "update":
      return (await updateRole(iam, desired!, step.liveSpec!, stack, step.adopt)).join(", ");
    case "delete":
      await deleteRole(iam, live!);
      return live!.arn;
    case "no-op":
      return "";
  }
}

async function runAttachmentStep({ aws, ids, regionOf }: RunContext, step: RolesAttachmentStep): Promise<string> {
  const client = await aws.identity(step.region);
  const poolId = ids.get(step.identityPoolAddress);
  if (!poolId) throw new Error(`no identity pool id known for ${step.identityPoolAddress}`);
  if (step.change.action === "delete") {
    await setIdentityPoolRoles(client, poolId, { roles: {}, roleMappings: {} }, step.live);
    return "";
  }
  if (step.change.action === "no-op") return "";
  const config = step.config!;
  const resolver = ids.resolver(regionOf);
  const wanted = rolesViewFromConfig(config, (which) => {
    const role = config.roles?.[which];
    return role ? resolver.roleArn(role.name) : undefined;
  });
  const declared = { ...wanted, roles: config.roles ? wanted.roles : step.live.roles };
  // The roles and role mappings ignoreChanges names keep their live values.
  const view = step.change.action === "update" && step.liveView ? withIgnoredKeyed(declared, step.liveView, config.ignoreChanges) : declared;
  await setIdentityPoolRoles(client, poolId, rolesSpecFromView(view, config, resolver, step.live), step.live);
  return "";
}
