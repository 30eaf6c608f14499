import {
  AddCustomAttributesCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  paginateListUserPools,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import type { LivePool } from "../../core/live-types.js";
import type { FieldChange } from "../../core/plan-types.js";
import { STACK_TAG } from "../../schema/cognito-defaults.js";
import { createUserPoolRequest, customAttributeSchema, mfaConfigRequest, updateUserPoolRequest, type PoolSpec } from "./model.js";

/** DescribeUserPool is in the 15 rps UserPoolRead category; a few at a time stays well inside it. */
const DESCRIBE_CONCURRENCY = 4;

/**
 * Every pool of a region with its tags. ListUserPools returns no tags, so each pool is described:
 * ownership (our stack tag) can only be seen that way.
 */
export async function readPools(idp: CognitoIdentityProviderClient, region: string): Promise<LivePool[]> {
  const summaries: { id: string; name: string }[] = [];
  await awsCall("ListUserPools", region, async () => {
    for await (const page of paginateListUserPools({ client: idp, pageSize: 60 }, { MaxResults: 60 })) {
      for (const p of page.UserPools ?? []) if (p.Id) summaries.push({ id: p.Id, name: p.Name ?? "" });
    }
  });
  const limit = pLimit(DESCRIBE_CONCURRENCY);
  const pools = await Promise.all(summaries.map((s) => limit(() => describePool(idp, region, s.id))));
  return pools.filter((p): p is LivePool => p !== undefined);
}

/** A pool deleted between list and describe is simply gone: undefined. */
export async function describePool(idp: CognitoIdentityProviderClient, region: string, id: string): Promise<LivePool | undefined> {
  const response = await awsCallTolerating("DescribeUserPool", id, ["ResourceNotFoundException"], () => idp.send(new DescribeUserPoolCommand({ UserPoolId: id })));
  const raw = response?.UserPool;
  if (!raw) return undefined;
  return { id, name: raw.Name ?? "", region, raw, stackTag: raw.UserPoolTags?.[STACK_TAG], children: {} };
}

export async function readMfa(idp: CognitoIdentityProviderClient, pool: LivePool): Promise<void> {
  pool.mfa = await awsCall("GetUserPoolMfaConfig", pool.id, () => idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.id })));
}

export async function createPool(idp: CognitoIdentityProviderClient, spec: PoolSpec, stack: string): Promise<string> {
  const created = await awsCall("CreateUserPool", spec.name, () => idp.send(new CreateUserPoolCommand(createUserPoolRequest(spec, stack))));
  const id = created.UserPool?.Id;
  if (!id) throw new Error(`CreateUserPool returned no pool id for ${spec.name}`);
  await yieldToConcurrentCreate(idp, created.UserPool!, stack);
  const mfa = mfaConfigRequest(id, spec);
  if (mfa && (mfa.MfaConfiguration !== "OFF" || spec.mfa?.totp)) {
    await awsCall("SetUserPoolMfaConfig", id, () => idp.send(new SetUserPoolMfaConfigCommand(mfa)));
  }
  return id;
}

/**
 * Cognito has no conditional create: two applies of one stack that start together both see no pool
 * and both create one. After creating, look again; if another pool of this name and stack exists
 * that ranks first, ours yields: it is deleted while still empty and this apply stops, so exactly
 * one pool remains and a rerun converges on it.
 */
async function yieldToConcurrentCreate(idp: CognitoIdentityProviderClient, ours: UserPoolType, stack: string): Promise<void> {
  const region = (ours.Id ?? "").split("_")[0] ?? "";
  const rivals: LivePool[] = [];
  await awsCall("ListUserPools", region, async () => {
    for await (const page of paginateListUserPools({ client: idp, pageSize: 60 }, { MaxResults: 60 })) {
      for (const p of page.UserPools ?? []) {
        if (p.Name !== ours.Name || p.Id === ours.Id || !p.Id) continue;
        const rival = await describePool(idp, region, p.Id);
        if (rival?.stackTag === stack) rivals.push(rival);
      }
    }
  });
  // Every racer ranks the copies the same way (lowest id first), so exactly one keeps its pool.
  const older = rivals.find((r) => r.id < (ours.Id ?? ""));
  if (!older) return;
  const mine: LivePool = { id: ours.Id ?? "", name: ours.Name ?? "", region, raw: ours, stackTag: stack, children: {} };
  if (ours.DeletionProtection === "ACTIVE") await disableDeletionProtection(idp, mine, stack);
  await deletePool(idp, { ...ours, DeletionProtection: "INACTIVE" });
  throw new UserError(
    `another apply of stack "${stack}" created pool ${ours.Name} (${older.id}) at the same time; this apply removed its own copy and stopped. Run apply again: it continues with ${older.id}`,
  );
}

const isMfaField = (f: FieldChange) => f.path === "mfa" || f.path.startsWith("mfa.");
const isCustomAddition = (f: FieldChange) => /^attributes\.custom\.[^.]+$/.test(f.path) && f.before === undefined;

/**
 * An in-place update: UpdateUserPool (with the full merged configuration) when any pool setting
 * changed, SetUserPoolMfaConfig when MFA changed, AddCustomAttributes for new custom attributes.
 */
export async function updatePool(idp: CognitoIdentityProviderClient, live: LivePool, spec: PoolSpec, fields: FieldChange[], stack: string): Promise<string[]> {
  const operations: string[] = [];
  const poolFields = fields.filter((f) => !isMfaField(f) && !isCustomAddition(f));
  if (poolFields.length > 0) {
    const request = updateUserPoolRequest(live.raw, spec, stack, live.mfa?.MfaConfiguration);
    await awsCall("UpdateUserPool", live.id, () => idp.send(new UpdateUserPoolCommand(request)));
    operations.push("UpdateUserPool");
  }
  if (fields.some(isMfaField)) {
    const request = mfaConfigRequest(live.id, spec);
    if (request) {
      await awsCall("SetUserPoolMfaConfig", live.id, () => idp.send(new SetUserPoolMfaConfigCommand(request)));
      operations.push("SetUserPoolMfaConfig");
    }
  }
  const added = fields.filter(isCustomAddition).map((f) => f.path.slice("attributes.custom.".length));
  if (added.length > 0 && spec.attributes) {
    const definitions = Object.fromEntries(added.map((name) => [name, spec.attributes!.custom[name]!]));
    await awsCall("AddCustomAttributes", live.id, () =>
      idp.send(new AddCustomAttributesCommand({ UserPoolId: live.id, CustomAttributes: customAttributeSchema(definitions) })),
    );
    operations.push("AddCustomAttributes");
  }
  return operations;
}

/** Turns deletion protection off through the full merged update, for a replacement the file allows. */
export async function disableDeletionProtection(idp: CognitoIdentityProviderClient, live: LivePool, stack: string): Promise<void> {
  const request = updateUserPoolRequest(live.raw, { name: live.name, deletionProtection: false }, stack, live.mfa?.MfaConfiguration);
  await awsCall("UpdateUserPool", live.id, () => idp.send(new UpdateUserPoolCommand(request)));
}

/** A pool with a domain cannot be deleted, so its domains go first. */
export async function deletePool(idp: CognitoIdentityProviderClient, raw: UserPoolType): Promise<void> {
  const id = raw.Id ?? "";
  for (const domain of [raw.Domain, raw.CustomDomain]) {
    if (!domain) continue;
    await awsCallTolerating("DeleteUserPoolDomain", `${id} ${domain}`, ["ResourceNotFoundException", "InvalidParameterException"], () =>
      idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: id, Domain: domain })),
    );
  }
  await awsCallTolerating("DeleteUserPool", id, ["ResourceNotFoundException"], () => idp.send(new DeleteUserPoolCommand({ UserPoolId: id })));
}
