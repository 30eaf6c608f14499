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
import { rivalToYieldTo, type Copy } from "../../aws/concurrent-create.js";
import { formatCreateStamp, newCreateStamp, parseCreateStamp } from "../../aws/create-stamp.js";
import { createOnce } from "../../aws/create-once.js";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import type { LivePool } from "../../core/live-types.js";
import type { FieldChange } from "../../core/plan-types.js";
import { CREATED_TAG, STACK_TAG } from "../../schema/cognito-defaults.js";
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

/** The pools of this name that carry this stack's tag, described. */
async function poolsOfStack(idp: CognitoIdentityProviderClient, region: string, name: string, stack: string): Promise<UserPoolType[]> {
  const ids: string[] = [];
  await awsCall("ListUserPools", region, async () => {
    for await (const page of paginateListUserPools({ client: idp, pageSize: 60 }, { MaxResults: 60 })) {
      for (const p of page.UserPools ?? []) if (p.Name === name && p.Id) ids.push(p.Id);
    }
  });
  const described = await Promise.all(ids.map((id) => describePool(idp, region, id)));
  return described.filter((p): p is LivePool => p?.stackTag === stack).map((p) => p.raw);
}

const asCopy = (pool: UserPoolType): Copy => ({ id: pool.Id ?? "", created: pool.CreationDate });

export async function createPool(idp: CognitoIdentityProviderClient, spec: PoolSpec, stack: string): Promise<string> {
  const region = await idp.config.region();
  // Pools rank by their own CreationDate; the stamp's token tells this create's copy from a racer's.
  const stamp = newCreateStamp();
  const created = await createOnce({
    operation: "CreateUserPool",
    resource: spec.name,
    send: async () => {
      const pool = (await idp.send(new CreateUserPoolCommand(createUserPoolRequest(spec, stack, formatCreateStamp(stamp))))).UserPool;
      if (!pool?.Id) throw new Error(`CreateUserPool returned no pool id for ${spec.name}`);
      return pool;
    },
    findMade: async () => (await poolsOfStack(idp, region, spec.name, stack)).find((pool) => parseCreateStamp(pool.UserPoolTags?.[CREATED_TAG])?.token === stamp.token),
  });
  const id = created.Id ?? "";
  await yieldToConcurrentCreate(idp, region, created, stack);
  const mfa = mfaConfigRequest(id, spec, { MfaConfiguration: "OFF" });
  // A new pool's MFA is off and has no factors: a call is needed only for something else.
  if (mfa && (mfa.MfaConfiguration !== "OFF" || spec.mfa?.totp || mfa.EmailMfaConfiguration || mfa.WebAuthnConfiguration)) {
    await awsCall("SetUserPoolMfaConfig", id, () => idp.send(new SetUserPoolMfaConfigCommand(mfa)));
  }
  return id;
}

/**
 * Two applies of one stack that start together both see no pool and both create one. The copy that
 * does not rank first is deleted while still empty and this apply stops, so exactly one pool
 * remains and a rerun converges on it.
 */
async function yieldToConcurrentCreate(idp: CognitoIdentityProviderClient, region: string, ours: UserPoolType, stack: string): Promise<void> {
  const name = ours.Name ?? "";
  const rival = await rivalToYieldTo(asCopy(ours), async () => (await poolsOfStack(idp, region, name, stack)).map(asCopy));
  if (!rival) return;
  const mine: LivePool = { id: ours.Id ?? "", name, region, raw: ours, stackTag: stack, children: {} };
  if (ours.DeletionProtection === "ACTIVE") await disableDeletionProtection(idp, mine, stack);
  await deletePool(idp, { ...ours, DeletionProtection: "INACTIVE" });
  throw new UserError(
    `another apply of stack "${stack}" created pool ${name} (${rival.id}) at the same time; this apply removed its own copy and stopped. Run apply again: it continues with ${rival.id}`,
  );
}

/** Fields SetUserPoolMfaConfig sets rather than UpdateUserPool. */
const isMfaField = (f: FieldChange) => ["mfa", "passkeys"].some((section) => f.path === section || f.path.startsWith(`${section}.`));
const isCustomAddition = (f: FieldChange) => /^attributes\.custom\.[^.]+$/.test(f.path) && f.before === undefined;

/**
 * An in-place update: UpdateUserPool (with the full merged configuration) when any pool setting
 * changed, SetUserPoolMfaConfig when MFA or passkeys changed, AddCustomAttributes for new custom attributes.
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
    const request = mfaConfigRequest(live.id, spec, live.mfa);
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
