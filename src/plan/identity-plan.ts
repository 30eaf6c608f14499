import type { LiveIdentityPool, LiveIdentityState, LiveRole } from "../core/identity-live-types.js";
import type { FieldChange, UnmanagedResource } from "../core/plan-types.js";
import { createFields, diffFields } from "../diff/field-diff.js";
import { withIgnoredFromLive } from "../diff/ignore.js";
import { accountOfArn, roleArnFor, roleNameOfArn, roleSpecFromConfig, roleSpecFromLive } from "../kinds/iam-role/model.js";
import {
  declaredPairs,
  declaredRoleNames,
  identityPoolViewFromConfig,
  identityPoolViewFromLive,
  KNOWN_AFTER_APPLY,
  ProviderNaming,
  rolesSpecFromLive,
  rolesViewFromConfig,
  rolesViewFromLive,
  withIgnoredKeyed,
  type Resolver,
} from "../kinds/identity-pool/model.js";
import { recordedRoles, ROLES_TAG, rolesTagValue, STACK_TAG } from "../schema/cognito-defaults.js";
import type { IdentityPoolConfig } from "../schema/identity-pool.js";
import { childAddress, poolAddress } from "./addresses.js";
import type { Binding, Match } from "./match-pools.js";
import type { IdentityPoolStep, IdentityStep, RolesAttachmentStep, RoleStep } from "./identity-steps.js";
import type { Step } from "./steps.js";

export const identityPoolAddress = (name: string) => `identityPool.${name}`;
export const roleAddress = (identityPool: string, roleName: string) => `${identityPoolAddress(identityPool)}/iamRole.${roleName}`;
export const rolesAttachmentAddress = (identityPool: string) => `${identityPoolAddress(identityPool)}/roles`;

const WHICH = ["authenticated", "unauthenticated"] as const;
const fresh = (s: Step | undefined) => s === undefined || s.change.action === "create" || s.change.action === "replace";
const changes = (s: Step | undefined) => s !== undefined && s.change.action !== "no-op";

/** Ids known before apply: from the live side of steps that keep their resource. */
export function planTimeResolver(userPoolSteps: readonly Step[], live: LiveIdentityState, regionOf: (poolName: string) => string): Resolver {
  const byAddress = new Map(userPoolSteps.map((s) => [s.change.address, s]));
  return {
    poolId: (pool) => {
      const step = byAddress.get(poolAddress(pool));
      return step?.kind === "userPool" && !fresh(step) ? step.live?.id : undefined;
    },
    poolRegion: regionOf,
    clientId: (pool, client) => {
      const poolStep = byAddress.get(poolAddress(pool));
      const step = byAddress.get(childAddress(pool, "client", client));
      if (fresh(poolStep) || fresh(step) || step === undefined || !("liveId" in step)) return undefined;
      return step.liveId;
    },
    roleArn: (name) => live.roles.get(name)?.arn,
  };
}

/** The file's clients that keep their ids (`userPool.POOL/client.NAME`; pool names hold no `/`). */
function declaredClients(userPoolSteps: readonly Step[]): { userPool: string; client: string }[] {
  return userPoolSteps.flatMap((s) => {
    const named = s.kind === "client" && s.change.action !== "delete" ? /^userPool\.([^/]+)\/client\.(.+)$/.exec(s.change.address) : null;
    return named ? [{ userPool: named[1]!, client: named[2]! }] : [];
  });
}

/** The partition and account of this run, from any ARN read: a user pool, a role, an attachment. */
function knownAccount(input: IdentityPlanInput): { partition: string; account: string } | undefined {
  const arns = [
    ...input.userPoolSteps.map((s) => (s.kind === "userPool" ? s.live?.raw.Arn : undefined)),
    ...[...input.live.roles.values()].map((r) => r.arn),
    ...input.live.identityPools.flatMap((p) => Object.values(p.roles?.Roles ?? {})),
  ];
  for (const arn of arns) {
    const found = accountOfArn(arn);
    if (found) return found;
  }
  return undefined;
}

interface PoolContext {
  resolver: Resolver;
  naming: ProviderNaming;
  account: { partition: string; account: string } | undefined;
}

export interface IdentityPlanInput {
  stack: string;
  match: Match<IdentityPoolConfig, LiveIdentityPool>;
  live: LiveIdentityState;
  userPoolSteps: readonly Step[];
  regionOf: (poolName: string) => string;
  allowDestroy: boolean;
  adopt: boolean;
}

/**
 * Identity pools, their roles and the role attachment. The order is the one AWS forces: the
 * identity pool after the user pools and clients it names, roles after the identity pool (their
 * trust policy names its id), the attachment last; deletion the other way round.
 */
export function planIdentityPools(input: IdentityPlanInput, problems: string[]): { steps: IdentityStep[]; unmanaged: UnmanagedResource[] } {
  const resolver = planTimeResolver(input.userPoolSteps, input.live, input.regionOf);
  const naming = new ProviderNaming([...declaredClients(input.userPoolSteps), ...declaredPairs(input.match.bindings.map((b) => b.desired))], resolver);
  const context: PoolContext = { resolver, naming, account: knownAccount(input) };
  const steps: IdentityStep[] = [];
  const unmanaged: UnmanagedResource[] = [];
  const userPoolStepAddresses = new Set(input.userPoolSteps.filter(changes).map((s) => s.change.address));

  for (const binding of input.match.bindings) {
    steps.push(...planIdentityPool(binding, input, context, userPoolStepAddresses, problems));
  }
  for (const orphan of input.match.orphans) {
    const address = identityPoolAddress(orphan.name);
    if (!input.allowDestroy) {
      unmanaged.push({ address, kind: "identityPool", reason: `carries stack tag "${input.stack}" but is not in the file; run with --allow-destroy to delete it` });
      for (const role of stackRolesOf(orphan, input)) {
        unmanaged.push({ address: roleAddress(orphan.name, role.name), kind: "iamRole", reason: `a role of identity pool ${orphan.name}, which is not in the file; --allow-destroy deletes it with the pool` });
      }
      continue;
    }
    steps.push(...planIdentityPoolDeletion(orphan, input));
  }
  return { steps, unmanaged };
}

function planIdentityPool(
  binding: Binding<IdentityPoolConfig, LiveIdentityPool>,
  input: IdentityPlanInput,
  context: PoolContext,
  userPoolStepAddresses: Set<string>,
  problems: string[],
): IdentityStep[] {
  const config = binding.desired;
  const address = identityPoolAddress(config.name);
  const live = binding.live;
  const declared = identityPoolViewFromConfig(config);
  const liveView = live ? identityPoolViewFromLive(live.raw, context.naming) : undefined;
  const desired = liveView ? withIgnoredKeyed(declared, liveView, config.ignoreChanges) : declared;
  const referenced = config.providers.flatMap((p) => [poolAddress(p.userPool), childAddress(p.userPool, "client", p.client)]).filter((a) => userPoolStepAddresses.has(a));
  const poolStep: IdentityPoolStep = {
    kind: "identityPool",
    region: binding.region,
    dependsOn: [...new Set(referenced)],
    config,
    desired,
    ...(live ? { live, liveView } : {}),
    change: { address, kind: "identityPool", action: "create", reason: "not found in AWS", fields: createFields({ ...desired }) },
  };
  if (live) {
    const fields = diffFields({ ...desired }, { ...liveView }, { ignore: config.ignoreChanges });
    if (binding.adopt) fields.push(adoptionField(input.stack));
    const reason = binding.adopt ? `adopting identity pool ${live.id} into stack "${input.stack}"` : fields.length > 0 ? `identity pool ${live.id}` : "in sync";
    poolStep.change = { address, kind: "identityPool", action: fields.length > 0 ? "update" : "no-op", reason, fields };
  }
  const steps: IdentityStep[] = [poolStep];
  const poolId = live && poolStep.change.action !== "create" ? live.id : KNOWN_AFTER_APPLY;

  const declaredRoleNames = new Set<string>();
  for (const which of WHICH) {
    const roleConfig = config.roles?.[which];
    if (!roleConfig) continue;
    declaredRoleNames.add(roleConfig.name);
    const step = planRole(config, which, poolId, address, binding.region, input, problems);
    steps.push(step);
  }
  recordRolesToCreate(poolStep, steps, declaredRoleNames, input);

  if (config.roles !== undefined || config.roleMappings !== undefined) {
    const liveRoles = rolesSpecFromLive(live?.roles);
    // A role that stays has its ARN; a new one gets a predictable ARN once the account is known.
    const arnOf = (which: "authenticated" | "unauthenticated") => {
      const role = config.roles?.[which];
      const step = steps.find((s): s is RoleStep => s.kind === "iamRole" && s.which === which);
      if (!role || !step) return undefined;
      if (!fresh(step)) return step.live?.arn;
      return context.account ? roleArnFor(context.account, role.path, role.name) : undefined;
    };
    const wanted = rolesViewFromConfig(config, arnOf);
    const liveRolesView = rolesViewFromLive(liveRoles, context.naming, {
      authenticated: [liveRoles.roles.authenticated, arnOf("authenticated")],
      unauthenticated: [liveRoles.roles.unauthenticated, arnOf("unauthenticated")],
    });
    // Like roleMappings, a roles section left out is not managed: the attached roles stay.
    const declaredRoles = { roles: config.roles ? wanted.roles : liveRolesView.roles, ...(wanted.roleMappings ? { roleMappings: wanted.roleMappings } : {}) };
    const kept = live !== undefined && poolStep.change.action !== "create";
    const desiredRoles = kept ? withIgnoredKeyed(declaredRoles, liveRolesView, config.ignoreChanges) : declaredRoles;
    const fields = kept ? diffFields({ ...desiredRoles }, { ...liveRolesView }, { ignore: config.ignoreChanges }) : createFields({ ...desiredRoles });
    const attachment: RolesAttachmentStep = {
      kind: "identityPoolRoles",
      region: binding.region,
      identityPoolAddress: address,
      dependsOn: [address, ...steps.filter((s) => s.kind === "iamRole").map((s) => s.change.address)],
      config,
      desired: desiredRoles,
      live: liveRoles,
      liveView: liveRolesView,
      change: {
        address: rolesAttachmentAddress(config.name),
        kind: "identityPoolRoles",
        action: !live || poolStep.change.action === "create" ? "create" : fields.length > 0 ? "update" : "no-op",
        reason: !live ? "identity pool is being created" : fields.length > 0 ? "differs" : "in sync",
        fields,
        parent: address,
      },
    };
    steps.push(attachment);

    // Roles this stack made for the pool (attached or recorded) that the file no longer declares.
    for (const role of stackRolesOf(live, input)) {
      if (declaredRoleNames.has(role.name)) continue;
      steps.push({
        kind: "iamRole",
        region: binding.region,
        identityPoolAddress: address,
        dependsOn: [attachment.change.address],
        live: role,
        adopt: false,
        change: { address: roleAddress(config.name, role.name), kind: "iamRole", action: "delete", reason: "no longer in the file", fields: [], parent: address },
      });
    }
  }
  return steps;
}

/**
 * The live IAM roles of this stack that belong to an identity pool: the ones its attachment names
 * and the ones recorded on it (ROLES_TAG), which an apply that stopped before attaching left behind.
 */
function stackRolesOf(pool: LiveIdentityPool | undefined, input: IdentityPlanInput): LiveRole[] {
  if (!pool) return [];
  const names = new Set([...Object.values(pool.roles?.Roles ?? {}).map(roleNameOfArn), ...recordedRoles(pool.raw.IdentityPoolTags)]);
  // A role the file declares anywhere is kept: it moved to another identity pool of the file, or
  // an old record names a role another pool uses now.
  const declaredAnywhere = new Set(declaredRoleNames(input.match.bindings.map((b) => b.desired)));
  return [...names].flatMap((name) => {
    const role = input.live.roles.get(name);
    return role && role.stackTag === input.stack && !declaredAnywhere.has(name) ? [role] : [];
  });
}

/**
 * Roles are recorded on their identity pool before they are created, so that a role is found again
 * even when the apply stops before attaching it. A new pool records the declared roles as it is
 * created; a live one is updated first when a role to create is not recorded yet. The record keeps
 * the roles still alive that it named, which this apply may be about to delete.
 */
function recordRolesToCreate(poolStep: IdentityPoolStep, steps: readonly IdentityStep[], declared: ReadonlySet<string>, input: IdentityPlanInput): void {
  const toCreate = steps.flatMap((s) => (s.kind === "iamRole" && fresh(s) && s.desired ? [s.desired.name] : []));
  if (toCreate.length === 0) return;
  if (poolStep.change.action === "create" || poolStep.change.action === "replace" || !poolStep.live) {
    poolStep.roleRecord = [...declared];
    return;
  }
  const recorded = recordedRoles(poolStep.live.raw.IdentityPoolTags);
  if (toCreate.every((name) => recorded.includes(name))) return;
  const stillAlive = recorded.filter((name) => !declared.has(name) && input.live.roles.get(name)?.stackTag === input.stack);
  const record = [...declared, ...stillAlive];
  poolStep.roleRecord = record;
  const before = rolesTagValue(recorded);
  poolStep.change.fields.push({ path: `tags.${ROLES_TAG}`, before: before || undefined, after: rolesTagValue(record), sensitive: false, forcesReplacement: false });
  if (poolStep.change.action === "no-op") poolStep.change = { ...poolStep.change, action: "update", reason: "records the IAM roles it is about to create" };
}

function adoptionField(stack: string): FieldChange {
  return { path: `tags.${STACK_TAG}`, before: undefined, after: stack, sensitive: false, forcesReplacement: false };
}

function planRole(config: IdentityPoolConfig, which: "authenticated" | "unauthenticated", poolId: string, poolAddr: string, roleRegion: string, input: IdentityPlanInput, problems: string[]): RoleStep {
  const roleConfig = config.roles![which]!;
  const address = roleAddress(config.name, roleConfig.name);
  const declared = roleSpecFromConfig(roleConfig, poolId, which);
  const live = input.live.roles.get(roleConfig.name);
  const desired = live ? withIgnoredFromLive(declared, roleSpecFromLive(live), roleConfig.ignoreChanges) : declared;
  const base = { kind: "iamRole" as const, region: roleRegion, identityPoolAddress: poolAddr, which, config, desired, dependsOn: [poolAddr], adopt: false };
  if (!live) return { ...base, change: { address, kind: "iamRole", action: "create", reason: "not found in IAM", fields: createFields({ ...desired }), parent: poolAddr } };
  if (live.stackTag !== undefined && live.stackTag !== input.stack) {
    problems.push(`${address}: IAM role ${roleConfig.name} belongs to stack "${live.stackTag}"; it is not this stack's to manage`);
  } else if (live.stackTag === undefined && !input.adopt) {
    problems.push(`${address}: IAM role ${roleConfig.name} already exists without the stack tag; run with --adopt to manage it from this file, or rename it`);
  }
  const liveSpec = roleSpecFromLive(live);
  const fields = diffFields({ ...desired }, { ...liveSpec }, { replaceOn: ["path"], ignore: roleConfig.ignoreChanges });
  const adopt = live.stackTag === undefined && input.adopt;
  if (adopt) fields.push(adoptionField(input.stack));
  const action = fields.some((f) => f.forcesReplacement) ? "replace" : fields.length > 0 ? "update" : "no-op";
  const reason = action === "no-op" ? "in sync" : action === "replace" ? "path cannot change in place" : adopt ? `adopting IAM role ${roleConfig.name} into stack "${input.stack}"` : "differs";
  return { ...base, live, liveSpec, adopt, change: { address, kind: "iamRole", action, reason, fields, parent: poolAddr } };
}

/** An identity pool gone from the file, with --allow-destroy: attachment, then its roles, then the pool. */
function planIdentityPoolDeletion(orphan: LiveIdentityPool, input: IdentityPlanInput): IdentityStep[] {
  const address = identityPoolAddress(orphan.name);
  const attachment: RolesAttachmentStep = {
    kind: "identityPoolRoles",
    region: orphan.region,
    identityPoolAddress: address,
    dependsOn: [],
    live: rolesSpecFromLive(orphan.roles),
    change: { address: rolesAttachmentAddress(orphan.name), kind: "identityPoolRoles", action: "delete", reason: "its identity pool is deleted", fields: [], parent: address },
  };
  const roles: RoleStep[] = stackRolesOf(orphan, input).map((role) => ({
      kind: "iamRole" as const,
      region: orphan.region,
      identityPoolAddress: address,
      dependsOn: [attachment.change.address],
      live: role,
      adopt: false,
      change: { address: roleAddress(orphan.name, role.name), kind: "iamRole", action: "delete" as const, reason: "its identity pool is deleted", fields: [], parent: address },
    }));
  const pool: IdentityPoolStep = {
    kind: "identityPool",
    region: orphan.region,
    dependsOn: [attachment.change.address, ...roles.map((r) => r.change.address)],
    live: orphan,
    change: { address, kind: "identityPool", action: "delete", reason: `not in the file (identity pool ${orphan.id})`, fields: [] },
  };
  return [attachment, ...roles, pool];
}
