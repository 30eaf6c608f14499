import {
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
  type CognitoIdentityClient,
} from "@aws-sdk/client-cognito-identity";
import pLimit from "p-limit";
import { lastCopy, rivalToYieldTo, type Copy } from "../../aws/concurrent-create.js";
import { createOnce } from "../../aws/create-once.js";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import type { LiveIdentityPool } from "../../core/identity-live-types.js";
import { STACK_TAG } from "../../schema/cognito-defaults.js";
import { createIdentityPoolRequest, setRolesRequest, updateIdentityPoolRequest, type IdentityPoolSpec, type RolesSpec } from "./model.js";

/** Every identity pool of a region, described (tags are only in DescribeIdentityPool). */
export async function readIdentityPools(client: CognitoIdentityClient, region: string): Promise<LiveIdentityPool[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall("ListIdentityPools", region, () => client.send(new ListIdentityPoolsCommand({ MaxResults: 60, ...(token ? { NextToken: token } : {}) })));
    ids.push(...(page.IdentityPools ?? []).map((p) => p.IdentityPoolId ?? ""));
    token = page.NextToken;
  } while (token);
  const limit = pLimit(4);
  const described = await Promise.all(
    ids.map((id) => limit(() => awsCallTolerating("DescribeIdentityPool", id, ["ResourceNotFoundException"], () => client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))))),
  );
  return described.flatMap((d) => {
    if (!d) return [];
    const { $metadata: _m, ...raw } = d;
    return [{ id: raw.IdentityPoolId ?? "", name: raw.IdentityPoolName ?? "", region, raw, stackTag: raw.IdentityPoolTags?.[STACK_TAG] }];
  });
}

export async function readIdentityPoolRoles(client: CognitoIdentityClient, pool: LiveIdentityPool): Promise<void> {
  const roles = await awsCall("GetIdentityPoolRoles", pool.id, () => client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: pool.id })));
  pool.roles = { ...(roles.Roles ? { Roles: roles.Roles } : {}), ...(roles.RoleMappings ? { RoleMappings: roles.RoleMappings } : {}) };
}

/** The identity pools of this name and stack, as copies (identity pools carry no creation date). */
async function identityPoolsOfStack(client: CognitoIdentityClient, region: string, name: string, stack: string): Promise<Copy[]> {
  return (await readIdentityPools(client, region)).filter((p) => p.name === name && p.stackTag === stack).map((p) => ({ id: p.id }));
}

export async function createIdentityPool(client: CognitoIdentityClient, spec: IdentityPoolSpec, stack: string, region: string): Promise<string> {
  const copies = () => identityPoolsOfStack(client, region, spec.name, stack);
  const ours = await createOnce<Copy>({
    operation: "CreateIdentityPool",
    resource: spec.name,
    send: async () => ({ id: (await client.send(new CreateIdentityPoolCommand(createIdentityPoolRequest(spec, stack)))).IdentityPoolId ?? "" }),
    findMade: async () => lastCopy(await copies()),
  });
  // Two applies started together both create: the copy that does not rank first yields.
  const rival = await rivalToYieldTo(ours, copies);
  if (rival) {
    await deleteIdentityPool(client, ours.id);
    throw new UserError(`another apply of stack "${stack}" created identity pool ${spec.name} (${rival.id}) at the same time; this apply removed its own copy and stopped. Run apply again`);
  }
  return ours.id;
}

export async function updateIdentityPool(client: CognitoIdentityClient, live: LiveIdentityPool, spec: IdentityPoolSpec, stack: string): Promise<void> {
  await awsCall("UpdateIdentityPool", live.id, () => client.send(new UpdateIdentityPoolCommand(updateIdentityPoolRequest(live.raw, spec, stack))));
}

export async function deleteIdentityPool(client: CognitoIdentityClient, id: string): Promise<void> {
  await awsCallTolerating("DeleteIdentityPool", id, ["ResourceNotFoundException"], () => client.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id })));
}

export async function setIdentityPoolRoles(client: CognitoIdentityClient, id: string, spec: RolesSpec, live: RolesSpec): Promise<void> {
  await awsCall("SetIdentityPoolRoles", id, () => client.send(new SetIdentityPoolRolesCommand(setRolesRequest(id, spec, live))));
}
