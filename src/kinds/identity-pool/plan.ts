import type { LiveIdentityPool, LiveIdentityState, LiveRole } from "../../core/identity-live-types.js";
import type { Action, FieldChange, UnmanagedResource } from "../../core/plan-types.js";
import type { IdLookup, KnownAfterApply, Step, StepOperation } from "../../core/step.js";
import { resolveTargets } from "../../config/targets.js";
import { createFields, diffFields } from "../../diff/field-diff.js";
import { withIgnoredFromLive } from "../../diff/ignore.js";
import { childAddress, poolAddress } from "../../core/addresses.js";
import type { Binding, Match, MatchedKind } from "../../plan/match-pools.js";
import type { TopKind, TopPlan, TopPlanContext } from "../../plan/top-kind.js";
import { recordedRoles, ROLES_TAG, rolesTagValue, STACK_TAG } from "../../schema/cognito-defaults.js";
import type { IdentityPoolConfig } from "../../schema/identity-pool.js";
import { trustPolicy } from "../iam-role/policy.js";
import { accountOfArn, roleArnFor, roleNameOfArn, roleSpecFromConfig, roleSpecFromLive, type RoleSpec } from "../iam-role/model.js";
import {
  declaredPairs,
  declaredRoleNames,
  identityPoolSpecFromLive,
  identityPoolSpecFromView,
  identityPoolViewFromConfig,
  identityPoolViewFromLive,
  KNOWN_AFTER_APPLY,
  ProviderNaming,
  rolesSpecFromLive,
  rolesSpecFromView,
  rolesViewFromConfig,
  rolesViewFromLive,
  withIgnoredKeyed,
  type IdentityPoolSpec,
  type ProviderSource,
  type Resolver,
  type RolesSpec,
  type RolesView,
} from "./model.js";

const IDENTITY_POOL = "identityPool";
const IAM_ROLE = "iamRole";
const ATTACHMENT = "identityPoolRoles";

export const IDENTITY_POOL_MATCH: MatchedKind = { kind: IDENTITY_POOL, noun: "identity pool", fullNoun: "identity pool" };

export const identityPoolAddress = (name: string) => `${IDENTITY_POOL}.${name}`;
export const roleAddress = (identityPool: string, roleName: string) => `${identityPoolAddress(identityPool)}/${IAM_ROLE}.${roleName}`;
export const rolesAttachmentAddress = (identityPool: string) => `${identityPoolAddress(identityPool)}/roles`;

const WHICH = ["authenticated", "unauthenticated"] as const;
type Which = (typeof WHICH)[number];
const isFresh = (action: Action) => action === "create" || action === "replace";
const fresh = (s: Step | undefined) => s === undefined || isFresh(s.change.action);
const changes = (s: Step | undefined) => s !== undefined && s.change.action !== "no-op";

/** Identity pools, their IAM roles and the role attachment: one top-level kind, after user pools. */
export const identityPoolKind: TopKind = { kind: IDENTITY_POOL, matched: IDENTITY_POOL_MATCH, plan: planIdentity };

/** A role the planner decided on, with what the rest of the identity pool's plan needs of it. */
interface PlannedRole {
  step: Step;
  which: Which;
  name: string;
}

interface IdentityPlanInput {
  stack: string;
  match: Match<IdentityPoolConfig, LiveIdentityPool>;
  live: LiveIdentityState;
  /** The user pool steps planned before (their ids, what changes). */
  earlier: readonly Step[];
  regionOf: (poolName: string) => string;
  allowDestroy: boolean;
  adopt: boolean;
  /** The partition and account of this run, when any ARN read shows it. */
  account: { partition: string; account: string } | undefined;
  resolver: Resolver;
  naming: ProviderNaming;
}

function planIdentity({ state, input, options, earlier }: TopPlanContext): TopPlan {
  const match = input.identityMatch ?? { bindings: [], orphans: [], problems: [] };
  const live = input.identity ?? { identityPools: [], roles: new Map<string, LiveRole>() };
  const regionOf = resolveTargets(state, options.defaultRegion).regionOfUserPool;
  const resolver = planTimeResolver(earlier, live, regionOf);
  const plan: IdentityPlanInput = {
    stack: state.stack,
    match,
    live,
    earlier,
    regionOf,
    allowDestroy: options.allowDestroy,
    adopt: options.adopt ?? false,
    account: knownAccount(earlier, live),
    resolver,
    naming: new ProviderNaming([...declaredClients(earlier), ...declaredPairs(match.bindings.map((b) => b.desired))], resolver),
  };
  // Ownership first, as for user pools: which identity pool is which, then what changes.
  const problems = [...match.problems];
  const steps: Step[] = [];
  const unmanaged: UnmanagedResource[] = [];
  for (const binding of match.bindings) steps.push(...planIdentityPool(binding, plan, problems));
  for (const orphan of match.orphans) {
    const address = identityPoolAddress(orphan.name);
    if (!plan.allowDestroy) {
      unmanaged.push({ address, kind: IDENTITY_POOL, reason: `carries stack tag "${plan.stack}" but is not in the file; run with --allow-destroy to delete it` });
      for (const role of stackRolesOf(orphan, plan)) {
        unmanaged.push({ address: roleAddress(orphan.name, role.name), kind: IAM_ROLE, reason: `a role of identity pool ${orphan.name}, which is not in the file; --allow-destroy deletes it with the pool` });
      }
      continue;
    }
    steps.push(...planIdentityPoolDeletion(orphan, plan));
  }
  return { steps, unmanaged, problems, declared: state.identityPools.length, orphans: match.orphans.length };
}

/** Ids known before apply: from the live side of the user pool steps that keep their resource. */
function planTimeResolver(earlier: readonly Step[], live: LiveIdentityState, regionOf: (poolName: string) => string): Resolver {
  const byAddress = new Map(earlier.map((s) => [s.change.address, s]));
  const kept = (address: string) => {
    const step = byAddress.get(address);
    return fresh(step) ? undefined : step?.liveId;
  };
  return {
    poolId: (pool) => kept(poolAddress(pool)),
    poolRegion: regionOf,
    clientId: (pool, client) => (fresh(byAddress.get(poolAddress(pool))) ? undefined : kept(childAddress(pool, "client", client))),
    roleArn: (name) => live.roles.get(name)?.arn,
  };
}

/** The same names at apply time, through the ids of what exists by then. */
function applyResolver(ids: IdLookup, regionOf: (poolName: string) => string): Resolver {
  return {
    poolId: (pool) => ids.need(poolAddress(pool)),
    poolRegion: regionOf,
    clientId: (pool, client) => ids.need(childAddress(pool, "client", client)),
  };
}

/** The addresses of the user pools and clients these providers name. */
function providerAddresses(pairs: readonly { userPool: string; client: string }[]): string[] {
  return [...new Set(pairs.flatMap((p) => [poolAddress(p.userPool), childAddress(p.userPool, "client", p.client)]))];
}

/** The file's clients that keep their ids (`userPool.POOL/client.NAME`; pool names hold no `/`). */
function declaredClients(earlier: readonly Step[]): { userPool: string; client: string }[] {
  return earlier.flatMap((s) => {
    const named = s.kind === "client" && s.change.action !== "delete" ? /^userPool\.([^/]+)\/client\.(.+)$/.exec(s.change.address) : null;
    return named ? [{ userPool: named[1]!, client: named[2]! }] : [];
  });
}

/** The partition and account of this run, from any ARN read: a planned user pool, a role, an attachment. */
function knownAccount(earlier: readonly Step[], live: LiveIdentityState): { partition: string; account: string } | undefined {
  const arns = [
    ...earlier.map((s) => s.liveArn),
    ...[...live.roles.values()].map((r) => r.arn),
    ...live.identityPools.flatMap((p) => Object.values(p.roles?.Roles ?? {})),
  ];
  for (const arn of arns) {
    const found = accountOfArn(arn);
    if (found) return found;
  }
  return undefined;
}

/** Only what turning the file's provider keys into AWS's names needs: the decision, not the entry. */
const providerSource = (config: IdentityPoolConfig): ProviderSource => ({ name: config.name, providers: config.providers, roleMappings: config.roleMappings });

function planIdentityPool(binding: Binding<IdentityPoolConfig, LiveIdentityPool>, input: IdentityPlanInput, problems: string[]): Step[] {
  const config = binding.desired;
  const address = identityPoolAddress(config.name);
  const live = binding.live;
  const declared = identityPoolViewFromConfig(config);
  const liveView = live ? identityPoolViewFromLive(live.raw, input.naming) : undefined;
  const desired = liveView ? withIgnoredKeyed(declared, liveView, config.ignoreChanges) : declared;
  const changing = new Set(input.earlier.filter(changes).map((s) => s.change.address));
  const source = providerSource(config);
  const regionOf = input.regionOf;
  // The providers name user pools and clients by id: those made in this apply are known only then.
  const spec: KnownAfterApply<IdentityPoolSpec> = {
    needs: providerAddresses(config.providers),
    resolve: (ids) => identityPoolSpecFromView(desired, source, applyResolver(ids, regionOf)),
  };
  let change = { address, kind: IDENTITY_POOL, action: "create" as Action, reason: "not found in AWS", fields: createFields({ ...desired }) };
  if (live) {
    const fields = diffFields({ ...desired }, { ...liveView }, { ignore: config.ignoreChanges });
    if (binding.adopt) fields.push(adoptionField(input.stack));
    const reason = binding.adopt ? `adopting identity pool ${live.id} into stack "${input.stack}"` : fields.length > 0 ? `identity pool ${live.id}` : "in sync";
    change = { address, kind: IDENTITY_POOL, action: fields.length > 0 ? "update" : "no-op", reason, fields };
  }
  const poolId = live && change.action !== "create" ? live.id : KNOWN_AFTER_APPLY;

  const roles: PlannedRole[] = [];
  for (const which of WHICH) {
    const roleConfig = config.roles?.[which];
    if (roleConfig) roles.push(planRole(config, which, poolId, address, binding.region, input, problems));
  }
  const declaredRoles = new Set(roles.map((r) => r.name));
  const roleRecord = rolesToRecord(change, live, roles, declaredRoles, input);
  const poolStep: Step = {
    kind: IDENTITY_POOL,
    region: binding.region,
    dependsOn: spec.needs.filter((a) => changing.has(a)),
    desired,
    ...(live ? { live, liveSpec: identityPoolSpecFromLive(live.raw), liveId: live.id } : {}),
    operation: identityPoolOperation(binding.region, change.action, spec, live, roleRecord),
    change,
  };
  const steps: Step[] = [poolStep, ...roles.map((r) => r.step)];

  if (config.roles !== undefined || config.roleMappings !== undefined) {
    const liveRoles = rolesSpecFromLive(live?.roles);
    // A role that stays has its ARN; a new one gets a predictable ARN once the account is known.
    const arnOf = (which: Which) => {
      const role = config.roles?.[which];
      const planned = roles.find((r) => r.which === which);
      if (!role || !planned) return undefined;
      if (!fresh(planned.step)) return planned.step.liveId;
      return input.account ? roleArnFor(input.account, role.path, role.name) : undefined;
    };
    const wanted = rolesViewFromConfig(config, arnOf);
    const liveRolesView = rolesViewFromLive(liveRoles, input.naming, {
      authenticated: [liveRoles.roles.authenticated, arnOf("authenticated")],
      unauthenticated: [liveRoles.roles.unauthenticated, arnOf("unauthenticated")],
    });
    // Like roleMappings, a roles section left out is not managed: the attached roles stay.
    const declaredView = { roles: config.roles ? wanted.roles : liveRolesView.roles, ...(wanted.roleMappings ? { roleMappings: wanted.roleMappings } : {}) };
    const kept = live !== undefined && poolStep.change.action !== "create";
    const desiredRoles = kept ? withIgnoredKeyed(declaredView, liveRolesView, config.ignoreChanges) : declaredView;
    const fields = kept ? diffFields({ ...desiredRoles }, { ...liveRolesView }, { ignore: config.ignoreChanges }) : createFields({ ...desiredRoles });
    // The file's own roles are attached by ARN, known once they exist; an ignored one keeps live's.
    const attached = roles.filter((r) => config.roles !== undefined && desiredRoles.roles[r.which] === wanted.roles[r.which]);
    const attachment: KnownAfterApply<RolesSpec> = {
      needs: [address, ...attached.map((r) => r.step.change.address), ...providerAddresses(declaredPairs([source]))],
      resolve: (ids) => {
        const view: RolesView = { ...desiredRoles, roles: { ...desiredRoles.roles, ...Object.fromEntries(attached.map((r) => [r.which, ids.need(r.step.change.address)])) } };
        return rolesSpecFromView(view, source, applyResolver(ids, regionOf), liveRoles);
      },
    };
    const action: Action = !live || poolStep.change.action === "create" ? "create" : fields.length > 0 ? "update" : "no-op";
    const attachmentAddress = rolesAttachmentAddress(config.name);
    steps.push({
      kind: ATTACHMENT,
      region: binding.region,
      poolAddress: address,
      dependsOn: [address, ...roles.map((r) => r.step.change.address), ...attachment.needs.filter((a) => changing.has(a))],
      desired: desiredRoles,
      live: liveRoles,
      ...(action !== "create" ? { liveSpec: liveRoles } : {}),
      operation: attachmentOperation(binding.region, action, address, attachment, liveRoles),
      change: { address: attachmentAddress, kind: ATTACHMENT, action, reason: !live ? "identity pool is being created" : fields.length > 0 ? "differs" : "in sync", fields, parent: address },
    });

    // Roles this stack made for the pool (attached or recorded) that the file no longer declares.
    for (const role of stackRolesOf(live, input)) {
      if (declaredRoles.has(role.name)) continue;
      steps.push(roleDeletion(role, config.name, binding.region, attachmentAddress, "no longer in the file"));
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
 * the roles still alive that it named, which this apply may be about to delete. Returns the record
 * to write (undefined: keep the live one), and adds its field to the change.
 */
function rolesToRecord(
  change: { action: Action; reason: string; fields: FieldChange[] },
  live: LiveIdentityPool | undefined,
  roles: readonly PlannedRole[],
  declared: ReadonlySet<string>,
  input: IdentityPlanInput,
): string[] | undefined {
  const toCreate = roles.filter((r) => fresh(r.step)).map((r) => r.name);
  if (toCreate.length === 0) return undefined;
  if (change.action === "create" || change.action === "replace" || !live) return [...declared];
  const recorded = recordedRoles(live.raw.IdentityPoolTags);
  if (toCreate.every((name) => recorded.includes(name))) return undefined;
  const stillAlive = recorded.filter((name) => !declared.has(name) && input.live.roles.get(name)?.stackTag === input.stack);
  const record = [...declared, ...stillAlive];
  const before = rolesTagValue(recorded);
  change.fields.push({ path: `tags.${ROLES_TAG}`, before: before || undefined, after: rolesTagValue(record), sensitive: false, forcesReplacement: false });
  if (change.action === "no-op") {
    change.action = "update";
    change.reason = "records the IAM roles it is about to create";
  }
  return record;
}

function adoptionField(stack: string): FieldChange {
  return { path: `tags.${STACK_TAG}`, before: undefined, after: stack, sensitive: false, forcesReplacement: false };
}

function planRole(config: IdentityPoolConfig, which: Which, poolId: string, poolAddr: string, region: string, input: IdentityPlanInput, problems: string[]): PlannedRole {
  const roleConfig = config.roles![which]!;
  const address = roleAddress(config.name, roleConfig.name);
  const declared = roleSpecFromConfig(roleConfig, poolId, which);
  const live = input.live.roles.get(roleConfig.name);
  const liveSpec = live ? roleSpecFromLive(live) : undefined;
  const desired = liveSpec ? withIgnoredFromLive(declared, liveSpec, roleConfig.ignoreChanges) : declared;
  // The trust policy names the identity pool's id, known only once that pool exists (unless ignored).
  const trustIgnored = roleConfig.ignoreChanges.some((path) => path === "trustPolicy" || path.startsWith("trustPolicy."));
  const spec: KnownAfterApply<RoleSpec> =
    poolId === KNOWN_AFTER_APPLY && !trustIgnored ? { needs: [poolAddr], resolve: (ids) => ({ ...desired, trustPolicy: trustPolicy(ids.need(poolAddr), which) }) } : { needs: [], resolve: () => desired };
  const base = { kind: IAM_ROLE, region, poolAddress: poolAddr, desired, dependsOn: [poolAddr] };
  const planned = (step: Step): PlannedRole => ({ step, which, name: roleConfig.name });
  if (!live || !liveSpec) {
    const change = { address, kind: IAM_ROLE, action: "create" as const, reason: "not found in IAM", fields: createFields({ ...desired }), parent: poolAddr };
    return planned({ ...base, operation: roleOperation(region, "create", spec, undefined, undefined, false), change });
  }
  if (live.stackTag !== undefined && live.stackTag !== input.stack) {
    problems.push(`${address}: IAM role ${roleConfig.name} belongs to stack "${live.stackTag}"; it is not this stack's to manage`);
  } else if (live.stackTag === undefined && !input.adopt) {
    problems.push(`${address}: IAM role ${roleConfig.name} already exists without the stack tag; run with --adopt to manage it from this file, or rename it`);
  }
  const fields = diffFields({ ...desired }, { ...liveSpec }, { replaceOn: ["path"], ignore: roleConfig.ignoreChanges });
  const adopt = live.stackTag === undefined && input.adopt;
  if (adopt) fields.push(adoptionField(input.stack));
  const action: Action = fields.some((f) => f.forcesReplacement) ? "replace" : fields.length > 0 ? "update" : "no-op";
  const reason = action === "no-op" ? "in sync" : action === "replace" ? "path cannot change in place" : adopt ? `adopting IAM role ${roleConfig.name} into stack "${input.stack}"` : "differs";
  return planned({
    ...base,
    live,
    liveSpec,
    liveId: live.arn,
    liveArn: live.arn,
    operation: roleOperation(region, action, spec, live, liveSpec, adopt),
    change: { address, kind: IAM_ROLE, action, reason, fields, parent: poolAddr },
  });
}

function roleDeletion(role: LiveRole, identityPool: string, region: string, attachmentAddress: string, reason: string): Step {
  const poolAddr = identityPoolAddress(identityPool);
  return {
    kind: IAM_ROLE,
    region,
    poolAddress: poolAddr,
    dependsOn: [attachmentAddress],
    live: role,
    liveSpec: roleSpecFromLive(role),
    liveId: role.arn,
    liveArn: role.arn,
    operation: roleOperation(region, "delete", undefined, role, undefined, false),
    change: { address: roleAddress(identityPool, role.name), kind: IAM_ROLE, action: "delete", reason, fields: [], parent: poolAddr },
  };
}

/** An identity pool gone from the file, with --allow-destroy: attachment, then its roles, then the pool. */
function planIdentityPoolDeletion(orphan: LiveIdentityPool, input: IdentityPlanInput): Step[] {
  const address = identityPoolAddress(orphan.name);
  const attachmentAddress = rolesAttachmentAddress(orphan.name);
  const liveRoles = rolesSpecFromLive(orphan.roles);
  const attachment: Step = {
    kind: ATTACHMENT,
    region: orphan.region,
    poolAddress: address,
    dependsOn: [],
    live: liveRoles,
    liveSpec: liveRoles,
    operation: attachmentOperation(orphan.region, "delete", address, undefined, liveRoles),
    change: { address: attachmentAddress, kind: ATTACHMENT, action: "delete", reason: "its identity pool is deleted", fields: [], parent: address },
  };
  const roles = stackRolesOf(orphan, input).map((role) => roleDeletion(role, orphan.name, orphan.region, attachmentAddress, "its identity pool is deleted"));
  const pool: Step = {
    kind: IDENTITY_POOL,
    region: orphan.region,
    dependsOn: [attachmentAddress, ...roles.map((r) => r.change.address)],
    live: orphan,
    liveSpec: identityPoolSpecFromLive(orphan.raw),
    liveId: orphan.id,
    operation: identityPoolOperation(orphan.region, "delete", undefined, orphan, undefined),
    change: { address, kind: IDENTITY_POOL, action: "delete", reason: `not in the file (identity pool ${orphan.id})`, fields: [] },
  };
  return [attachment, ...roles, pool];
}

const missing = (what: string): never => {
  throw new Error(`${what}: the plan has nothing for this operation`);
};

function identityPoolOperation(region: string, action: Action, spec: KnownAfterApply<IdentityPoolSpec> | undefined, live: LiveIdentityPool | undefined, roleRecord: readonly string[] | undefined): StepOperation {
  return async ({ aws, ids, stack }) => {
    const { createIdentityPool, deleteIdentityPool, updateIdentityPool } = await import("./aws.js");
    const client = await aws.identity(region);
    switch (action) {
      case "create":
      case "replace": {
        if (live) await deleteIdentityPool(client, live.id);
        const id = await createIdentityPool(client, (spec ?? missing("identity pool")).resolve(ids), stack, region, roleRecord);
        return { detail: id, id };
      }
      case "update":
        await updateIdentityPool(client, live ?? missing("identity pool"), (spec ?? missing("identity pool")).resolve(ids), stack, roleRecord);
        return { detail: (live ?? missing("identity pool")).id };
      case "delete":
        await deleteIdentityPool(client, (live ?? missing("identity pool")).id);
        return { detail: (live ?? missing("identity pool")).id };
      case "no-op":
        return { detail: "" };
    }
  };
}

function roleOperation(region: string, action: Action, spec: KnownAfterApply<RoleSpec> | undefined, live: LiveRole | undefined, liveSpec: RoleSpec | undefined, adopt: boolean): StepOperation {
  return async ({ aws, ids, stack }) => {
    const { createRole, deleteRole, updateRole } = await import("../iam-role/aws.js");
    const iam = await aws.iam(region);
    switch (action) {
      case "create":
      case "replace": {
        if (live) await deleteRole(iam, live);
        const arn = await createRole(iam, (spec ?? missing("IAM role")).resolve(ids), stack);
        return { detail: arn, id: arn };
      }
      case "update":
        return { detail: (await updateRole(iam, (spec ?? missing("IAM role")).resolve(ids), liveSpec ?? missing("IAM role"), stack, adopt)).join(", ") };
      case "delete":
        await deleteRole(iam, live ?? missing("IAM role"));
        return { detail: (live ?? missing("IAM role")).arn };
      case "no-op":
        return { detail: "" };
    }
  };
}

function attachmentOperation(region: string, action: Action, identityPool: string, spec: KnownAfterApply<RolesSpec> | undefined, live: RolesSpec): StepOperation {
  return async ({ aws, ids }) => {
    const { setIdentityPoolRoles } = await import("./aws.js");
    const client = await aws.identity(region);
    const poolId = ids.need(identityPool);
    switch (action) {
      case "delete":
        await setIdentityPoolRoles(client, poolId, { roles: {}, roleMappings: {} }, live);
        return { detail: "" };
      case "no-op":
        return { detail: "" };
      default:
        await setIdentityPoolRoles(client, poolId, (spec ?? missing("role attachment")).resolve(ids), live);
        return { detail: "" };
    }
  };
}
